/**
 * When a bank line is the payout a provider announced: the rule cash application and the payout
 * webhook share. Pure: no I/O. A line brings a payout when its currency and amount are the
 * payout's, it was booked within `dateWindowDays` of the payout's arrival date, and its text names
 * it — the payout id (`po_…`), the payout's statement descriptor, or the provider's name as banks
 * print it (`STRIPE`). The amount is never stretched: a line that names a payout but brings another
 * amount is an exception for a person.
 */
import { addDays, type CalendarDate } from '../../shared/calendar-date.ts';

/** The rule's named constants (STYLE.md §17). */
export const PAYOUT_MATCHING = {
  /** Banks credit a payout on its arrival date, sometimes a few business days late (or early). */
  dateWindowDays: 4,
  /** What banks print of a Stripe payout: the sender's name (`STRIPE`, `Stripe Payments Europe`). */
  providerWords: ['STRIPE'],
} as const;

/** What the rule reads of an expected payout. */
export interface ExpectedPayout {
  readonly payoutId: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly arrivalDate: CalendarDate;
  readonly statementDescriptor: string | null;
}

/** What the rule reads of a bank line. */
export interface PayoutLine {
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly bookingDate: CalendarDate;
  readonly text: string;
}

/** The payout ids (`po_…`) a text names, as written. */
export function payoutIdsIn(text: string): string[] {
  return [...text.matchAll(/\bpo_[A-Za-z0-9]{6,}/g)].map((m) => m[0]);
}

/** A line whose text may be a provider's payout (cheap: cash application asks it of every line). */
export function mayBePayout(text: string): boolean {
  const upper = text.toUpperCase();
  return PAYOUT_MATCHING.providerWords.some((w) => upper.includes(w)) || /\bpo_[A-Za-z0-9]{6,}/.test(text);
}

/** The line's text names this payout: its id, its statement descriptor, or the provider. */
export function namesPayout(text: string, payout: ExpectedPayout): boolean {
  const upper = text.toUpperCase();
  if (upper.includes(payout.payoutId.toUpperCase())) return true;
  const descriptor = payout.statementDescriptor?.trim().toUpperCase();
  if (descriptor && upper.includes(descriptor)) return true;
  return PAYOUT_MATCHING.providerWords.some((w) => upper.includes(w));
}

/** The dates a line bringing `payout` may be booked on. */
export function payoutWindow(payout: Pick<ExpectedPayout, 'arrivalDate'>): {
  from: CalendarDate;
  to: CalendarDate;
} {
  const days = PAYOUT_MATCHING.dateWindowDays;
  return { from: addDays(payout.arrivalDate, -days), to: addDays(payout.arrivalDate, days) };
}

function inWindow(line: PayoutLine, payout: ExpectedPayout): boolean {
  const { from, to } = payoutWindow(payout);
  return line.bookingDate >= from && line.bookingDate <= to && line.currency === payout.currency;
}

/** What the rule makes of a line among the expected payouts. */
export type PayoutVerdict =
  | { readonly kind: 'match'; readonly payout: ExpectedPayout }
  | { readonly kind: 'exception'; readonly payouts: readonly ExpectedPayout[]; readonly why: string }
  | { readonly kind: 'none' };

/**
 * The payout a line brings: the one named by id when the text names one, else the only one of
 * its amount in the window. Two equal candidates and no id: an exception (a person picks). A line
 * naming a payout by id, or the provider with payouts in the window, whose amount differs: an
 * exception naming them.
 */
export function payoutOfLine(line: PayoutLine, expected: readonly ExpectedPayout[]): PayoutVerdict {
  const candidates = expected.filter((p) => inWindow(line, p) && namesPayout(line.text, p));
  const ids = new Set(payoutIdsIn(line.text).map((id) => id.toUpperCase()));
  const named = ids.size > 0 ? candidates.filter((p) => ids.has(p.payoutId.toUpperCase())) : candidates;
  const exact = named.filter((p) => p.amountMinor === line.amountMinor);
  const [only] = exact;
  if (only && exact.length === 1) return { kind: 'match', payout: only };
  if (exact.length > 1)
    return {
      kind: 'exception',
      payouts: exact,
      why: 'several payouts of this amount; pick the one it brings',
    };
  if (named.length > 0)
    return { kind: 'exception', payouts: named, why: 'the amount differs from the payout' };
  return { kind: 'none' };
}
