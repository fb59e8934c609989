CREATE TABLE "bank_accounts" (
	"tenant_id" uuid NOT NULL,
	"bank_account_id" uuid NOT NULL,
	"account_key" text NOT NULL,
	"iban" text,
	"account_number" text,
	"bic" text,
	"currency" text NOT NULL,
	"name" text,
	"ledger_account_code" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_accounts_tenant_id_bank_account_id_pk" PRIMARY KEY("tenant_id","bank_account_id")
);
--> statement-breakpoint
CREATE TABLE "bank_statements" (
	"tenant_id" uuid NOT NULL,
	"statement_id" uuid NOT NULL,
	"bank_account_id" uuid NOT NULL,
	"format" text NOT NULL,
	"bank_statement_ref" text,
	"file_sha256" text NOT NULL,
	"from_date" date,
	"to_date" date,
	"opening_minor" bigint,
	"closing_minor" bigint,
	"currency" text NOT NULL,
	"entry_count" integer NOT NULL,
	"imported_count" integer NOT NULL,
	"skipped_count" integer NOT NULL,
	"warnings" jsonb NOT NULL,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_statements_tenant_id_statement_id_pk" PRIMARY KEY("tenant_id","statement_id")
);
--> statement-breakpoint
CREATE TABLE "bank_transactions" (
	"tenant_id" uuid NOT NULL,
	"transaction_id" uuid NOT NULL,
	"bank_account_id" uuid NOT NULL,
	"statement_id" uuid NOT NULL,
	"dedupe_key" text NOT NULL,
	"bank_reference" text,
	"booking_date" date NOT NULL,
	"value_date" date,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"transaction_code" text,
	"counterparty_name" text,
	"counterparty_iban" text,
	"counterparty_account" text,
	"counterparty_bic" text,
	"ultimate_party" text,
	"remittance" text NOT NULL,
	"structured_references" text[] NOT NULL,
	"end_to_end_id" text,
	"reversal" boolean NOT NULL,
	"status" text DEFAULT 'new' NOT NULL,
	"receipt_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bank_transactions_tenant_id_transaction_id_pk" PRIMARY KEY("tenant_id","transaction_id"),
	CONSTRAINT "bank_transactions_status_check" CHECK ("bank_transactions"."status" in ('new','applied','suggested','unmatched','ignored'))
);
--> statement-breakpoint
ALTER TABLE "bank_statements" ADD CONSTRAINT "bank_statements_tenant_id_bank_account_id_bank_accounts_tenant_id_bank_account_id_fk" FOREIGN KEY ("tenant_id","bank_account_id") REFERENCES "public"."bank_accounts"("tenant_id","bank_account_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bank_transactions" ADD CONSTRAINT "bank_transactions_tenant_id_statement_id_bank_statements_tenant_id_statement_id_fk" FOREIGN KEY ("tenant_id","statement_id") REFERENCES "public"."bank_statements"("tenant_id","statement_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "bank_accounts_key_uq" ON "bank_accounts" USING btree ("tenant_id","account_key","currency");--> statement-breakpoint
CREATE UNIQUE INDEX "bank_transactions_dedupe_uq" ON "bank_transactions" USING btree ("tenant_id","bank_account_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "bank_transactions_status_idx" ON "bank_transactions" USING btree ("tenant_id","status");