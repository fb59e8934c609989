CREATE TABLE "fx_rates" (
	"tenant_id" uuid NOT NULL,
	"rate_date" date NOT NULL,
	"reference_currency" text NOT NULL,
	"currency" text NOT NULL,
	"rate" numeric NOT NULL,
	"source" text NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fx_rates_tenant_id_reference_currency_currency_rate_date_pk" PRIMARY KEY("tenant_id","reference_currency","currency","rate_date"),
	CONSTRAINT "fx_rates_positive_check" CHECK ("fx_rates"."rate" > 0),
	CONSTRAINT "fx_rates_pair_check" CHECK ("fx_rates"."currency" <> "fx_rates"."reference_currency")
);
--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "fx_rate_given" boolean DEFAULT true NOT NULL;--> statement-breakpoint
CREATE INDEX "fx_rates_currency_date_idx" ON "fx_rates" USING btree ("tenant_id","currency","rate_date");