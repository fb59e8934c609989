/**
 * Bulk inserts as `insert … select … from unnest(<one array per column>)`: one parameter per column
 * instead of one per value. Measured on PGlite, a cash application run booking 46,678 receipts
 * against 500,000 open invoices: 52 s with Drizzle's `.values()` (6.8 s of it in Drizzle building
 * the statements), 36–43 s with the arrays.
 */

import { type SQL, sql } from 'drizzle-orm';
import { chunks } from '../shared/chunks.ts';
import { yieldToEventLoop } from '../shared/event-loop.ts';
import { queryRows, type Tx } from './client.ts';

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

/**
 * Insert `rows` into `table`, `perStatement` rows per statement (all or none, in the caller's
 * transaction). A column with one value in every row of a statement (the tenant, a currency, a
 * status) travels once as a scalar instead of an array: journal lines of a cash application run
 * carried 7 MB of the same tenant id, each element parsed again by PostgreSQL.
 */
export async function insertByUnnest<R>(
  tx: Tx,
  table: string,
  columns: readonly BulkColumn<R>[],
  rows: readonly R[],
  perStatement = 20_000,
): Promise<void> {
  let first = true;
  for (const statement of unnestInserts(table, columns, rows, perStatement, sql``)) {
    // PGlite resolves statements as microtasks: let waiting requests and timers run in between.
    if (!first) await yieldToEventLoop();
    first = false;
    await tx.execute(statement);
  }
}

/**
 * `insertByUnnest` with `tail` after each statement's select (`on conflict … do nothing returning
 * id`): the rows every statement returned, in order.
 */
export async function insertByUnnestReturning<R, T>(
  tx: Tx,
  table: string,
  columns: readonly BulkColumn<R>[],
  rows: readonly R[],
  tail: SQL,
  perStatement = 20_000,
): Promise<T[]> {
  const out: T[] = [];
  for (const statement of unnestInserts(table, columns, rows, perStatement, tail))
    out.push(...(await queryRows<T>(tx, statement)));
  return out;
}

function* unnestInserts<R>(
  table: string,
  columns: readonly BulkColumn<R>[],
  rows: readonly R[],
  perStatement: number,
  tail: SQL,
): Generator<SQL> {
  const names = sql.raw(columns.map((c) => c.name).join(', '));
  for (const chunk of chunks(rows, perStatement)) {
    const values = columns.map((c) => chunk.map(c.value));
    const constant = columns.map((c, i) => !c.select && allSame(values[i] ?? []));
    const arrays: SQL[] = [];
    const aliases: string[] = [];
    const selects = columns.map((c, i) => {
      const type = sql.raw(c.type);
      if (constant[i]) return sql`${sql.param(values[i]?.[0] ?? null)}::${type}`;
      arrays.push(sql`${sql.param(values[i])}::${type}[]`);
      aliases.push(`c${i}`);
      return sql.raw(c.select ? c.select(`u.c${i}`) : `u.c${i}`);
    });
    const from =
      arrays.length > 0
        ? sql` from unnest(${sql.join(arrays, sql`, `)}) as u(${sql.raw(aliases.join(', '))})`
        : sql` from generate_series(1, ${chunk.length})`;
    yield sql`insert into ${sql.raw(table)} (${names}) select ${sql.join(selects, sql`, `)}${from} ${tail}`;
  }
}

function allSame(values: readonly unknown[]): boolean {
  const first = values[0];
  for (let i = 1; i < values.length; i++) if (values[i] !== first) return false;
  return true;
}

/** A bigint as the text PostgreSQL reads into a bigint array. */
export const bigintText = (value: bigint | null | undefined): string | null =>
  value === null || value === undefined ? null : value.toString();
