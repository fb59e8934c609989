ALTER TABLE "bank_transactions" ADD COLUMN "customer_id" uuid;--> statement-breakpoint
ALTER TABLE "bank_transactions" ADD COLUMN "confidence" numeric;--> statement-breakpoint
ALTER TABLE "bank_transactions" ADD COLUMN "decision" jsonb;--> statement-breakpoint
ALTER TABLE "bank_transactions" ADD COLUMN "processed_at" timestamp with time zone;