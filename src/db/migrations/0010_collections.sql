CREATE TABLE "activities" (
	"tenant_id" uuid NOT NULL,
	"activity_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"event" text,
	"text" text NOT NULL,
	"invoice_ids" uuid[] DEFAULT '{}' NOT NULL,
	"author_name" text NOT NULL,
	"author_key_id" uuid,
	"occurred_at" timestamp with time zone NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "activities_tenant_id_activity_id_pk" PRIMARY KEY("tenant_id","activity_id"),
	CONSTRAINT "activities_kind_check" CHECK ("activities"."kind" in ('call','email','note','meeting','letter','system')),
	CONSTRAINT "activities_event_check" CHECK (("activities"."kind" = 'system') = ("activities"."event" is not null))
);
--> statement-breakpoint
CREATE TABLE "collection_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"promise_grace_days" integer DEFAULT 3 NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collection_settings_grace_check" CHECK ("collection_settings"."promise_grace_days" between 0 and 60)
);
--> statement-breakpoint
CREATE TABLE "collectors" (
	"tenant_id" uuid NOT NULL,
	"collector_id" uuid NOT NULL,
	"name" text NOT NULL,
	"email" text NOT NULL,
	"api_key_id" uuid,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "collectors_tenant_id_collector_id_pk" PRIMARY KEY("tenant_id","collector_id")
);
--> statement-breakpoint
CREATE TABLE "customer_collectors" (
	"tenant_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"collector_id" uuid NOT NULL,
	"assigned_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "customer_collectors_tenant_id_customer_id_pk" PRIMARY KEY("tenant_id","customer_id")
);
--> statement-breakpoint
CREATE TABLE "dispute_notes" (
	"tenant_id" uuid NOT NULL,
	"note_id" uuid NOT NULL,
	"dispute_id" uuid NOT NULL,
	"author_name" text NOT NULL,
	"author_key_id" uuid,
	"text" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dispute_notes_tenant_id_note_id_pk" PRIMARY KEY("tenant_id","note_id")
);
--> statement-breakpoint
CREATE TABLE "disputes" (
	"tenant_id" uuid NOT NULL,
	"dispute_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"reason_code" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"opened_at" timestamp with time zone DEFAULT now() NOT NULL,
	"opened_by_name" text NOT NULL,
	"opened_by_key_id" uuid,
	"closed_at" timestamp with time zone,
	"closed_by_name" text,
	"closed_by_key_id" uuid,
	"resolution" text,
	"credit_note_id" uuid,
	CONSTRAINT "disputes_tenant_id_dispute_id_pk" PRIMARY KEY("tenant_id","dispute_id"),
	CONSTRAINT "disputes_reason_check" CHECK ("disputes"."reason_code" in ('pricing','quantity','quality','not_received','duplicate','other')),
	CONSTRAINT "disputes_status_check" CHECK ("disputes"."status" in ('open','resolved','rejected')),
	CONSTRAINT "disputes_amount_check" CHECK ("disputes"."amount_minor" > 0),
	CONSTRAINT "disputes_resolved_check" CHECK ("disputes"."status" <> 'resolved' or "disputes"."credit_note_id" is not null),
	CONSTRAINT "disputes_closed_check" CHECK (("disputes"."status" = 'open') = ("disputes"."closed_at" is null))
);
--> statement-breakpoint
CREATE TABLE "promise_invoices" (
	"tenant_id" uuid NOT NULL,
	"promise_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	CONSTRAINT "promise_invoices_tenant_id_promise_id_invoice_id_pk" PRIMARY KEY("tenant_id","promise_id","invoice_id")
);
--> statement-breakpoint
CREATE TABLE "promises" (
	"tenant_id" uuid NOT NULL,
	"promise_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"amount_minor" bigint NOT NULL,
	"made_on" date NOT NULL,
	"promised_on" date NOT NULL,
	"keep_by" date NOT NULL,
	"invoice_count" integer NOT NULL,
	"status" text DEFAULT 'open' NOT NULL,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by_name" text NOT NULL,
	"created_by_key_id" uuid,
	"settled_on" date,
	"settled_at" timestamp with time zone,
	"paid_minor" bigint,
	"cancel_reason" text,
	CONSTRAINT "promises_tenant_id_promise_id_pk" PRIMARY KEY("tenant_id","promise_id"),
	CONSTRAINT "promises_status_check" CHECK ("promises"."status" in ('open','kept','broken','cancelled')),
	CONSTRAINT "promises_amount_check" CHECK ("promises"."amount_minor" > 0),
	CONSTRAINT "promises_dates_check" CHECK ("promises"."keep_by" >= "promises"."promised_on" and "promises"."promised_on" >= "promises"."made_on"),
	CONSTRAINT "promises_settled_check" CHECK (("promises"."status" = 'open') = ("promises"."settled_on" is null))
);
--> statement-breakpoint
CREATE TABLE "credit_holds" (
	"tenant_id" uuid NOT NULL,
	"hold_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"reasons" text[] DEFAULT '{}' NOT NULL,
	"note" text,
	"set_on" date NOT NULL,
	"set_at" timestamp with time zone DEFAULT now() NOT NULL,
	"set_by_name" text NOT NULL,
	"set_by_key_id" uuid,
	"released_at" timestamp with time zone,
	"released_by_name" text,
	"released_by_key_id" uuid,
	"release_note" text,
	CONSTRAINT "credit_holds_tenant_id_hold_id_pk" PRIMARY KEY("tenant_id","hold_id"),
	CONSTRAINT "credit_holds_kind_check" CHECK ("credit_holds"."kind" in ('manual','automatic'))
);
--> statement-breakpoint
CREATE TABLE "credit_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"hold_overdue_days" integer,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "credit_settings_overdue_check" CHECK ("credit_settings"."hold_overdue_days" is null or "credit_settings"."hold_overdue_days" between 1 and 3650)
);
--> statement-breakpoint
ALTER TABLE "api_keys" DROP CONSTRAINT "api_keys_role_check";--> statement-breakpoint
ALTER TABLE "activities" ADD CONSTRAINT "activities_tenant_id_customer_id_customers_tenant_id_customer_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "collectors" ADD CONSTRAINT "collectors_tenant_id_api_key_id_api_keys_tenant_id_key_id_fk" FOREIGN KEY ("tenant_id","api_key_id") REFERENCES "public"."api_keys"("tenant_id","key_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_collectors" ADD CONSTRAINT "customer_collectors_tenant_id_customer_id_customers_tenant_id_customer_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "customer_collectors" ADD CONSTRAINT "customer_collectors_tenant_id_collector_id_collectors_tenant_id_collector_id_fk" FOREIGN KEY ("tenant_id","collector_id") REFERENCES "public"."collectors"("tenant_id","collector_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dispute_notes" ADD CONSTRAINT "dispute_notes_tenant_id_dispute_id_disputes_tenant_id_dispute_id_fk" FOREIGN KEY ("tenant_id","dispute_id") REFERENCES "public"."disputes"("tenant_id","dispute_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "disputes" ADD CONSTRAINT "disputes_tenant_id_invoice_id_invoices_tenant_id_invoice_id_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","invoice_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_invoices" ADD CONSTRAINT "promise_invoices_tenant_id_promise_id_promises_tenant_id_promise_id_fk" FOREIGN KEY ("tenant_id","promise_id") REFERENCES "public"."promises"("tenant_id","promise_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promise_invoices" ADD CONSTRAINT "promise_invoices_tenant_id_invoice_id_invoices_tenant_id_invoice_id_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","invoice_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "promises" ADD CONSTRAINT "promises_tenant_id_customer_id_customers_tenant_id_customer_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "credit_holds" ADD CONSTRAINT "credit_holds_tenant_id_customer_id_customers_tenant_id_customer_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "activities_customer_idx" ON "activities" USING btree ("tenant_id","customer_id","occurred_at");--> statement-breakpoint
CREATE UNIQUE INDEX "collectors_email_uq" ON "collectors" USING btree ("tenant_id",lower("email"));--> statement-breakpoint
CREATE UNIQUE INDEX "collectors_api_key_uq" ON "collectors" USING btree ("tenant_id","api_key_id") WHERE "collectors"."api_key_id" is not null;--> statement-breakpoint
CREATE INDEX "customer_collectors_collector_idx" ON "customer_collectors" USING btree ("tenant_id","collector_id");--> statement-breakpoint
CREATE INDEX "dispute_notes_dispute_idx" ON "dispute_notes" USING btree ("tenant_id","dispute_id");--> statement-breakpoint
CREATE UNIQUE INDEX "disputes_open_uq" ON "disputes" USING btree ("tenant_id","invoice_id") WHERE "disputes"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "disputes_credit_note_uq" ON "disputes" USING btree ("tenant_id","credit_note_id") WHERE "disputes"."credit_note_id" is not null;--> statement-breakpoint
CREATE INDEX "disputes_customer_idx" ON "disputes" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "promise_invoices_invoice_idx" ON "promise_invoices" USING btree ("tenant_id","invoice_id");--> statement-breakpoint
CREATE INDEX "promises_customer_idx" ON "promises" USING btree ("tenant_id","customer_id");--> statement-breakpoint
CREATE INDEX "promises_open_idx" ON "promises" USING btree ("tenant_id","keep_by") WHERE "promises"."status" = 'open';--> statement-breakpoint
CREATE UNIQUE INDEX "credit_holds_active_uq" ON "credit_holds" USING btree ("tenant_id","customer_id","kind") WHERE "credit_holds"."released_at" is null;--> statement-breakpoint
CREATE INDEX "credit_holds_customer_idx" ON "credit_holds" USING btree ("tenant_id","customer_id");--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_role_check" CHECK ("api_keys"."role" in ('admin','credit_manager','accountant','collector','viewer'));