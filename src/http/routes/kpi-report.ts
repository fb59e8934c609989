/**
 * GET /v1/reports/kpis as the API shows it: per month and per whole quarter the figures the KPIs
 * come from (money as decimal strings of the currency) and the KPIs themselves as numbers rounded
 * to two decimals when shown (computed exactly; null where undefined — no sales, no receivables).
 */
import { z } from 'zod';
import { kpiNumber } from '../../modules/analytics/index.ts';
import type { KpiFigures, KpiPeriod, KpiReport, KpiValues } from '../../modules/reports/index.ts';
import type { Ratio } from '../../shared/decimal.ts';
import { formatAmount } from '../../shared/money.ts';
import { date, money } from './common.ts';

const stock = z.object({
  total: money('open receivables (the aging total as of the day, rebuilt from the journal)'),
  current: money('of which not yet due'),
  over90: money('of which more than 90 days past due'),
});

const kpi = (what: string) => z.number().nullable().describe(`${what}; two decimals; null when undefined`);

const kpiPeriodSchema = z.object({
  period: z.string().describe('YYYY-MM or YYYY-Qn'),
  partial: z.boolean().describe('the current month (or its quarter) counted up to today'),
  end: date.describe('the last day counted: the month end, or today'),
  days: z.number().int(),
  beginning: stock.describe('AR at the end of the period before'),
  ending: stock.describe('AR at the end of the period'),
  sales: money(
    'credit sales from the journal: invoices and charges issued in the period, less credit notes and voids dated in it',
  ),
  badDebt: money('movements of the bad-debt account in the period (write-offs less their reversals)'),
  kpis: z.object({
    dso: kpi('month: ending AR ÷ sales × days; quarter: the CRF form Σ three month-end AR × 30 ÷ sales'),
    countbackDso: z
      .object({
        days: z.number(),
        complete: z.boolean().describe('false: the AR exceeds 12 months of sales, days is a lower bound'),
      })
      .nullable()
      .describe('countback DSO over up to 12 months (months only)'),
    bestPossibleDso: kpi('current AR × days ÷ sales'),
    averageDaysDelinquent: kpi('DSO − best possible DSO'),
    cei: kpi(
      '(beginning AR + sales per month − ending AR) ÷ (beginning AR + sales per month − ending current AR) × 100',
    ),
    percentCurrent: kpi('current ÷ total AR × 100'),
    percentOver90: kpi('over 90 days past due ÷ total AR × 100'),
    badDebtRatio: kpi('bad debt ÷ sales × 100'),
    turnover: kpi(
      'sales ÷ average AR (month: of its beginning and end; quarter: of its beginning and three month ends)',
    ),
  }),
});

export const kpiReportSchema = z
  .object({
    currency: z.string(),
    months: z.array(kpiPeriodSchema),
    quarters: z.array(kpiPeriodSchema).describe('the calendar quarters wholly inside from–to'),
  })
  .meta({ id: 'KpiReport' });

const shown = (value: Ratio | null) => kpiNumber(value, 2);

function stockJson(s: KpiFigures['ending'], c: string) {
  return {
    total: formatAmount(s.totalMinor, c),
    current: formatAmount(s.currentMinor, c),
    over90: formatAmount(s.over90Minor, c),
  };
}

function kpisJson(k: KpiValues) {
  return {
    dso: shown(k.dso),
    countbackDso: k.countbackDso && {
      days: shown(k.countbackDso.days) ?? 0,
      complete: k.countbackDso.complete,
    },
    bestPossibleDso: shown(k.bestPossibleDso),
    averageDaysDelinquent: shown(k.averageDaysDelinquent),
    cei: shown(k.cei),
    percentCurrent: shown(k.percentCurrent),
    percentOver90: shown(k.percentOver90),
    badDebtRatio: shown(k.badDebtRatio),
    turnover: shown(k.turnover),
  };
}

function periodJson(p: KpiPeriod, c: string) {
  const f = p.figures;
  return {
    period: p.period,
    partial: p.partial,
    end: f.end,
    days: f.days,
    beginning: stockJson(f.beginning, c),
    ending: stockJson(f.ending, c),
    sales: formatAmount(f.salesMinor, c),
    badDebt: formatAmount(f.badDebtMinor, c),
    kpis: kpisJson(p.kpis),
  };
}

export function kpiReportJson(r: KpiReport) {
  return {
    currency: r.currency,
    months: r.months.map((p) => periodJson(p, r.currency)),
    quarters: r.quarters.map((p) => periodJson(p, r.currency)),
  };
}
