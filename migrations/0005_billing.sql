CREATE TABLE "billing_run_batches" (
	"tenant_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"batch_no" integer NOT NULL,
	"first_account_id" uuid NOT NULL,
	"last_account_id" uuid NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"accounts" integer DEFAULT 0 NOT NULL,
	"lines" integer DEFAULT 0 NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	"finished_at" timestamp with time zone,
	CONSTRAINT "billing_run_batches_tenant_id_run_id_batch_no_pk" PRIMARY KEY("tenant_id","run_id","batch_no")
);
--> statement-breakpoint
CREATE TABLE "billing_runs" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"billing_month" text NOT NULL,
	"status" text DEFAULT 'queued' NOT NULL,
	"dry_run" boolean DEFAULT false NOT NULL,
	"trigger" text DEFAULT 'user' NOT NULL,
	"job_id" uuid,
	"batches_total" integer DEFAULT 0 NOT NULL,
	"batches_done" integer DEFAULT 0 NOT NULL,
	"accounts" integer DEFAULT 0 NOT NULL,
	"invoices" integer DEFAULT 0 NOT NULL,
	"lines" integer DEFAULT 0 NOT NULL,
	"amount" bigint DEFAULT 0 NOT NULL,
	"error" text,
	"created_by" uuid,
	"started_at" timestamp with time zone,
	"finished_at" timestamp with time zone,
	"heartbeat_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_runs_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "billing_settings" (
	"tenant_id" uuid NOT NULL,
	"first_month" text DEFAULT 'full' NOT NULL,
	"quantity_basis" text DEFAULT 'month_end' NOT NULL,
	"auto_issue" boolean DEFAULT false NOT NULL,
	"prices_include_tax" boolean DEFAULT false NOT NULL,
	"due_date_shift" text DEFAULT 'next_business_day' NOT NULL,
	"bank_account" jsonb,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "billing_settings_tenant_id_pk" PRIMARY KEY("tenant_id")
);
--> statement-breakpoint
CREATE TABLE "invoice_lines" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"charge_kind" text NOT NULL,
	"line_item_id" uuid,
	"order_item_id" uuid,
	"order_id" uuid,
	"service_month" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_price" bigint NOT NULL,
	"amount" bigint NOT NULL,
	"tax_rate" integer NOT NULL,
	"description" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoice_lines_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
