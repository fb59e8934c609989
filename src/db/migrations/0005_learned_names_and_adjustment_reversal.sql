CREATE TABLE "learned_payer_names" (
	"tenant_id" uuid NOT NULL,
	"name_key" text NOT NULL,
	"customer_id" uuid NOT NULL,
	"name" text NOT NULL,
	"confirmations" integer DEFAULT 1 NOT NULL,
	"last_confirmed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "learned_payer_names_tenant_id_name_key_customer_id_pk" PRIMARY KEY("tenant_id","name_key","customer_id")
);
--> statement-breakpoint
ALTER TABLE "invoice_adjustments" ADD COLUMN "receipt_id" uuid;--> statement-breakpoint
ALTER TABLE "invoice_adjustments" ADD COLUMN "reversal_entry_id" uuid;--> statement-breakpoint
ALTER TABLE "invoice_adjustments" ADD COLUMN "reversed_at" timestamp with time zone;--> statement-breakpoint
CREATE INDEX "invoice_adjustments_receipt_idx" ON "invoice_adjustments" USING btree ("tenant_id","receipt_id") WHERE "invoice_adjustments"."receipt_id" is not null;