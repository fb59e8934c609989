CREATE TABLE "sessions" (
	"tenant_id" uuid NOT NULL,
	"session_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"token_hash" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"last_seen_at" timestamp with time zone NOT NULL,
	"ip" text,
	"user_agent" text,
	"revoked_at" timestamp with time zone,
	"revoked_reason" text,
	CONSTRAINT "sessions_tenant_id_session_id_pk" PRIMARY KEY("tenant_id","session_id")
);
--> statement-breakpoint
CREATE TABLE "users" (
	"tenant_id" uuid NOT NULL,
	"user_id" uuid NOT NULL,
	"email" text NOT NULL,
	"email_key" text NOT NULL,
	"name" text NOT NULL,
	"role" text NOT NULL,
	"password_hash" text NOT NULL,
	"must_change_password" boolean DEFAULT false NOT NULL,
	"disabled_at" timestamp with time zone,
	"failed_sign_ins" integer DEFAULT 0 NOT NULL,
	"locked_until" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"password_changed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "users_tenant_id_user_id_pk" PRIMARY KEY("tenant_id","user_id"),
	CONSTRAINT "users_role_check" CHECK ("users"."role" in ('admin','credit_manager','accountant','collector','viewer')),
	CONSTRAINT "users_failed_sign_ins_check" CHECK ("users"."failed_sign_ins" >= 0)
);
--> statement-breakpoint
ALTER TABLE "activities" ADD COLUMN "author_user_id" uuid;--> statement-breakpoint
ALTER TABLE "promises" ADD COLUMN "created_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "credit_holds" ADD COLUMN "set_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "credit_holds" ADD COLUMN "released_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "dispute_notes" ADD COLUMN "author_user_id" uuid;--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "opened_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "disputes" ADD COLUMN "closed_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "dunning_letters" ADD COLUMN "printed_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD COLUMN "posted_by_name" text;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD COLUMN "posted_by_key_id" uuid;--> statement-breakpoint
ALTER TABLE "journal_entries" ADD COLUMN "posted_by_user_id" uuid;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_tenant_id_user_id_users_tenant_id_user_id_fk" FOREIGN KEY ("tenant_id","user_id") REFERENCES "public"."users"("tenant_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "sessions_token_uq" ON "sessions" USING btree ("token_hash");--> statement-breakpoint
CREATE INDEX "sessions_user_idx" ON "sessions" USING btree ("tenant_id","user_id");--> statement-breakpoint
CREATE UNIQUE INDEX "users_email_uq" ON "users" USING btree ("tenant_id","email_key");--> statement-breakpoint
CREATE INDEX "users_email_key_idx" ON "users" USING btree ("email_key");