/**
 * Pairs from a self-join (`from recent a join recent b on …`) read as two typed rows: the select
 * list names each side's columns with its alias as prefix, and each result row is split back.
 * Bigints and dates are read as text (a pair of money amounts must not lose digits).
 */
import { type SQL, sql } from 'drizzle-orm';

/** `a.c1 as a_c1, …, b.c1 as b_c1, …`; the `asText` columns cast to text. */
export function pairColumnsSql(columns: readonly string[], asText: readonly string[]): SQL {
  const side = (t: string) =>
    columns.map((c) => `${t}.${c}${asText.includes(c) ? '::text' : ''} as ${t}_${c}`).join(', ');
  return sql.raw(`${side('a')}, ${side('b')}`);
}

/** Each row of a self-join selected with `pairColumnsSql(columns, …)` as its two sides. */
export function splitPairs<T>(
  rows: readonly Record<string, string | null>[],
  columns: readonly string[],
): [T, T][] {
  const side = (r: Record<string, string | null>, t: string) =>
    Object.fromEntries(columns.map((c) => [c, r[`${t}_${c}`] ?? null])) as T;
  return rows.map((r) => [side(r, 'a'), side(r, 'b')]);
}
