CREATE TABLE "cash_application_rules" (
	"tenant_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"name" text NOT NULL,
	"priority" integer NOT NULL,
	"enabled" boolean DEFAULT true NOT NULL,
	"conditions" jsonb NOT NULL,
	"action" jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "cash_application_rules_tenant_id_rule_id_pk" PRIMARY KEY("tenant_id","rule_id"),
	CONSTRAINT "cash_application_rules_priority_check" CHECK ("cash_application_rules"."priority" >= 0)
);
