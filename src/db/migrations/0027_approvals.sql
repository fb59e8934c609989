CREATE TABLE "approval_policies" (
	"tenant_id" uuid NOT NULL,
	"policy" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "approval_policies_tenant_id_pk" PRIMARY KEY("tenant_id")
);
--> statement-breakpoint
CREATE TABLE "approval_requests" (
	"tenant_id" uuid NOT NULL,
	"request_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"payload" jsonb NOT NULL,
	"amount_minor" bigint,
	"currency" text,
	"customer_id" uuid,
	"object_type" text NOT NULL,
	"object_id" uuid,
	"summary" text NOT NULL,
	"maker_name" text NOT NULL,
	"maker_key_id" uuid,
	"maker_user_id" uuid,
	"origin_channel" text NOT NULL,
	"requested_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"approver_level" text NOT NULL,
	"status" text NOT NULL,
	"checker_name" text,
	"checker_key_id" uuid,
	"checker_user_id" uuid,
	"decided_at" timestamp with time zone,
	"decision_reason" text,
	"result" jsonb,
	CONSTRAINT "approval_requests_tenant_id_request_id_pk" PRIMARY KEY("tenant_id","request_id"),
	CONSTRAINT "approval_requests_status_check" CHECK ("approval_requests"."status" in ('pending','approved','rejected','cancelled','expired','failed')),
	CONSTRAINT "approval_requests_level_check" CHECK ("approval_requests"."approver_level" in ('write','credit','admin')),
	CONSTRAINT "approval_requests_amount_check" CHECK (("approval_requests"."amount_minor" is null) = ("approval_requests"."currency" is null) and ("approval_requests"."amount_minor" is null or "approval_requests"."amount_minor" >= 0))
);
--> statement-breakpoint
CREATE INDEX "approval_requests_status_idx" ON "approval_requests" USING btree ("tenant_id","status","request_id");--> statement-breakpoint
CREATE INDEX "approval_requests_customer_idx" ON "approval_requests" USING btree ("tenant_id","customer_id");