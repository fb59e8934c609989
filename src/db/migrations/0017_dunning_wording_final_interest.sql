ALTER TABLE "dunning_letters" ADD COLUMN "template_level" integer;--> statement-breakpoint
ALTER TABLE "dunning_policies" ADD COLUMN "final_interest_statement" boolean DEFAULT false NOT NULL;