CREATE TABLE "numbering_counters" (
	"tenant_id" uuid NOT NULL,
	"series" text NOT NULL,
	"year" integer NOT NULL,
	"next_value" bigint NOT NULL,
	CONSTRAINT "numbering_counters_tenant_id_series_year_pk" PRIMARY KEY("tenant_id","series","year"),
	CONSTRAINT "numbering_counters_next_value_check" CHECK ("numbering_counters"."next_value" >= 1)
);
--> statement-breakpoint
ALTER TABLE "numbering_series" ADD COLUMN "kind" text DEFAULT 'invoice' NOT NULL;--> statement-breakpoint
ALTER TABLE "numbering_series" ADD COLUMN "pattern" text;--> statement-breakpoint
-- Backfill: each series keeps its form (prefix + sequence) and its next number (one counter, year 0).
UPDATE "numbering_series" SET "pattern" = "prefix" || '{seq}',
	"kind" = CASE "series" WHEN 'CN' THEN 'credit_note' WHEN 'DUN' THEN 'dunning_charge' ELSE 'invoice' END;--> statement-breakpoint
INSERT INTO "numbering_series" ("tenant_id", "series", "kind", "pattern", "padding")
	SELECT DISTINCT "tenant_id", 'DUN', 'dunning_charge', 'DUN-{seq}', 6 FROM "numbering_series"
	ON CONFLICT DO NOTHING;--> statement-breakpoint
INSERT INTO "numbering_counters" ("tenant_id", "series", "year", "next_value")
	SELECT "tenant_id", "series", 0, "next_value" FROM "numbering_series";--> statement-breakpoint
ALTER TABLE "numbering_series" ALTER COLUMN "pattern" SET NOT NULL;--> statement-breakpoint
ALTER TABLE "numbering_series" DROP COLUMN "prefix";--> statement-breakpoint
ALTER TABLE "numbering_series" DROP COLUMN "next_value";
