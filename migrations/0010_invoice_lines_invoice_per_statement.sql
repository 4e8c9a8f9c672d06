ALTER TABLE "invoice_lines" DROP CONSTRAINT "invoice_lines_tenant_id_invoice_id_invoices_tenant_id_id_fk";
--> statement-breakpoint
-- An invoice line's invoice was checked by a foreign key row by row: for every line a lookup
-- of its invoice and a FOR KEY SHARE lock on it, a month's run about ten lookups and locks of
-- every invoice it writes. Instead the statement's new lines are checked in one query, as
-- their line items and order items are (0008): their invoices are locked FOR KEY SHARE once
-- each, as the foreign key did, so that a concurrent delete of one of them waits for this
-- transaction, and a line whose invoice is not there (never was, or deleted by a transaction
-- that committed first) is refused with the foreign key's error code. The same query finds
-- whether any of those invoices is issued, which the drafts-only trigger of 0005 looked up
-- again for every new line: new lines are checked here, lines changed or removed there. (A
-- line moved by an update onto an issued invoice is now refused too.)
CREATE OR REPLACE FUNCTION keiyaku_invoice_lines_references_exist() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
DECLARE
  wanted bigint;
  found bigint;
  issued bigint;
BEGIN
  SELECT count(*) INTO wanted FROM (SELECT DISTINCT l.tenant_id, l.invoice_id FROM keiyaku_new_lines l) w;
  SELECT count(*), count(*) FILTER (WHERE locked.status <> 'draft') INTO found, issued
    FROM (SELECT i.status FROM public.invoices i
           WHERE (i.tenant_id, i.id) IN (SELECT l.tenant_id, l.invoice_id FROM keiyaku_new_lines l)
             FOR KEY SHARE OF i) locked;
  IF found < wanted THEN
    RAISE EXCEPTION 'an invoice line refers to an invoice that does not exist'
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF issued > 0 THEN
    IF TG_OP = 'INSERT' THEN
      RAISE EXCEPTION 'lines of an issued invoice cannot be added' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RAISE EXCEPTION 'lines of an issued invoice cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM keiyaku_new_lines l
              WHERE l.line_item_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM public.line_items li
                                 WHERE li.tenant_id = l.tenant_id AND li.id = l.line_item_id)) THEN
    RAISE EXCEPTION 'an invoice line refers to a line item that does not exist'
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  IF EXISTS (SELECT 1 FROM keiyaku_new_lines l
              WHERE l.order_item_id IS NOT NULL
                AND NOT EXISTS (SELECT 1 FROM public.order_items oi
                                 WHERE oi.tenant_id = l.tenant_id AND oi.id = l.order_item_id)) THEN
    RAISE EXCEPTION 'an invoice line refers to an order item that does not exist'
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
DROP TRIGGER invoice_lines_insert_drafts_only ON invoice_lines;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keiyaku_invoice_lines_of_drafts_only() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM keiyaku_old_lines l JOIN public.invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id
              WHERE i.status <> 'draft') THEN
    RAISE EXCEPTION 'lines of an issued invoice cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- The other side of the foreign key: an invoice that holds lines is not deleted (the
-- statement's deleted invoices against the lines, after the statement, as NO ACTION did),
-- keeps its key, and invoices are not truncated at all (TRUNCATE passes over row-level
-- security, which this check's own query would not: a caller under it could not see every
-- tenant's lines; drafts are deleted, issued invoices never). The check relies on READ
-- COMMITTED, where its query sees the lines of a transaction the delete waited for; the
-- application writes in READ COMMITTED, and a delete of invoices in a transaction with an
-- older snapshot (REPEATABLE READ, SERIALIZABLE) is refused rather than risk missing them.
CREATE OR REPLACE FUNCTION keiyaku_invoices_without_lines_only() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  IF TG_OP = 'TRUNCATE' THEN
    RAISE EXCEPTION 'invoices are not truncated: delete drafts instead (issued invoices are kept)'
      USING ERRCODE = 'restrict_violation';
  END IF;
  IF NOT EXISTS (SELECT 1 FROM keiyaku_old_invoices) THEN
    RETURN NULL;
  END IF;
  IF current_setting('transaction_isolation') <> 'read committed' THEN
    RAISE EXCEPTION 'invoices are deleted only in READ COMMITTED transactions'
      USING ERRCODE = 'serialization_failure';
  END IF;
  IF EXISTS (SELECT 1 FROM keiyaku_old_invoices i JOIN public.invoice_lines l
               ON l.tenant_id = i.tenant_id AND l.invoice_id = i.id) THEN
    RAISE EXCEPTION 'an invoice that has lines cannot be deleted'
      USING ERRCODE = 'foreign_key_violation';
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER invoices_delete_without_lines_only AFTER DELETE ON invoices
  REFERENCING OLD TABLE AS keiyaku_old_invoices
  FOR EACH STATEMENT EXECUTE FUNCTION keiyaku_invoices_without_lines_only();
--> statement-breakpoint
CREATE TRIGGER invoices_truncate_without_lines_only BEFORE TRUNCATE ON invoices
  FOR EACH STATEMENT EXECUTE FUNCTION keiyaku_invoices_without_lines_only();
--> statement-breakpoint
CREATE TRIGGER invoices_keep_their_key BEFORE UPDATE OF tenant_id, id ON invoices
  FOR EACH ROW EXECUTE FUNCTION keiyaku_sold_records_keep_their_key();
--> statement-breakpoint
-- The restore's check (0008) covers the invoice too.
CREATE OR REPLACE FUNCTION keiyaku_restore_check(p_tenant uuid) RETURNS void
  LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM public.invoice_lines l
              WHERE l.tenant_id = p_tenant
                AND (NOT EXISTS (SELECT 1 FROM public.invoices i
                                  WHERE i.tenant_id = l.tenant_id AND i.id = l.invoice_id)
                  OR (l.line_item_id IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM public.line_items li
                                       WHERE li.tenant_id = l.tenant_id AND li.id = l.line_item_id))
                  OR (l.order_item_id IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM public.order_items oi
                                       WHERE oi.tenant_id = l.tenant_id AND oi.id = l.order_item_id)))) THEN
    RAISE EXCEPTION 'an invoice line refers to an invoice, line item or order item that does not exist'
      USING ERRCODE = 'foreign_key_violation';
  END IF;
END $$;
