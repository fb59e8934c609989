/**
 * Money: integer minor units plus an ISO 4217 currency. Never a float.
 *
 * Amounts enter as decimal strings checked against the currency's exponent
 * (`parseAmount('12.50', 'EUR') === 1250n`; `'12.505'` is rejected for EUR) and leave as decimal
 * strings (`formatAmount(1250n, 'EUR') === '12.50'`).
 */
import { exponentOf, isKnownCurrency } from './currency.ts';
import { decimalPlaces, formatScaled, parseDecimal, roundHalfAwayFromZero } from './decimal.ts';
import { validationFailed } from './errors.ts';

export interface Money {
  readonly amountMinor: bigint;
  readonly currency: string;
}

/**
 * The largest amount cashloop accepts, in minor units of any currency: 10^13, i.e. 100 billion
 * in a 2-decimal currency (EUR, USD), 10 trillion in a 0-decimal one (JPY), 10 billion in a
 * 3-decimal one (KWD). Every amount that enters (API, CSV and bank-file imports, credit limits,
 * fees, invoice lines and totals) must satisfy `|amount| <= MAX_AMOUNT_MINOR`; far below the
 * 64-bit range, so that sums of many amounts stay exact.
 */
export const MAX_AMOUNT_MINOR = 10n ** 13n;

/** True when `|amountMinor|` is within MAX_AMOUNT_MINOR. */
export function isWithinAmountLimit(amountMinor: bigint): boolean {
  return amountMinor <= MAX_AMOUNT_MINOR && amountMinor >= -MAX_AMOUNT_MINOR;
}

/** The limit in major units of `currency`, for messages: `maxAmountText('EUR') === '100000000000.00'`. */
export function maxAmountText(currency: string): string {
  return formatScaled(MAX_AMOUNT_MINOR, isKnownCurrency(currency) ? exponentOf(currency) : 2);
}

/** Throws a validation error naming `field` when `amountMinor` is beyond MAX_AMOUNT_MINOR. */
export function assertWithinAmountLimit(amountMinor: bigint, currency: string, field: string): bigint {
  if (isWithinAmountLimit(amountMinor)) return amountMinor;
  const message = `amount exceeds the maximum of ${maxAmountText(currency)} ${currency}`;
  throw validationFailed(`${field}: ${message}`, [{ field, message }]);
}

export function money(amountMinor: bigint, currency: string): Money {
  return { amountMinor, currency };
}

/** Parse a decimal string in major units into minor units, with no limit; null when malformed or too precise. */
function parseUnlimited(text: string, currency: string): bigint | null {
  if (!isKnownCurrency(currency)) return null;
  const exponent = exponentOf(currency);
  const ratio = parseDecimal(text);
  if (!ratio || decimalPlaces(text.trim()) > exponent) return null;
  return (ratio.num * 10n ** BigInt(exponent)) / ratio.den;
}

/**
 * Parse a decimal string in major units into minor units; null when malformed, too precise or
 * beyond MAX_AMOUNT_MINOR. `tryParseAmount('12.50', 'EUR') === 1250n`.
 */
export function tryParseAmount(text: string, currency: string): bigint | null {
  const value = parseUnlimited(text, currency);
  return value !== null && isWithinAmountLimit(value) ? value : null;
}

/** Why `text` is not an acceptable amount in `currency`, or null when it is one. */
export function amountProblem(text: string, currency: string): string | null {
  if (!isKnownCurrency(currency)) return `unknown currency "${currency}"`;
  const value = parseUnlimited(text, currency);
  if (value === null)
    return `"${text}" is not an amount in ${currency} (at most ${exponentOf(currency)} decimals)`;
  if (!isWithinAmountLimit(value))
    return `amount exceeds the maximum of ${maxAmountText(currency)} ${currency}`;
  return null;
}

/** Like tryParseAmount, but throws a validation error naming `field`. */
export function parseAmount(text: string, currency: string, field = 'amount'): bigint {
  const value = tryParseAmount(text, currency);
  if (value === null) {
    const message = amountProblem(text, currency) ?? 'not an amount';
    throw validationFailed(message, [{ field, message }]);
  }
  return value;
}

export function formatAmount(amountMinor: bigint, currency: string): string {
  return formatScaled(amountMinor, exponentOf(currency));
}

export function add(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amountMinor + b.amountMinor, a.currency);
}

export function subtract(a: Money, b: Money): Money {
  assertSameCurrency(a, b);
  return money(a.amountMinor - b.amountMinor, a.currency);
}

export function negate(a: Money): Money {
  return money(-a.amountMinor, a.currency);
}

function assertSameCurrency(a: Money, b: Money): void {
  if (a.currency !== b.currency) throw new Error(`currency mismatch: ${a.currency} vs ${b.currency}`);
}

/**
 * Split `total` in proportion to `weights` without losing a minor unit: the remainder goes to the
 * parts with the largest fractional shares. `allocate(100n, [1n, 1n, 1n])` → `[34n, 33n, 33n]`.
 */
export function allocate(total: bigint, weights: readonly bigint[]): bigint[] {
  const sum = weights.reduce((s, w) => s + w, 0n);
  if (sum === 0n) return weights.map((_, i) => (i === 0 ? total : 0n));
  const parts = weights.map((w) => (total * w) / sum);
  let remainder = total - parts.reduce((s, p) => s + p, 0n);
  const step = remainder < 0n ? -1n : 1n;
  const order = weights
    .map((w, i) => ({ i, frac: (total * w) % sum }))
    .sort((a, b) =>
      a.frac === b.frac ? a.i - b.i : step > 0n ? (b.frac > a.frac ? 1 : -1) : a.frac > b.frac ? 1 : -1,
    );
  for (let k = 0; remainder !== 0n; k = (k + 1) % order.length) {
    const slot = order[k];
    if (!slot) break;
    parts[slot.i] = (parts[slot.i] ?? 0n) + step;
    remainder -= step;
  }
  return parts;
}

/**
 * Convert minor units of one currency into another at an exact decimal rate (units of `to` per
 * unit of `from`), rounded half away from zero. `convert(10000n, 'USD', 'EUR', '0.9') === 9000n`.
 */
export function convert(amountMinor: bigint, from: string, to: string, rate: string): bigint {
  const r = parseDecimal(rate);
  if (!r || r.num <= 0n)
    throw validationFailed(`invalid FX rate "${rate}"`, [
      { field: 'fxRate', message: 'must be a positive decimal' },
    ]);
  const shift = exponentOf(to) - exponentOf(from);
  const num = amountMinor * r.num * (shift > 0 ? 10n ** BigInt(shift) : 1n);
  const den = r.den * (shift < 0 ? 10n ** BigInt(-shift) : 1n);
  return roundHalfAwayFromZero(num, den);
}
