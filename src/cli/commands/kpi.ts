/**
 * `cashloop kpi`: the KPI report of GET /v1/reports/kpis (the same `receivablesKpis`), one row per
 * month and currency, KPIs as decimal strings with two places (null where undefined). Without
 * `--currency`: every currency the receivables journal has lines in up to the last month;
 * `--currency base`: one row per month, every currency in the base currency (`base: true`).
 * `--customer` (id or external id), `--collector` (collector id) and `--category` (category id)
 * narrow every figure to those customers (docs/analytics.md, "Scopes and the base currency").
 */

import { kpiTables } from '../../http/routes/analytics-export.ts';
import { kpiReportJson } from '../../http/routes/kpi-report.ts';
import { kpiDecimal } from '../../modules/analytics/index.ts';
import { type KpiPeriod, kpiReportsFor } from '../../modules/reports/index.ts';
import { addDays, todayUtc } from '../../shared/calendar-date.ts';
import type { Ratio } from '../../shared/decimal.ts';
import { validationFailed } from '../../shared/errors.ts';
import { table, toJson } from '../io.ts';
import { EXPORT_OPTIONS, EXPORT_USAGE, exportRequest, writeExport } from './export-option.ts';
import { type CommandSpec, stringOption } from './types.ts';

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** The months before the current one that the report covers by default (12 months in all). */
const DEFAULT_MONTHS_BACK = 11;

function monthsBefore(month: string, count: number): string {
  let day = `${month}-01`;
  for (let i = 0; i < count; i++) day = addDays(day, -1).slice(0, 8).concat('01');
  return day.slice(0, 7);
}

const shown = (value: Ratio | null) => kpiDecimal(value, 2);

/** One month of one currency as the CLI prints it: the names first, then the rest. */
export function kpiRow(p: KpiPeriod, currency: string, base = false) {
  const k = p.kpis;
  return {
    month: p.period,
    currency,
    base,
    partial: p.partial,
    dso: shown(k.dso),
    bpdso: shown(k.bestPossibleDso),
    add: shown(k.averageDaysDelinquent),
    cei: shown(k.cei),
    pctCurrent: shown(k.percentCurrent),
    pctOver90: shown(k.percentOver90),
    paidWithinTermsPct: shown(k.paidWithinTermsPct),
    paidWithinTermsAmountPct: shown(k.paidWithinTermsAmountPct),
    countbackDso: k.countbackDso ? shown(k.countbackDso.days) : null,
    turnover: shown(k.turnover),
    badDebtRatio: shown(k.badDebtRatio),
    avgDaysToPay: shown(k.averageDaysToPay),
    avgDaysToPayWeighted: shown(k.averageDaysToPayWeighted),
    avgDaysLate: shown(k.averageDaysLate),
    avgDaysLateWeighted: shown(k.averageDaysLateWeighted),
    unappliedAgeDays: shown(k.unappliedAgeDays),
    autoApplicationPct: shown(k.autoApplicationPct),
    autoApplicationAmountPct: shown(k.autoApplicationAmountPct),
    disputeRatePct: shown(k.disputeRatePct),
    avgDaysToResolve: shown(k.averageDaysToResolve),
    promiseKeptPct: shown(k.promiseKeptPct),
    customerErosionPct: shown(k.customerErosionPct),
    revenueErosionPct: shown(k.revenueErosionPct),
    reworkRatePct: shown(k.reworkRatePct),
  };
}

type Row = ReturnType<typeof kpiRow>;

const COLUMNS: [string, keyof Row][] = [
  ['MONTH', 'month'],
  ['CUR', 'currency'],
  ['DSO', 'dso'],
  ['BPDSO', 'bpdso'],
  ['ADD', 'add'],
  ['CEI', 'cei'],
  ['%CUR', 'pctCurrent'],
  ['%>90', 'pctOver90'],
  ['%TERMS', 'paidWithinTermsPct'],
  ['PAY', 'avgDaysToPay'],
  ['LATE', 'avgDaysLate'],
  ['UNAP.AGE', 'unappliedAgeDays'],
  ['%AUTO', 'autoApplicationPct'],
  ['%DISP', 'disputeRatePct'],
  ['%KEPT', 'promiseKeptPct'],
];

function printTable(rows: Row[]): string {
  const cells = rows.map((r) =>
    COLUMNS.map(([, key]) => `${r[key] ?? '—'}${key === 'month' && r.partial ? '*' : ''}`),
  );
  const numeric = COLUMNS.map((_, i) => i).filter((i) => i >= 2);
  return `${table(
    COLUMNS.map(([h]) => h),
    cells,
    numeric,
  )}— undefined (nothing to divide by); * the current month, up to today. Formulas: docs/analytics.md.\n`;
}

export const kpi: CommandSpec = {
  name: 'kpi',
  usage: `cashloop kpi [--from YYYY-MM] [--to YYYY-MM] [--currency C|base] [--customer ID] [--collector ID] [--category ID] [--json] ${EXPORT_USAGE}`,
  options: {
    ...EXPORT_OPTIONS,
    from: { type: 'string' },
    to: { type: 'string' },
    currency: { type: 'string' },
    customer: { type: 'string' },
    collector: { type: 'string' },
    category: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: [],
  async run({ runtime, io, values }) {
    const today = todayUtc(runtime.deps.clock.now());
    const to = stringOption(values, 'to') ?? today.slice(0, 7);
    const from =
      stringOption(values, 'from') ?? (MONTH.test(to) ? monthsBefore(to, DEFAULT_MONTHS_BACK) : to);
    const currencyOption = stringOption(values, 'currency');
    if (currencyOption !== undefined && !/^([A-Za-z]{3}|base)$/.test(currencyOption))
      throw validationFailed(`--currency must be an ISO 4217 code or base, got "${currencyOption}"`, [
        { field: 'currency', message: 'not a currency code' },
      ]);
    const exporting = exportRequest(values);
    const scope = {
      customer: stringOption(values, 'customer'),
      collector: stringOption(values, 'collector'),
      category: stringOption(values, 'category'),
    };
    const request = { from, to, today, currency: currencyOption, scope };
    const reports = await kpiReportsFor(runtime.deps.db, runtime.tenant.tenantId, request, 'each');
    const rows = reports.flatMap((r) => r.months.map((p) => kpiRow(p, r.currency, r.base)));
    if (exporting) return writeExport(io, exporting, kpiTables(reports.map(kpiReportJson)));
    rows.sort((a, b) => a.month.localeCompare(b.month) || a.currency.localeCompare(b.currency));
    if (values.json) io.stdout(toJson({ kpis: rows }));
    else if (rows.length === 0) io.stdout(`No receivables in any currency up to ${to}.\n`);
    else io.stdout(printTable(rows));
    return 0;
  },
};
