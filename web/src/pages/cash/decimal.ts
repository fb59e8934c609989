/**
 * Exact sums of decimal amount strings for the running remainder of a manual application: the
 * amounts are read into integers of the currency's minor units (BigInt), added, and written back
 * as a decimal string — never a float. The server still decides (it refuses an over-allocation);
 * this only shows the person what is left while they type.
 */

/** The currency's number of decimals (JPY 0, EUR 2, KWD 3), from Intl. */
export function currencyDecimals(currency: string): number {
  try {
    return (
      new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ??
      2
    );
  } catch {
    return 2;
  }
}

const AMOUNT = /^(-?)(\d+)(?:\.(\d*))?$/;

/** '12.5' → 1250n for 2 decimals; null when the text is no amount or has more decimals. */
export function toMinor(amount: string, decimals: number): bigint | null {
  const m = AMOUNT.exec(amount.trim());
  if (!m) return null;
  const fraction = m[3] ?? '';
  if (fraction.length > decimals) return null;
  const minor = BigInt((m[2] ?? '0') + fraction.padEnd(decimals, '0'));
  return m[1] === '-' ? -minor : minor;
}

/** 1250n → '12.50' for 2 decimals. */
export function fromMinor(minor: bigint, decimals: number): string {
  const negative = minor < 0n;
  const digits = (negative ? -minor : minor).toString().padStart(decimals + 1, '0');
  const whole = digits.slice(0, digits.length - decimals);
  const fraction = decimals > 0 ? `.${digits.slice(digits.length - decimals)}` : '';
  return `${negative ? '-' : ''}${whole}${fraction}`;
}

/** `total − Σ parts` as a decimal string; parts that are empty count as zero, unreadable ones as null. */
export function remainder(total: string, parts: readonly string[], currency: string): string | null {
  const decimals = currencyDecimals(currency);
  let left = toMinor(total, decimals);
  if (left === null) return null;
  for (const part of parts) {
    if (part.trim() === '') continue;
    const minor = toMinor(part, decimals);
    if (minor === null) return null;
    left -= minor;
  }
  return fromMinor(left, decimals);
}

/** The smaller of two decimal amounts (to prefill an allocation with what is left, at most the open). */
export function minAmount(a: string, b: string, currency: string): string {
  const decimals = currencyDecimals(currency);
  const x = toMinor(a, decimals);
  const y = toMinor(b, decimals);
  if (x === null || y === null) return a;
  return fromMinor(x < y ? x : y, decimals);
}

/** Whether a decimal amount is above zero. */
export function isPositive(amount: string, currency: string): boolean {
  const minor = toMinor(amount, currencyDecimals(currency));
  return minor !== null && minor > 0n;
}
