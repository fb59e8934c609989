/**
 * What the monthly AR pack of a closed month shows, gathered from the reports' own services (the
 * KPI report, the aging report, the cash forecast, the goals' attainment) and the anomaly findings
 * — the same figures the API and the CLI show — per currency with receivables.
 */
import type { Queryable } from '../../db/client.ts';
import { addDays, type CalendarDate, endOfMonth, todayUtc } from '../../shared/calendar-date.ts';
import { validationFailed } from '../../shared/errors.ts';
import { formatAmount } from '../../shared/money.ts';
import { kpiDecimal } from '../analytics/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import type {
  ArPackCurrency,
  ArPackDocument,
  ArPackFindings,
  ArPackGoal,
  ArPackMonth,
} from '../documents/index.ts';
import { ANOMALY_KINDS, listFindings, SEVERITIES } from '../findings/index.ts';
import {
  AGING_BUCKETS,
  type AgingReport,
  agingReport,
  cashForecast,
  GOAL_KPIS,
  goalPeriodResult,
  type KpiPeriod,
  kpiCurrencies,
  lastClosedPeriod,
  listGoals,
  receivablesKpis,
} from '../reports/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;
/** The pack's KPI table: this many months up to its month. */
export const AR_PACK_MONTHS = 12;
export const AR_PACK_FORECAST_WEEKS = 13;

/** A closed month (YYYY-MM, before `today`'s month), else `validation_failed` naming `month`. */
export function closedMonth(raw: string | undefined, today: CalendarDate): string {
  if (raw === undefined || !MONTH.test(raw))
    throw validationFailed(`month must be a month YYYY-MM, got ${JSON.stringify(raw ?? '')}`, [
      { field: 'month', message: 'not a month YYYY-MM' },
    ]);
  if (raw >= today.slice(0, 7))
    throw validationFailed(
      `month ${raw} is not closed yet: the AR pack is made for a month before ${today.slice(0, 7)}`,
      [{ field: 'month', message: 'not a closed month' }],
    );
  return raw;
}

/** The month `count` months before `month` (YYYY-MM). */
export function monthsBack(month: string, count: number): string {
  const index = Number(month.slice(0, 4)) * 12 + Number(month.slice(5, 7)) - 1 - count;
  return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
}

function monthRow(p: KpiPeriod, currency: string): ArPackMonth {
  const k = p.kpis;
  const shown = (v: Parameters<typeof kpiDecimal>[0]) => kpiDecimal(v, 2);
  return {
    month: p.period,
    kpis: {
      dso: shown(k.dso),
      bpdso: shown(k.bestPossibleDso),
      add: shown(k.averageDaysDelinquent),
      cei: shown(k.cei),
      pctCurrent: shown(k.percentCurrent),
      pctOver90: shown(k.percentOver90),
      paidWithinTermsPct: shown(k.paidWithinTermsPct),
      badDebtRatio: shown(k.badDebtRatio),
    },
    badDebt: formatAmount(p.figures.badDebtMinor, currency),
  };
}

const BUCKET_LABELS = {
  current: 'Current',
  '1-30': '1–30',
  '31-60': '31–60',
  '61-90': '61–90',
  '91+': '91+',
};

function agingBars(report: AgingReport | undefined, currency: string) {
  const money = (m: bigint) => formatAmount(m, currency);
  return {
    aging: AGING_BUCKETS.map((b) => ({ label: BUCKET_LABELS[b], amount: money(report?.buckets[b] ?? 0n) })),
    agingTotal: money(report?.totalMinor ?? 0n),
  };
}

