/**
 * How good was the cash forecast? For forecasts made on past days, each week's expected receipts
 * against what was actually received in that week, summed per week offset (week 1 = the week of
 * the day after the as-of day) and currency. Exact: errors are bigint minor units, the averages
 * exact ratios, rounded only when shown.
 *
 * - MAE = Σ |forecast − actual| ÷ n, in the currency;
 * - MAPE = Σ (|forecast − actual| ÷ actual) ÷ m × 100, over the m weeks with actual ≠ 0 (null if none);
 * - bias = Σ (forecast − actual) ÷ n: positive when the forecast expected too much.
 */

import { type Ratio, ratio } from '../../shared/decimal.ts';

/**
 * One forecast of one currency and what happened: week k's figures at index k − 1. Only weeks
 * that are over are measured: `actualMinor` may be shorter than the horizon.
 */
export interface ForecastOutcome {
  readonly asOf: string;
  readonly currency: string;
  readonly forecastMinor: readonly bigint[];
  readonly actualMinor: readonly bigint[];
}

export interface OffsetAccuracy {
  readonly currency: string;
  /** 1 = the first week of each forecast. */
  readonly weekOffset: number;
  /** How many forecasts (as-of days) are measured. */
  readonly count: number;
  readonly forecastMinor: bigint;
  readonly actualMinor: bigint;
  readonly maeMinor: Ratio | null;
  readonly mape: Ratio | null;
  readonly biasMinor: Ratio | null;
}

function abs(v: bigint): bigint {
  return v < 0n ? -v : v;
}

/** Σ a_i ÷ b_i, exactly. */
function sumOfRatios(parts: readonly Ratio[]): Ratio {
  return parts.reduce((s, p) => ratio(s.num * p.den + p.num * s.den, s.den * p.den), ratio(0n));
}

/** One currency's and one offset's measures over the pairs (forecast, actual). */
export function offsetAccuracy(
  currency: string,
  weekOffset: number,
  pairs: readonly (readonly [bigint, bigint])[],
): OffsetAccuracy {
  const n = BigInt(pairs.length);
  const errors = pairs.map(([f, a]) => f - a);
  const relative = pairs.filter(([, a]) => a !== 0n).map(([f, a]) => ratio(abs(f - a) * 100n, abs(a)));
  const mapeSum = sumOfRatios(relative);
  return {
    currency,
    weekOffset,
    count: pairs.length,
    forecastMinor: pairs.reduce((s, [f]) => s + f, 0n),
    actualMinor: pairs.reduce((s, [, a]) => s + a, 0n),
    maeMinor:
      n === 0n
        ? null
        : ratio(
            errors.reduce((s, e) => s + abs(e), 0n),
            n,
          ),
    mape: relative.length === 0 ? null : ratio(mapeSum.num, mapeSum.den * BigInt(relative.length)),
    biasMinor:
      n === 0n
        ? null
        : ratio(
            errors.reduce((s, e) => s + e, 0n),
            n,
          ),
  };
}

/**
 * The measures per currency (alphabetical) and week offset (1 … weeks), each over the outcomes
 * whose week of that offset is over (those with an actual figure for it).
 */
export function forecastAccuracy(outcomes: readonly ForecastOutcome[], weeks: number): OffsetAccuracy[] {
  const currencies = [...new Set(outcomes.map((o) => o.currency))].sort();
  return currencies.flatMap((currency) => {
    const mine = outcomes.filter((o) => o.currency === currency);
    return Array.from({ length: weeks }, (_, k) =>
      offsetAccuracy(
        currency,
        k + 1,
        mine
          .filter((o) => k < o.actualMinor.length)
          .map((o) => [o.forecastMinor[k] ?? 0n, o.actualMinor[k] ?? 0n] as const),
      ),
    );
  });
}
