/**
 * Derived from the journal, never a source: the AR at past month ends per currency and customer
 * (total, current = not yet due, over 90 days past due; in the currency and in the base currency),
 * as the aging report as of that day rebuilds it, so the KPI report need not rebuild twelve month
 * ends on every call. A month end's rows hold while no journal entry effective on or before it has
 * been posted since (`entry_no` above the mark's); else they are rebuilt (kpi-snapshot.service.ts).
 */
import { bigint, index, numeric, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { businessDate, instant, tenantId } from '../../db/columns.ts';

/** Sums in numeric, exact and unbounded, as the reports keep them (db/sums.ts). */
const sum = (name: string) => numeric(name).notNull();

export const kpiArSnapshots = pgTable(
  'kpi_ar_snapshots',
  {
    tenantId: tenantId(),
    asOf: businessDate('as_of'),
    currency: text('currency'),
    /** The customer the AR lines name (null only if a line names none; no scope selects those). */
    customerId: uuid('customer_id'),
    totalMinor: sum('total_minor'),
    currentMinor: sum('current_minor'),
    over90Minor: sum('over90_minor'),
    totalBaseMinor: sum('total_base_minor'),
    currentBaseMinor: sum('current_base_minor'),
    over90BaseMinor: sum('over90_base_minor'),
  },
  (t) => [index('kpi_ar_snapshots_as_of_idx').on(t.tenantId, t.asOf, t.currency)],
);

/**
 * Invoices settled by payment in the month ending on `as_of`, per currency and customer: the
 * columns of the activity's `SettlementRow` (kpi-activity.repository.ts), over the invoices' totals
 * and (`_base`) over their issue lines' base amounts.
 */
export const kpiSettlementSnapshots = pgTable(
  'kpi_settlement_snapshots',
  {
    tenantId: tenantId(),
    asOf: businessDate('as_of').notNull(),
    currency: text('currency').notNull(),
    customerId: uuid('customer_id'),
    invoices: sum('invoices'),
    withinTerms: sum('within_terms'),
    amount: sum('amount'),
    amountWithinTerms: sum('amount_within_terms'),
    daysToPay: sum('days_to_pay'),
    daysLate: sum('days_late'),
    daysToPayWeighted: sum('days_to_pay_weighted'),
    daysLateWeighted: sum('days_late_weighted'),
    invoicesBase: sum('invoices_base'),
    withinTermsBase: sum('within_terms_base'),
    amountBase: sum('amount_base'),
    amountWithinTermsBase: sum('amount_within_terms_base'),
    daysToPayBase: sum('days_to_pay_base'),
    daysLateBase: sum('days_late_base'),
    daysToPayWeightedBase: sum('days_to_pay_weighted_base'),
    daysLateWeightedBase: sum('days_late_weighted_base'),
  },
  (t) => [index('kpi_settlement_snapshots_as_of_idx').on(t.tenantId, t.asOf, t.currency)],
);

/** One per month end snapshotted: the journal's highest entry number when its rows were built. */
export const kpiArSnapshotMarks = pgTable(
  'kpi_ar_snapshot_marks',
  {
    tenantId: tenantId(),
    asOf: businessDate('as_of'),
    entryNo: bigint('entry_no', { mode: 'bigint' }).notNull(),
    builtAt: instant('built_at').notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.asOf] })],
);
