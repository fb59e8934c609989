/**
 * Foreign-currency exposure of the receivables as of a day, and what revaluing it at the rates in
 * force gives: per currency and maturity bucket, the open amount, its carrying amount in the base
 * currency (at the documents' own rates, as the journal holds it) and its amount at the rate in
 * force. Each item is converted and rounded on its own (as its settlement would be), so buckets
 * add up to their currency exactly and every cent of the difference traces to an item.
 */
import { type CalendarDate, daysBetween, endOfMonth } from '../../shared/calendar-date.ts';
import type { RateInForce } from '../fx/index.ts';
import { toBase } from '../ledger/index.ts';

/** Where an open item falls, by its due date against the day: `overdue` is due before it. */
export const MATURITY_BUCKETS = [
  'overdue',
  'due_0_30',
  'due_31_60',
  'due_61_90',
  'due_over_90',
  'unapplied',
] as const;
export type MaturityBucket = (typeof MATURITY_BUCKETS)[number];

export interface ExposureItem {
  readonly currency: string;
  readonly kind: 'invoice' | 'unapplied';
  /** The invoice's due date (its issue date when none); null for unapplied cash. */
  readonly dueDate: CalendarDate | null;
  /** Open in its currency, debit positive (unapplied cash is negative). */
  readonly amountMinor: bigint;
  /** Its carrying amount in the base currency (the journal's base amounts). */
  readonly baseMinor: bigint;
}

export interface BucketExposure {
  readonly bucket: MaturityBucket;
  readonly items: number;
  readonly amountMinor: bigint;
  readonly carryingBaseMinor: bigint;
  /** Null when no rate is in force for the currency. */
  readonly revaluedBaseMinor: bigint | null;
  readonly differenceMinor: bigint | null;
}

export interface CurrencyExposure extends Omit<BucketExposure, 'bucket'> {
  readonly currency: string;
  readonly rate: RateInForce | null;
  readonly buckets: readonly BucketExposure[];
}

/** A currency's line of a posted revaluation, as stored (amounts as decimal strings of minor units). */
export interface CurrencyRevaluation {
  readonly currency: string;
  readonly rate: string;
  readonly rateDate: CalendarDate;
  readonly via: string;
  readonly items: number;
  readonly amountMinor: string;
  readonly carryingBaseMinor: string;
  readonly revaluedBaseMinor: string;
  readonly differenceMinor: string;
}

/** The bucket of an item on `asOf`: overdue before its due date has come, else days until it. */
export function maturityOf(item: Pick<ExposureItem, 'kind' | 'dueDate'>, asOf: CalendarDate): MaturityBucket {
  if (item.kind === 'unapplied' || item.dueDate === null) return 'unapplied';
  const days = daysBetween(asOf, item.dueDate);
  if (days < 0) return 'overdue';
  if (days <= 30) return 'due_0_30';
  if (days <= 60) return 'due_31_60';
  if (days <= 90) return 'due_61_90';
  return 'due_over_90';
}

interface Sums {
  items: number;
  amountMinor: bigint;
  carryingBaseMinor: bigint;
  revaluedBaseMinor: bigint | null;
}

function add(s: Sums, item: ExposureItem, revalued: bigint | null): void {
  s.items += 1;
  s.amountMinor += item.amountMinor;
  s.carryingBaseMinor += item.baseMinor;
  s.revaluedBaseMinor =
    s.revaluedBaseMinor === null || revalued === null ? null : s.revaluedBaseMinor + revalued;
}

const empty = (rated: boolean): Sums => ({
  items: 0,
  amountMinor: 0n,
  carryingBaseMinor: 0n,
  revaluedBaseMinor: rated ? 0n : null,
});

const withDifference = (s: Sums) => ({
  ...s,
  differenceMinor: s.revaluedBaseMinor === null ? null : s.revaluedBaseMinor - s.carryingBaseMinor,
});

/** The exposure per currency (sorted) and bucket, each item revalued at its currency's rate. */
export function exposureOf(
  items: readonly ExposureItem[],
  rates: ReadonlyMap<string, RateInForce | null>,
  baseCurrency: string,
  asOf: CalendarDate,
): CurrencyExposure[] {
  const byCurrency = new Map<string, ExposureItem[]>();
  for (const i of items) {
    const group = byCurrency.get(i.currency);
    if (group) group.push(i);
    else byCurrency.set(i.currency, [i]);
  }
  return [...byCurrency.keys()].sort().map((currency) => {
    const rate = rates.get(currency) ?? null;
    const total = empty(rate !== null);
    const buckets = Object.fromEntries(MATURITY_BUCKETS.map((b) => [b, empty(rate !== null)])) as Record<
      MaturityBucket,
      Sums
    >;
    for (const item of byCurrency.get(currency) ?? []) {
      const revalued = rate ? toBase(item.amountMinor, currency, baseCurrency, rate.rate) : null;
      add(total, item, revalued);
      add(buckets[maturityOf(item, asOf)], item, revalued);
    }
    return {
      currency,
      rate,
      ...withDifference(total),
      buckets: MATURITY_BUCKETS.map((bucket) => ({ bucket, ...withDifference(buckets[bucket]) })),
    };
  });
}

/** Whether `day` is the last day of its month. */
export function isMonthEnd(day: CalendarDate): boolean {
  return endOfMonth(day) === day;
}
