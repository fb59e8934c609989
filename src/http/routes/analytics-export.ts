/**
 * The analytics reports as export tables (CSV: the first table; XLSX: every table a sheet): the
 * KPI report, the cash forecast, anomaly findings and a goal's attainment. The figures are those
 * of the reports' own JSON (`kpiReportJson`, `cashForecastJson`, `findingJson`, `attainmentJson`),
 * so an export shows what the API shows: amounts with the currency's decimals, KPIs with two
 * decimals (empty where undefined), dates as dates.
 */
import type { cashForecastJson } from '../../modules/reports/index.ts';
import { amount, date, integer, text, type XlsxCell } from '../../shared/xlsx.ts';
import type { findingJson } from './findings.schemas.ts';
import type { attainmentJson } from './goals.schemas.ts';
import type { kpiReportJson } from './kpi-report.ts';
import { type ExportTable, moneyCell } from './report-exports.ts';

type KpiJson = ReturnType<typeof kpiReportJson>;
type KpiPeriodJson = KpiJson['months'][number];
type ForecastJson = ReturnType<typeof cashForecastJson>;

/** A KPI (a number rounded to two decimals, or null) as a cell with two decimals. */
export function kpiCell(value: number | null): XlsxCell {
  return value === null ? null : amount(value.toFixed(2), 2);
}

const optionalText = (value: string | null | undefined): XlsxCell =>
  value === null || value === undefined ? null : text(value);

const KPI_COLUMNS = [
  ['dso', 'dso'],
  ['bpdso', 'bestPossibleDso'],
  ['add', 'averageDaysDelinquent'],
  ['cei', 'cei'],
  ['pct_current', 'percentCurrent'],
  ['pct_over_90', 'percentOver90'],
  ['bad_debt_ratio', 'badDebtRatio'],
  ['turnover', 'turnover'],
  ['paid_within_terms_pct', 'paidWithinTermsPct'],
  ['paid_within_terms_amount_pct', 'paidWithinTermsAmountPct'],
  ['avg_days_to_pay', 'averageDaysToPay'],
  ['avg_days_to_pay_weighted', 'averageDaysToPayWeighted'],
  ['avg_days_late', 'averageDaysLate'],
  ['avg_days_late_weighted', 'averageDaysLateWeighted'],
  ['unapplied_age_days', 'unappliedAgeDays'],
  ['auto_application_pct', 'autoApplicationPct'],
  ['auto_application_amount_pct', 'autoApplicationAmountPct'],
  ['dispute_rate_pct', 'disputeRatePct'],
  ['avg_days_to_resolve', 'averageDaysToResolve'],
  ['promise_kept_pct', 'promiseKeptPct'],
] as const;

const KPI_HEADER = [
  'currency',
  'period',
  'partial',
  'end',
  'days',
  'ar_beginning',
  'ar_ending',
  'ar_ending_current',
  'ar_ending_over_90',
  'sales',
  'bad_debt',
  ...KPI_COLUMNS.map(([name]) => name),
  'countback_dso',
  'countback_complete',
];

function kpiRow(p: KpiPeriodJson, currency: string): XlsxCell[] {
  const m = (v: string) => moneyCell(v, currency);
  return [
    text(currency),
    text(p.period),
    text(p.partial ? 'yes' : 'no'),
    date(p.end),
    integer(p.days),
    m(p.beginning.total),
    m(p.ending.total),
    m(p.ending.current),
    m(p.ending.over90),
    m(p.sales),
    m(p.badDebt),
    ...KPI_COLUMNS.map(([, key]) => kpiCell(p.kpis[key])),
    p.kpis.countbackDso ? kpiCell(p.kpis.countbackDso.days) : null,
    p.kpis.countbackDso ? text(p.kpis.countbackDso.complete ? 'yes' : 'no') : null,
  ];
}

/** The KPI report of one or more currencies: a sheet of months and one of whole quarters. */
export function kpiTables(reports: readonly KpiJson[]): ExportTable[] {
  return [
    {
      name: 'Months',
      header: KPI_HEADER,
      rows: reports.flatMap((r) => r.months.map((p) => kpiRow(p, r.currency))),
    },
    {
      name: 'Quarters',
      header: KPI_HEADER,
      rows: reports.flatMap((r) => r.quarters.map((p) => kpiRow(p, r.currency))),
    },
  ];
}

