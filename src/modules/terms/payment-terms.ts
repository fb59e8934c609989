/**
 * Payment terms as a small grammar of codes, parsed into a discriminated union.
 *
 * Accepted codes (case-insensitive, surrounding and repeated whitespace ignored):
 *   DUE_ON_RECEIPT        due on the issue date
 *   PREPAY                payment in advance; due on the issue date
 *   NET{n}                due n days after issue                       (NET30)
 *   EOM                   due at the end of the invoice month
 *   NET{n} EOM            end of the invoice month, then n more days   (NET30 EOM)
 *   {pct}/{days} NET{n}   pct% discount if paid within `days`, net n   (2/10 NET30, 1.5/10 NET30)
 *
 * Day counts are whole numbers 0–365; a discount is above 0% and below 100%, and its window is
 * shorter than the net period. `formatPaymentTerms` yields the canonical upper-case code, which
 * parses back to the same terms.
 */
import { addDays, type CalendarDate, endOfMonth } from '../../shared/calendar-date.ts';
import { parseDecimal } from '../../shared/decimal.ts';
import { validationFailed } from '../../shared/errors.ts';

export type PaymentTerms =
  | { readonly kind: 'due_on_receipt' }
  | { readonly kind: 'prepay' }
  | { readonly kind: 'net'; readonly days: number; readonly endOfMonth: boolean }
  | {
      readonly kind: 'discount';
      /** Canonical decimal string, e.g. `"2"` or `"1.5"` (never `"2.0"` or `"02"`). */
      readonly discountPct: string;
      readonly discountDays: number;
      readonly netDays: number;
    };

/** Largest day count a code may carry. */
export const MAX_TERM_DAYS = 365;

const ACCEPTED_FORMS =
  'accepted forms: DUE_ON_RECEIPT, PREPAY, NET{n}, EOM, NET{n} EOM, {pct}/{days} NET{n} ' +
  `(e.g. NET30, NET30 EOM, 2/10 NET30; n at most ${MAX_TERM_DAYS})`;

const DUE_ON_RECEIPT = /^DUE[_ ]ON[_ ]RECEIPT$/;
const NET = /^NET ?(\d+)( EOM)?$/;
const DISCOUNT = /^(\d+(?:\.\d+)?) ?\/ ?(\d+),? NET ?(\d+)$/;

/**
 * Parse a payment-terms code, throwing a `validation_failed` AppError (field `payment_terms`)
 * whose message says what is wrong and lists the accepted forms.
 * `parsePaymentTerms('net30 eom')` → `{ kind: 'net', days: 30, endOfMonth: true }`.
 */
export function parsePaymentTerms(code: string): PaymentTerms {
  const result = parseOrExplain(code);
  if (typeof result !== 'string') return result;
  const message = `${result}; ${ACCEPTED_FORMS}`;
  throw validationFailed(message, [{ field: 'payment_terms', message }]);
}

/** Like `parsePaymentTerms`, but returns null instead of throwing. `tryParsePaymentTerms('NET') === null`. */
export function tryParsePaymentTerms(code: string): PaymentTerms | null {
  const result = parseOrExplain(code);
  return typeof result === 'string' ? null : result;
}

/** Parsed terms, or a sentence saying why the code is not acceptable. */
function parseOrExplain(code: string): PaymentTerms | string {
  const text = code.trim().replace(/\s+/g, ' ').toUpperCase();
  if (DUE_ON_RECEIPT.test(text)) return { kind: 'due_on_receipt' };
  if (text === 'PREPAY') return { kind: 'prepay' };
  if (text === 'EOM') return { kind: 'net', days: 0, endOfMonth: true };
  const net = NET.exec(text);
  if (net) return netTerms(net[1] ?? '', net[2] !== undefined);
  const discount = DISCOUNT.exec(text);
  if (discount) return discountTerms(discount[1] ?? '', discount[2] ?? '', discount[3] ?? '');
  return `"${code}" is not a payment terms code`;
}

function netTerms(daysText: string, eom: boolean): PaymentTerms | string {
  const days = Number(daysText);
  if (days > MAX_TERM_DAYS) return `net days must be at most ${MAX_TERM_DAYS}, got ${daysText}`;
  return { kind: 'net', days, endOfMonth: eom };
}

function discountTerms(pctText: string, daysText: string, netText: string): PaymentTerms | string {
  const discountDays = Number(daysText);
  const netDays = Number(netText);
  const pct = parseDecimal(pctText);
  if (!pct || pct.num <= 0n || pct.num >= 100n * pct.den) {
    return `discount percentage must be above 0 and below 100, got ${pctText}`;
  }
  if (netDays > MAX_TERM_DAYS) return `net days must be at most ${MAX_TERM_DAYS}, got ${netText}`;
  if (discountDays >= netDays) {
    return `discount days (${daysText}) must be fewer than net days (${netText})`;
  }
  return { kind: 'discount', discountPct: canonicalDecimal(pctText), discountDays, netDays };
}

