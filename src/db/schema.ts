/** The one Drizzle schema: re-exports every module's tables (drizzle-kit reads this file). */
export * from '../jobs/jobs.tables.ts';
export * from '../modules/apikeys/apikeys.tables.ts';
export * from '../modules/bank/bank.tables.ts';
export * from '../modules/cash-application/rules.tables.ts';
export * from '../modules/collections/collections.tables.ts';
export * from '../modules/credit/credit.tables.ts';
export * from '../modules/customers/customers.tables.ts';
export * from '../modules/documents/documents.tables.ts';
export * from '../modules/dunning/dunning.tables.ts';
export * from '../modules/idempotency/idempotency.tables.ts';
export * from '../modules/invoices/invoices.tables.ts';
export * from '../modules/ledger/ledger.tables.ts';
export * from '../modules/messaging/messaging.tables.ts';
export * from '../modules/numbering/numbering.tables.ts';
export * from '../modules/receipts/receipts.tables.ts';
export * from '../modules/tenants/tenants.tables.ts';
export * from '../modules/terms/terms.tables.ts';
