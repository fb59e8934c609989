/**
 * The KPI report's activity figures and KPIs of one currency (docs/analytics.md, "The KPI report"):
 * payment within terms, days to pay and late, unapplied cash and its age, auto-application rate,
 * dispute rate and time to resolve, promise-kept rate — each from the journal and the documents
 * as of the period (kpi-activity.repository.ts), never from an invoice's status.
 */
import type { Queryable } from '../../db/client.ts';
import type { Ratio } from '../../shared/decimal.ts';
import { averagePer, percentage } from '../analytics/index.ts';
import {
  disputeActivityRows,
  type MonthRange,
  promiseActivityRows,
  receiptActivityRows,
  type SettlementRow,
  settlementRows,
  unappliedRows,
} from './kpi-activity.repository.ts';
import { type KpiSelection, pickRow } from './kpi-scope.ts';
import { snapshotSettlementRows } from './kpi-snapshot.repository.ts';

/** Invoices settled by payment in the period (their balance became zero, no write-off or void). */
export interface SettledFigures {
  invoices: bigint;
  /** Settled on or before the due date. */
  withinTerms: bigint;
  amountMinor: bigint;
  amountWithinTermsMinor: bigint;
  /** Σ days from issue to settlement; Σ days after the due date (0 when on time). */
  daysToPay: bigint;
  daysLate: bigint;
  /** The same days × the invoice's total, for the amount-weighted averages. */
  daysToPayWeighted: bigint;
  daysLateWeighted: bigint;
}

export interface ActivityFigures {
  settled: SettledFigures;
  /** Unapplied cash at the period end: its amount, Σ amount × days since received, the oldest. */
  unapplied: { amountMinor: bigint; ageWeighted: bigint; oldestDays: number | null };
  /** Receipts received in the period, and those cash application booked by itself. */
  receipts: { count: bigint; auto: bigint; amountMinor: bigint; autoAmountMinor: bigint };
  /** Invoices issued, disputes opened, disputes closed and Σ their days open, in the period. */
  disputes: { invoicesIssued: bigint; opened: bigint; closed: bigint; daysToClose: bigint };
  /** Promises whose last day to keep them falls in the period (not cancelled), and those kept. */
  promises: { due: bigint; kept: bigint };
}

export interface ActivityKpis {
  /** % of the invoices settled in the period that were settled within terms; by amount. */
  paidWithinTermsPct: Ratio | null;
  paidWithinTermsAmountPct: Ratio | null;
  averageDaysToPay: Ratio | null;
  averageDaysToPayWeighted: Ratio | null;
  averageDaysLate: Ratio | null;
  averageDaysLateWeighted: Ratio | null;
  /** Amount-weighted average age of the unapplied cash at the period end, in days. */
  unappliedAgeDays: Ratio | null;
  /** % of the period's receipts (by count; by amount) that cash application booked by itself. */
  autoApplicationPct: Ratio | null;
  autoApplicationAmountPct: Ratio | null;
  /** Disputes opened ÷ invoices issued × 100. */
  disputeRatePct: Ratio | null;
  averageDaysToResolve: Ratio | null;
  /** Promises kept ÷ promises due × 100. */
  promiseKeptPct: Ratio | null;
}

/** A period without any activity (nothing settled, received, disputed or promised). */
export const NO_ACTIVITY: ActivityFigures = {
  settled: {
    invoices: 0n,
    withinTerms: 0n,
    amountMinor: 0n,
    amountWithinTermsMinor: 0n,
    daysToPay: 0n,
    daysLate: 0n,
    daysToPayWeighted: 0n,
    daysLateWeighted: 0n,
  },
  unapplied: { amountMinor: 0n, ageWeighted: 0n, oldestDays: null },
  receipts: { count: 0n, auto: 0n, amountMinor: 0n, autoAmountMinor: 0n },
  disputes: { invoicesIssued: 0n, opened: 0n, closed: 0n, daysToClose: 0n },
  promises: { due: 0n, kept: 0n },
};

function rowOf<T extends { month: string; currency: string }>(
  rows: readonly T[],
  month: string,
  sel: KpiSelection,
): T | undefined {
  return pickRow(sel, rows, (r) => r.month === month);
}

function settledOf(row: Awaited<ReturnType<typeof settlementRows>>[number] | undefined): SettledFigures {
  return {
    invoices: row?.invoices ?? 0n,
    withinTerms: row?.within_terms ?? 0n,
    amountMinor: row?.amount ?? 0n,
    amountWithinTermsMinor: row?.amount_within_terms ?? 0n,
    daysToPay: row?.days_to_pay ?? 0n,
    daysLate: row?.days_late ?? 0n,
    daysToPayWeighted: row?.days_to_pay_weighted ?? 0n,
    daysLateWeighted: row?.days_late_weighted ?? 0n,
  };
}

/**
 * The settlements of each month: a month whose end is snapshotted from its snapshot, the others
 * (the current month, a stale one inside a caller's transaction) from the journal, one statement
 * from the first of them on.
 */
