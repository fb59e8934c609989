/** SQL of the exposure and the stored revaluations; the journal and invoices through their published relations. */
import { and, desc, eq, sql } from 'drizzle-orm';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { invoiceFactsRelation } from '../invoices/index.ts';
import { accountLinesUpToRelation } from '../ledger/index.ts';
import type { ExposureItem } from './exposure.ts';
import { fxRevaluations } from './revaluation.tables.ts';

interface ItemRow {
  currency: string;
  kind: 'invoice' | 'unapplied';
  due_date: string | null;
  amount: string;
  base: string;
}

/**
 * The open items in a currency other than `baseCurrency` as of `asOf`, rebuilt from the AR journal
 * lines effective up to it (as the aging as of a past day): per invoice its open amount and carrying
 * base amount with its due date, per receipt its unapplied cash (negative).
 */
export async function foreignOpenItems(
  q: Queryable,
  tenantId: string,
  arCode: string,
  baseCurrency: string,
  asOf: CalendarDate,
): Promise<ExposureItem[]> {
  const rows = await queryRows<ItemRow>(
    q,
    sql`with ar as (
          select l.currency, l.invoice_id, l.receipt_id, l.amount_minor, l.base_amount_minor
            from ${accountLinesUpToRelation(tenantId, arCode, asOf)} l
           where l.currency <> ${baseCurrency}
        ), per_invoice as (
          select currency, invoice_id, sum(amount_minor) as amount, sum(base_amount_minor) as base
            from ar where invoice_id is not null
           group by currency, invoice_id
          having sum(amount_minor) <> 0 or sum(base_amount_minor) <> 0
        )
        select p.currency, 'invoice' as kind, coalesce(i.due_date, i.issue_date)::text as due_date,
               p.amount::text as amount, p.base::text as base
          from per_invoice p
          join ${invoiceFactsRelation(tenantId)} i on i.invoice_id = p.invoice_id
        union all
        select currency, 'unapplied', null, sum(amount_minor)::text, sum(base_amount_minor)::text
          from ar where invoice_id is null and receipt_id is not null
         group by currency, receipt_id
        having sum(amount_minor) <> 0 or sum(base_amount_minor) <> 0`,
  );
  return rows.map((r) => ({
    currency: r.currency,
    kind: r.kind,
    dueDate: r.due_date,
    amountMinor: BigInt(r.amount),
    baseMinor: BigInt(r.base),
  }));
}

export type RevaluationRow = typeof fxRevaluations.$inferSelect;

export type NewRevaluationRow = typeof fxRevaluations.$inferInsert;

export async function insertRevaluation(tx: Tx, row: NewRevaluationRow): Promise<void> {
  await tx.insert(fxRevaluations).values(row);
}

export async function listRevaluationRows(
  q: Queryable,
  tenantId: string,
  limit: number,
): Promise<RevaluationRow[]> {
  return q
    .select()
    .from(fxRevaluations)
    .where(eq(fxRevaluations.tenantId, tenantId))
    .orderBy(desc(fxRevaluations.asOf))
    .limit(limit);
}

export async function findRevaluation(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
): Promise<RevaluationRow | null> {
  const [row] = await q
    .select()
    .from(fxRevaluations)
    .where(and(eq(fxRevaluations.tenantId, tenantId), eq(fxRevaluations.asOf, asOf)));
  return row ?? null;
}

export async function setEntries(
  tx: Tx,
  tenantId: string,
  revaluationId: string,
  entryId: string,
  reversalEntryId: string,
): Promise<void> {
  await tx
    .update(fxRevaluations)
    .set({ entryId, reversalEntryId })
    .where(and(eq(fxRevaluations.tenantId, tenantId), eq(fxRevaluations.revaluationId, revaluationId)));
}
