-- The trigger functions of 0005 and 0006 ran with the caller's search_path and named the
-- invoices table without its schema: a temporary table (searched first) or another schema
-- earlier in a session's search_path could stand in for it. Every keiyaku trigger function
-- now runs with a fixed search_path and names its tables with their schema, as those of
-- 0008 already do. (keiyaku_current_tenant stays as it is: a SQL function with a SET clause
-- is no longer inlined into the row-level security policies, and it names no table.)
CREATE OR REPLACE FUNCTION keiyaku_invoice_lines_of_drafts_only() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM keiyaku_new_lines l JOIN public.invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id
                WHERE i.status <> 'draft') THEN
      RAISE EXCEPTION 'lines of an issued invoice cannot be added' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  ELSE
    IF EXISTS (SELECT 1 FROM keiyaku_old_lines l JOIN public.invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id
                WHERE i.status <> 'draft') THEN
      RAISE EXCEPTION 'lines of an issued invoice cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
ALTER FUNCTION keiyaku_invoice_immutable() SET search_path = pg_catalog, public;
--> statement-breakpoint
ALTER FUNCTION keiyaku_sold_records_never_deleted() SET search_path = pg_catalog, public;
--> statement-breakpoint
ALTER FUNCTION keiyaku_sold_records_keep_their_key() SET search_path = pg_catalog, public;
