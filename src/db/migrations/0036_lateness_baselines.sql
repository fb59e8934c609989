CREATE TABLE "alert_lateness_baselines" (
	"tenant_id" uuid NOT NULL,
	"rule_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"days_late_hundredths" integer NOT NULL,
	"observed_on" date NOT NULL,
	CONSTRAINT "alert_lateness_baselines_tenant_id_rule_id_customer_id_pk" PRIMARY KEY("tenant_id","rule_id","customer_id")
);
--> statement-breakpoint
ALTER TABLE "alert_rules" DROP CONSTRAINT "alert_rules_kind_check";--> statement-breakpoint
ALTER TABLE "alert_rules" ADD CONSTRAINT "alert_rules_kind_check" CHECK ("alert_rules"."kind" in ('invoice_overdue','promise_broken','unapplied_cash','predicted_lateness_jump'));