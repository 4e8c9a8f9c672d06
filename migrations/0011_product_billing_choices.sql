ALTER TABLE "products" ADD COLUMN "billing_first_month" text;--> statement-breakpoint
ALTER TABLE "products" ADD COLUMN "billing_quantity_basis" text;