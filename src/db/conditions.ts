/** SQL conditions shared by the repositories. */
import { type AnyColumn, type SQL, sql } from 'drizzle-orm';

/**
 * `column = any($1::type[])`: one array parameter, however many values. Drizzle's `inArray` sends
 * one parameter per value, which PostgreSQL caps at 65,535 and PGlite parses and plans at ~60 µs
 * per value (a batch of 1,000 invoices locked by a cash application run).
 */
export function isAnyOf(column: AnyColumn, values: readonly string[], type: 'uuid' | 'text'): SQL {
  return type === 'uuid'
    ? sql`${column} = any(${sql.param([...values])}::uuid[])`
    : sql`${column} = any(${sql.param([...values])}::text[])`;
}
