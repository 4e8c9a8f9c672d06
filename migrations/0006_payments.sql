CREATE TABLE "payments" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"received_on" date NOT NULL,
	"amount" bigint NOT NULL,
	"method" text NOT NULL,
	"reference" text,
	"import_id" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payments_tenant_id_id_pk" PRIMARY KEY("tenant_id","id"),
	CONSTRAINT "payments_amount_positive" CHECK ("payments"."amount" > 0)
);
--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "credit_reason" text;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "credited_amount" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "payments" ADD CONSTRAINT "payments_tenant_id_invoice_id_invoices_tenant_id_id_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "payments_invoice_idx" ON "payments" USING btree ("tenant_id","invoice_id");
--> statement-breakpoint
-- An issued invoice's credit reason is part of it; the money columns (paid, credited, payment status) stay writable.
CREATE OR REPLACE FUNCTION keiyaku_invoice_immutable() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN
      RAISE EXCEPTION 'issued invoice % cannot be deleted', OLD.id USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN OLD;
  END IF;
  IF OLD.status <> 'draft' AND (
       NEW.tenant_id, NEW.id, NEW.number, NEW.kind, NEW.billing_account_id, NEW.customer_id,
       NEW.billing_month, NEW.sequence, NEW.status, NEW.credit_for, NEW.issue_date, NEW.due_date,
       NEW.subtotal, NEW.tax_total, NEW.total, NEW.taxes, NEW.customer_name,
       NEW.billing_account_name, NEW.payment_terms, NEW.issued_at, NEW.issued_by, NEW.credit_reason
     ) IS DISTINCT FROM (
       OLD.tenant_id, OLD.id, OLD.number, OLD.kind, OLD.billing_account_id, OLD.customer_id,
       OLD.billing_month, OLD.sequence, OLD.status, OLD.credit_for, OLD.issue_date, OLD.due_date,
       OLD.subtotal, OLD.tax_total, OLD.total, OLD.taxes, OLD.customer_name,
       OLD.billing_account_name, OLD.payment_terms, OLD.issued_at, OLD.issued_by, OLD.credit_reason
     ) THEN
    RAISE EXCEPTION 'issued invoice % cannot be changed', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
