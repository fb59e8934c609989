/**
 * GET /v1/reports/kpis as the API shows it: per month and per whole quarter the figures the KPIs
 * come from (money as decimal strings of the currency) and the KPIs themselves as numbers rounded
 * to two decimals when shown (computed exactly; null where undefined — no sales, no receivables).
 */
import { z } from 'zod';
import { kpiNumber } from '../../modules/analytics/index.ts';
import type {
  ActivityFigures,
  KpiFigures,
  KpiPeriod,
  KpiReport,
  KpiValues,
} from '../../modules/reports/index.ts';
import type { Ratio } from '../../shared/decimal.ts';
import { formatAmount } from '../../shared/money.ts';
import { date, money } from './common.ts';

const stock = z.object({
  total: money('open receivables (the aging total as of the day, rebuilt from the journal)'),
  current: money('of which not yet due'),
  over90: money('of which more than 90 days past due'),
});

const kpi = (what: string) => z.number().nullable().describe(`${what}; two decimals; null when undefined`);

const count = (what: string) => z.number().int().describe(what);

const activitySchema = z
  .object({
    settled: z.object({
      invoices: count('invoices whose balance became zero by payment in the period (no write-off or void)'),
      withinTerms: count('of which on or before the due date'),
      amount: money('their totals'),
      amountWithinTerms: money('the totals of those settled within terms'),
    }),
    unapplied: z.object({
      amount: money("receipts' cash not allocated to an invoice at the period end (the AR journal)"),
      oldestDays: z.number().int().nullable().describe('days since the oldest of it was received'),
    }),
    receipts: z.object({
      count: count('receipts received in the period'),
      auto: count('of which booked by cash application by itself (not confirmed or booked by a person)'),
    }),
    disputes: z.object({
      invoicesIssued: count('invoices issued in the period'),
      opened: count('disputes opened in the period'),
      closed: count('disputes resolved or rejected in the period'),
    }),
    promises: z.object({
      due: count('promises to pay whose last day to keep them falls in the period, not cancelled'),
      kept: count('of which kept'),
    }),
  })
  .describe('what the activity KPIs are computed from');

const retentionSchema = z
  .object({
    erosion: z.object({
      payingPrior: count('customers with a payment applied to an invoice in the period before'),
      payingLost: count('of which none in this period'),
      billedPrior: money('credit sales of the period before'),
      billedLost: money('of which those of customers billed then and not (net) in this period'),
    }),
    rework: z.object({
      invoices: count('invoices credited or voided in the period (each once)'),
      credited: count('invoices a credit note was issued against in the period'),
      voided: count('invoices voided in the period'),
      reasons: z
        .array(
          z.object({
            kind: z.enum(['credit_note', 'void']),
            reason: z.string().nullable().describe('as given; null when none'),
            invoices: count('invoices'),
          }),
        )
        .describe('per kind and reason, most invoices first'),
    }),
  })
  .describe('what the erosion and rework KPIs are computed from');

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
  activity: activitySchema,
  retention: retentionSchema,
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
    paidWithinTermsPct: kpi(
      'invoices settled within terms ÷ invoices settled by payment in the period × 100',
    ),
    paidWithinTermsAmountPct: kpi('the same by amount: their totals'),
    averageDaysToPay: kpi('Σ (settled on − issue date) ÷ invoices settled by payment in the period'),
    averageDaysToPayWeighted: kpi('the same weighted by the invoices’ totals'),
    averageDaysLate: kpi('Σ max(0, settled on − due date) ÷ invoices settled by payment in the period'),
    averageDaysLateWeighted: kpi('the same weighted by the invoices’ totals'),
    unappliedAgeDays: kpi(
      'unapplied cash at the period end: its average days since received, weighted by amount',
    ),
    autoApplicationPct: kpi('receipts booked by cash application by itself ÷ receipts received × 100'),
    autoApplicationAmountPct: kpi('the same by amount'),
    disputeRatePct: kpi('disputes opened ÷ invoices issued in the period × 100'),
    averageDaysToResolve: kpi('Σ days from opening to closing ÷ disputes closed in the period'),
    promiseKeptPct: kpi('promises kept ÷ promises due in the period × 100'),
    customerErosionPct: kpi(
      'customers paying in the period before who paid nothing in this one ÷ customers paying then × 100',
    ),
    revenueErosionPct: kpi(
      'billing of the period before by customers not billed in this one ÷ billing of the period before × 100',
    ),
    reworkRatePct: kpi('invoices credited or voided in the period ÷ invoices issued in it × 100'),
  }),
});

export const kpiReportSchema = z
  .object({
    currency: z.string(),
    base: z
      .boolean()
      .describe(
        "true: every currency's amounts in the base currency `currency` (the journal's base amounts)",
      ),
    scope: z
      .object({
        customerId: z.string().nullable(),
        collectorId: z.string().nullable(),
        categoryId: z.string().nullable(),
      })
      .describe('the customers the figures cover (all null: the whole tenant)'),
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
    paidWithinTermsPct: shown(k.paidWithinTermsPct),
    paidWithinTermsAmountPct: shown(k.paidWithinTermsAmountPct),
    averageDaysToPay: shown(k.averageDaysToPay),
    averageDaysToPayWeighted: shown(k.averageDaysToPayWeighted),
    averageDaysLate: shown(k.averageDaysLate),
    averageDaysLateWeighted: shown(k.averageDaysLateWeighted),
    unappliedAgeDays: shown(k.unappliedAgeDays),
    autoApplicationPct: shown(k.autoApplicationPct),
    autoApplicationAmountPct: shown(k.autoApplicationAmountPct),
    disputeRatePct: shown(k.disputeRatePct),
    averageDaysToResolve: shown(k.averageDaysToResolve),
    promiseKeptPct: shown(k.promiseKeptPct),
    customerErosionPct: shown(k.customerErosionPct),
    revenueErosionPct: shown(k.revenueErosionPct),
    reworkRatePct: shown(k.reworkRatePct),
  };
}

function activityJson(a: ActivityFigures, c: string) {
  return {
    settled: {
      invoices: Number(a.settled.invoices),
      withinTerms: Number(a.settled.withinTerms),
      amount: formatAmount(a.settled.amountMinor, c),
      amountWithinTerms: formatAmount(a.settled.amountWithinTermsMinor, c),
    },
    unapplied: { amount: formatAmount(a.unapplied.amountMinor, c), oldestDays: a.unapplied.oldestDays },
    receipts: { count: Number(a.receipts.count), auto: Number(a.receipts.auto) },
    disputes: {
      invoicesIssued: Number(a.disputes.invoicesIssued),
      opened: Number(a.disputes.opened),
      closed: Number(a.disputes.closed),
    },
    promises: { due: Number(a.promises.due), kept: Number(a.promises.kept) },
  };
}

function retentionJson(r: KpiFigures['retention'], c: string) {
  const e = r.erosion;
  return {
    erosion: {
      payingPrior: Number(e.payingPrior),
      payingLost: Number(e.payingLost),
      billedPrior: formatAmount(e.billedPriorMinor, c),
      billedLost: formatAmount(e.billedLostMinor, c),
    },
    rework: r.rework,
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
    activity: activityJson(f.activity, c),
    retention: retentionJson(f.retention, c),
    kpis: kpisJson(p.kpis),
  };
}

export function kpiReportJson(r: KpiReport) {
  return {
    currency: r.currency,
    base: r.base,
    scope: r.scope,
    months: r.months.map((p) => periodJson(p, r.currency)),
    quarters: r.quarters.map((p) => periodJson(p, r.currency)),
  };
}
