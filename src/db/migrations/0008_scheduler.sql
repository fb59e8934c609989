CREATE TABLE "job_claims" (
	"tenant_id" uuid NOT NULL,
	"job_name" text NOT NULL,
	"run_key" text NOT NULL,
	"state" text NOT NULL,
	"boss_job_id" uuid NOT NULL,
	"attempts" integer DEFAULT 1 NOT NULL,
	"claimed_at" timestamp with time zone DEFAULT now() NOT NULL,
	"finished_at" timestamp with time zone,
	"output" jsonb,
	"error" text,
	CONSTRAINT "job_claims_tenant_id_job_name_run_key_pk" PRIMARY KEY("tenant_id","job_name","run_key"),
	CONSTRAINT "job_claims_state_check" CHECK ("job_claims"."state" in ('running','completed','failed'))
);
--> statement-breakpoint
ALTER TABLE "job_claims" ADD CONSTRAINT "job_claims_tenant_fk" FOREIGN KEY ("tenant_id") REFERENCES "public"."tenants"("tenant_id") ON DELETE no action ON UPDATE no action;