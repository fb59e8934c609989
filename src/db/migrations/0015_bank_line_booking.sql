CREATE TABLE "cash_application_runs" (
	"tenant_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"started_at" timestamp with time zone DEFAULT now() NOT NULL,
	"heartbeat_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cash_application_runs_tenant_id_pk" PRIMARY KEY("tenant_id")
);
--> statement-breakpoint
ALTER TABLE "receipts" ADD COLUMN "cash_account_code" text;--> statement-breakpoint
-- Hand-written: existing receipts take the cash account their receipt.recorded entry debited.
UPDATE "receipts" r SET "cash_account_code" = coalesce(
  (SELECT l.account_code FROM journal_entries e
     JOIN journal_lines l ON l.tenant_id = e.tenant_id AND l.entry_id = e.entry_id
    WHERE e.tenant_id = r.tenant_id AND e.source_type = 'receipt' AND e.source_id = r.receipt_id
      AND e.event_code = 'receipt.recorded' AND e.reverses_entry_id IS NULL AND l.amount_minor > 0
    ORDER BY l.line_no LIMIT 1),
  (SELECT a.code FROM accounts a WHERE a.tenant_id = r.tenant_id AND a.role = 'bank'),
  '1200');--> statement-breakpoint
ALTER TABLE "receipts" ALTER COLUMN "cash_account_code" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "cash_application_runs" ADD CONSTRAINT "cash_application_runs_tenant_id_tenants_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("tenant_id") ON DELETE cascade ON UPDATE no action;