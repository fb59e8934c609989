CREATE TABLE "saved_views" (
	"tenant_id" uuid NOT NULL,
	"view_id" uuid NOT NULL,
	"owner_user_id" uuid NOT NULL,
	"page" text NOT NULL,
	"name" text NOT NULL,
	"query" text NOT NULL,
	"shared" boolean DEFAULT false NOT NULL,
	"is_default" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "saved_views_tenant_id_view_id_pk" PRIMARY KEY("tenant_id","view_id"),
	CONSTRAINT "saved_views_page_check" CHECK ("saved_views"."page" in ('invoices'))
);
--> statement-breakpoint
ALTER TABLE "saved_views" ADD CONSTRAINT "saved_views_tenant_id_owner_user_id_users_tenant_id_user_id_fk" FOREIGN KEY ("tenant_id","owner_user_id") REFERENCES "public"."users"("tenant_id","user_id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "saved_views_name_uq" ON "saved_views" USING btree ("tenant_id","owner_user_id","page","name");--> statement-breakpoint
CREATE UNIQUE INDEX "saved_views_default_uq" ON "saved_views" USING btree ("tenant_id","owner_user_id","page") WHERE "saved_views"."is_default";--> statement-breakpoint
CREATE INDEX "invoices_due_sort_idx" ON "invoices" USING btree ("tenant_id","due_date","invoice_id");--> statement-breakpoint
CREATE INDEX "invoices_issue_sort_idx" ON "invoices" USING btree ("tenant_id","issue_date","invoice_id");--> statement-breakpoint
CREATE INDEX "invoices_total_sort_idx" ON "invoices" USING btree ("tenant_id","total_minor","invoice_id");--> statement-breakpoint
CREATE INDEX "invoices_open_sort_idx" ON "invoices" USING btree ("tenant_id","open_minor","invoice_id");--> statement-breakpoint
CREATE INDEX "invoices_number_sort_idx" ON "invoices" USING btree ("tenant_id","number","invoice_id");