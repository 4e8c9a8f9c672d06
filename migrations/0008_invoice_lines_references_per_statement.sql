ALTER TABLE "invoice_lines" DROP CONSTRAINT "invoice_lines_tenant_id_line_item_id_line_items_tenant_id_id_fk";
--> statement-breakpoint
ALTER TABLE "invoice_lines" DROP CONSTRAINT "invoice_lines_tenant_id_order_item_id_order_items_tenant_id_id_fk";
--> statement-breakpoint
-- An invoice line refers to the ordering module's line item and order item. Foreign keys
-- checked them row by row, each check locking the referenced row (FOR KEY SHARE: a write to
-- a million line items in a month's run, most of its time). Instead: a statement's new
-- lines are checked against line_items and order_items in one query (below), and the rows
-- they refer to can no longer go away: line items and order items, the records of what was
-- sold, are never deleted, truncated or rekeyed (the triggers after it). With no delete and
-- no key change there is nothing a concurrent transaction could remove, so the check needs
-- no lock. Tables are named with their schema: a temporary table of the same name must not
-- stand in for them.
CREATE OR REPLACE FUNCTION keiyaku_invoice_lines_references_exist() RETURNS trigger
  LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
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
CREATE TRIGGER invoice_lines_insert_references_exist AFTER INSERT ON invoice_lines
  REFERENCING NEW TABLE AS keiyaku_new_lines
  FOR EACH STATEMENT EXECUTE FUNCTION keiyaku_invoice_lines_references_exist();
--> statement-breakpoint
CREATE TRIGGER invoice_lines_update_references_exist AFTER UPDATE ON invoice_lines
  REFERENCING NEW TABLE AS keiyaku_new_lines
  FOR EACH STATEMENT EXECUTE FUNCTION keiyaku_invoice_lines_references_exist();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keiyaku_sold_records_never_deleted() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION '% are records of what was sold and are never deleted', TG_TABLE_NAME
    USING ERRCODE = 'restrict_violation';
END $$;
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keiyaku_sold_records_keep_their_key() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF NEW.tenant_id IS DISTINCT FROM OLD.tenant_id OR NEW.id IS DISTINCT FROM OLD.id THEN
    RAISE EXCEPTION 'the key of % % cannot be changed', TG_TABLE_NAME, OLD.id
      USING ERRCODE = 'restrict_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER line_items_never_deleted BEFORE DELETE ON line_items
  FOR EACH STATEMENT EXECUTE FUNCTION keiyaku_sold_records_never_deleted();
--> statement-breakpoint
CREATE TRIGGER order_items_never_deleted BEFORE DELETE ON order_items
  FOR EACH STATEMENT EXECUTE FUNCTION keiyaku_sold_records_never_deleted();
--> statement-breakpoint
CREATE TRIGGER line_items_keep_their_key BEFORE UPDATE OF tenant_id, id ON line_items
  FOR EACH ROW EXECUTE FUNCTION keiyaku_sold_records_keep_their_key();
--> statement-breakpoint
CREATE TRIGGER order_items_keep_their_key BEFORE UPDATE OF tenant_id, id ON order_items
  FOR EACH ROW EXECUTE FUNCTION keiyaku_sold_records_keep_their_key();
--> statement-breakpoint
CREATE TRIGGER line_items_never_truncated BEFORE TRUNCATE ON line_items
  FOR EACH STATEMENT EXECUTE FUNCTION keiyaku_sold_records_never_deleted();
--> statement-breakpoint
CREATE TRIGGER order_items_never_truncated BEFORE TRUNCATE ON order_items
  FOR EACH STATEMENT EXECUTE FUNCTION keiyaku_sold_records_never_deleted();
--> statement-breakpoint
-- What the reference trigger checks, for one tenant's rows written with the tables' own
-- triggers off (`keiyaku restore`, src/platform/backup/tenant-backup.ts): it raises the same
-- foreign_key_violation when an invoice line names a line item or order item not there.
CREATE OR REPLACE FUNCTION keiyaku_restore_check(p_tenant uuid) RETURNS void
  LANGUAGE plpgsql SET search_path = pg_catalog, public AS $$
BEGIN
  IF EXISTS (SELECT 1 FROM public.invoice_lines l
              WHERE l.tenant_id = p_tenant
                AND ((l.line_item_id IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM public.line_items li
                                       WHERE li.tenant_id = l.tenant_id AND li.id = l.line_item_id))
                  OR (l.order_item_id IS NOT NULL
                      AND NOT EXISTS (SELECT 1 FROM public.order_items oi
                                       WHERE oi.tenant_id = l.tenant_id AND oi.id = l.order_item_id)))) THEN
    RAISE EXCEPTION 'an invoice line refers to a line item or order item that does not exist'
      USING ERRCODE = 'foreign_key_violation';
  END IF;
END $$;
