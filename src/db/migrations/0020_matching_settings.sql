CREATE TABLE "matching_settings" (
	"tenant_id" uuid NOT NULL,
	"auto_apply_threshold" double precision NOT NULL,
	"auto_apply_margin" double precision NOT NULL,
	"customer_margin" double precision NOT NULL,
	"max_suggestions" integer NOT NULL,
	"bank_charge_tolerances" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "matching_settings_tenant_id_pk" PRIMARY KEY("tenant_id"),
	CONSTRAINT "matching_settings_threshold_check" CHECK ("matching_settings"."auto_apply_threshold" between 0.5 and 1),
	CONSTRAINT "matching_settings_margins_check" CHECK ("matching_settings"."auto_apply_margin" between 0 and 0.5 and "matching_settings"."customer_margin" between 0 and 0.5),
	CONSTRAINT "matching_settings_suggestions_check" CHECK ("matching_settings"."max_suggestions" between 1 and 10)
);
--> statement-breakpoint
ALTER TABLE "matching_settings" ADD CONSTRAINT "matching_settings_tenant_id_tenants_tenant_id_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("tenant_id") ON DELETE cascade ON UPDATE no action;