/**
 * Gapless document numbering per tenant and series.
 *
 * The next number is taken with `UPDATE … RETURNING` inside the issuing transaction: the row lock
 * makes concurrent issuers wait for each other, and a rolled-back issue gives its number back, so
 * numbers within a series have no gaps and no duplicates, on PostgreSQL under concurrency too.
 */
import { and, eq, sql } from 'drizzle-orm';
import type { Tx } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { numberingSeries } from './numbering.tables.ts';

export const DEFAULT_SERIES = [
  { series: 'INV', prefix: 'INV-', padding: 6 },
  { series: 'CN', prefix: 'CN-', padding: 6 },
] as const;

/** `formatNumber('INV-', 6, 42n) === 'INV-000042'`. */
export function formatNumber(prefix: string, padding: number, value: bigint): string {
  return `${prefix}${value.toString().padStart(padding, '0')}`;
}

export async function seedSeries(tx: Tx, tenantId: string): Promise<void> {
  await tx
    .insert(numberingSeries)
    .values(DEFAULT_SERIES.map((s) => ({ tenantId, ...s, nextValue: 1n })))
    .onConflictDoNothing();
}

/** Create the series `series` (e.g. `DUN` → `DUN-000001`) unless the tenant has it already. */
export async function ensureSeries(tx: Tx, tenantId: string, series: string, prefix: string, padding = 6) {
  await tx
    .insert(numberingSeries)
    .values({ tenantId, series, prefix, padding, nextValue: 1n })
    .onConflictDoNothing();
}

export async function takeNextNumber(tx: Tx, tenantId: string, series: string): Promise<string> {
  const [number] = await takeNextNumbers(tx, tenantId, series, 1);
  if (number === undefined) throw new Error('takeNextNumbers returned nothing');
  return number;
}

/** The next `count` numbers of a series at once (a billing run), consecutive and gapless. */
export async function takeNextNumbers(
  tx: Tx,
  tenantId: string,
  series: string,
  count: number,
): Promise<string[]> {
  const [row] = await tx
    .update(numberingSeries)
    .set({ nextValue: sql`${numberingSeries.nextValue} + ${count}` })
    .where(and(eq(numberingSeries.tenantId, tenantId), eq(numberingSeries.series, series)))
    .returning({
      prefix: numberingSeries.prefix,
      padding: numberingSeries.padding,
      next: numberingSeries.nextValue,
    });
  if (!row)
    throw new AppError('validation_failed', `unknown numbering series ${series}`, [
      { field: 'series', message: 'unknown series' },
    ]);
  const first = row.next - BigInt(count);
  return Array.from({ length: count }, (_, i) => formatNumber(row.prefix, row.padding, first + BigInt(i)));
}
