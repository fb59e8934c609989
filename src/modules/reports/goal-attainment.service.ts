/**
 * The attainment of a KPI goal over time: for each closed period (its last day before the as-of
 * day) from the goal's first period on, the KPI as the KPI report computes it — the same
 * `receivablesKpis`, never a second way — against the target (goal-attainment.ts). A goal over each
 * currency is judged per currency the report has receivables in, then combined.
 */
import type { Queryable } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { formatScaled, type Ratio } from '../../shared/decimal.ts';
import { validationFailed } from '../../shared/errors.ts';
import {
  combinedStatus,
  type GoalStatus,
  judgeGoal,
  kpiValueOf,
  lastClosedPeriod,
  monthsOfPeriod,
  periodEnd,
  periodsBetween,
  previousPeriod,
} from './goal-attainment.ts';
import { MONTH_PERIOD, type PeriodKind, QUARTER_PERIOD } from './goals.input.ts';
import { getGoalOrThrow, type KpiGoal } from './goals.service.ts';
import { kpiCurrencies, MAX_KPI_MONTHS, receivablesKpis } from './kpi.service.ts';

/** Periods shown when no `from` is given: a year. */
export const DEFAULT_ATTAINMENT_PERIODS: Record<PeriodKind, number> = { month: 12, quarter: 4 };

export interface GoalCurrencyResult {
  readonly currency: string;
  /** The KPI with two decimals, as the report shows it; null: not computable. */
  readonly value: string | null;
  readonly status: GoalStatus;
}

export interface GoalPeriodResult {
  readonly period: string;
  readonly end: CalendarDate;
  readonly status: GoalStatus;
  readonly currencies: GoalCurrencyResult[];
}

export interface GoalAttainment {
  readonly goal: KpiGoal;
  readonly asOf: CalendarDate;
  readonly periods: GoalPeriodResult[];
}

export interface AttainmentRange {
  readonly from?: string | undefined;
  readonly to?: string | undefined;
  readonly asOf: CalendarDate;
}

function back(kind: PeriodKind, period: string, count: number): string {
  let p = period;
  for (let i = 0; i < count; i++) p = previousPeriod(kind, p);
  return p;
}

/** The periods asked, checked: of the goal's kind, closed as of the day, at most what one report covers. */
function periodsAsked(goal: KpiGoal, range: AttainmentRange): string[] {
  const kind = goal.periodKind;
  const pattern = kind === 'month' ? MONTH_PERIOD : QUARTER_PERIOD;
  const shape = kind === 'month' ? 'a month YYYY-MM' : 'a quarter YYYY-Qn';
  for (const field of ['from', 'to'] as const) {
    const value = range[field];
    if (value !== undefined && !pattern.test(value))
      throw validationFailed(`${field} must be ${shape}`, [{ field, message: `must be ${shape}` }]);
  }
  const closed = lastClosedPeriod(kind, range.asOf);
  const to = range.to ?? closed;
  if (to > closed)
    throw validationFailed(`${to} is not closed as of ${range.asOf}`, [
      { field: 'to', message: 'not closed yet' },
    ]);
  const from = range.from ?? back(kind, to, DEFAULT_ATTAINMENT_PERIODS[kind] - 1);
  if (from > to) throw validationFailed('from is after to', [{ field: 'from', message: 'after to' }]);
  const months = periodsBetween('month', monthsOfPeriod(kind, from).first, monthsOfPeriod(kind, to).last);
  if (months.length > MAX_KPI_MONTHS)
    throw validationFailed(`at most ${MAX_KPI_MONTHS} months`, [
      { field: 'from', message: 'too many periods' },
    ]);
  const start = goal.validFrom !== null && goal.validFrom > from ? goal.validFrom : from;
  return periodsBetween(kind, start, to);
}

/** The goal's KPI per period for one currency, from the KPI report over those periods. */
async function valuesOf(
  q: Queryable,
  tenantId: string,
  goal: KpiGoal,
  months: { from: string; to: string },
  currency: string,
  today: CalendarDate,
): Promise<Map<string, Ratio | null>> {
  const report = await receivablesKpis(q, tenantId, { ...months, currency, today });
  const periods = goal.periodKind === 'month' ? report.months : report.quarters;
  return new Map(periods.map((p) => [p.period, kpiValueOf(p.kpis, goal.kpi)]));
}

async function judgedPeriods(
  q: Queryable,
  tenantId: string,
  goal: KpiGoal,
  periods: readonly string[],
  asOf: CalendarDate,
): Promise<GoalPeriodResult[]> {
  const first = periods[0];
  const last = periods.at(-1);
  if (first === undefined || last === undefined) return [];
  const kind = goal.periodKind;
  const months = { from: monthsOfPeriod(kind, first).first, to: monthsOfPeriod(kind, last).last };
  const currencies =
    goal.currency !== null ? [goal.currency] : await kpiCurrencies(q, tenantId, { ...months, today: asOf });
  const values = new Map<string, Map<string, Ratio | null>>();
  for (const c of currencies) values.set(c, await valuesOf(q, tenantId, goal, months, c, asOf));
  return periods.map((period) => {
    const results = currencies.map((currency) => {
      const judged = judgeGoal(
        values.get(currency)?.get(period) ?? null,
        goal.comparison,
        goal.targetHundredths,
      );
      const value = judged.valueHundredths === null ? null : formatScaled(judged.valueHundredths, 2);
      return { currency, value, status: judged.status };
    });
    const status = combinedStatus(results.map((r) => r.status));
    return { period, end: periodEnd(kind, period), status, currencies: results };
  });
}

/** A goal's attainment over the closed periods asked (default: the last year of them), as of `range.asOf`. */
export async function goalAttainment(
  q: Queryable,
  tenantId: string,
  goalId: string,
  range: AttainmentRange,
): Promise<GoalAttainment> {
  const goal = await getGoalOrThrow(q, tenantId, goalId);
  const periods = await judgedPeriods(q, tenantId, goal, periodsAsked(goal, range), range.asOf);
  return { goal, asOf: range.asOf, periods };
}

/** A goal and the period a check as of some day judges it for. */
export interface GoalDue {
  readonly goal: KpiGoal;
  readonly period: string;
}

/**
 * The goals a check as of `asOf` judges: each with its last closed period, when that period counts
 * for it (not before `validFrom`) and ended on or after the day the goal was created — a goal is
 * not told of periods that were over before it existed.
 */
export function goalsDueOn(goals: readonly KpiGoal[], asOf: CalendarDate): GoalDue[] {
  return goals.flatMap((goal) => {
    const period = lastClosedPeriod(goal.periodKind, asOf);
    const created = goal.createdAt.toISOString().slice(0, 10);
    if (goal.validFrom !== null && period < goal.validFrom) return [];
    if (periodEnd(goal.periodKind, period) < created) return [];
    return [{ goal, period }];
  });
}

/** One period's result of a goal, as of `asOf` (the period must be closed then). */
export async function goalPeriodResult(
  q: Queryable,
  tenantId: string,
  due: GoalDue,
  asOf: CalendarDate,
): Promise<GoalPeriodResult | null> {
  const [result] = await judgedPeriods(q, tenantId, due.goal, [due.period], asOf);
  return result ?? null;
}
