/**
 * The final interest statement (pure): an invoice that was charged interest by a letter and then
 * paid after that charge owes the interest from the day after the last charge to its payment.
 * The run that first sees the invoice paid charges it, one open item per customer and currency,
 * when the customer's policy asks for it (`finalInterestStatement`, off by default). The invoice's
 * `interestThrough` then moves to the payment day, so no day is ever charged twice.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import type { ChargeDocument } from '../invoices/index.ts';
import { plusDays } from './day-numbers.ts';
import type { DunningPolicy } from './dunning.types.ts';
import { type BalanceChange, computeInterest, type InterestResult } from './interest.ts';

/** A paid invoice that was charged interest through `interestThrough`. */
export interface PaidChargedInvoice {
  readonly invoiceId: string;
  readonly number: string;
  readonly customerId: string;
  readonly currency: string;
  readonly fxRate: string;
  readonly interestThrough: CalendarDate;
}

export interface FinalInterestItem {
  readonly invoice: PaidChargedInvoice;
  readonly paidOn: CalendarDate;
  readonly interest: InterestResult;
}

export interface InterestStatement {
  readonly customerId: string;
  readonly currency: string;
  readonly policyId: string;
  readonly items: readonly FinalInterestItem[];
  readonly interestMinor: bigint;
}

/** The day the balance reached zero for good (on or before `asOf`), or null when it is still open then. */
export function paidOnOf(changes: readonly BalanceChange[], asOf: CalendarDate): CalendarDate | null {
  const sorted = [...changes].filter((c) => c.on <= asOf).sort((a, b) => (a.on < b.on ? -1 : 1));
  let balance = 0n;
  let paidOn: CalendarDate | null = null;
  for (const c of sorted) {
    balance += c.deltaMinor;
    paidOn = balance === 0n ? c.on : null;
  }
  return paidOn;
}

/** The interest owed by `invoice` from the day after its last charge to its payment, or null. */
export function finalInterestOf(
  invoice: PaidChargedInvoice,
  changes: readonly BalanceChange[],
  policy: Pick<DunningPolicy, 'interest' | 'finalInterestStatement'>,
  asOf: CalendarDate,
): FinalInterestItem | null {
  if (!policy.finalInterestStatement || !policy.interest) return null;
  const paidOn = paidOnOf(changes, asOf);
  if (!paidOn || paidOn <= invoice.interestThrough) return null;
  const interest = computeInterest(changes, plusDays(invoice.interestThrough, 1), paidOn, policy.interest);
  return { invoice, paidOn, interest };
}

/** One statement per customer and currency over the invoices that owe final interest (> 0). */
export function interestStatements(
  invoices: readonly PaidChargedInvoice[],
  policyOf: (customerId: string) => DunningPolicy | null,
  history: ReadonlyMap<string, readonly BalanceChange[]>,
  asOf: CalendarDate,
): InterestStatement[] {
  const byKey = new Map<string, { policyId: string; items: FinalInterestItem[] }>();
  for (const invoice of invoices) {
    const policy = policyOf(invoice.customerId);
    const item = policy && finalInterestOf(invoice, history.get(invoice.invoiceId) ?? [], policy, asOf);
    if (!policy || !item || item.interest.interestMinor <= 0n) continue;
    const key = `${invoice.customerId}|${invoice.currency}`;
    const entry = byKey.get(key) ?? { policyId: policy.policyId, items: [] };
    entry.items.push(item);
    byKey.set(key, entry);
  }
  return [...byKey.values()].map(({ policyId, items }) => ({
    customerId: items[0]?.invoice.customerId ?? '',
    currency: items[0]?.invoice.currency ?? '',
    policyId,
    items,
    interestMinor: items.reduce((s, i) => s + i.interest.interestMinor, 0n),
  }));
}

/** The statement's open item: one interest line per invoice, issued on `asOf`. */
export function statementDocument(
  s: InterestStatement,
  asOf: CalendarDate,
  invoiceId: string,
): ChargeDocument {
  return {
    invoiceId,
    customerId: s.customerId,
    currency: s.currency,
    fxRate: s.items.at(-1)?.invoice.fxRate ?? '1',
    issueDate: asOf,
    description: `Final interest statement of ${asOf}`,
    lines: s.items.map((i) => ({
      description: `Final interest on ${i.invoice.number}, ${i.interest.from} to ${i.interest.through} (paid on ${i.paidOn})`,
      amountMinor: i.interest.interestMinor,
      incomeRole: 'interest_income' as const,
    })),
  };
}
