/**
 * The receivables KPIs' formulas, exact. Each takes amounts of one currency in minor units (bigint)
 * and returns an exact `Ratio` — or null where the KPI is undefined (no sales in the period, no
 * receivables) rather than an infinity or a zero. Rounding happens only when a figure is shown
 * (`kpiDecimal`, half away from zero like every rounding in cashloop), so a KPI summed, compared or
 * subtracted (ADD = DSO − best possible DSO) carries no rounding error.
 *
 * Definitions of the Credit Research Foundation where it gives them (../shared/PRODUCT.md, the
 * formulas and worked examples in docs/analytics.md):
 * - CRF quarterly DSO = Σ of the three month-end total AR × 30 ÷ credit sales of the quarter;
 * - simple DSO = ending AR ÷ credit sales of the period × days in the period;
 * - countback DSO: from the month-end AR take each month's sales going back, adding that month's
 *   days, until less than a month's sales is left; add that month's pro-rated share;
 * - best possible DSO = current AR × days ÷ credit sales; ADD = DSO − best possible DSO;
 * - CEI = (beginning AR + sales − ending total AR) ÷ (beginning AR + sales − ending current AR)
 *   × 100, the sales term being the period's sales per month (the CRF's quarterly form divides the
 *   quarter's sales by 3).
 */
import { formatRatio, type Ratio, ratio, sub } from '../../shared/decimal.ts';

/** One month of the countback, latest first: its credit sales and its calendar days. */
export interface CountbackMonth {
  readonly salesMinor: bigint;
  readonly days: number;
}

export interface CountbackDso {
  readonly days: Ratio;
  /** False when the receivables exceed every month given: `days` is then a lower bound. */
  readonly complete: boolean;
}

export interface CeiInput {
  readonly beginningArMinor: bigint;
  /** Credit sales of the whole period. */
  readonly salesMinor: bigint;
  readonly endingArMinor: bigint;
  /** Of the ending AR, what is not yet due. */
  readonly endingCurrentArMinor: bigint;
  /** Months in the period (the quarterly form: 3); the sales term is the sales per month. */
  readonly months?: number;
}

function positive(value: bigint): boolean {
  return value > 0n;
}

/** The figure as shown: `places` decimals, half away from zero; null stays null. */
export function kpiDecimal(value: Ratio | null, places: number): string | null {
  return value === null ? null : formatRatio(value, places);
}

/** The figure as a JSON number with `places` decimals (same rounding as `kpiDecimal`); null stays null. */
export function kpiNumber(value: Ratio | null, places: number): number | null {
  const shown = kpiDecimal(value, places);
  return shown === null ? null : Number(shown);
}

/** CRF quarterly DSO. `crfQuarterlyDso([16_935_357n, 17_936_658n, 13_663_598n], 47_881_064n)` → 30.41. */
export function crfQuarterlyDso(
  monthEndArMinor: readonly [bigint, bigint, bigint],
  quarterSalesMinor: bigint,
): Ratio | null {
  if (!positive(quarterSalesMinor)) return null;
  const sum = monthEndArMinor[0] + monthEndArMinor[1] + monthEndArMinor[2];
  return ratio(sum * 30n, quarterSalesMinor);
}

/** Simple DSO over a period of `days`. `simpleDso(500n, 900n, 90)` → 50. */
export function simpleDso(endingArMinor: bigint, salesMinor: bigint, days: number): Ratio | null {
  if (!positive(salesMinor)) return null;
  return ratio(endingArMinor * BigInt(days), salesMinor);
}

/**
 * Countback DSO. AR 212,000 against 100,000 / 80,000 / 70,000 (latest first, 30-day months) →
 * 30 + 30 + 32/70 × 30 = 73.71. A month without sales adds its days and takes nothing.
 */
export function countbackDso(
  endingArMinor: bigint,
  monthsLatestFirst: readonly CountbackMonth[],
): CountbackDso {
  let left = endingArMinor > 0n ? endingArMinor : 0n;
  let whole = 0n;
  for (const month of monthsLatestFirst) {
    if (left === 0n) break;
    if (left >= month.salesMinor) {
      left -= month.salesMinor;
      whole += BigInt(month.days);
      continue;
    }
    // What is left is less than this month's sales: its share of the month's days.
    const den = month.salesMinor;
    return { days: ratio(whole * den + left * BigInt(month.days), den), complete: true };
  }
  return { days: ratio(whole), complete: left === 0n };
}

/** Best possible DSO: what the DSO would be if only the current (not yet due) AR were outstanding. */
export function bestPossibleDso(currentArMinor: bigint, salesMinor: bigint, days: number): Ratio | null {
  return simpleDso(currentArMinor, salesMinor, days);
}

/** Average days delinquent = DSO − best possible DSO (both of the same period and form). */
export function averageDaysDelinquent(dso: Ratio | null, best: Ratio | null): Ratio | null {
  return dso === null || best === null ? null : sub(dso, best);
}

/**
 * Collection effectiveness index in per cent. The CRF example: beginning AR 12,327,157, quarter
 * sales 47,881,064 (3 months), ending AR 13,663,598 of which current 7,846,547 → 71.54.
 */
export function collectionEffectivenessIndex(input: CeiInput): Ratio | null {
  const months = BigInt(input.months ?? 1);
  // Everything × months, so the sales per month stays exact.
  const collectable = input.beginningArMinor * months + input.salesMinor;
  const collected = collectable - input.endingArMinor * months;
  const couldCollect = collectable - input.endingCurrentArMinor * months;
  if (!positive(couldCollect)) return null;
  return ratio(collected * 100n, couldCollect);
}

/** `part` as a per cent of `whole` (% current, % over 90, % paid within terms …); null when whole ≤ 0. */
export function percentage(partMinor: bigint, wholeMinor: bigint): Ratio | null {
  if (!positive(wholeMinor)) return null;
  return ratio(partMinor * 100n, wholeMinor);
}

/** Receivables turnover = net credit sales ÷ average AR (times per period). */
export function receivablesTurnover(salesMinor: bigint, averageArMinor: Ratio): Ratio | null {
  if (!positive(averageArMinor.num) || !positive(averageArMinor.den)) return null;
  return ratio(salesMinor * averageArMinor.den, averageArMinor.num);
}

/**
 * `total` ÷ `count`, exact (average days to pay: Σ days ÷ invoices; amount-weighted: Σ days × amount
 * ÷ Σ amount; age of unapplied cash: Σ unapplied × days ÷ Σ unapplied); null when count ≤ 0.
 */
export function averagePer(total: bigint, count: bigint): Ratio | null {
  return positive(count) ? ratio(total, count) : null;
}

/** The average of month-end balances, exact. */
export function averageOf(valuesMinor: readonly bigint[]): Ratio | null {
  if (valuesMinor.length === 0) return null;
  return ratio(
    valuesMinor.reduce((s, v) => s + v, 0n),
    BigInt(valuesMinor.length),
  );
}

/** Bad-debt ratio in per cent = write-offs ÷ credit sales of the period. */
export function badDebtRatio(writeOffsMinor: bigint, salesMinor: bigint): Ratio | null {
  return percentage(writeOffsMinor, salesMinor);
}
