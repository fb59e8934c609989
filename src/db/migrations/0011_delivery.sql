CREATE TABLE "delivery_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"auto_deliver_invoices" boolean DEFAULT true NOT NULL,
	"invoices_issued_since" timestamp with time zone,
	"monthly_statements" boolean DEFAULT true NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "customers" ADD COLUMN "delivery_channel" text DEFAULT 'email' NOT NULL;--> statement-breakpoint
ALTER TABLE "customers" ADD CONSTRAINT "customers_delivery_channel_check" CHECK ("customers"."delivery_channel" in ('email','none'));