async function currencySections(
  q: Queryable,
  tenantId: string,
  month: string,
  today: CalendarDate,
): Promise<ArPackCurrency[]> {
  const monthEnd = endOfMonth(`${month}-01`);
  const from = monthsBack(month, AR_PACK_MONTHS - 1);
  const currencies = await kpiCurrencies(q, tenantId, { from, to: month, today });
  const aging = await agingReport(q, tenantId, { asOf: monthEnd, basis: 'due_date', today });
  const forecast = await cashForecast(q, tenantId, {
    asOf: monthEnd,
    weeks: AR_PACK_FORECAST_WEEKS,
    currency: undefined,
    today,
  });
  const sections: ArPackCurrency[] = [];
  for (const currency of currencies) {
    const kpis = await receivablesKpis(q, tenantId, { from, to: month, currency, today });
    const f = forecast.currencies.find((c) => c.currency === currency);
    const money = (m: bigint) => formatAmount(m, currency);
    sections.push({
      currency,
      months: kpis.months.map((p) => monthRow(p, currency)),
      ...agingBars(
        aging.find((r) => r.currency === currency),
        currency,
      ),
      forecast: (f?.weeks ?? []).map((w) => ({ label: w.isoWeek, amount: money(w.expectedMinor) })),
      forecastLater: money(f?.later.expectedMinor ?? 0n),
      forecastDisputed: money(f?.disputed.amountMinor ?? 0n),
    });
  }
  return sections;
}

const COMPARED = { at_most: '≤', at_least: '≥' } as const;

/** Each goal judged for its last period closed by the month's end (not one before its validFrom). */
async function goalRows(q: Queryable, tenantId: string, monthEnd: CalendarDate): Promise<ArPackGoal[]> {
  const asOf = addDays(monthEnd, 1);
  const rows: ArPackGoal[] = [];
  for (const goal of await listGoals(q, tenantId)) {
    const period = lastClosedPeriod(goal.periodKind, asOf);
    const target = `${GOAL_KPIS[goal.kpi]} ${COMPARED[goal.comparison]} ${goal.target} per ${goal.periodKind}`;
    const result =
      goal.validFrom !== null && goal.validFrom > period
        ? null
        : await goalPeriodResult(q, tenantId, { goal, period }, asOf);
    rows.push({
      name: goal.name,
      goal: `${target}${goal.currency ? ` (${goal.currency})` : ''}`,
      period,
      results: (result?.currencies ?? []).map((c) => `${c.currency} ${c.value ?? '—'} ${c.status}`),
      status: result?.status ?? 'not yet counted',
    });
  }
  return rows;
}

const FINDINGS_PAGE = 1000;

/** Open anomaly findings counted by kind and severity (every kind listed). */
async function findingCounts(q: Queryable, tenantId: string): Promise<ArPackFindings[]> {
  const counts = new Map(ANOMALY_KINDS.map((k) => [k, { kind: k, low: 0, medium: 0, high: 0 }]));
  let beforeId: string | undefined;
  do {
    const page = await listFindings(
      q,
      tenantId,
      { status: 'open', kinds: ANOMALY_KINDS },
      { limit: FINDINGS_PAGE, beforeId },
    );
    for (const f of page.findings) {
      const row = counts.get(f.kind as (typeof ANOMALY_KINDS)[number]);
      if (row && (SEVERITIES as readonly string[]).includes(f.severity)) row[f.severity] += 1;
    }
    beforeId = page.nextBeforeId ?? undefined;
  } while (beforeId);
  return [...counts.values()];
}

/** The pack of `month` (a closed month: see `closedMonth`). */
export async function arPackDocument(
  q: Queryable,
  deps: Pick<CoreDeps, 'clock'>,
  tenantId: string,
  month: string,
): Promise<ArPackDocument> {
  const today = todayUtc(deps.clock.now());
  const closed = closedMonth(month, today);
  const monthEnd = endOfMonth(`${closed}-01`);
  const tenant = await getTenantOrThrow(q, tenantId);
  return {
    tenantName: tenant.legalName ?? tenant.name,
    month: closed,
    monthEnd,
    preparedOn: today,
    currencies: await currencySections(q, tenantId, closed, today),
    goals: await goalRows(q, tenantId, monthEnd),
    findings: await findingCounts(q, tenantId),
  };
}
