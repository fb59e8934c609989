/**
 * Bulk inserts as `insert … select … from unnest(<one array per column>)`: one parameter per column
 * instead of one per value. Measured on PGlite, a cash application run booking 46,678 receipts
 * against 500,000 open invoices: 52 s with Drizzle's `.values()` (6.8 s of it in Drizzle building
 * the statements), 36–43 s with the arrays.
 */
import { sql } from 'drizzle-orm';
import { chunks } from '../shared/chunks.ts';
import type { Tx } from './client.ts';

type SqlType = 'uuid' | 'text' | 'bigint' | 'int' | 'date' | 'numeric' | 'boolean' | 'jsonb' | 'timestamptz';

export interface BulkColumn<R> {
  /** The table's column. */
  readonly name: string;
  /** The element type of the array the values travel in. */
  readonly type: SqlType;
  readonly value: (row: R) => string | number | boolean | null;
  /** An SQL expression over the unnested value `v` when the column needs one, e.g. a text[] from jsonb. */
  readonly select?: (v: string) => string;
}

/** Insert `rows` into `table`, `perStatement` rows per statement (all or none, in the caller's transaction). */
export async function insertByUnnest<R>(
  tx: Tx,
  table: string,
  columns: readonly BulkColumn<R>[],
  rows: readonly R[],
  perStatement = 20_000,
): Promise<void> {
  const names = columns.map((c) => c.name).join(', ');
  const selects = columns.map((c, i) => (c.select ? c.select(`u.c${i}`) : `u.c${i}`)).join(', ');
  const aliases = columns.map((_, i) => `c${i}`).join(', ');
  for (const chunk of chunks(rows, perStatement)) {
    const arrays = sql.join(
      columns.map((c) => sql`${sql.param(chunk.map(c.value))}::${sql.raw(c.type)}[]`),
      sql`, `,
    );
    await tx.execute(
      sql`insert into ${sql.raw(table)} (${sql.raw(names)}) select ${sql.raw(selects)} from unnest(${arrays}) as u(${sql.raw(aliases)})`,
    );
  }
}

/** A bigint as the text PostgreSQL reads into a bigint array. */
export const bigintText = (value: bigint | null | undefined): string | null =>
  value === null || value === undefined ? null : value.toString();
