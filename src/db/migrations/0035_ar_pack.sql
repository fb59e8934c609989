ALTER TABLE "documents" DROP CONSTRAINT "documents_kind_check";--> statement-breakpoint
ALTER TABLE "documents" DROP CONSTRAINT "documents_link_check";--> statement-breakpoint
ALTER TABLE "outbox_messages" DROP CONSTRAINT "outbox_messages_kind_check";--> statement-breakpoint
ALTER TABLE "documents" ALTER COLUMN "customer_id" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "delivery_settings" ADD COLUMN "ar_pack" boolean DEFAULT false NOT NULL;--> statement-breakpoint
ALTER TABLE "delivery_settings" ADD COLUMN "ar_pack_recipients" text[] DEFAULT '{}'::text[] NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_kind_check" CHECK ("documents"."kind" in ('invoice','credit_note','statement','dunning_letter','ar_pack'));--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_link_check" CHECK (("documents"."kind" in ('invoice','credit_note')) = ("documents"."invoice_id" is not null) and ("documents"."kind" = 'dunning_letter') = ("documents"."letter_id" is not null) and ("documents"."kind" in ('statement','dunning_letter','ar_pack')) = ("documents"."as_of" is not null) and ("documents"."kind" = 'dunning_letter') = ("documents"."layout_data" is not null) and ("documents"."kind" = 'ar_pack') = ("documents"."customer_id" is null));--> statement-breakpoint
ALTER TABLE "outbox_messages" ADD CONSTRAINT "outbox_messages_kind_check" CHECK ("outbox_messages"."kind" in ('invoice','credit_note','statement','dunning','promise_confirmation','security_alert','receivables_alert','ar_pack'));