CREATE TABLE "dispute_attachments" (
	"tenant_id" uuid NOT NULL,
	"dispute_id" uuid NOT NULL,
	"seq" integer NOT NULL,
	"file_name" text NOT NULL,
	"content_type" text NOT NULL,
	"content" "bytea" NOT NULL,
	"sha256" text NOT NULL,
	"byte_size" integer NOT NULL,
	"uploaded_by_name" text NOT NULL,
	"uploaded_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "dispute_attachments_tenant_id_dispute_id_seq_pk" PRIMARY KEY("tenant_id","dispute_id","seq"),
	CONSTRAINT "dispute_attachments_type_check" CHECK ("dispute_attachments"."content_type" in ('application/pdf','image/png','image/jpeg')),
	CONSTRAINT "dispute_attachments_size_check" CHECK ("dispute_attachments"."byte_size" between 1 and 5242880)
);
--> statement-breakpoint
CREATE TABLE "portal_links" (
	"tenant_id" uuid NOT NULL,
	"link_id" uuid NOT NULL,
	"customer_id" uuid NOT NULL,
	"purpose" text NOT NULL,
	"message_id" uuid,
	"created_by_name" text NOT NULL,
	"created_at" timestamp with time zone NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"revoked_by_name" text,
	"last_used_at" timestamp with time zone,
	CONSTRAINT "portal_links_tenant_id_link_id_pk" PRIMARY KEY("tenant_id","link_id"),
	CONSTRAINT "portal_links_purpose_check" CHECK ("portal_links"."purpose" in ('invoice_email','statement_email','dunning_email','manual'))
);
--> statement-breakpoint
CREATE TABLE "portal_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"enabled" boolean DEFAULT false NOT NULL,
	"public_url" text,
	"link_validity_days" integer DEFAULT 60 NOT NULL,
	"partial_payments" boolean DEFAULT false NOT NULL,
	"signing_key" text,
	"key_rotated_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "portal_settings_validity_check" CHECK ("portal_settings"."link_validity_days" between 1 and 366)
);
--> statement-breakpoint
ALTER TABLE "dispute_attachments" ADD CONSTRAINT "dispute_attachments_tenant_id_dispute_id_disputes_tenant_id_dispute_id_fk" FOREIGN KEY ("tenant_id","dispute_id") REFERENCES "public"."disputes"("tenant_id","dispute_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "portal_links" ADD CONSTRAINT "portal_links_tenant_id_customer_id_customers_tenant_id_customer_id_fk" FOREIGN KEY ("tenant_id","customer_id") REFERENCES "public"."customers"("tenant_id","customer_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "portal_links_link_idx" ON "portal_links" USING btree ("link_id");--> statement-breakpoint
CREATE INDEX "portal_links_customer_idx" ON "portal_links" USING btree ("tenant_id","customer_id","created_at");