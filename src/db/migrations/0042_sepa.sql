CREATE TABLE "sepa_mandates" (
	"tenant_id" uuid NOT NULL,
	"mandate_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"reference" text NOT NULL,
	"signed_on" date NOT NULL,
	"debtor_name" text NOT NULL,
	"iban" text NOT NULL,
	"bic" text,
	"scheme" text NOT NULL,
	"sequence" text NOT NULL,
	"status" text NOT NULL,
	"status_reason" text,
	"last_collected_on" date,
	"amended_from_iban" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "sepa_mandates_tenant_id_mandate_id_pk" PRIMARY KEY("tenant_id","mandate_id"),
	CONSTRAINT "sepa_mandates_scheme_check" CHECK ("sepa_mandates"."scheme" in ('CORE','B2B')),
	CONSTRAINT "sepa_mandates_sequence_check" CHECK ("sepa_mandates"."sequence" in ('FRST','RCUR','OOFF','FNAL')),
	CONSTRAINT "sepa_mandates_status_check" CHECK ("sepa_mandates"."status" in ('active','revoked','expired'))
);
--> statement-breakpoint
CREATE TABLE "sepa_run_items" (
	"tenant_id" uuid NOT NULL,
	"item_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"mandate_id" uuid,
	"invoice_id" uuid,
	"invoice_number" text,
	"source_receipt_id" uuid,
	"receipt_id" uuid,
	"allocation_id" uuid,
	"sequence" text,
	"end_to_end_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"iban" text NOT NULL,
	"status" text NOT NULL,
	"return_reason" text,
	"returned_on" date,
	"return_fee_minor" bigint,
	"first_of_mandate" boolean DEFAULT false NOT NULL,
	CONSTRAINT "sepa_run_items_tenant_id_item_id_pk" PRIMARY KEY("tenant_id","item_id"),
	CONSTRAINT "sepa_run_items_amount_check" CHECK ("sepa_run_items"."amount_minor" > 0),
	CONSTRAINT "sepa_run_items_status_check" CHECK ("sepa_run_items"."status" in ('pending','booked','returned','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "sepa_runs" (
	"tenant_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"status" text NOT NULL,
	"message_id" text NOT NULL,
	"pain_version" text NOT NULL,
	"execution_date" date NOT NULL,
	"currency" text NOT NULL,
	"item_count" integer NOT NULL,
	"total_minor" bigint NOT NULL,
	"file_sha256" text NOT NULL,
	"file_xml" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"booked_at" timestamp with time zone,
	"cancelled_at" timestamp with time zone,
	CONSTRAINT "sepa_runs_tenant_id_run_id_pk" PRIMARY KEY("tenant_id","run_id"),
	CONSTRAINT "sepa_runs_kind_check" CHECK ("sepa_runs"."kind" in ('collection','refund')),
	CONSTRAINT "sepa_runs_status_check" CHECK ("sepa_runs"."status" in ('created','booked','cancelled'))
);
--> statement-breakpoint
CREATE TABLE "sepa_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"creditor_id" text,
	"pre_notification_days" integer DEFAULT 14 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "sepa_mandates" ADD CONSTRAINT "sepa_mandates_tenant_id_customer_id_customers_tenant_id_customer_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sepa_run_items" ADD CONSTRAINT "sepa_run_items_tenant_id_run_id_sepa_runs_tenant_id_run_id_fk" FOREIGN KEY ("tenant_id","run_id") REFERENCES "public"."sepa_runs"("tenant_id","run_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sepa_mandates_reference_idx" ON "sepa_mandates" USING btree ("tenant_id","reference");--> statement-breakpoint
CREATE INDEX "sepa_mandates_customer_idx" ON "sepa_mandates" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sepa_run_items_e2e_idx" ON "sepa_run_items" USING btree ("tenant_id","end_to_end_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sepa_run_items_pending_invoice_idx" ON "sepa_run_items" USING btree ("tenant_id","invoice_id") WHERE "sepa_run_items"."status" = 'pending' and "sepa_run_items"."invoice_id" is not null;--> statement-breakpoint
CREATE INDEX "sepa_run_items_run_idx" ON "sepa_run_items" USING btree ("tenant_id","run_id");--> statement-breakpoint
CREATE UNIQUE INDEX "sepa_runs_message_idx" ON "sepa_runs" USING btree ("tenant_id","message_id");