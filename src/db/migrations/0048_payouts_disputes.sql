CREATE TABLE "payment_disputes" (
	"tenant_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"dispute_id" text NOT NULL,
	"checkout_id" uuid NOT NULL,
	"payment_intent_id" text NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"withheld_minor" bigint DEFAULT 0 NOT NULL,
	"fee_minor" bigint DEFAULT 0 NOT NULL,
	"balance_transactions" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"dispute_ids" uuid[] DEFAULT '{}'::uuid[] NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_disputes_tenant_id_provider_dispute_id_pk" PRIMARY KEY("tenant_id","provider","dispute_id"),
	CONSTRAINT "payment_disputes_withheld_ck" CHECK ("payment_disputes"."withheld_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "payment_payouts" (
	"tenant_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"payout_id" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"arrival_date" date NOT NULL,
	"statement_descriptor" text,
	"status" text NOT NULL,
	"match_state" text DEFAULT 'expected' NOT NULL,
	"transaction_id" uuid,
	"entry_id" uuid,
	"return_entry_id" uuid,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "payment_payouts_tenant_id_provider_payout_id_pk" PRIMARY KEY("tenant_id","provider","payout_id"),
	CONSTRAINT "payment_payouts_amount_ck" CHECK ("payment_payouts"."amount_minor" > 0),
	CONSTRAINT "payment_payouts_status_ck" CHECK ("payment_payouts"."status" in ('pending', 'in_transit', 'paid', 'failed', 'canceled')),
	CONSTRAINT "payment_payouts_match_ck" CHECK ("payment_payouts"."match_state" in ('expected', 'matched', 'exception', 'returned', 'closed'))
);
--> statement-breakpoint
ALTER TABLE "disputes" DROP CONSTRAINT "disputes_reason_check";--> statement-breakpoint
ALTER TABLE "outbox_messages" DROP CONSTRAINT "outbox_messages_kind_check";--> statement-breakpoint
CREATE INDEX "payment_payouts_expected_idx" ON "payment_payouts" USING btree ("tenant_id","match_state","currency");--> statement-breakpoint
CREATE UNIQUE INDEX "payment_payouts_line_uq" ON "payment_payouts" USING btree ("tenant_id","transaction_id");--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_reason_check" CHECK ("disputes"."reason_code" in ('pricing','quantity','quality','not_received','duplicate','chargeback','other'));--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_kind_check" CHECK ("outbox_messages"."kind" in ('invoice','credit_note','statement','dunning','promise_confirmation','security_alert','receivables_alert','ar_pack','webhook_endpoint_disabled'));