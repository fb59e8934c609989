/** All SQL of promises to pay. */
import { and, asc, count, eq, gt, inArray, lte, type SQL, sql } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { queryRows } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { openInvoicesRelation } from '../invoices/index.ts';
import { appliedPaymentsRelation, receiptsRelation } from '../receipts/index.ts';
import { promiseInvoices, promises } from './collections.tables.ts';

export type PromiseRow = typeof promises.$inferSelect;

export async function insertPromise(
  tx: Tx,
  row: typeof promises.$inferInsert,
  invoiceIds: readonly string[],
) {
  await tx.insert(promises).values(row);
  if (invoiceIds.length > 0)
    await tx
      .insert(promiseInvoices)
      .values(
        invoiceIds.map((invoiceId) => ({ tenantId: row.tenantId, promiseId: row.promiseId, invoiceId })),
      );
}

export async function findPromise(q: Queryable, tenantId: string, promiseId: string) {
  const [row] = await q
    .select()
    .from(promises)
    .where(and(eq(promises.tenantId, tenantId), eq(promises.promiseId, promiseId)));
  return row ?? null;
}

export async function lockPromise(tx: Tx, tenantId: string, promiseId: string) {
  const [row] = await tx
    .select()
    .from(promises)
    .where(and(eq(promises.tenantId, tenantId), eq(promises.promiseId, promiseId)))
    .for('update');
  return row ?? null;
}

/** Open promises made on or before `asOf`, locked for their evaluation. */
export function lockOpenPromises(tx: Tx, tenantId: string, asOf: CalendarDate) {
  return tx
    .select()
    .from(promises)
    .where(
      and(eq(promises.tenantId, tenantId), eq(promises.status, 'open'), sql`${promises.madeOn} <= ${asOf}`),
    )
    .orderBy(asc(promises.promiseId))
    .for('update');
}

/** Invoice ids per promise, for the promises given. */
export async function invoicesOfPromises(q: Queryable, tenantId: string, promiseIds: readonly string[]) {
  if (promiseIds.length === 0) return new Map<string, string[]>();
  const rows = await q
    .select()
    .from(promiseInvoices)
    .where(and(eq(promiseInvoices.tenantId, tenantId), inArray(promiseInvoices.promiseId, [...promiseIds])));
  const out = new Map<string, string[]>();
  for (const r of rows) out.set(r.promiseId, [...(out.get(r.promiseId) ?? []), r.invoiceId]);
  return out;
}

export interface ProgressRow {
  promise_id: string;
  paid: bigint;
  open_left: bigint;
}

/**
 * What was received towards each promise in its window [made_on, keep_by]: allocations to the named
 * invoices from receipts received then, or (no invoices named) the customer's receipts in the
 * promise currency received then; and what is still open on the named invoices. One query over the
 * published relations of receipts (applied payments, receipts) and invoices (open items).
 */
export function progressOf(q: Queryable, tenantId: string, promiseIds: readonly string[]) {
  return queryRows<ProgressRow>(
    q,
    sql`select p.promise_id,
          case when p.invoice_count > 0 then coalesce((
            select sum(a.amount_minor) from promise_invoices pi
            join ${appliedPaymentsRelation(tenantId)} a on a.invoice_id = pi.invoice_id
            where pi.tenant_id = p.tenant_id and pi.promise_id = p.promise_id
              and a.received_on between p.made_on and p.keep_by), 0)
          else coalesce((
            select sum(r.amount_minor) from ${receiptsRelation(tenantId)} r
            where r.customer_id = p.customer_id and r.currency = p.currency
              and r.received_on between p.made_on and p.keep_by), 0)
          end::bigint as paid,
          coalesce((
            select sum(i.open_minor) from promise_invoices pi
            join ${openInvoicesRelation(tenantId)} i on i.invoice_id = pi.invoice_id
            where pi.tenant_id = p.tenant_id and pi.promise_id = p.promise_id), 0)::bigint as open_left
        from promises p
        where p.tenant_id = ${tenantId} and p.promise_id = any(${sql.param([...promiseIds])}::uuid[])`,
  );
}

