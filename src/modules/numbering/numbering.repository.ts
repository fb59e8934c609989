/** All SQL of the numbering module. */
import { and, eq, sql } from 'drizzle-orm';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';
import { numberingCounters, numberingSeries } from './numbering.tables.ts';

export interface SeriesRow {
  series: string;
  kind: string;
  pattern: string;
  digits: number;
}

export interface CounterRow {
  series: string;
  year: number;
  next: bigint;
}

const seriesColumns = {
  series: numberingSeries.series,
  kind: numberingSeries.kind,
  pattern: numberingSeries.pattern,
  digits: numberingSeries.padding,
};

export async function insertSeries(tx: Tx, tenantId: string, rows: readonly SeriesRow[]): Promise<void> {
  await tx
    .insert(numberingSeries)
    .values(
      rows.map((r) => ({ tenantId, series: r.series, kind: r.kind, pattern: r.pattern, padding: r.digits })),
    )
    .onConflictDoNothing();
}

export function listSeries(q: Queryable, tenantId: string): Promise<SeriesRow[]> {
  return q
    .select(seriesColumns)
    .from(numberingSeries)
    .where(eq(numberingSeries.tenantId, tenantId))
    .orderBy(numberingSeries.series);
}

/** The series' settings, locked for update when `lock` (settings change while nobody issues). */
export async function findSeries(
  q: Queryable,
  tenantId: string,
  series: string,
  lock = false,
): Promise<SeriesRow | undefined> {
  const query = q
    .select(seriesColumns)
    .from(numberingSeries)
    .where(and(eq(numberingSeries.tenantId, tenantId), eq(numberingSeries.series, series)));
  const [row] = await (lock ? query.for('update') : query);
  return row;
}

export async function updateSeries(tx: Tx, tenantId: string, row: SeriesRow): Promise<void> {
  await tx
    .update(numberingSeries)
    .set({ pattern: row.pattern, padding: row.digits })
    .where(and(eq(numberingSeries.tenantId, tenantId), eq(numberingSeries.series, row.series)));
}

export function listCounters(q: Queryable, tenantId: string): Promise<CounterRow[]> {
  return q
    .select({
      series: numberingCounters.series,
      year: numberingCounters.year,
      next: numberingCounters.nextValue,
    })
    .from(numberingCounters)
    .where(eq(numberingCounters.tenantId, tenantId))
    .orderBy(numberingCounters.series, numberingCounters.year);
}

/**
 * Takes `count` values of a counter (created at 1 on first use) and returns the first. The upsert
 * holds the counter's row lock until the transaction ends: concurrent issuers queue behind it.
 */
export async function takeCounter(
  tx: Tx,
  tenantId: string,
  series: string,
  year: number,
  count: number,
): Promise<bigint> {
  const [row] = await queryRows<{ next_value: bigint }>(
    tx,
    sql`insert into numbering_counters (tenant_id, series, year, next_value)
        values (${tenantId}, ${series}, ${year}, ${1 + count})
        on conflict (tenant_id, series, year)
        do update set next_value = numbering_counters.next_value + ${count}
        returning next_value`,
  );
  if (!row) throw new Error('numbering counter upsert returned nothing');
  return BigInt(row.next_value) - BigInt(count);
}

/** The counter's next value, locking it (null when the counter was never used). */
export async function lockCounter(
  tx: Tx,
  tenantId: string,
  series: string,
  year: number,
): Promise<bigint | null> {
  const [row] = await tx
    .select({ next: numberingCounters.nextValue })
    .from(numberingCounters)
    .where(
      and(
        eq(numberingCounters.tenantId, tenantId),
        eq(numberingCounters.series, series),
        eq(numberingCounters.year, year),
      ),
    )
    .for('update');
  return row?.next ?? null;
}

/** Sets counters to at least `next` each (never lowers one). */
export async function raiseCounters(
  tx: Tx,
  tenantId: string,
  counters: readonly CounterRow[],
): Promise<void> {
  for (const c of counters) {
    await tx.execute(sql`
      insert into numbering_counters (tenant_id, series, year, next_value)
      values (${tenantId}, ${c.series}, ${c.year}, ${c.next})
      on conflict (tenant_id, series, year)
      do update set next_value = greatest(numbering_counters.next_value, excluded.next_value)`);
  }
}

/** Every counter of the tenant starts again at 1 (a reset that deleted the documents). */
export async function deleteCounters(tx: Tx, tenantId: string): Promise<void> {
  await tx.delete(numberingCounters).where(eq(numberingCounters.tenantId, tenantId));
}
