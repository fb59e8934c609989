CREATE TABLE "documents" (
	"tenant_id" uuid NOT NULL,
	"document_id" uuid NOT NULL,
	"kind" text NOT NULL,
	"invoice_id" uuid,
	"customer_id" uuid NOT NULL,
	"as_of" date,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"byte_size" integer NOT NULL,
	"language" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "documents_tenant_id_document_id_pk" PRIMARY KEY("tenant_id","document_id"),
	CONSTRAINT "documents_kind_check" CHECK ("documents"."kind" in ('invoice','credit_note','statement')),
	CONSTRAINT "documents_link_check" CHECK (("documents"."kind" = 'statement') = ("documents"."invoice_id" is null) and ("documents"."kind" = 'statement') = ("documents"."as_of" is not null)),
	CONSTRAINT "documents_size_check" CHECK ("documents"."byte_size" = octet_length("documents"."content")),
	CONSTRAINT "documents_sha256_check" CHECK ("documents"."sha256" ~ '^[0-9a-f]{64}$')
);
--> statement-breakpoint
CREATE TABLE "tenant_letterheads" (
	"tenant_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"name" text NOT NULL,
	"legal_name" text,
	"country" text,
	"tax_id" text,
	"address" jsonb,
	"iban" text,
	"bic" text,
	"bank_name" text,
	"email" text,
	"phone" text,
	"website" text,
	"registration" text,
	"footer" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tenant_letterheads_tenant_id_version_pk" PRIMARY KEY("tenant_id","version"),
	CONSTRAINT "tenant_letterheads_version_check" CHECK ("tenant_letterheads"."version" >= 1)
);
--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "letterhead_version" integer;--> statement-breakpoint
ALTER TABLE "invoices" ADD COLUMN "bill_to" jsonb;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "bic" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "bank_name" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "email" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "phone" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "website" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "registration" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "footer" text;--> statement-breakpoint
ALTER TABLE "tenants" ADD COLUMN "letterhead_version" integer DEFAULT 1 NOT NULL;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_tenant_id_invoice_id_invoices_tenant_id_invoice_id_fk" FOREIGN KEY ("tenant_id","invoice_id") REFERENCES "public"."invoices"("tenant_id","invoice_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "documents" ADD CONSTRAINT "documents_tenant_id_customer_id_customers_tenant_id_customer_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "documents_invoice_uq" ON "documents" USING btree ("tenant_id","invoice_id") WHERE "documents"."invoice_id" is not null;--> statement-breakpoint
CREATE UNIQUE INDEX "documents_statement_uq" ON "documents" USING btree ("tenant_id","customer_id","sha256") WHERE "documents"."kind" = 'statement';--> statement-breakpoint
CREATE INDEX "documents_customer_idx" ON "documents" USING btree ("tenant_id","customer_id");