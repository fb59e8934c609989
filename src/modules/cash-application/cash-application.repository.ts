/** SQL of cash application's own tables: the payer names people confirmed. */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';

/** Payer names people confirmed, per customer. */
export function learnedNameRows(q: Queryable, tenantId: string) {
  return queryRows<{ name: string; customer_id: string }>(
    q,
    sql`select name, customer_id from learned_payer_names where tenant_id = ${tenantId}`,
  );
}

/** Remember a payer's name for a customer after a confirmed application (counted per confirmation). */
export async function learnPayerName(
  tx: Tx,
  tenantId: string,
  customerId: string,
  name: string,
  key: string,
) {
  await tx.execute(
    sql`insert into learned_payer_names (tenant_id, name_key, customer_id, name)
        values (${tenantId}, ${key}, ${customerId}, ${name})
        on conflict (tenant_id, name_key, customer_id) do update
          set confirmations = learned_payer_names.confirmations + 1, name = excluded.name,
              last_confirmed_at = now()`,
  );
}
