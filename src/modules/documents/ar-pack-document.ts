/**
 * What the monthly AR pack shows, as data: figures already formatted (amounts as decimal strings of
 * their currency, KPIs with two decimals, null where undefined) and the numbers the charts are
 * drawn from. Gathered by the communication module (`arPackDocument`) from the reports' own
 * services; drawn by `renderArPackPdf`.
 */

export const AR_PACK_KPIS = [
  ['dso', 'DSO'],
  ['bpdso', 'BPDSO'],
  ['add', 'ADD'],
  ['cei', 'CEI %'],
  ['pctCurrent', '% current'],
  ['pctOver90', '% over 90'],
  ['paidWithinTermsPct', 'Paid within terms %'],
  ['badDebtRatio', 'Bad debt %'],
] as const;

export type ArPackKpi = (typeof AR_PACK_KPIS)[number][0];

export interface ArPackMonth {
  readonly month: string;
  /** Each KPI with two decimals; null where undefined (no sales, no receivables). */
  readonly kpis: Readonly<Record<ArPackKpi, string | null>>;
  readonly badDebt: string;
}

export interface ArPackBar {
  readonly label: string;
  /** The amount as a decimal string of the section's currency. */
  readonly amount: string;
}

export interface ArPackCurrency {
  readonly currency: string;
  /** The 12 months up to the pack's month, oldest first. */
  readonly months: readonly ArPackMonth[];
  /** Aging as of the month end by bucket (current, 1–30, 31–60, 61–90, 91+), and its total. */
  readonly aging: readonly ArPackBar[];
  readonly agingTotal: string;
  /** Expected receipts per ISO week from the day after the month end (13 weeks). */
  readonly forecast: readonly ArPackBar[];
  readonly forecastLater: string;
  readonly forecastDisputed: string;
}

export interface ArPackGoal {
  readonly name: string;
  readonly goal: string;
  readonly period: string;
  /** One line per currency: "EUR 41.20 met". */
  readonly results: readonly string[];
  readonly status: string;
}

export interface ArPackFindings {
  readonly kind: string;
  readonly low: number;
  readonly medium: number;
  readonly high: number;
}

export interface ArPackDocument {
  readonly tenantName: string;
  /** The closed month, YYYY-MM, and its last day. */
  readonly month: string;
  readonly monthEnd: string;
  /** The day it was made (the PDF's date). */
  readonly preparedOn: string;
  readonly currencies: readonly ArPackCurrency[];
  readonly goals: readonly ArPackGoal[];
  /** Open anomaly findings by kind (all kinds, zero included). */
  readonly findings: readonly ArPackFindings[];
}

const MONTH_NAMES = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];

/** "March 2026" for "2026-03". */
export function monthName(month: string): string {
  return `${MONTH_NAMES[Number(month.slice(5, 7)) - 1] ?? month} ${month.slice(0, 4)}`;
}
