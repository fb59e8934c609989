/**
 * Sums of amounts that never overflow. A bigint column summed in PostgreSQL is `numeric` (exact,
 * unbounded); casting that back to `bigint` fails with "bigint out of range" once a total passes
 * 2^63 − 1 minor units, and a journal is immutable, so such a report would fail for good. Reports
 * therefore keep sums in `numeric`, send them as text, and read them into (unbounded) JS bigints.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from './client.ts';

/** `coalesce(sum(expr) [filter (where …)], 0)` in numeric, as text: `sumMinor(sql\`amount_minor\`)`. */
export function sumMinor(expr: SQL, where?: SQL): SQL {
  const filter = where ? sql` filter (where ${where})` : sql``;
  return sql`coalesce(sum(${expr})${filter}, 0)::numeric::text`;
}

type Raw<T, K extends keyof T> = Omit<T, K> & { [P in K]: string | bigint };

/**
 * Rows of a raw query whose `sums` columns hold integral numeric text (see `sumMinor`), read as
 * bigint: `queryRowsWithSums<{ total: bigint }>(q, sql\`select ${sumMinor(sql\`x\`)} as total …\`, ['total'])`.
 */
export async function queryRowsWithSums<T, K extends keyof T & string = keyof T & string>(
  q: Queryable,
  query: SQL,
  sums: readonly K[],
): Promise<T[]> {
  const rows = await queryRows<Raw<T, K>>(q, query);
  return rows.map((row) => {
    const out: Record<string, unknown> = { ...row };
    for (const column of sums) out[column] = BigInt(String(row[column]));
    return out as T;
  });
}
