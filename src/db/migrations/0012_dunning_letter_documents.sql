ALTER TABLE "documents" DROP CONSTRAINT "documents_kind_check";--> statement-breakpoint
ALTER TABLE "documents" DROP CONSTRAINT "documents_link_check";--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "letter_id" uuid;--> statement-breakpoint
ALTER TABLE "documents" ADD COLUMN "layout_data" jsonb;--> statement-breakpoint
ALTER TABLE "dunning_letters" ADD COLUMN "letterhead_version" integer;--> statement-breakpoint
ALTER TABLE "dunning_letters" ADD COLUMN "printed_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dunning_letters" ADD COLUMN "printed_by" text;--> statement-breakpoint
ALTER TABLE "dunning_letters" ADD COLUMN "printed_by_key_id" uuid;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_tenant_id_letter_id_dunning_letters_tenant_id_letter_id_fk" FOREIGN KEY ("tenant_id","letter_id") REFERENCES "public"."dunning_letters"("tenant_id","letter_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "documents_letter_uq" ON "documents" USING btree ("tenant_id","letter_id") WHERE "documents"."letter_id" is not null;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_kind_check" CHECK ("documents"."kind" in ('invoice','credit_note','statement','dunning_letter'));--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_link_check" CHECK (("documents"."kind" in ('invoice','credit_note')) = ("documents"."invoice_id" is not null) and ("documents"."kind" = 'dunning_letter') = ("documents"."letter_id" is not null) and ("documents"."kind" in ('statement','dunning_letter')) = ("documents"."as_of" is not null) and ("documents"."kind" = 'dunning_letter') = ("documents"."layout_data" is not null));--> statement-breakpoint
ALTER TABLE "dunning_letters" ADD CONSTRAINT "dunning_letters_printed_check" CHECK (("dunning_letters"."printed_at" is null) = ("dunning_letters"."printed_by" is null) and ("dunning_letters"."printed_at" is null or "dunning_letters"."channel" = 'letter'));