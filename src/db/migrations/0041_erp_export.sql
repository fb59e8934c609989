CREATE TABLE "erp_account_mappings" (
	"tenant_id" uuid NOT NULL,
	"account_code" text NOT NULL,
	"erp_account" text NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "erp_account_mappings_tenant_id_account_code_pk" PRIMARY KEY("tenant_id","account_code")
);
--> statement-breakpoint
CREATE TABLE "erp_customer_accounts" (
	"tenant_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"erp_account" text NOT NULL,
	CONSTRAINT "erp_customer_accounts_tenant_id_customer_id_pk" PRIMARY KEY("tenant_id","customer_id"),
	CONSTRAINT "erp_customer_accounts_account_key" UNIQUE("tenant_id","erp_account")
);
--> statement-breakpoint
CREATE TABLE "erp_export_batches" (
	"tenant_id" uuid NOT NULL,
	"batch_id" uuid NOT NULL,
	"batch_no" integer NOT NULL,
	"format" text NOT NULL,
	"after_entry_no" bigint NOT NULL,
	"to_entry_no" bigint NOT NULL,
	"entry_count" integer NOT NULL,
	"sha256" text NOT NULL,
	"snapshot" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"created_by_name" text,
	CONSTRAINT "erp_export_batches_tenant_id_batch_id_pk" PRIMARY KEY("tenant_id","batch_id"),
	CONSTRAINT "erp_export_batches_no_key" UNIQUE("tenant_id","batch_no"),
	CONSTRAINT "erp_export_batches_after_key" UNIQUE("tenant_id","after_entry_no"),
	CONSTRAINT "erp_export_batches_format_check" CHECK ("erp_export_batches"."format" in ('csv', 'datev')),
	CONSTRAINT "erp_export_batches_range_check" CHECK ("erp_export_batches"."to_entry_no" > "erp_export_batches"."after_entry_no" and "erp_export_batches"."entry_count" > 0)
);
