CREATE TABLE "payment_models" (
	"tenant_id" uuid NOT NULL,
	"status" text NOT NULL,
	"trained_at" timestamp with time zone NOT NULL,
	"as_of" date NOT NULL,
	"paid_invoices" integer NOT NULL,
	"holdout_size" integer,
	"holdout_from" date,
	"holdout_model_mae" double precision,
	"holdout_baseline_mae" double precision,
	"model" jsonb,
	CONSTRAINT "payment_models_tenant_id_pk" PRIMARY KEY("tenant_id")
);
