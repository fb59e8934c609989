/**
 * The worklist score: the expected value of contacting a customer today, in the base currency.
 *
 *   score = W × H × B
 *
 * W — the overdue amount weighted by how late it is: Σ over the customer's collectible overdue
 *     invoices of b × L(d), where b is what is collectible (open − the open dispute's amount; nothing
 *     for an invoice under an open promise) in the base currency at the invoice's own rate, d its
 *     days past due, and L(d) = 1 + min(d, 90) / 30 (1 just after the due date, 2 at 30 days, 3 at
 *     60, 4 from 90 on: older debt is harder to collect the longer nobody calls).
 * H — the customer's habit of paying late, from its invoices paid in the last 365 days (n of them,
 *     k paid after the due date, S = Σ days paid after due, early payments negative), shrunk towards
 *     a neutral prior by two pseudo-invoices, one paid late and one on time:
 *       share late s = (k + 1) / (n + 2)   (Laplace's rule of succession)
 *       days late  a = S / (n + 2)         (the pseudo-invoices paid on their due date)
 *       H = 0.5 + s + min(max(a, 0), 60) / 120
 *     so H runs from 0.5 (always on time) to 2 (always late, two months and more), and a customer
 *     without history gets exactly 1.
 * B — 1.5 when the customer's latest promise to pay was broken in the last 30 days, else 1.
 */
import { exponentOf } from '../../shared/currency.ts';
import { moneyText } from '../../shared/money-text.ts';

export const LATENESS_SLOPE_DAYS = 30;
export const LATENESS_CAP_DAYS = 90;
export const HISTORY_WINDOW_DAYS = 365;
export const BROKEN_PROMISE_FACTOR = 1.5;
export const BROKEN_PROMISE_DAYS = 30;

/** L(d) = 1 + min(d, 90) / 30. */
export function latenessFactor(daysOverdue: number): number {
  return 1 + Math.min(Math.max(daysOverdue, 0), LATENESS_CAP_DAYS) / LATENESS_SLOPE_DAYS;
}

export interface PaymentHistory {
  /** Invoices paid in the window. */
  settled: number;
  /** Of them, paid after the due date. */
  late: number;
  /** Σ (payment date − due date) in days; early payments count negative. */
  sumDaysAfterDue: number;
}

export const NO_HISTORY: PaymentHistory = { settled: 0, late: 0, sumDaysAfterDue: 0 };

/** H of the formula above. `historyFactor(NO_HISTORY) === 1`. */
export function historyFactor(h: PaymentHistory): number {
  const share = (h.late + 1) / (h.settled + 2);
  const days = h.sumDaysAfterDue / (h.settled + 2);
  return 0.5 + share + Math.min(Math.max(days, 0), 60) / 120;
}

/** One currency's collectible overdue invoices of a customer, summed by the worklist query. */
export interface OverdueInCurrency {
  currency: string;
  collectibleMinor: bigint;
  /** Σ collectible × rate (minor units of the currency × base per unit). */
  weighted: number;
  /** Σ collectible × rate × min(days overdue, 90). */
  dayWeighted: number;
  oldestDays: number | null;
  disputedCount: number;
  promisedMinor: bigint;
}

export interface WorklistFacts {
  overdue: readonly OverdueInCurrency[];
  history: PaymentHistory;
  /** Promised date of the latest promise when it is broken and recent (B applies), else null. */
  brokenPromiseOn: string | null;
  /** Earliest promised date of the open promises, when some overdue invoices are under one. */
  openPromiseOn: string | null;
  onHold: boolean;
}

export interface WorklistScore {
  score: number;
  weightedOverdue: number;
  historyFactor: number;
  brokenPromiseFactor: number;
  reasons: string[];
}

/** W in base-currency major units: Σ per currency (weighted + dayWeighted / 30) / 10^exponent. */
export function weightedOverdue(overdue: readonly OverdueInCurrency[]): number {
  return overdue.reduce(
    (sum, c) => sum + (c.weighted + c.dayWeighted / LATENESS_SLOPE_DAYS) / 10 ** exponentOf(c.currency),
    0,
  );
}

/** The score and the reasons behind it, in words. */
export function scoreCustomer(facts: WorklistFacts): WorklistScore {
  const w = weightedOverdue(facts.overdue);
  const h = historyFactor(facts.history);
  const b = facts.brokenPromiseOn ? BROKEN_PROMISE_FACTOR : 1;
  return {
    score: w * h * b,
    weightedOverdue: w,
    historyFactor: h,
    brokenPromiseFactor: b,
    reasons: reasonsOf(facts),
  };
}

function reasonsOf(facts: WorklistFacts): string[] {
  const reasons: string[] = [];
  const owed = facts.overdue.filter((c) => c.collectibleMinor > 0n);
  if (owed.length > 0) {
    const oldest = Math.max(...owed.map((c) => c.oldestDays ?? 0));
    reasons.push(
      `${owed.map((c) => moneyText(c.collectibleMinor, c.currency)).join(' + ')} overdue, oldest ${days(oldest)}`,
    );
  }
  reasons.push(historyText(facts.history));
  if (facts.brokenPromiseOn) reasons.push(`promise of ${facts.brokenPromiseOn} broken`);
  const disputed = facts.overdue.reduce((n, c) => n + c.disputedCount, 0);
  if (disputed > 0)
    reasons.push(`${disputed} ${disputed === 1 ? 'invoice' : 'invoices'} disputed and left out`);
  const promised = facts.overdue.filter((c) => c.promisedMinor > 0n);
  if (promised.length > 0)
    reasons.push(
      `${promised.map((c) => moneyText(c.promisedMinor, c.currency)).join(' + ')} under a promise to pay${facts.openPromiseOn ? ` by ${facts.openPromiseOn}` : ''}, left out`,
    );
  if (facts.onHold) reasons.push('on credit hold');
  return reasons;
}

function days(n: number): string {
  return `${n} ${n === 1 ? 'day' : 'days'}`;
}

function historyText(h: PaymentHistory): string {
  if (h.settled === 0) return 'no payment history yet';
  const average = Math.round(h.sumDaysAfterDue / h.settled);
  const share = `${h.late} of ${h.settled} ${h.settled === 1 ? 'invoice' : 'invoices'} paid late`;
  if (average > 0) return `pays ${days(average)} late on average (${share})`;
  return `pays on time on average (${share})`;
}
