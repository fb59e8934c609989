CREATE TABLE "findings" (
	"tenant_id" uuid NOT NULL,
	"finding_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"severity" text NOT NULL,
	"title" text NOT NULL,
	"evidence" jsonb NOT NULL,
	"dedupe_key" text NOT NULL,
	"occurred_at" timestamp with time zone NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"decision_note" text,
	"decided_by_id" uuid,
	"decided_by_name" text,
	"decided_at" timestamp with time zone,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "findings_tenant_id_finding_id_pk" PRIMARY KEY("tenant_id","finding_id"),
	CONSTRAINT "findings_severity_check" CHECK ("findings"."severity" in ('low','medium','high')),
	CONSTRAINT "findings_status_check" CHECK ("findings"."status" in ('open','confirmed','dismissed')),
	CONSTRAINT "findings_decision_check" CHECK (("findings"."status" = 'open') = ("findings"."decided_at" is null) and ("findings"."status" = 'open' or "findings"."decision_note" is not null))
);
--> statement-breakpoint
CREATE TABLE "monitoring_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"policy" jsonb,
	"scanned_through_seq" bigint DEFAULT 0 NOT NULL,
	"scanned_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
ALTER TABLE "outbox_messages" DROP CONSTRAINT "outbox_messages_kind_check";--> statement-breakpoint
CREATE UNIQUE INDEX "findings_dedupe_uq" ON "findings" USING btree ("tenant_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "findings_status_idx" ON "findings" USING btree ("tenant_id","status","finding_id");--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_kind_check" CHECK ("outbox_messages"."kind" in ('invoice','credit_note','statement','dunning','promise_confirmation','security_alert'));