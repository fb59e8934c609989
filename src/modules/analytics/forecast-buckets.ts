/**
 * The cash forecast's sums: expected receipts per currency, per day and per ISO week (Monday to
 * Sunday) over a horizon of whole weeks from the week of `firstDay`, plus what falls after it
 * (`later`) and what is disputed. Exact: per currency, Σ weeks + later + disputed = Σ open.
 */

import { addDays, type CalendarDate } from '../../shared/calendar-date.ts';
import { type ExpectedReceipts, type ForecastOpenItem, isoWeekOf, mondayOf } from './cash-forecast.ts';

/** What falls on a day or in a week of one currency. */
export interface ForecastSum {
  /** Everything expected: promised, estimated and overdue alike. */
  expectedMinor: bigint;
  /** Of which promised. */
  promisedMinor: bigint;
  /** Of which overdue, expected now (only ever on the first day and in the first week). */
  overdueMinor: bigint;
  /** How many invoices contribute. */
  invoices: number;
}

export interface ForecastWeek extends ForecastSum {
  readonly weekStart: CalendarDate;
  readonly isoWeek: string;
}

export interface ForecastDay extends ForecastSum {
  readonly day: CalendarDate;
}

export interface CurrencyForecast {
  readonly currency: string;
  /** Every week of the horizon, in order, empty ones included. */
  readonly weeks: ForecastWeek[];
  /** The days with something expected, in order. */
  readonly days: ForecastDay[];
  /** Expected after the horizon's last Sunday. */
  readonly later: ForecastSum;
  /** Open in a dispute, not expected. */
  readonly disputed: { amountMinor: bigint; invoices: number };
  /** Σ open amounts of the items (disputed ones included). */
  readonly openMinor: bigint;
}

function emptySum(): ForecastSum {
  return { expectedMinor: 0n, promisedMinor: 0n, overdueMinor: 0n, invoices: 0 };
}

/** The Mondays of `weeks` weeks from the week of `firstDay`. */
export function weekStarts(firstDay: CalendarDate, weeks: number): CalendarDate[] {
  const first = mondayOf(firstDay);
  return Array.from({ length: weeks }, (_, i) => addDays(first, 7 * i));
}

interface Tally {
  sum: ForecastSum;
  invoiceIds: Set<string>;
}

function tallyOf(map: Map<string, Tally>, key: string): Tally {
  let t = map.get(key);
  if (!t) {
    t = { sum: emptySum(), invoiceIds: new Set() };
    map.set(key, t);
  }
  return t;
}

function addTo(t: Tally, r: ExpectedReceipts['receipts'][number]): void {
  t.sum.expectedMinor += r.amountMinor;
  if (r.source === 'promise') t.sum.promisedMinor += r.amountMinor;
  if (r.overdue) t.sum.overdueMinor += r.amountMinor;
  t.invoiceIds.add(r.invoiceId);
  t.sum.invoices = t.invoiceIds.size;
}

/** One currency's receipts summed per day, per week of the horizon, and after it. */
function currencyForecast(
  currency: string,
  expected: ExpectedReceipts,
  items: readonly ForecastOpenItem[],
  starts: readonly CalendarDate[],
): CurrencyForecast {
  const lastDay = addDays(starts[starts.length - 1] ?? '1970-01-05', 6);
  const byWeek = new Map<string, Tally>();
  const byDay = new Map<string, Tally>();
  const later: Tally = { sum: emptySum(), invoiceIds: new Set() };
  for (const r of expected.receipts.filter((x) => x.currency === currency)) {
    if (r.day > lastDay) {
      addTo(later, r);
      continue;
    }
    addTo(tallyOf(byWeek, mondayOf(r.day)), r);
    addTo(tallyOf(byDay, r.day), r);
  }
  const disputed = expected.disputed.filter((i) => i.currency === currency);
  return {
    currency,
    weeks: starts.map((s) => ({
      weekStart: s,
      isoWeek: isoWeekOf(s),
      ...(byWeek.get(s)?.sum ?? emptySum()),
    })),
    days: [...byDay.entries()].sort(([a], [b]) => (a < b ? -1 : 1)).map(([day, t]) => ({ day, ...t.sum })),
    later: later.sum,
    disputed: { amountMinor: disputed.reduce((s, i) => s + i.openMinor, 0n), invoices: disputed.length },
    openMinor: items.filter((i) => i.currency === currency).reduce((s, i) => s + i.openMinor, 0n),
  };
}

/**
 * The forecast per currency (alphabetical), over `weeks` ISO weeks from the week of `firstDay`.
 * `items` are the open items the receipts were expected from (for the open total per currency).
 */
export function bucketForecast(
  expected: ExpectedReceipts,
  items: readonly ForecastOpenItem[],
  firstDay: CalendarDate,
  weeks: number,
): CurrencyForecast[] {
  const starts = weekStarts(firstDay, weeks);
  const currencies = [...new Set(items.filter((i) => i.openMinor > 0n).map((i) => i.currency))].sort();
  return currencies.map((c) => currencyForecast(c, expected, items, starts));
}
