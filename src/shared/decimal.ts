/**
 * Exact decimal arithmetic on bigint rationals, for quantities, prices, rates and percentages.
 *
 * Rounding rule (the one rule cashloop uses everywhere money is rounded): half away from zero,
 * to the currency's minor unit. `roundHalfAwayFromZero(5n, 2n) === 3n`, `(-5n, 2n) === -3n`.
 */
export interface Ratio {
  readonly num: bigint;
  readonly den: bigint;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Parse a plain decimal string (`"12.50"`, `"-3"`, `"0.125"`) into an exact ratio, or null. */
export function parseDecimal(text: string): Ratio | null {
  const m = DECIMAL.exec(text.trim());
  if (!m) return null;
  const [, sign, whole = '0', frac = ''] = m;
  const num = BigInt(whole + frac) * (sign === '-' ? -1n : 1n);
  return { num, den: 10n ** BigInt(frac.length) };
}

/** Number of digits after the decimal point in a decimal string. */
export function decimalPlaces(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

export function mul(a: Ratio, b: Ratio): Ratio {
  return { num: a.num * b.num, den: a.den * b.den };
}

/** a − b, exactly. */
export function sub(a: Ratio, b: Ratio): Ratio {
  return { num: a.num * b.den - b.num * a.den, den: a.den * b.den };
}

export function ratio(num: bigint, den = 1n): Ratio {
  return { num, den };
}

/** Divide `num` by positive `den`, rounding half away from zero. */
export function roundHalfAwayFromZero(num: bigint, den: bigint): bigint {
  if (den <= 0n) throw new Error('denominator must be positive');
  const negative = num < 0n;
  const abs = negative ? -num : num;
  const q = (abs * 2n + den) / (den * 2n);
  return negative ? -q : q;
}

export function roundRatio(r: Ratio): bigint {
  return roundHalfAwayFromZero(r.num, r.den);
}

/** Format a ratio as a decimal string with exactly `places` decimals (rounded half away from zero). */
export function formatRatio(r: Ratio, places: number): string {
  const scaled = roundHalfAwayFromZero(r.num * 10n ** BigInt(places), r.den);
  return formatScaled(scaled, places);
}

/** `formatScaled(12345n, 2) === "123.45"`, `formatScaled(-5n, 2) === "-0.05"`, `formatScaled(7n, 0) === "7"`. */
export function formatScaled(value: bigint, places: number): string {
  const negative = value < 0n;
  const digits = (negative ? -value : value).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const frac = places > 0 ? `.${digits.slice(digits.length - places)}` : '';
  return `${negative ? '-' : ''}${whole}${frac}`;
}
