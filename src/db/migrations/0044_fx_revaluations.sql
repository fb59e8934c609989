CREATE TABLE "fx_revaluations" (
	"tenant_id" uuid NOT NULL,
	"revaluation_id" uuid NOT NULL,
	"as_of" date NOT NULL,
	"base_currency" text NOT NULL,
	"entry_id" uuid,
	"reversal_entry_id" uuid,
	"reversal_date" date NOT NULL,
	"currencies" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"revalued_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fx_revaluations_tenant_id_revaluation_id_pk" PRIMARY KEY("tenant_id","revaluation_id")
);
--> statement-breakpoint
CREATE UNIQUE INDEX "fx_revaluations_as_of_uq" ON "fx_revaluations" USING btree ("tenant_id","as_of");