/**
 * Whether a KPI goal was met in a period — pure. The KPI value is the report's, rounded as the
 * report shows it (two decimals, half away from zero), and compared exactly with the target in
 * hundredths: on the target is met for both "at most" and "at least". No value (no sales, no
 * receivables, a countback DSO that is only a lower bound) is `not_computable`, never met or missed.
 *
 * A goal over each currency: the period is missed when any currency missed, met when at least one
 * met and none missed, and not computable when none could be computed.
 */
import { addDays, type CalendarDate, endOfMonth } from '../../shared/calendar-date.ts';
import { type Ratio, roundHalfAwayFromZero } from '../../shared/decimal.ts';
import type { Comparison, GoalKpi, PeriodKind } from './goals.input.ts';
import type { KpiValues } from './kpi.service.ts';

export type GoalStatus = 'met' | 'missed' | 'not_computable';

/** `"35.5"` → 3550n; the input schema already checked at most two decimals. */
export function hundredthsOf(target: string): bigint {
  const negative = target.startsWith('-');
  const [whole = '0', frac = ''] = target.replace(/^-/, '').split('.');
  const value = BigInt(whole) * 100n + BigInt(frac.padEnd(2, '0'));
  return negative ? -value : value;
}

/** The value as the report shows it, in hundredths: `{ num: 1001n, den: 30n }` (33.366…) → 3337n. */
export function shownHundredths(value: Ratio): bigint {
  const sign = value.den < 0n ? -1n : 1n;
  return roundHalfAwayFromZero(value.num * 100n * sign, value.den * sign);
}

/** Met, missed or not computable: the shown value against the target (on the target is met). */
export function judgeGoal(
  value: Ratio | null,
  comparison: Comparison,
  targetHundredths: bigint,
): { valueHundredths: bigint | null; status: GoalStatus } {
  if (value === null) return { valueHundredths: null, status: 'not_computable' };
  const shown = shownHundredths(value);
  const met = comparison === 'at_most' ? shown <= targetHundredths : shown >= targetHundredths;
  return { valueHundredths: shown, status: met ? 'met' : 'missed' };
}

/** The goal's KPI among a period's KPIs; an incomplete countback DSO (a lower bound) is no value. */
export function kpiValueOf(kpis: KpiValues, kpi: GoalKpi): Ratio | null {
  if (kpi === 'countbackDso') return kpis.countbackDso?.complete ? kpis.countbackDso.days : null;
  return kpis[kpi];
}

/** A period's status over its currencies (see the module comment). */
export function combinedStatus(statuses: readonly GoalStatus[]): GoalStatus {
  if (statuses.includes('missed')) return 'missed';
  return statuses.includes('met') ? 'met' : 'not_computable';
}

/** The period (`YYYY-MM` or `YYYY-Qn`) a day falls in. */
export function periodOf(kind: PeriodKind, day: CalendarDate): string {
  if (kind === 'month') return day.slice(0, 7);
  return `${day.slice(0, 4)}-Q${Math.ceil(Number(day.slice(5, 7)) / 3)}`;
}

/** The first and last month (`YYYY-MM`) of a period. */
export function monthsOfPeriod(kind: PeriodKind, period: string): { first: string; last: string } {
  if (kind === 'month') return { first: period, last: period };
  const year = period.slice(0, 4);
  const q = Number(period.slice(6));
  const month = (m: number) => `${year}-${String(m).padStart(2, '0')}`;
  return { first: month(q * 3 - 2), last: month(q * 3) };
}

/** A period's last day. */
export function periodEnd(kind: PeriodKind, period: string): CalendarDate {
  return endOfMonth(`${monthsOfPeriod(kind, period).last}-01`);
}

/** The period after `period`. */
export function nextPeriod(kind: PeriodKind, period: string): string {
  return periodOf(kind, addDays(periodEnd(kind, period), 1));
}

/** The period before `period`. */
export function previousPeriod(kind: PeriodKind, period: string): string {
  return periodOf(kind, addDays(`${monthsOfPeriod(kind, period).first}-01`, -1));
}

/** The latest period closed as of `asOf`: the last whose final day is before `asOf` (that day is over). */
export function lastClosedPeriod(kind: PeriodKind, asOf: CalendarDate): string {
  return previousPeriod(kind, periodOf(kind, asOf));
}

/** The periods from `from` to `to`, oldest first (empty when `to` is before `from`). */
export function periodsBetween(kind: PeriodKind, from: string, to: string): string[] {
  const out: string[] = [];
  for (let p = from; p <= to; p = nextPeriod(kind, p)) out.push(p);
  return out;
}
