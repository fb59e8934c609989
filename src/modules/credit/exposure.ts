/**
 * Credit exposure of a customer, in the customer's currency (the currency of its credit limit):
 *
 *   exposure = open invoices − unapplied cash + uninvoiced orders
 *
 * Open items and unapplied cash in the customer's currency count at face value. Those in another
 * currency are converted at their own fixed document rates (base currency per unit, fixed at issue
 * or receipt) into the base currency, and from there into the customer's currency at the rate of
 * the customer's most recent open document in its own currency (1 when it is the base currency).
 * When no such rate exists the other currency cannot be converted: it is left out and named in
 * `unconverted`. Rounded once per currency, half away from zero.
 */
import { exponentOf } from '../../shared/currency.ts';
import { parseDecimal, roundHalfAwayFromZero } from '../../shared/decimal.ts';

/** One currency's open items and unapplied cash of one customer. */
export interface ExposurePart {
  currency: string;
  openMinor: bigint;
  unappliedMinor: bigint;
  /** Σ open_minor × document rate, exact decimal text (SQL numeric). */
  openWeighted: string;
  /** Σ unapplied_minor × document rate, exact decimal text. */
  unappliedWeighted: string;
  /** Document rate of the most recent open document in this currency, or null. */
  latestRate: string | null;
}

export interface Exposure {
  openInvoicesMinor: bigint;
  unappliedMinor: bigint;
  uninvoicedOrdersMinor: bigint;
  totalMinor: bigint;
  /** Currencies that could not be converted into the customer's currency (left out). */
  unconverted: string[];
}

/**
 * Exposure of one customer in `target`. Example: EUR customer (EUR base), EUR 1,000.00 open and
 * USD 500.00 open at 0.9 EUR/USD → `totalMinor === 145000n` (1,000.00 + 450.00).
 */
export function exposureIn(
  target: string,
  base: string,
  parts: readonly ExposurePart[],
  uninvoicedOrdersMinor = 0n,
): Exposure {
  const targetRate = target === base ? '1' : (parts.find((p) => p.currency === target)?.latestRate ?? null);
  let open = 0n;
  let unapplied = 0n;
  const unconverted: string[] = [];
  for (const part of parts) {
    if (part.currency === target) {
      open += part.openMinor;
      unapplied += part.unappliedMinor;
    } else if (targetRate === null) {
      if (part.openMinor !== 0n || part.unappliedMinor !== 0n) unconverted.push(part.currency);
    } else {
      open += convertWeighted(part.openWeighted, part.currency, target, targetRate);
      unapplied += convertWeighted(part.unappliedWeighted, part.currency, target, targetRate);
    }
  }
  return {
    openInvoicesMinor: open,
    unappliedMinor: unapplied,
    uninvoicedOrdersMinor,
    totalMinor: open - unapplied + uninvoicedOrdersMinor,
    unconverted: unconverted.sort(),
  };
}

/**
 * Σ(amount_minor × rate) of currency `from` (rate: base per unit of `from`) into minor units of
 * `to` (rate `toRate`: base per unit of `to`): × 10^(exp(to) − exp(from)) / toRate, rounded once.
 */
export function convertWeighted(weighted: string, from: string, to: string, toRate: string): bigint {
  const w = parseDecimal(weighted);
  const r = parseDecimal(toRate);
  if (!w || !r || r.num <= 0n) throw new Error(`bad exposure figures ${weighted} / ${toRate}`);
  const shift = exponentOf(to) - exponentOf(from);
  const num = w.num * r.den * (shift > 0 ? 10n ** BigInt(shift) : 1n);
  const den = w.den * r.num * (shift < 0 ? 10n ** BigInt(-shift) : 1n);
  return roundHalfAwayFromZero(num, den);
}
