CREATE TABLE "payment_checkouts" (
	"tenant_id" uuid NOT NULL,
	"checkout_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"provider_session_id" text NOT NULL,
	"payment_intent_id" text,
	"customer_id" uuid NOT NULL,
	"invoice_ids" uuid[] NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"url" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"receipt_id" uuid,
	"fee_minor" bigint,
	"fee_entry_id" uuid,
	"refunded_minor" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone,
	CONSTRAINT "payment_checkouts_tenant_id_checkout_id_pk" PRIMARY KEY("tenant_id","checkout_id"),
	CONSTRAINT "payment_checkouts_status_ck" CHECK ("payment_checkouts"."status" in ('open', 'processing', 'paid', 'failed')),
	CONSTRAINT "payment_checkouts_amount_ck" CHECK ("payment_checkouts"."amount_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "payment_events" (
	"tenant_id" uuid NOT NULL,
	"provider" text NOT NULL,
	"event_id" text NOT NULL,
	"type" text NOT NULL,
	"object_id" text,
	"payment_intent_id" text,
	"payload" jsonb NOT NULL,
	"status" text DEFAULT 'received' NOT NULL,
	"note" text,
	"received_at" timestamp with time zone DEFAULT now() NOT NULL,
	"handled_at" timestamp with time zone,
	CONSTRAINT "payment_events_tenant_id_provider_event_id_pk" PRIMARY KEY("tenant_id","provider","event_id"),
	CONSTRAINT "payment_events_status_ck" CHECK ("payment_events"."status" in ('received', 'booked', 'recorded', 'pending', 'ignored'))
);
--> statement-breakpoint
CREATE TABLE "payment_provider_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"provider" text DEFAULT 'stripe' NOT NULL,
	"secret_key_sealed" text,
	"webhook_secret_sealed" text,
	"api_base_url" text DEFAULT 'https://api.stripe.com' NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "payment_checkouts_session_uq" ON "payment_checkouts" USING btree ("tenant_id","provider","provider_session_id");--> statement-breakpoint
CREATE INDEX "payment_checkouts_intent_idx" ON "payment_checkouts" USING btree ("tenant_id","payment_intent_id");--> statement-breakpoint
CREATE INDEX "payment_events_intent_idx" ON "payment_events" USING btree ("tenant_id","payment_intent_id");