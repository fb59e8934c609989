import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { businessDate, instant, minor, tenantId } from '../../db/columns.ts';
import { bankTransactions } from '../bank/bank.tables.ts';
import { tenants } from '../tenants/tenants.tables.ts';
import { ADVICE_STATUSES, type AdviceStatus } from './advices.ts';

/**
 * A remittance advice a customer sent apart from its payment (a CSV or e-mail list, a camt.054):
 * one lump sum and the invoices it pays. `status`: `open` until a run finds its bank line,
 * `matched` when the run found the line but left it for review (`transaction_id` names it),
 * `applied` when the line was booked per advice line. `dedupe_key` (a hash of what the advice
 * says) makes a re-imported advice a skip, not a second advice competing for the same line.
 */
export const remittanceAdvices = pgTable(
  'remittance_advices',
  {
    tenantId: tenantId(),
    adviceId: uuid('advice_id').notNull(),
    format: text('format').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    payerName: text('payer_name'),
    payerIban: text('payer_iban'),
    /** The payer's payment reference or end-to-end id, when the advice states one. */
    paymentReference: text('payment_reference'),
    adviceDate: businessDate('advice_date').notNull(),
    currency: text('currency').notNull(),
    totalMinor: minor('total_minor').notNull(),
    status: text('status').$type<AdviceStatus>().notNull().default('open'),
    transactionId: uuid('transaction_id'),
    importedAt: instant('imported_at').notNull().defaultNow(),
    statusAt: instant('status_at'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.adviceId] }),
    uniqueIndex('remittance_advices_dedupe_uq').on(t.tenantId, t.dedupeKey),
    index('remittance_advices_status_idx').on(t.tenantId, t.status),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.tenantId] }).onDelete('cascade'),
    foreignKey({
      columns: [t.tenantId, t.transactionId],
      foreignColumns: [bankTransactions.tenantId, bankTransactions.transactionId],
    }),
    check(
      'remittance_advices_status_check',
      sql`${t.status} in (${sql.raw(ADVICE_STATUSES.map((s) => `'${s}'`).join(','))})`,
    ),
    check('remittance_advices_total_check', sql`${t.totalMinor} > 0`),
  ],
);

/** The lines of an advice: each invoice as the payer wrote it, the amount paid on it, and why less. */
export const remittanceAdviceLines = pgTable(
  'remittance_advice_lines',
  {
    tenantId: tenantId(),
    adviceId: uuid('advice_id').notNull(),
    lineNo: integer('line_no').notNull(),
    /** The invoice reference as written (`RE 4711`, `INV-004711`). */
    reference: text('reference').notNull(),
    amountMinor: minor('amount_minor').notNull(),
    reason: text('reason'),
    /** The line of the file it was read from. */
    sourceLine: integer('source_line').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.adviceId, t.lineNo] }),
    foreignKey({
      columns: [t.tenantId, t.adviceId],
      foreignColumns: [remittanceAdvices.tenantId, remittanceAdvices.adviceId],
    }).onDelete('cascade'),
  ],
);