async function settlementsOf(
  q: Queryable,
  tenantId: string,
  arCode: string,
  p: {
    months: readonly string[];
    ends: readonly string[];
    sel: KpiSelection;
    snapshotted?: ReadonlySet<string>;
  },
): Promise<SettlementRow[]> {
  const stored = p.ends.filter((end) => p.snapshotted?.has(end));
  const live = p.months.filter((_, i) => !p.snapshotted?.has(p.ends[i] as string));
  const fromSnapshots = stored.length > 0 ? await snapshotSettlementRows(q, tenantId, stored, p.sel) : [];
  if (live.length === 0) return fromSnapshots;
  const range = { from: live[0] as string, to: p.ends.at(-1) as string };
  const moved = live.length < p.months.length;
  const rows = await settlementRows(q, tenantId, arCode, range, { ...p.sel, moved });
  return [...fromSnapshots, ...rows.filter((r) => live.includes(r.month))];
}

/**
 * The activity figures of each month (first days `months`, period ends `ends`) of the selection:
 * one currency, or all in the base currency; the scope's customers.
 */
export async function activityFigures(
  q: Queryable,
  tenantId: string,
  arCode: string,
  periods: {
    months: readonly string[];
    ends: readonly string[];
    sel: KpiSelection;
    /** Month ends whose settlements are snapshotted (kpi-snapshot.service.ts); the others live. */
    snapshotted?: ReadonlySet<string>;
  },
): Promise<ActivityFigures[]> {
  const { months, ends, sel } = periods;
  const range: MonthRange = { from: months[0] ?? '', to: ends.at(-1) ?? '' };
  const settled = await settlementsOf(q, tenantId, arCode, periods);
  const unapplied = await unappliedRows(q, tenantId, arCode, ends, sel);
  const receipts = await receiptActivityRows(q, tenantId, arCode, range, sel);
  const disputes = await disputeActivityRows(q, tenantId, range, sel);
  const promises = await promiseActivityRows(q, tenantId, range, sel);
  return months.map((month, i) => {
    const u = pickRow(sel, unapplied, (r) => r.end_date === ends[i]);
    const r = rowOf(receipts, month, sel);
    const d = rowOf(disputes, month, sel);
    const p = rowOf(promises, month, sel);
    return {
      settled: settledOf(rowOf(settled, month, sel)),
      unapplied: {
        amountMinor: u?.amount ?? 0n,
        ageWeighted: u?.age_weighted ?? 0n,
        oldestDays: u ? Number(u.oldest_days) : null,
      },
      receipts: {
        count: r?.receipts ?? 0n,
        auto: r?.auto ?? 0n,
        amountMinor: r?.amount ?? 0n,
        autoAmountMinor: r?.amount_auto ?? 0n,
      },
      disputes: {
        invoicesIssued: d?.issued ?? 0n,
        opened: d?.opened ?? 0n,
        closed: d?.closed ?? 0n,
        daysToClose: d?.days_to_close ?? 0n,
      },
      promises: { due: p?.due ?? 0n, kept: p?.kept ?? 0n },
    };
  });
}

/** Field by field sums of figures that are all bigints. */
function sumEach<T extends object>(parts: readonly T[]): T {
  const out: Record<string, bigint> = {};
  for (const part of parts)
    for (const [k, v] of Object.entries(part)) out[k] = (out[k] ?? 0n) + (v as bigint);
  return out as T;
}

/** A quarter's activity: the three months' flows summed, the unapplied cash of its last month end. */
export function quarterActivity(months: readonly [ActivityFigures, ActivityFigures, ActivityFigures]) {
  return {
    settled: sumEach(months.map((m) => m.settled)),
    unapplied: months[2].unapplied,
    receipts: sumEach(months.map((m) => m.receipts)),
    disputes: sumEach(months.map((m) => m.disputes)),
    promises: sumEach(months.map((m) => m.promises)),
  } satisfies ActivityFigures;
}

/** The activity KPIs of a period from its figures (formulas in docs/analytics.md). */
export function activityKpis(a: ActivityFigures): ActivityKpis {
  const s = a.settled;
  return {
    paidWithinTermsPct: percentage(s.withinTerms, s.invoices),
    paidWithinTermsAmountPct: percentage(s.amountWithinTermsMinor, s.amountMinor),
    averageDaysToPay: averagePer(s.daysToPay, s.invoices),
    averageDaysToPayWeighted: averagePer(s.daysToPayWeighted, s.amountMinor),
    averageDaysLate: averagePer(s.daysLate, s.invoices),
    averageDaysLateWeighted: averagePer(s.daysLateWeighted, s.amountMinor),
    unappliedAgeDays: averagePer(a.unapplied.ageWeighted, a.unapplied.amountMinor),
    autoApplicationPct: percentage(a.receipts.auto, a.receipts.count),
    autoApplicationAmountPct: percentage(a.receipts.autoAmountMinor, a.receipts.amountMinor),
    disputeRatePct: percentage(a.disputes.opened, a.disputes.invoicesIssued),
    averageDaysToResolve: averagePer(a.disputes.daysToClose, a.disputes.closed),
    promiseKeptPct: percentage(a.promises.kept, a.promises.due),
  };
}
