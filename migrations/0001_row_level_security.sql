-- Row-level security for every tenant table (architecture rule 3, quality.md security).
-- The application role `keiyaku_app` cannot bypass RLS; every tenant transaction runs as it
-- with `app.tenant_id` set by SET LOCAL. The function is re-applied after every migration
-- run, so a table added later is secured the moment it exists.
DO $$
BEGIN
  IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'keiyaku_app') THEN
    BEGIN
      CREATE ROLE keiyaku_app NOLOGIN NOBYPASSRLS NOSUPERUSER NOINHERIT;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN
      NULL; -- created meanwhile by a concurrent migration of another database
    END;
  END IF;
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keiyaku_current_tenant() RETURNS uuid
  LANGUAGE sql STABLE AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keiyaku_secure_tenant_tables() RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  t record;
BEGIN
  EXECUTE format('GRANT USAGE ON SCHEMA public TO keiyaku_app');
  FOR t IN
    SELECT c.relname
      FROM pg_class c
      JOIN pg_namespace n ON n.oid = c.relnamespace
     WHERE n.nspname = 'public' AND c.relkind = 'r'
       AND EXISTS (SELECT 1 FROM pg_attribute a
                    WHERE a.attrelid = c.oid AND a.attname = 'tenant_id' AND NOT a.attisdropped)
  LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t.relname);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t.relname);
    IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND tablename = t.relname
                      AND policyname = 'tenant_isolation') THEN
      EXECUTE format(
        'CREATE POLICY tenant_isolation ON %I USING (tenant_id = keiyaku_current_tenant()) '
        'WITH CHECK (tenant_id = keiyaku_current_tenant())', t.relname);
    END IF;
    EXECUTE format('GRANT SELECT, INSERT, UPDATE, DELETE ON %I TO keiyaku_app', t.relname);
  END LOOP;
  -- The tenant row itself: the app role reads and updates only its own tenant.
  ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
  ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND tablename = 'tenants'
                    AND policyname = 'tenant_isolation') THEN
    CREATE POLICY tenant_isolation ON tenants USING (id = keiyaku_current_tenant())
      WITH CHECK (id = keiyaku_current_tenant());
  END IF;
  GRANT SELECT, UPDATE ON tenants TO keiyaku_app;
END $$;
