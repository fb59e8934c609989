CREATE TABLE "kpi_ar_snapshot_marks" (
	"tenant_id" uuid NOT NULL,
	"as_of" date,
	"entry_no" bigint NOT NULL,
	"built_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "kpi_ar_snapshot_marks_tenant_id_as_of_pk" PRIMARY KEY("tenant_id","as_of")
);
--> statement-breakpoint
CREATE TABLE "kpi_ar_snapshots" (
	"tenant_id" uuid NOT NULL,
	"as_of" date,
	"currency" text,
	"customer_id" uuid,
	"total_minor" numeric NOT NULL,
	"current_minor" numeric NOT NULL,
	"over90_minor" numeric NOT NULL,
	"total_base_minor" numeric NOT NULL,
	"current_base_minor" numeric NOT NULL,
	"over90_base_minor" numeric NOT NULL
);
--> statement-breakpoint
CREATE TABLE "kpi_settlement_snapshots" (
	"tenant_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"currency" text NOT NULL,
	"customer_id" uuid,
	"invoices" numeric NOT NULL,
	"within_terms" numeric NOT NULL,
	"amount" numeric NOT NULL,
	"amount_within_terms" numeric NOT NULL,
	"days_to_pay" numeric NOT NULL,
	"days_late" numeric NOT NULL,
	"days_to_pay_weighted" numeric NOT NULL,
	"days_late_weighted" numeric NOT NULL,
	"invoices_base" numeric NOT NULL,
	"within_terms_base" numeric NOT NULL,
	"amount_base" numeric NOT NULL,
	"amount_within_terms_base" numeric NOT NULL,
	"days_to_pay_base" numeric NOT NULL,
	"days_late_base" numeric NOT NULL,
	"days_to_pay_weighted_base" numeric NOT NULL,
	"days_late_weighted_base" numeric NOT NULL
);
--> statement-breakpoint
CREATE INDEX "kpi_ar_snapshots_as_of_idx" ON "kpi_ar_snapshots" USING btree ("tenant_id","as_of","currency");--> statement-breakpoint
CREATE INDEX "kpi_settlement_snapshots_as_of_idx" ON "kpi_settlement_snapshots" USING btree ("tenant_id","as_of","currency");--> statement-breakpoint
CREATE INDEX "journal_entries_no_idx" ON "journal_entries" USING btree ("tenant_id","entry_no","effective_date");