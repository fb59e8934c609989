CREATE TABLE "tenant_smtp_settings" (
	"tenant_id" uuid PRIMARY KEY NOT NULL,
	"host" text NOT NULL,
	"port" integer NOT NULL,
	"security" text NOT NULL,
	"username" text,
	"password_sealed" text,
	"updated_at" timestamp with time zone NOT NULL,
	CONSTRAINT "tenant_smtp_settings_security_check" CHECK ("tenant_smtp_settings"."security" in ('none', 'starttls', 'tls')),
	CONSTRAINT "tenant_smtp_settings_port_check" CHECK ("tenant_smtp_settings"."port" between 1 and 65535),
	CONSTRAINT "tenant_smtp_settings_sealed_check" CHECK ("tenant_smtp_settings"."password_sealed" is null or "tenant_smtp_settings"."password_sealed" like 'v1:%')
);