CREATE TABLE "invoices" (
	"tenant_id" uuid NOT NULL,
	"id" uuid NOT NULL,
	"number" text,
	"kind" text DEFAULT 'invoice' NOT NULL,
	"billing_account_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"billing_month" text NOT NULL,
	"sequence" integer DEFAULT 1 NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"credit_for" uuid,
	"issue_date" date,
	"due_date" date,
	"subtotal" bigint DEFAULT 0 NOT NULL,
	"tax_total" bigint DEFAULT 0 NOT NULL,
	"total" bigint DEFAULT 0 NOT NULL,
	"taxes" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"customer_name" text NOT NULL,
	"billing_account_name" text NOT NULL,
	"payment_terms" text NOT NULL,
	"paid_amount" bigint DEFAULT 0 NOT NULL,
	"payment_status" text DEFAULT 'unpaid' NOT NULL,
	"issued_at" timestamp with time zone,
	"issued_by" uuid,
	"version" integer DEFAULT 1 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "invoices_tenant_id_id_pk" PRIMARY KEY("tenant_id","id")
);
--> statement-breakpoint
ALTER TABLE "billing_run_batches" ADD CONSTRAINT "billing_run_batches_tenant_id_run_id_billing_runs_tenant_id_id_fk" FOREIGN KEY ("tenant_id","run_id") REFERENCES "public"."billing_runs"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_runs" ADD CONSTRAINT "billing_runs_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "billing_settings" ADD CONSTRAINT "billing_settings_tenant_id_tenants_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_tenant_id_invoice_id_invoices_tenant_id_id_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_tenant_id_line_item_id_line_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","line_item_id") REFERENCES "public"."line_items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_tenant_id_order_item_id_order_items_tenant_id_id_fk" FOREIGN KEY ("tenant_id","order_item_id") REFERENCES "public"."order_items"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_tenant_id_customer_id_customers_tenant_id_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "invoices" ADD CONSTRAINT "invoices_tenant_id_billing_account_id_billing_accounts_tenant_id_id_fk" FOREIGN KEY ("tenant_id","billing_account_id") REFERENCES "public"."billing_accounts"("tenant_id","id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "billing_runs_month_idx" ON "billing_runs" USING btree ("tenant_id","billing_month");--> statement-breakpoint
CREATE INDEX "invoice_lines_invoice_idx" ON "invoice_lines" USING btree ("tenant_id","invoice_id");--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_lines_monthly_key" ON "invoice_lines" USING btree ("tenant_id","line_item_id","service_month") WHERE "invoice_lines"."charge_kind" = 'monthly';--> statement-breakpoint
CREATE UNIQUE INDEX "invoice_lines_initial_key" ON "invoice_lines" USING btree ("tenant_id","order_item_id") WHERE "invoice_lines"."charge_kind" = 'initial';--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_number_key" ON "invoices" USING btree ("tenant_id","number");--> statement-breakpoint
CREATE UNIQUE INDEX "invoices_account_month_sequence_key" ON "invoices" USING btree ("tenant_id","billing_account_id","billing_month","sequence") WHERE "invoices"."kind" = 'invoice';--> statement-breakpoint
CREATE INDEX "invoices_month_idx" ON "invoices" USING btree ("tenant_id","billing_month");--> statement-breakpoint
CREATE INDEX "invoices_customer_idx" ON "invoices" USING btree ("tenant_id","customer_id");--> statement-breakpoint
-- Issued invoices are immutable (billing.md "Invoices", quality.md reliability), also for SQL
-- run as the application role: only the payment columns of an issued invoice may change,
-- it cannot be deleted, and its lines can be neither added, changed nor removed.
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
       NEW.billing_account_name, NEW.payment_terms, NEW.issued_at, NEW.issued_by
     ) IS DISTINCT FROM (
       OLD.tenant_id, OLD.id, OLD.number, OLD.kind, OLD.billing_account_id, OLD.customer_id,
       OLD.billing_month, OLD.sequence, OLD.status, OLD.credit_for, OLD.issue_date, OLD.due_date,
       OLD.subtotal, OLD.tax_total, OLD.total, OLD.taxes, OLD.customer_name,
       OLD.billing_account_name, OLD.payment_terms, OLD.issued_at, OLD.issued_by
     ) THEN
    RAISE EXCEPTION 'issued invoice % cannot be changed', OLD.id USING ERRCODE = 'integrity_constraint_violation';
  END IF;
  RETURN NEW;
END $$;
--> statement-breakpoint
CREATE TRIGGER invoices_immutable_once_issued BEFORE UPDATE OR DELETE ON invoices
  FOR EACH ROW EXECUTE FUNCTION keiyaku_invoice_immutable();
--> statement-breakpoint
CREATE OR REPLACE FUNCTION keiyaku_invoice_lines_of_drafts_only() RETURNS trigger
  LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'INSERT' THEN
    IF EXISTS (SELECT 1 FROM keiyaku_new_lines l JOIN invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id
                WHERE i.status <> 'draft') THEN
      RAISE EXCEPTION 'lines of an issued invoice cannot be added' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  ELSE
    IF EXISTS (SELECT 1 FROM keiyaku_old_lines l JOIN invoices i ON i.tenant_id = l.tenant_id AND i.id = l.invoice_id
                WHERE i.status <> 'draft') THEN
      RAISE EXCEPTION 'lines of an issued invoice cannot be changed' USING ERRCODE = 'integrity_constraint_violation';
    END IF;
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
CREATE TRIGGER invoice_lines_insert_drafts_only AFTER INSERT ON invoice_lines
  REFERENCING NEW TABLE AS keiyaku_new_lines
  FOR EACH STATEMENT EXECUTE FUNCTION keiyaku_invoice_lines_of_drafts_only();
--> statement-breakpoint
CREATE TRIGGER invoice_lines_update_drafts_only AFTER UPDATE ON invoice_lines
  REFERENCING OLD TABLE AS keiyaku_old_lines
  FOR EACH STATEMENT EXECUTE FUNCTION keiyaku_invoice_lines_of_drafts_only();
--> statement-breakpoint
CREATE TRIGGER invoice_lines_delete_drafts_only AFTER DELETE ON invoice_lines
  REFERENCING OLD TABLE AS keiyaku_old_lines
  FOR EACH STATEMENT EXECUTE FUNCTION keiyaku_invoice_lines_of_drafts_only();
