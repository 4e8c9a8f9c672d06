-- The role that runs migrations (the DATABASE_URL user) owns the tables, and FORCE ROW LEVEL
-- SECURITY applies to owners too. Its `Database.system` transactions (tenant lookup by slug
-- at login, tenant creation, the nightly fan-out) must see and create tenant rows, so that
-- role gets a policy of its own on `tenants` only; `keiyaku_app` stays confined to its
-- tenant. Without this a non-superuser owner (the recommended production set-up) could
-- neither create a tenant nor log anyone in.
CREATE OR REPLACE FUNCTION keiyaku_secure_tenant_tables() RETURNS void
  LANGUAGE plpgsql AS $$
DECLARE
  t record;
  owner_policy text := 'system_access_' || current_user;
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
  ALTER TABLE tenants ENABLE ROW LEVEL SECURITY;
  ALTER TABLE tenants FORCE ROW LEVEL SECURITY;
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND tablename = 'tenants'
                    AND policyname = 'tenant_isolation') THEN
    CREATE POLICY tenant_isolation ON tenants USING (id = keiyaku_current_tenant())
      WITH CHECK (id = keiyaku_current_tenant());
  END IF;
  IF NOT EXISTS (SELECT 1 FROM pg_policies WHERE schemaname = 'public' AND tablename = 'tenants'
                    AND policyname = owner_policy) THEN
    EXECUTE format('CREATE POLICY %I ON tenants TO %I USING (true) WITH CHECK (true)', owner_policy, current_user);
  END IF;
  GRANT SELECT, UPDATE ON tenants TO keiyaku_app;
END $$;
