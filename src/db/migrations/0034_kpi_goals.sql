CREATE TABLE "kpi_goals" (
	"tenant_id" uuid NOT NULL,
	"goal_id" uuid NOT NULL,
	"name" text NOT NULL,
	"kpi" text NOT NULL,
	"comparison" text NOT NULL,
	"target_hundredths" bigint NOT NULL,
	"period_kind" text NOT NULL,
	"currency" text,
	"valid_from" text,
	"notify_roles" jsonb NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "kpi_goals_tenant_id_goal_id_pk" PRIMARY KEY("tenant_id","goal_id"),
	CONSTRAINT "kpi_goals_comparison_check" CHECK ("kpi_goals"."comparison" in ('at_most','at_least')),
	CONSTRAINT "kpi_goals_period_kind_check" CHECK ("kpi_goals"."period_kind" in ('month','quarter'))
);
