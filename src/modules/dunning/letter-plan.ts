/**
 * Planning a dunning run (pure): which invoices are due at which level on `asOf`, grouped into one
 * letter per customer and currency whose level is the highest of its invoices' levels, after the
 * exclusions — disputed invoices, invoices under an open promise to pay, customers on hold, a
 * customer and currency that already received a letter that day, and letters below the minimum.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { groupBy } from '../../shared/group-by.ts';
import type {
  CustomerDunningState,
  DunningHold,
  DunningLevel,
  DunningPolicy,
  InvoiceDunningState,
} from './dunning.types.ts';
import { levelDueOn } from './level-schedule.ts';

export interface PlanInput {
  readonly asOf: CalendarDate;
  readonly invoices: readonly InvoiceDunningState[];
  readonly customers: ReadonlyMap<string, CustomerDunningState>;
  readonly policies: ReadonlyMap<string, DunningPolicy>;
  readonly disputedInvoiceIds: ReadonlySet<string>;
  readonly promisedInvoiceIds: ReadonlySet<string>;
  /** `letterKey(customerId, currency)` of the letters already recorded on `asOf`. */
  readonly letteredToday: ReadonlySet<string>;
}

export interface PlannedNotice {
  readonly invoice: InvoiceDunningState;
  readonly level: DunningLevel;
}

export interface PlannedLetter {
  readonly customerId: string;
  readonly currency: string;
  readonly policy: DunningPolicy;
  /** The highest level among the notices: template, channel, fee and hand-over come from it. */
  readonly level: DunningLevel;
  /** In due-date order. */
  readonly notices: readonly PlannedNotice[];
  /** Σ open amounts of the letter's invoices. */
  readonly openMinor: bigint;
  /** Σ open amounts of those of them past due on `asOf`. */
  readonly overdueMinor: bigint;
  /** True when any notice's level hands the customer over to collections. */
  readonly handsOver: boolean;
}

export const SKIP_REASONS = ['disputed', 'promised', 'on_hold', 'lettered_today', 'below_minimum'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** Invoices that were due at a level on `asOf` but get no letter, and why. */
export interface Skipped {
  readonly customerId: string;
  readonly currency: string;
  readonly reason: SkipReason;
  readonly invoiceIds: readonly string[];
}

export interface Plan {
  readonly letters: readonly PlannedLetter[];
  readonly skipped: readonly Skipped[];
}

/** The key of one letter per customer and currency per day. */
export function letterKey(customerId: string, currency: string): string {
  return `${customerId}|${currency}`;
}

/** True while the hold covers `asOf` (its `until` day included). */
export function holdActive(hold: DunningHold | null, asOf: CalendarDate): boolean {
  return hold !== null && (hold.until === null || asOf <= hold.until);
}

/** Plan the letters of a run on `asOf`; deterministic (ordered by customer id, then currency). */
export function planLetters(input: PlanInput): Plan {
  const due: PlannedNotice[] = [];
  const skipped: Skipped[] = [];
  for (const invoice of input.invoices) {
    const notice = dueNotice(input, invoice);
    if (!notice) continue;
    const reason = input.disputedInvoiceIds.has(invoice.invoiceId)
      ? 'disputed'
      : input.promisedInvoiceIds.has(invoice.invoiceId)
        ? 'promised'
        : null;
    if (reason) skipped.push(skip(invoice.customerId, invoice.currency, reason, [notice]));
    else due.push(notice);
  }
  const letters: PlannedLetter[] = [];
  const groups = groupBy(due, (n) => letterKey(n.invoice.customerId, n.invoice.currency));
  for (const key of [...groups.keys()].sort()) {
    const notices = groups.get(key) ?? [];
    const outcome = letterOf(input, key, notices);
    if ('reason' in outcome) skipped.push(outcome);
    else letters.push(outcome);
  }
  return { letters, skipped: skipped.sort(bySkipKey) };
}

function dueNotice(input: PlanInput, invoice: InvoiceDunningState): PlannedNotice | null {
  if (invoice.openMinor <= 0n) return null;
  const policyId = input.customers.get(invoice.customerId)?.policyId;
  const policy = policyId ? input.policies.get(policyId) : undefined;
  const level = policy ? levelDueOn(policy, invoice, input.asOf) : null;
  return level ? { invoice, level } : null;
}

function letterOf(input: PlanInput, key: string, notices: PlannedNotice[]): PlannedLetter | Skipped {
  const first = notices[0];
  if (!first) throw new Error('a letter group without notices');
  const { customerId, currency } = first.invoice;
  const customer = input.customers.get(customerId);
  const policy = customer?.policyId ? input.policies.get(customer.policyId) : undefined;
  if (!customer || !policy) throw new Error(`customer ${customerId} has no policy`);
  if (holdActive(customer.hold, input.asOf)) return skip(customerId, currency, 'on_hold', notices);
  if (input.letteredToday.has(key)) return skip(customerId, currency, 'lettered_today', notices);
  const ordered = [...notices].sort(byDueDate);
  const level = ordered.reduce((top, n) => (n.level.levelNo > top.levelNo ? n.level : top), first.level);
  const openMinor = ordered.reduce((s, n) => s + n.invoice.openMinor, 0n);
  const overdueMinor = ordered
    .filter((n) => n.invoice.dueDate < input.asOf)
    .reduce((s, n) => s + n.invoice.openMinor, 0n);
  // A letter about the due date or before it (offset ≤ 0) is measured by what is open, any later
  // letter by what is overdue.
  const measured = level.offsetDays <= 0 ? openMinor : overdueMinor;
  if (measured < (policy.minimumMinor[currency] ?? 0n))
    return skip(customerId, currency, 'below_minimum', notices);
  const handsOver = ordered.some((n) => n.level.handsOver);
  return { customerId, currency, policy, level, notices: ordered, openMinor, overdueMinor, handsOver };
}

function skip(customerId: string, currency: string, reason: SkipReason, notices: PlannedNotice[]): Skipped {
  return { customerId, currency, reason, invoiceIds: notices.map((n) => n.invoice.invoiceId) };
}

function byDueDate(a: PlannedNotice, b: PlannedNotice): number {
  if (a.invoice.dueDate !== b.invoice.dueDate) return a.invoice.dueDate < b.invoice.dueDate ? -1 : 1;
  return a.invoice.number < b.invoice.number ? -1 : a.invoice.number > b.invoice.number ? 1 : 0;
}

function bySkipKey(a: Skipped, b: Skipped): number {
  const ka = `${a.customerId}|${a.currency}|${a.reason}`;
  const kb = `${b.customerId}|${b.currency}|${b.reason}`;
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}
