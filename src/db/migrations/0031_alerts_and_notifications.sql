CREATE TABLE "alert_events" (
	"tenant_id" uuid NOT NULL,
	"event_key" text NOT NULL,
	"rule_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"found_on" date NOT NULL,
	"recipients" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_events_tenant_id_event_key_pk" PRIMARY KEY("tenant_id","event_key")
);
--> statement-breakpoint
CREATE TABLE "alert_rules" (
	"tenant_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"name" text NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"params" jsonb NOT NULL,
	"notify_collector" boolean NOT NULL,
	"notify_roles" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "alert_rules_tenant_id_rule_id_pk" PRIMARY KEY("tenant_id","rule_id"),
	CONSTRAINT "alert_rules_kind_check" CHECK ("alert_rules"."kind" in ('invoice_overdue','promise_broken','unapplied_cash'))
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"tenant_id" uuid NOT NULL,
	"notification_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"event_key" text NOT NULL,
	"kind" text NOT NULL,
	"title" text NOT NULL,
	"subject" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"read_at" timestamp with time zone,
	CONSTRAINT "notifications_tenant_id_notification_id_pk" PRIMARY KEY("tenant_id","notification_id")
);
--> statement-breakpoint
ALTER TABLE "outbox_messages" DROP CONSTRAINT "outbox_messages_kind_check";--> statement-breakpoint
CREATE UNIQUE INDEX "notifications_event_uq" ON "notifications" USING btree ("tenant_id","user_id","event_key");--> statement-breakpoint
CREATE INDEX "notifications_inbox_idx" ON "notifications" USING btree ("tenant_id","user_id","notification_id");--> statement-breakpoint
CREATE INDEX "notifications_unread_idx" ON "notifications" USING btree ("tenant_id","user_id","notification_id") WHERE "notifications"."read_at" is null;--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_kind_check" CHECK ("outbox_messages"."kind" in ('invoice','credit_note','statement','dunning','promise_confirmation','security_alert','receivables_alert'));