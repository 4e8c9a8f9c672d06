ALTER TABLE "products" ADD COLUMN "billing_first_month" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "billing_quantity_basis" text;--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_billing_first_month_check" CHECK ("products"."billing_first_month" in ('full', 'free'));--> statement-breakpoint
ALTER TABLE "products" ADD CONSTRAINT "products_billing_quantity_basis_check" CHECK ("products"."billing_quantity_basis" in ('month_end', 'max_in_month'));