/**
 * Gapless document numbering per tenant and series, with the series as settings of the tenant.
 *
 * A series (INV, CN, DUN, …) has a pattern (`INV-{seq}`, `INV-{YYYY}-{seq}`) and a minimum width;
 * its counters (one per year for a yearly series, else one) are taken with an upsert inside the
 * issuing transaction: the row lock makes concurrent issuers wait for each other, and a rolled-back
 * issue gives its numbers back, so numbers have no gaps and no duplicates, on PostgreSQL too.
 * Imported documents in a series' own form raise its counter above them (`reserveImportedNumbers`),
 * and a counter is never set below a number already taken.
 */

import type { Queryable, Tx } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import {
  type SeriesKind,
  type SetNumberingSeriesInput,
  seriesKey,
  setNumberingSeriesInput,
} from './numbering.input.ts';
import * as repo from './numbering.repository.ts';
import {
  counterYear,
  formatSeriesNumber,
  isYearly,
  prefixOf,
  SEQ,
  type SeriesPosition,
  seriesNumberReader,
  YEAR,
} from './numbering-format.ts';

export { formatNumber } from './numbering-format.ts';

export const DEFAULT_SERIES: readonly repo.SeriesRow[] = [
  { series: 'INV', kind: 'invoice', pattern: 'INV-{seq}', digits: 6 },
  { series: 'CN', kind: 'credit_note', pattern: 'CN-{seq}', digits: 6 },
  { series: 'DUN', kind: 'dunning_charge', pattern: 'DUN-{seq}', digits: 6 },
];

/** A series as the API and the CLI show it. */
export interface NumberingSeries {
  series: string;
  kind: string;
  pattern: string;
  prefix: string;
  digits: number;
  yearly: boolean;
  /** The counter year `next` belongs to (0 for a series without a year part). */
  year: number;
  next: bigint;
  /** The number the next document of `year` gets, e.g. `INV-2026-000001`. */
  nextNumber: string;
}

export async function seedSeries(tx: Tx, tenantId: string): Promise<void> {
  await repo.insertSeries(tx, tenantId, DEFAULT_SERIES);
}

/** Create the series `series` (e.g. `DUN` → `DUN-000001`) unless the tenant has it already. */
export async function ensureSeries(tx: Tx, tenantId: string, series: string, prefix: string, padding = 6) {
  const kind = DEFAULT_SERIES.find((s) => s.series === series)?.kind ?? 'invoice';
  await repo.insertSeries(tx, tenantId, [{ series, kind, pattern: `${prefix}${SEQ}`, digits: padding }]);
}

async function seriesOrThrow(q: Queryable, tenantId: string, series: string, lock = false) {
  const row = await repo.findSeries(q, tenantId, series, lock);
  if (!row)
    throw new AppError('validation_failed', `unknown numbering series ${series}`, [
      { field: 'series', message: 'unknown series' },
    ]);
  return row;
}

/** The next number of `series` for a document dated `on`. */
export async function takeNextNumber(
  tx: Tx,
  tenantId: string,
  series: string,
  on: CalendarDate,
): Promise<string> {
  const [number] = await takeNextNumbers(tx, tenantId, series, 1, on);
  if (number === undefined) throw new Error('takeNextNumbers returned nothing');
  return number;
}

/** The next `count` numbers of a series for documents dated `on`, consecutive and gapless. */
export async function takeNextNumbers(
  tx: Tx,
  tenantId: string,
  series: string,
  count: number,
  on: CalendarDate,
): Promise<string[]> {
  const row = await seriesOrThrow(tx, tenantId, series);
  const year = counterYear(row.pattern, on);
  const first = await repo.takeCounter(tx, tenantId, series, year, count);
  return Array.from({ length: count }, (_, i) => formatSeriesNumber(row, year, first + BigInt(i)));
}

function viewOf(row: repo.SeriesRow, year: number, next: bigint): NumberingSeries {
  return {
    series: row.series,
    kind: row.kind,
    pattern: row.pattern,
    prefix: prefixOf(row.pattern),
    digits: row.digits,
    yearly: isYearly(row.pattern),
    year,
    next,
    nextNumber: formatSeriesNumber(row, year, next),
  };
}

/** Every series of the tenant with its next number (for a yearly series: in the year of `today`). */
export async function listNumberingSeries(q: Queryable, tenantId: string, today: CalendarDate) {
  const counters = await repo.listCounters(q, tenantId);
  return (await repo.listSeries(q, tenantId)).map((row) => {
    const year = counterYear(row.pattern, today);
    const counter = counters.find((c) => c.series === row.series && c.year === year);
    return viewOf(row, year, counter?.next ?? 1n);
  });
}

/** The settings after `input`: a prefix keeps the year part, a pattern replaces the whole form. */
function mergedSettings(current: repo.SeriesRow, input: ReturnType<typeof setNumberingSeriesInput.parse>) {
  if (input.pattern !== undefined && input.prefix !== undefined)
    throw new AppError('validation_failed', 'give either pattern or prefix, not both', [
      { field: 'prefix', message: 'give either pattern or prefix' },
    ]);
  const yearPart = isYearly(current.pattern) ? `${YEAR}-` : '';
  const pattern =
    input.pattern ?? (input.prefix !== undefined ? `${input.prefix}${yearPart}${SEQ}` : current.pattern);
  return { ...current, pattern, digits: input.digits ?? current.digits };
}

