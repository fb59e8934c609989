DROP INDEX "invoices_status_idx";--> statement-breakpoint
DROP INDEX "journal_lines_account_idx";