/** Drop redundant zeros from an unsigned decimal: `"02.50"` → `"2.5"`, `"3.0"` → `"3"`. */
function canonicalDecimal(text: string): string {
  const [whole = '', frac = ''] = text.split('.');
  const trimmedWhole = whole.replace(/^0+(?=\d)/, '');
  const trimmedFrac = frac.replace(/0+$/, '');
  return trimmedFrac === '' ? trimmedWhole : `${trimmedWhole}.${trimmedFrac}`;
}

/**
 * The canonical code for terms; `parsePaymentTerms(formatPaymentTerms(t))` equals `t`.
 * `formatPaymentTerms({ kind: 'net', days: 30, endOfMonth: true }) === 'NET30 EOM'`;
 * zero days at end of month is `'EOM'`.
 */
export function formatPaymentTerms(terms: PaymentTerms): string {
  switch (terms.kind) {
    case 'due_on_receipt':
      return 'DUE_ON_RECEIPT';
    case 'prepay':
      return 'PREPAY';
    case 'net':
      if (!terms.endOfMonth) return `NET${terms.days}`;
      return terms.days === 0 ? 'EOM' : `NET${terms.days} EOM`;
    case 'discount':
      return `${terms.discountPct}/${terms.discountDays} NET${terms.netDays}`;
  }
}

/**
 * The date payment is due for an invoice issued on `issueDate`.
 * `dueDateFor(parsePaymentTerms('NET30 EOM'), '2024-01-15') === '2024-03-01'`
 * (end of month 2024-01-31, plus 30 days); DUE_ON_RECEIPT and PREPAY give the issue date.
 */
export function dueDateFor(terms: PaymentTerms, issueDate: CalendarDate): CalendarDate {
  switch (terms.kind) {
    case 'due_on_receipt':
    case 'prepay':
      return addDays(issueDate, 0); // adding zero days still rejects a malformed date
    case 'net':
      return addDays(terms.endOfMonth ? endOfMonth(issueDate) : issueDate, terms.days);
    case 'discount':
      return addDays(issueDate, terms.netDays);
  }
}

/**
 * The early-payment discount on offer, or null when the terms have none: the last day it may be
 * taken (inclusive) and the percentage as a decimal string.
 * `discountFor(parsePaymentTerms('2/10 NET30'), '2024-01-15')` → `{ deadline: '2024-01-25', pct: '2' }`.
 */
export function discountFor(
  terms: PaymentTerms,
  issueDate: CalendarDate,
): { deadline: CalendarDate; pct: string } | null {
  if (terms.kind !== 'discount') return null;
  return { deadline: addDays(issueDate, terms.discountDays), pct: terms.discountPct };
}

/**
 * English text for a person reading an invoice.
 * `'Net 30 days'`, `'2% discount within 10 days, net 30 days'`, `'Due at end of month'`,
 * `'Net 30 days after end of month'`, `'Due on receipt'`, `'Payment in advance'`.
 */
export function describePaymentTerms(terms: PaymentTerms): string {
  switch (terms.kind) {
    case 'due_on_receipt':
      return 'Due on receipt';
    case 'prepay':
      return 'Payment in advance';
    case 'net':
      if (!terms.endOfMonth) return `Net ${dayCount(terms.days)}`;
      return terms.days === 0 ? 'Due at end of month' : `Net ${dayCount(terms.days)} after end of month`;
    case 'discount':
      return `${terms.discountPct}% discount within ${dayCount(terms.discountDays)}, net ${dayCount(terms.netDays)}`;
  }
}

function dayCount(days: number): string {
  return days === 1 ? '1 day' : `${days} days`;
}

const SEEDED_CODES = [
  'DUE_ON_RECEIPT',
  'PREPAY',
  'NET7',
  'NET14',
  'NET30',
  'NET45',
  'NET60',
  'NET90',
  'EOM',
  'NET30 EOM',
  '2/10 NET30',
] as const;

/**
 * The terms every new tenant starts with, as canonical codes with their English description.
 * `SEEDED_TERMS[4]` → `{ code: 'NET30', description: 'Net 30 days' }`.
 */
export const SEEDED_TERMS: readonly { readonly code: string; readonly description: string }[] =
  SEEDED_CODES.map((code) => ({ code, description: describePaymentTerms(parsePaymentTerms(code)) }));
