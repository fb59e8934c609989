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

export function money(amountMinor: bigint, currency: string): Money {
  return { amountMinor, currency };
}

/** Parse a decimal string in major units into minor units; null when malformed or too precise. */
export function tryParseAmount(text: string, currency: string): bigint | null {
  if (!isKnownCurrency(currency)) return null;
  const exponent = exponentOf(currency);
  const ratio = parseDecimal(text);
  if (!ratio || decimalPlaces(text.trim()) > exponent) return null;
  return (ratio.num * 10n ** BigInt(exponent)) / ratio.den;
}

/** Like tryParseAmount, but throws a validation error naming `field`. */
export function parseAmount(text: string, currency: string, field = 'amount'): bigint {
  const value = tryParseAmount(text, currency);
  if (value === null) {
    const message = isKnownCurrency(currency)
      ? `"${text}" is not an amount in ${currency} (at most ${exponentOf(currency)} decimals)`
      : `unknown currency "${currency}"`;
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
