CREATE TABLE "dunning_base_rates" (
	"tenant_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"effective_from" date NOT NULL,
	"rate_pct" numeric NOT NULL,
	CONSTRAINT "dunning_base_rates_tenant_id_policy_id_effective_from_pk" PRIMARY KEY("tenant_id","policy_id","effective_from")
);
--> statement-breakpoint
CREATE TABLE "dunning_category_policies" (
	"tenant_id" uuid NOT NULL,
	"category_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	CONSTRAINT "dunning_category_policies_tenant_id_category_id_pk" PRIMARY KEY("tenant_id","category_id")
);
--> statement-breakpoint
CREATE TABLE "dunning_customers" (
	"tenant_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"policy_id" uuid,
	"hold_reason" text,
	"hold_until" date,
	"hold_set_at" timestamp with time zone,
	"handed_over_on" date,
	"handed_over_letter_id" uuid,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dunning_customers_tenant_id_customer_id_pk" PRIMARY KEY("tenant_id","customer_id"),
	CONSTRAINT "dunning_customers_hold_check" CHECK ("dunning_customers"."hold_until" is null or "dunning_customers"."hold_reason" is not null)
);
--> statement-breakpoint
CREATE TABLE "dunning_invoice_states" (
	"tenant_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"level_no" integer NOT NULL,
	"offset_days" integer NOT NULL,
	"sent_on" date NOT NULL,
	"interest_through" date,
	CONSTRAINT "dunning_invoice_states_tenant_id_invoice_id_pk" PRIMARY KEY("tenant_id","invoice_id")
);
--> statement-breakpoint
CREATE TABLE "dunning_letters" (
	"tenant_id" uuid NOT NULL,
	"letter_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"as_of" date NOT NULL,
	"policy_id" uuid NOT NULL,
	"level_no" integer NOT NULL,
	"template_key" text NOT NULL,
	"channel" text NOT NULL,
	"status" text NOT NULL,
	"open_minor" bigint NOT NULL,
	"overdue_minor" bigint NOT NULL,
	"fee_minor" bigint DEFAULT 0 NOT NULL,
	"interest_minor" bigint DEFAULT 0 NOT NULL,
	"charge_invoice_id" uuid,
	"hands_over" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"status_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dunning_letters_tenant_id_letter_id_pk" PRIMARY KEY("tenant_id","letter_id"),
	CONSTRAINT "dunning_letters_channel_check" CHECK ("dunning_letters"."channel" in ('email','letter','none')),
	CONSTRAINT "dunning_letters_status_check" CHECK ("dunning_letters"."status" in ('planned','queued','sent','failed','recorded')),
	CONSTRAINT "dunning_letters_amounts_check" CHECK ("dunning_letters"."open_minor" >= 0 and "dunning_letters"."overdue_minor" >= 0 and "dunning_letters"."fee_minor" >= 0 and "dunning_letters"."interest_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "dunning_level_fees" (
	"tenant_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"level_no" integer NOT NULL,
	"currency" text NOT NULL,
	"fee_minor" bigint NOT NULL,
	CONSTRAINT "dunning_level_fees_tenant_id_policy_id_level_no_currency_pk" PRIMARY KEY("tenant_id","policy_id","level_no","currency"),
	CONSTRAINT "dunning_level_fees_amount_check" CHECK ("dunning_level_fees"."fee_minor" > 0)
);
--> statement-breakpoint
CREATE TABLE "dunning_notices" (
	"tenant_id" uuid NOT NULL,
	"invoice_id" uuid NOT NULL,
	"level_no" integer NOT NULL,
	"letter_id" uuid NOT NULL,
	"offset_days" integer NOT NULL,
	"sent_on" date NOT NULL,
	"open_minor" bigint NOT NULL,
	"days_overdue" integer NOT NULL,
	"interest_minor" bigint DEFAULT 0 NOT NULL,
	"interest_from" date,
	"interest_through" date,
	"interest_detail" jsonb,
	CONSTRAINT "dunning_notices_tenant_id_invoice_id_level_no_pk" PRIMARY KEY("tenant_id","invoice_id","level_no"),
	CONSTRAINT "dunning_notices_interest_check" CHECK (("dunning_notices"."interest_from" is null) = ("dunning_notices"."interest_through" is null) and ("dunning_notices"."interest_from" is null or "dunning_notices"."interest_from" <= "dunning_notices"."interest_through"))
);
--> statement-breakpoint
CREATE TABLE "dunning_policies" (
	"tenant_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"name" text NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"grace_days" integer DEFAULT 0 NOT NULL,
	"interest_day_count" text,
	"interest_margin_pct" numeric,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dunning_policies_tenant_id_policy_id_pk" PRIMARY KEY("tenant_id","policy_id"),
	CONSTRAINT "dunning_policies_grace_check" CHECK ("dunning_policies"."grace_days" between 0 and 365),
	CONSTRAINT "dunning_policies_day_count_check" CHECK ("dunning_policies"."interest_day_count" is null or "dunning_policies"."interest_day_count" in ('act/365','act/360','act/act'))
);
--> statement-breakpoint
CREATE TABLE "dunning_policy_levels" (
	"tenant_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"level_no" integer NOT NULL,
	"offset_days" integer NOT NULL,
	"template_key" text NOT NULL,
	"channel" text NOT NULL,
	"charges_interest" boolean DEFAULT false NOT NULL,
	"hands_over" boolean DEFAULT false NOT NULL,
	CONSTRAINT "dunning_policy_levels_tenant_id_policy_id_level_no_pk" PRIMARY KEY("tenant_id","policy_id","level_no"),
	CONSTRAINT "dunning_policy_levels_channel_check" CHECK ("dunning_policy_levels"."channel" in ('email','letter','none')),
	CONSTRAINT "dunning_policy_levels_no_check" CHECK ("dunning_policy_levels"."level_no" >= 1)
);
--> statement-breakpoint
CREATE TABLE "dunning_policy_minimums" (
	"tenant_id" uuid NOT NULL,
	"policy_id" uuid NOT NULL,
	"currency" text NOT NULL,
	"minimum_minor" bigint NOT NULL,
	CONSTRAINT "dunning_policy_minimums_tenant_id_policy_id_currency_pk" PRIMARY KEY("tenant_id","policy_id","currency"),
	CONSTRAINT "dunning_policy_minimums_amount_check" CHECK ("dunning_policy_minimums"."minimum_minor" >= 0)
);
--> statement-breakpoint
CREATE TABLE "dunning_runs" (
	"tenant_id" uuid NOT NULL,
	"run_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"letter_count" integer NOT NULL,
	"notice_count" integer NOT NULL,
	"skipped_count" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dunning_runs_tenant_id_run_id_pk" PRIMARY KEY("tenant_id","run_id")
);
--> statement-breakpoint
ALTER TABLE "dunning_base_rates" ADD CONSTRAINT "dunning_base_rates_tenant_id_policy_id_dunning_policies_tenant_id_policy_id_fk" FOREIGN KEY ("tenant_id","policy_id") REFERENCES "public"."dunning_policies"("tenant_id","policy_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_category_policies" ADD CONSTRAINT "dunning_category_policies_tenant_id_category_id_customer_categories_tenant_id_category_id_fk" FOREIGN KEY ("tenant_id","category_id") REFERENCES "public"."customer_categories"("tenant_id","category_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_category_policies" ADD CONSTRAINT "dunning_category_policies_tenant_id_policy_id_dunning_policies_tenant_id_policy_id_fk" FOREIGN KEY ("tenant_id","policy_id") REFERENCES "public"."dunning_policies"("tenant_id","policy_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_customers" ADD CONSTRAINT "dunning_customers_tenant_id_customer_id_customers_tenant_id_customer_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_customers" ADD CONSTRAINT "dunning_customers_tenant_id_policy_id_dunning_policies_tenant_id_policy_id_fk" FOREIGN KEY ("tenant_id","policy_id") REFERENCES "public"."dunning_policies"("tenant_id","policy_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_level_fees" ADD CONSTRAINT "dunning_level_fees_tenant_id_policy_id_level_no_dunning_policy_levels_tenant_id_policy_id_level_no_fk" FOREIGN KEY ("tenant_id","policy_id","level_no") REFERENCES "public"."dunning_policy_levels"("tenant_id","policy_id","level_no") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_policy_levels" ADD CONSTRAINT "dunning_policy_levels_tenant_id_policy_id_dunning_policies_tenant_id_policy_id_fk" FOREIGN KEY ("tenant_id","policy_id") REFERENCES "public"."dunning_policies"("tenant_id","policy_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "dunning_policy_minimums" ADD CONSTRAINT "dunning_policy_minimums_tenant_id_policy_id_dunning_policies_tenant_id_policy_id_fk" FOREIGN KEY ("tenant_id","policy_id") REFERENCES "public"."dunning_policies"("tenant_id","policy_id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "dunning_letters_day_uq" ON "dunning_letters" USING btree ("tenant_id","as_of","customer_id","currency");--> statement-breakpoint
CREATE INDEX "dunning_letters_customer_idx" ON "dunning_letters" USING btree ("tenant_id","customer_id","letter_id");--> statement-breakpoint
CREATE INDEX "dunning_notices_letter_idx" ON "dunning_notices" USING btree ("tenant_id","letter_id");--> statement-breakpoint
CREATE UNIQUE INDEX "dunning_policies_name_uq" ON "dunning_policies" USING btree ("tenant_id","name");--> statement-breakpoint
CREATE UNIQUE INDEX "dunning_policies_default_uq" ON "dunning_policies" USING btree ("tenant_id") WHERE "dunning_policies"."is_default";--> statement-breakpoint
CREATE UNIQUE INDEX "dunning_policy_levels_offset_uq" ON "dunning_policy_levels" USING btree ("tenant_id","policy_id","offset_days");--> statement-breakpoint
CREATE INDEX "dunning_runs_as_of_idx" ON "dunning_runs" USING btree ("tenant_id","as_of");