export async function settle(
  tx: Tx,
  tenantId: string,
  updates: readonly { promiseId: string; status: string; paidMinor: bigint }[],
  settledOn: CalendarDate,
  settledAt: Date,
) {
  if (updates.length === 0) return;
  const col = <T>(f: (u: (typeof updates)[number]) => T) => sql.param(updates.map(f));
  await tx.execute(sql`
    update promises p set status = u.status, paid_minor = u.paid, settled_on = ${settledOn}::date,
      settled_at = ${settledAt.toISOString()}::timestamptz
    from unnest(${col((u) => u.promiseId)}::uuid[], ${col((u) => u.status)}::text[],
      ${col((u) => u.paidMinor.toString())}::bigint[]) as u(promise_id, status, paid)
    where p.tenant_id = ${tenantId} and p.promise_id = u.promise_id and p.status = 'open'`);
}

export async function cancel(
  tx: Tx,
  tenantId: string,
  promiseId: string,
  patch: { settledOn: CalendarDate; settledAt: Date; cancelReason: string | null },
) {
  await tx
    .update(promises)
    .set({ status: 'cancelled', ...patch })
    .where(and(eq(promises.tenantId, tenantId), eq(promises.promiseId, promiseId)));
}

/** Open promises that already cover one of these invoices, or the customer overall. */
export function openPromisesCovering(
  q: Queryable,
  tenantId: string,
  customerId: string,
  invoiceIds: readonly string[],
) {
  return queryRows<{ promise_id: string; invoice_id: string | null }>(
    q,
    sql`select p.promise_id, pi.invoice_id from promises p
        left join promise_invoices pi on pi.tenant_id = p.tenant_id and pi.promise_id = p.promise_id
        where p.tenant_id = ${tenantId} and p.customer_id = ${customerId} and p.status = 'open'
          and (${invoiceIds.length === 0} or p.invoice_count = 0
               or pi.invoice_id = any(${sql.param([...invoiceIds])}::uuid[]))`,
  );
}

export interface PromiseListFilter {
  status?: string;
  customerId?: string;
  /** Only promises whose promised date is on or before this day (with `open`: the ones due). */
  promisedBy?: CalendarDate;
  afterId?: string;
  limit: number;
}

export function listPromiseRows(q: Queryable, tenantId: string, f: PromiseListFilter) {
  const c: SQL[] = [eq(promises.tenantId, tenantId)];
  if (f.status) c.push(eq(promises.status, f.status));
  if (f.customerId) c.push(eq(promises.customerId, f.customerId));
  if (f.promisedBy) c.push(lte(promises.promisedOn, f.promisedBy));
  if (f.afterId) c.push(gt(promises.promiseId, f.afterId));
  return q
    .select()
    .from(promises)
    .where(and(...c))
    .orderBy(asc(promises.promiseId))
    .limit(f.limit);
}

/**
 * Invoices under an open promise on `asOf`: named by a promise made on or before `asOf` whose
 * `keep_by` has not passed, and every open invoice of a customer with such a promise overall.
 */
export async function invoiceIdsUnderOpenPromise(q: Queryable, tenantId: string, asOf: CalendarDate) {
  const rows = await queryRows<{ invoice_id: string }>(
    q,
    sql`select pi.invoice_id from promises p
        join promise_invoices pi on pi.tenant_id = p.tenant_id and pi.promise_id = p.promise_id
        where p.tenant_id = ${tenantId} and p.status = 'open' and p.made_on <= ${asOf}::date
          and p.keep_by >= ${asOf}::date and p.invoice_count > 0
        union
        select i.invoice_id from promises p
        join ${openInvoicesRelation(tenantId)} i on i.customer_id = p.customer_id
        where p.tenant_id = ${tenantId} and p.status = 'open' and p.made_on <= ${asOf}::date
          and p.keep_by >= ${asOf}::date and p.invoice_count = 0`,
  );
  return rows.map((r) => r.invoice_id);
}

/** How many promises have `status`, optionally with the promised date on or before `promisedBy`. */
export async function countPromiseRows(
  q: Queryable,
  tenantId: string,
  f: { status: string; promisedBy?: CalendarDate },
): Promise<number> {
  const c: SQL[] = [eq(promises.tenantId, tenantId), eq(promises.status, f.status)];
  if (f.promisedBy) c.push(lte(promises.promisedOn, f.promisedBy));
  const [row] = await q
    .select({ n: count() })
    .from(promises)
    .where(and(...c));
  return row?.n ?? 0;
}
