CREATE TABLE "message_templates" (
	"tenant_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"level" integer NOT NULL,
	"language" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "message_templates_tenant_id_kind_level_language_pk" PRIMARY KEY("tenant_id","kind","level","language"),
	CONSTRAINT "message_templates_kind_check" CHECK ("message_templates"."kind" in ('invoice','credit_note','statement','dunning','promise_confirmation')),
	CONSTRAINT "message_templates_level_check" CHECK (("message_templates"."kind" = 'dunning' and "message_templates"."level" between 1 and 9) or ("message_templates"."kind" <> 'dunning' and "message_templates"."level" = 0))
);
--> statement-breakpoint
CREATE TABLE "messaging_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"default_language" text NOT NULL,
	"company_name" text,
	"from_name" text,
	"from_address" text,
	"reply_to" text,
	"bcc" text,
	"updated_at" timestamp with time zone NOT NULL
);
--> statement-breakpoint
CREATE TABLE "outbox_attempts" (
	"tenant_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"attempt_no" integer NOT NULL,
	"started_at" timestamp with time zone NOT NULL,
	"finished_at" timestamp with time zone NOT NULL,
	"outcome" text NOT NULL,
	"error" text,
	"response" text,
	CONSTRAINT "outbox_attempts_tenant_id_message_id_attempt_no_pk" PRIMARY KEY("tenant_id","message_id","attempt_no"),
	CONSTRAINT "outbox_attempts_outcome_check" CHECK ("outbox_attempts"."outcome" in ('sent','retry','failed','lease_expired'))
);
--> statement-breakpoint
CREATE TABLE "outbox_messages" (
	"tenant_id" uuid NOT NULL,
	"message_id" uuid NOT NULL,
	"dedupe_key" text NOT NULL,
	"kind" text NOT NULL,
	"level" integer NOT NULL,
	"language" text NOT NULL,
	"template_source" text NOT NULL,
	"from_name" text,
	"from_address" text,
	"reply_to" text,
	"to_addresses" text[] NOT NULL,
	"cc_addresses" text[] DEFAULT '{}' NOT NULL,
	"bcc_addresses" text[] DEFAULT '{}' NOT NULL,
	"subject" text NOT NULL,
	"body_text" text NOT NULL,
	"body_html" text,
	"attachments" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"customer_id" uuid,
	"invoice_ids" uuid[] DEFAULT '{}' NOT NULL,
	"dunning_letter_id" uuid,
	"statement_id" uuid,
	"status" text DEFAULT 'queued' NOT NULL,
	"attempts" integer DEFAULT 0 NOT NULL,
	"backoff_step" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone,
	"lease_expires_at" timestamp with time zone,
	"claim_token" uuid,
	"last_error" text,
	"message_id_header" text,
	"transport" text,
	"transport_response" text,
	"queued_at" timestamp with time zone NOT NULL,
	"sent_at" timestamp with time zone,
	"retried_at" timestamp with time zone,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "outbox_messages_tenant_id_message_id_pk" PRIMARY KEY("tenant_id","message_id"),
	CONSTRAINT "outbox_messages_status_check" CHECK ("outbox_messages"."status" in ('queued','sending','sent','failed')),
	CONSTRAINT "outbox_messages_kind_check" CHECK ("outbox_messages"."kind" in ('invoice','credit_note','statement','dunning','promise_confirmation')),
	CONSTRAINT "outbox_messages_template_source_check" CHECK ("outbox_messages"."template_source" in ('default','tenant')),
	CONSTRAINT "outbox_messages_attempts_check" CHECK ("outbox_messages"."attempts" >= 0 and "outbox_messages"."backoff_step" >= 0),
	CONSTRAINT "outbox_messages_recipients_check" CHECK (cardinality("outbox_messages"."to_addresses") >= 1)
);
--> statement-breakpoint
ALTER TABLE "outbox_attempts" ADD CONSTRAINT "outbox_attempts_tenant_id_message_id_outbox_messages_tenant_id_message_id_fk" FOREIGN KEY ("tenant_id","message_id") REFERENCES "public"."outbox_messages"("tenant_id","message_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "outbox_messages_dedupe_uq" ON "outbox_messages" USING btree ("tenant_id","dedupe_key");--> statement-breakpoint
CREATE INDEX "outbox_messages_due_idx" ON "outbox_messages" USING btree ("next_attempt_at") WHERE "outbox_messages"."status" in ('queued','sending');--> statement-breakpoint
CREATE INDEX "outbox_messages_tenant_due_idx" ON "outbox_messages" USING btree ("tenant_id","next_attempt_at") WHERE "outbox_messages"."status" in ('queued','sending');--> statement-breakpoint
CREATE INDEX "outbox_messages_status_idx" ON "outbox_messages" USING btree ("tenant_id","status","message_id");--> statement-breakpoint
CREATE INDEX "outbox_messages_customer_idx" ON "outbox_messages" USING btree ("tenant_id","customer_id","message_id");