const SUM_HEADER = ['expected', 'promised', 'overdue', 'invoices'];

function sumCells(s: { expected: string; promised: string; overdue: string; invoices: number }, c: string) {
  return [moneyCell(s.expected, c), moneyCell(s.promised, c), moneyCell(s.overdue, c), integer(s.invoices)];
}

function forecastWeeks(f: ForecastJson): ExportTable {
  return {
    name: 'Weeks',
    header: ['currency', 'iso_week', 'week_start', ...SUM_HEADER],
    rows: f.weeks.map((w) => [
      text(w.currency),
      text(w.isoWeek),
      date(w.weekStart),
      ...sumCells(w, w.currency),
    ]),
  };
}

function forecastDays(f: ForecastJson): ExportTable {
  return {
    name: 'Days',
    header: ['currency', 'day', ...SUM_HEADER],
    rows: f.days.map((d) => [text(d.currency), date(d.day), ...sumCells(d, d.currency)]),
  };
}

function forecastCurrencies(f: ForecastJson): ExportTable {
  return {
    name: 'Currencies',
    header: [
      'currency',
      'as_of',
      'open',
      'in_weeks',
      'later_expected',
      'later_invoices',
      'disputed',
      'disputed_invoices',
    ],
    rows: f.currencies.map((c) => [
      text(c.currency),
      date(f.asOf),
      moneyCell(c.open, c.currency),
      moneyCell(c.inWeeks, c.currency),
      moneyCell(c.later.expected, c.currency),
      integer(c.later.invoices),
      moneyCell(c.disputed.amount, c.currency),
      integer(c.disputed.invoices),
    ]),
  };
}

/** The forecast's weeks or days first (the CSV), then the other and the currencies' totals. */
export function forecastTables(f: ForecastJson, view: 'weeks' | 'days'): ExportTable[] {
  const weeks = forecastWeeks(f);
  const days = forecastDays(f);
  return [...(view === 'weeks' ? [weeks, days] : [days, weeks]), forecastCurrencies(f)];
}

type FindingJson = ReturnType<typeof findingJson>;

/** Findings, one row each: when, what, how bad, its state and the decision. */
export function findingsTable(findings: readonly FindingJson[]): ExportTable {
  return {
    name: 'Findings',
    header: [
      'id',
      'occurred_on',
      'occurred_at',
      'found_at',
      'kind',
      'severity',
      'status',
      'title',
      'customer_id',
      'invoice_id',
      'receipt_id',
      'decided_by',
      'decided_at',
      'decision_note',
    ],
    rows: findings.map((f) => [
      text(f.id),
      date(f.occurredAt.slice(0, 10)),
      text(f.occurredAt),
      text(f.createdAt),
      text(f.kind),
      text(f.severity),
      text(f.status),
      text(f.title),
      optionalText(f.evidence.customerId),
      optionalText(f.evidence.invoiceId),
      optionalText(f.evidence.receiptId),
      optionalText(f.decision?.byName),
      optionalText(f.decision?.at),
      optionalText(f.decision?.note),
    ]),
  };
}

type AttainmentJson = ReturnType<typeof attainmentJson>;

/** A goal's attainment: one row per closed period and currency; then the goal itself. */
export function attainmentTables(a: AttainmentJson): ExportTable[] {
  const periods: ExportTable = {
    name: 'Attainment',
    header: ['period', 'end', 'status', 'currency', 'value', 'currency_status'],
    rows: a.periods.flatMap((p) => {
      const head = [text(p.period), date(p.end), text(p.status)];
      if (p.currencies.length === 0) return [[...head, null, null, null]];
      return p.currencies.map((c) => [
        ...head,
        text(c.currency),
        c.value === null ? null : amount(c.value, 2),
        text(c.status),
      ]);
    }),
  };
  const g = a.goal;
  const goal: ExportTable = {
    name: 'Goal',
    header: ['id', 'name', 'kpi', 'comparison', 'target', 'period_kind', 'currency', 'valid_from', 'as_of'],
    rows: [
      [
        text(g.id),
        text(g.name),
        text(g.kpi),
        text(g.comparison),
        amount(g.target, 2),
        text(g.periodKind),
        optionalText(g.currency),
        optionalText(g.validFrom),
        date(a.asOf),
      ],
    ],
  };
  return [periods, goal];
}
