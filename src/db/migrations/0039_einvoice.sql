ALTER TABLE "customers" ADD COLUMN "einvoice" jsonb;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "vat_category" text;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD COLUMN "vat_exemption_reason" text;--> statement-breakpoint
ALTER TABLE "tenant_letterheads" ADD COLUMN "electronic_address" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "electronic_address" text;--> statement-breakpoint
ALTER TABLE "invoice_lines" ADD CONSTRAINT "invoice_lines_vat_category_check" CHECK ("invoice_lines"."vat_category" in ('S','Z','E','AE','K','G','O'));