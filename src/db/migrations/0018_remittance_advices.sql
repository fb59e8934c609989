CREATE TABLE "remittance_advice_lines" (
	"tenant_id" uuid NOT NULL,
	"advice_id" uuid NOT NULL,
	"line_no" integer NOT NULL,
	"reference" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"reason" text,
	"source_line" integer NOT NULL,
	CONSTRAINT "remittance_advice_lines_tenant_id_advice_id_line_no_pk" PRIMARY KEY("tenant_id","advice_id","line_no")
);
--> statement-breakpoint
CREATE TABLE "remittance_advices" (
	"tenant_id" uuid NOT NULL,
	"advice_id" uuid NOT NULL,
	"format" text NOT NULL,
	"dedupe_key" text NOT NULL,
	"payer_name" text,
	"payer_iban" text,
	"payment_reference" text,
	"advice_date" date NOT NULL,
	"currency" text NOT NULL,
	"total_minor" bigint NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"transaction_id" uuid,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_at" timestamp with time zone,
	CONSTRAINT "remittance_advices_tenant_id_advice_id_pk" PRIMARY KEY("tenant_id","advice_id"),
	CONSTRAINT "remittance_advices_status_check" CHECK ("remittance_advices"."status" in ('open','matched','applied')),
	CONSTRAINT "remittance_advices_total_check" CHECK ("remittance_advices"."total_minor" > 0)
);
--> statement-breakpoint
ALTER TABLE "remittance_advice_lines" ADD CONSTRAINT "remittance_advice_lines_tenant_id_advice_id_remittance_advices_tenant_id_advice_id_fk" FOREIGN KEY ("tenant_id","advice_id") REFERENCES "public"."remittance_advices"("tenant_id","advice_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittance_advices" ADD CONSTRAINT "remittance_advices_tenant_id_tenants_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("tenant_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "remittance_advices" ADD CONSTRAINT "remittance_advices_tenant_id_transaction_id_bank_transactions_tenant_id_transaction_id_fk" FOREIGN KEY ("tenant_id","transaction_id") REFERENCES "public"."bank_transactions"("tenant_id","transaction_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "remittance_advices_dedupe_uq" ON "remittance_advices" USING btree ("tenant_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "remittance_advices_status_idx" ON "remittance_advices" USING btree ("tenant_id","status");