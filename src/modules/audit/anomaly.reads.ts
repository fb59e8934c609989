/**
 * The audit trail as other modules' anomaly queries read it: who did what to which object. A
 * published relation (a filtered select of one tenant's records, so PostgreSQL keeps using the
 * object index) and the number of records per actor in a period.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows } from '../../db/client.ts';

/**
 * The tenant's records of `kinds`, one row each: `seq`, `kind`, `object_type`, `object_id` (text),
 * `actor_kind`, `actor_id` (null for the system), `actor_name`, `occurred_at`, `details` (JSON text).
 */
export function auditActorRelation(tenantId: string, kinds: readonly string[]): SQL {
  return sql`(select seq, kind, object_type, object_id, actor_kind, actor_id, actor_name, occurred_at, details
              from audit_records
              where tenant_id = ${tenantId} and kind in (${sql.join(
                kinds.map((k) => sql`${k}`),
                sql`, `,
              )}))`;
}

/**
 * How many records of `kinds` each actor wrote from `from` to `to` (the system as the empty id),
 * and all of them together — one grouped query.
 */
export async function auditCountsByActor(
  q: Queryable,
  tenantId: string,
  query: { kinds: readonly string[]; from: Date; to: Date },
): Promise<{ byActor: Map<string, number>; total: number }> {
  const rows = await queryRows<{ actor_id: string | null; n: string }>(
    q,
    sql`select actor_id, count(*)::text as n from ${auditActorRelation(tenantId, query.kinds)} a
        where a.occurred_at >= ${query.from.toISOString()} and a.occurred_at <= ${query.to.toISOString()}
        group by actor_id`,
  );
  const byActor = new Map(rows.map((r) => [r.actor_id ?? '', Number(r.n)]));
  return { byActor, total: [...byActor.values()].reduce((s, n) => s + n, 0) };
}