export interface SetSeriesOptions {
  /** Add the series when the tenant has none of that key. */
  readonly create?: boolean;
  /** Document numbers starting with a prefix: those in the new form raise the series' counters. */
  readonly numbersTaken?: (prefix: string) => Promise<readonly string[]>;
}

/** The series row to change: the existing one (locked), or a new one when `create`. */
async function seriesToChange(
  tx: Tx,
  tenantId: string,
  key: string,
  input: ReturnType<typeof setNumberingSeriesInput.parse>,
  create: boolean,
): Promise<repo.SeriesRow> {
  const current = await repo.findSeries(tx, tenantId, key, true);
  if (current) {
    if (input.kind !== undefined && input.kind !== current.kind)
      throw new AppError(
        'conflict',
        `series ${key} numbers ${current.kind} documents; its kind cannot change`,
        [{ field: 'kind', message: 'the kind of an existing series cannot change' }],
      );
    return current;
  }
  if (!create) throw notFound('numbering series', key);
  if (input.pattern === undefined && input.prefix === undefined)
    throw new AppError('validation_failed', 'a new series needs a pattern or a prefix', [
      { field: 'pattern', message: 'required for a new series' },
    ]);
  const row = { series: key, kind: input.kind ?? 'invoice', pattern: SEQ, digits: 6 };
  await repo.insertSeries(tx, tenantId, [row]);
  return row;
}

/**
 * Change (or add) a series in `tx`. Documents already numbered in the new form move its counters
 * above them. `next` may skip numbers forward but never go back: below the counter a number is
 * already taken, so a lower `next` is refused (409, field `next`).
 */
export async function setNumberingSeriesInTx(
  tx: Tx,
  tenantId: string,
  series: string,
  raw: SetNumberingSeriesInput,
  today: CalendarDate,
  options: SetSeriesOptions = {},
): Promise<NumberingSeries> {
  const key = seriesKey.parse(series);
  const input = setNumberingSeriesInput.parse(raw);
  const wanted = input.next === undefined ? undefined : BigInt(input.next);
  const current = await seriesToChange(tx, tenantId, key, input, options.create === true);
  const next = mergedSettings(current, input);
  await repo.updateSeries(tx, tenantId, next);
  if (options.numbersTaken && (next.pattern !== current.pattern || next.digits !== current.digits))
    await raiseAbove(tx, tenantId, next, await options.numbersTaken(prefixOf(next.pattern)));
  const year = isYearly(next.pattern) ? (input.year ?? Number(today.slice(0, 4))) : 0;
  const taken = (await repo.lockCounter(tx, tenantId, key, year)) ?? 1n;
  if (wanted !== undefined && wanted < taken)
    throw new AppError(
      'conflict',
      `next ${wanted} of series ${key} is below ${taken}: numbers up to ${formatSeriesNumber(next, year, taken - 1n)} are taken`,
      [{ field: 'next', message: `must be at least ${taken}` }],
    );
  if (wanted !== undefined) await repo.raiseCounters(tx, tenantId, [{ series: key, year, next: wanted }]);
  return viewOf(next, year, wanted ?? taken);
}

/** Raise the counters of `series` above each of `numbers` in its form (per year). */
async function raiseAbove(tx: Tx, tenantId: string, series: repo.SeriesRow, numbers: readonly string[]) {
  const read = seriesNumberReader(series);
  const highest = new Map<number, bigint>();
  for (const number of numbers) {
    const p = read(number);
    if (p && p.value >= (highest.get(p.year) ?? 0n)) highest.set(p.year, p.value);
  }
  await repo.raiseCounters(
    tx,
    tenantId,
    [...highest].map(([year, value]) => ({ series: series.series, year, next: value + 1n })),
  );
}

/** Reads which series (and position) an existing number belongs to, if any. */
export async function seriesNumberMatcher(q: Queryable, tenantId: string) {
  const readers = (await repo.listSeries(q, tenantId)).map((s) => ({
    series: s,
    read: seriesNumberReader(s),
  }));
  return (number: string): { series: string; kind: SeriesKind | string; position: SeriesPosition } | null => {
    for (const r of readers) {
      const position = r.read(number);
      if (position) return { series: r.series.series, kind: r.series.kind, position };
    }
    return null;
  };
}

/**
 * Imported documents took `numbers` of the tenant's series: each series (per year) continues
 * above the highest of them. Numbers not in a series' form are ignored. Runs in the import's `tx`.
 */
export async function reserveImportedNumbers(
  tx: Tx,
  tenantId: string,
  numbers: Iterable<string>,
): Promise<void> {
  const match = await seriesNumberMatcher(tx, tenantId);
  const highest = new Map<string, repo.CounterRow>();
  for (const number of numbers) {
    const m = match(number);
    if (!m) continue;
    const key = `${m.series}/${m.position.year}`;
    const seen = highest.get(key);
    if (!seen || seen.next <= m.position.value)
      highest.set(key, { series: m.series, year: m.position.year, next: m.position.value + 1n });
  }
  await repo.raiseCounters(tx, tenantId, [...highest.values()]);
}

/** Every counter starts again at 1 (the tenant's documents were deleted). */
export async function resetCounters(tx: Tx, tenantId: string): Promise<void> {
  await repo.deleteCounters(tx, tenantId);
}
