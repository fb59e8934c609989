ALTER TABLE "invoices" ADD COLUMN "void_reason" text;--> statement-breakpoint
-- Invoices voided before this column: the reason their reversal entry carries ("Reversal of: … — void: <reason>").
UPDATE "invoices" i SET "void_reason" = nullif(substring(e."description" from ' — void: (.*)$'), '')
FROM "journal_entries" e
WHERE i."status" = 'void' AND e."tenant_id" = i."tenant_id" AND e."event_code" = 'invoice.voided'
  AND EXISTS (SELECT 1 FROM "journal_lines" l
              WHERE l."tenant_id" = e."tenant_id" AND l."entry_id" = e."entry_id" AND l."invoice_id" = i."invoice_id");
