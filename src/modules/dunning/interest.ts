/**
 * Statutory interest, exact: for every day d of the period, principal(d) × annual rate(d) / days of
 * the year basis, where principal(d) is what was open on the invoice at the end of day d (payments,
 * credits and write-offs reduce it from their own date, an unapplied payment raises it again) and
 * the rate is the base rate in force that day plus the policy's margin (never below zero). The
 * days are summed as one exact rational and rounded once, half away from zero, to the minor unit.
 *
 * @example
 * // 10,000.00 EUR open all of January 2026 at 12.62 % act/365:
 * // 1,000,000 minor × 12.62 / 100 × 31 / 365 = 10,718.08… → 10,718 minor = 107.18 EUR
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { formatScaled, parseDecimal, type Ratio, roundHalfAwayFromZero } from '../../shared/decimal.ts';
import { daysFrom, plusDays } from './day-numbers.ts';
import type { DayCount, InterestTerms } from './dunning.types.ts';

/** A change of the invoice's open amount on AR, effective on `on` (issue +, payment −). */
export interface BalanceChange {
  readonly on: CalendarDate;
  readonly deltaMinor: bigint;
}

/** Days of equal principal and rate: `principal × ratePct / 100 × days / divisor`. */
export interface InterestSegment {
  readonly from: CalendarDate;
  readonly through: CalendarDate;
  readonly days: number;
  readonly principalMinor: bigint;
  /** Annual rate in percent (base + margin, at least 0), e.g. "12.62". */
  readonly ratePct: string;
  readonly divisor: number;
}

export interface InterestResult {
  readonly from: CalendarDate;
  readonly through: CalendarDate;
  readonly days: number;
  /** The exact sum in minor units, before rounding. */
  readonly exact: Ratio;
  readonly interestMinor: bigint;
  readonly segments: readonly InterestSegment[];
}

/**
 * Interest on the open principal for each day from `from` through `through` (both included).
 * Days before the first base rate, and days whose principal is zero, earn nothing.
 */
export function computeInterest(
  changes: readonly BalanceChange[],
  from: CalendarDate,
  through: CalendarDate,
  terms: InterestTerms,
): InterestResult {
  let exact: Ratio = { num: 0n, den: 1n };
  const segments: InterestSegment[] = [];
  for (const seg of segmentsOf(changes, from, through, terms)) {
    const rate = annualRatePct(terms, seg.from);
    if (rate === null || seg.principalMinor <= 0n || rate.num === 0n) continue;
    const divisor = divisorFor(terms.dayCount, seg.from);
    exact = addRatio(exact, {
      num: seg.principalMinor * rate.num * BigInt(seg.days),
      den: rate.den * 100n * BigInt(divisor),
    });
    segments.push({ ...seg, ratePct: formatRate(rate), divisor });
  }
  const days = through < from ? 0 : daysFrom(from, through) + 1;
  return { from, through, days, exact, interestMinor: roundHalfAwayFromZero(exact.num, exact.den), segments };
}

/** Annual rate in percent on `date` (base rate in force + margin, at least 0), or null before the first base rate. */
export function annualRatePct(terms: InterestTerms, date: CalendarDate): Ratio | null {
  let base: string | null = null;
  for (const r of terms.baseRates) if (r.effectiveFrom <= date) base = r.ratePct;
  if (base === null) return null;
  const sum = addRatio(decimalRatio(base), decimalRatio(terms.marginPct));
  return sum.num < 0n ? { num: 0n, den: 1n } : sum;
}

type RawSegment = Omit<InterestSegment, 'ratePct' | 'divisor'>;

/** The period cut wherever the principal, the base rate or (act/act) the year changes. */
function segmentsOf(
  changes: readonly BalanceChange[],
  from: CalendarDate,
  through: CalendarDate,
  terms: InterestTerms,
): RawSegment[] {
  if (through < from) return [];
  const inside = (d: CalendarDate) => d > from && d <= through;
  const cuts = new Set<CalendarDate>();
  for (const c of changes) if (inside(c.on)) cuts.add(c.on);
  for (const r of terms.baseRates) if (inside(r.effectiveFrom)) cuts.add(r.effectiveFrom);
  if (terms.dayCount === 'act/act')
    for (let y = Number(from.slice(0, 4)) + 1; y <= Number(through.slice(0, 4)); y++) cuts.add(`${y}-01-01`);
  const starts = [from, ...[...cuts].sort()];
  return starts.map((start, i) => {
    const end = i + 1 < starts.length ? plusDays(starts[i + 1] ?? through, -1) : through;
    return {
      from: start,
      through: end,
      days: daysFrom(start, end) + 1,
      principalMinor: balanceOn(changes, start),
    };
  });
}

/** The open amount at the end of `date`: every change effective on or before it. */
export function balanceOn(changes: readonly BalanceChange[], date: CalendarDate): bigint {
  let sum = 0n;
  for (const c of changes) if (c.on <= date) sum += c.deltaMinor;
  return sum;
}

function divisorFor(dayCount: DayCount, date: CalendarDate): number {
  switch (dayCount) {
    case 'act/365':
      return 365;
    case 'act/360':
      return 360;
    case 'act/act': {
      const year = Number(date.slice(0, 4));
      return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 366 : 365;
    }
  }
}

const ratios = new Map<string, Ratio>();

/** A rate string as an exact ratio (memoised: a run reads the same few rates 100,000 times). */
function decimalRatio(text: string): Ratio {
  const cached = ratios.get(text);
  if (cached) return cached;
  const r = parseDecimal(text);
  if (!r) throw new Error(`not a decimal rate: ${text}`);
  ratios.set(text, r);
  return r;
}

function gcd(a: bigint, b: bigint): bigint {
  let x = a < 0n ? -a : a;
  let y = b;
  while (y !== 0n) [x, y] = [y, x % y];
  return x === 0n ? 1n : x;
}

function addRatio(a: Ratio, b: Ratio): Ratio {
  const num = a.num * b.den + b.num * a.den;
  const den = a.den * b.den;
  const g = gcd(num, den);
  return { num: num / g, den: den / g };
}

/** A rate ratio whose denominator is a power of ten, as a plain decimal ("12.62", "8"). */
function formatRate(rate: Ratio): string {
  let places = 0;
  while (10n ** BigInt(places) % rate.den !== 0n && places < 12) places++;
  return formatScaled((rate.num * 10n ** BigInt(places)) / rate.den, places);
}
