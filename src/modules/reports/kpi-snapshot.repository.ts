/**
 * SQL of the KPI report's month-end AR snapshots (kpi-snapshot.tables.ts): built from the AR
 * journal lines effective up to the day and the invoices' due dates — the aging report's ledger
 * source (aging.repository.ts) with both amounts at once — and read back summed over a selection.
 */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';
import { queryRowsWithSums, sumMinor } from '../../db/sums.ts';
import { invoiceFactsRelation } from '../invoices/index.ts';
import { accountLinesUpToRelation, postedSinceUpTo } from '../ledger/index.ts';
import {
  SETTLEMENT_SUMS,
  type SettlementRow,
  settlementSums,
  settlementsFrom,
} from './kpi-activity.repository.ts';
import { inScope, type KpiSelection } from './kpi-scope.ts';

/** The month ends among `days` whose snapshot is there and still shows the journal. */
export async function freshSnapshotDays(q: Queryable, tenantId: string, days: readonly string[]) {
  const rows = await queryRows<{ as_of: string }>(
    q,
    sql`select to_char(m.as_of, 'YYYY-MM-DD') as as_of from kpi_ar_snapshot_marks m
        where m.tenant_id = ${tenantId} and m.as_of = any(${sql.param([...days])}::date[])
          and not ${postedSinceUpTo(tenantId, sql`m.entry_no`, sql`m.as_of`)}`,
  );
  return new Set(rows.map((r) => r.as_of));
}

/** Replace the snapshot of `asOf` by the AR the journal shows up to it, marked with `entryNo`. */
export async function rebuildSnapshot(
  tx: Tx,
  tenantId: string,
  arCode: string,
  asOf: string,
  entryNo: bigint,
) {
  const days = sql`(${asOf}::date - coalesce(i.due_date, i.issue_date))`;
  const sums = (amount: string) => sql`sum(${sql.raw(amount)}),
      coalesce(sum(${sql.raw(amount)}) filter (where ${days} <= 0), 0),
      coalesce(sum(${sql.raw(amount)}) filter (where ${days} > 90), 0)`;
  await tx.execute(sql`delete from kpi_ar_snapshots where tenant_id = ${tenantId} and as_of = ${asOf}::date`);
  await tx.execute(
    sql`insert into kpi_ar_snapshots (tenant_id, as_of, currency, customer_id, total_minor, current_minor,
          over90_minor, total_base_minor, current_base_minor, over90_base_minor)
        with per_invoice as (
          select l.currency, l.customer_id, l.invoice_id, sum(l.amount_minor) as amount,
            sum(l.base_amount_minor) as base
          from ${accountLinesUpToRelation(tenantId, arCode, asOf)} l
          where l.invoice_id is not null
          group by l.currency, l.customer_id, l.invoice_id)
        select ${tenantId}::uuid, ${asOf}::date, p.currency, p.customer_id, ${sums('p.amount')}, ${sums('p.base')}
        from per_invoice p
        join ${invoiceFactsRelation(tenantId)} i on i.invoice_id = p.invoice_id
        where p.amount <> 0 or p.base <> 0
        group by p.currency, p.customer_id`,
  );
  await rebuildSettlements(tx, tenantId, arCode, asOf);
  await tx.execute(
    sql`insert into kpi_ar_snapshot_marks (tenant_id, as_of, entry_no) values (${tenantId}, ${asOf}::date, ${entryNo})
        on conflict (tenant_id, as_of) do update set entry_no = excluded.entry_no, built_at = now()`,
  );
}

/** The settlements by payment of the month ending on `asOf`, per currency and customer, both amounts. */
async function rebuildSettlements(tx: Tx, tenantId: string, arCode: string, asOf: string) {
  const range = { from: `${asOf.slice(0, 7)}-01`, to: asOf };
  const names = [...SETTLEMENT_SUMS, ...SETTLEMENT_SUMS.map((c) => `${c}_base`)];
  await tx.execute(
    sql`delete from kpi_settlement_snapshots where tenant_id = ${tenantId} and as_of = ${asOf}::date`,
  );
  await tx.execute(
    sql`insert into kpi_settlement_snapshots (tenant_id, as_of, currency, customer_id, ${sql.raw(names.join(', '))})
        select ${tenantId}::uuid, ${asOf}::date, x.currency, x.customer_id,
          ${sql.raw(names.map((c) => `x.${c}::numeric`).join(', '))}
        from (select s.currency, s.customer_id, ${settlementSums(sql`i.total_minor`)},
                ${settlementSums(sql`ib.base_minor`, sql`ib.doc_id is not null`, '_base')}
              from ${settlementsFrom(tenantId, arCode, range, { base: true, moved: true })}
              where s.settled_on >= ${range.from}::date
              group by s.currency, s.customer_id) x`,
  );
}

/** The selection's settlements of the months ending on `days`, from their snapshots (`SettlementRow`s). */
export function snapshotSettlementRows(
  q: Queryable,
  tenantId: string,
  days: readonly string[],
  sel: Pick<KpiSelection, 'currency' | 'base' | 'customers'>,
) {
  const sums = SETTLEMENT_SUMS.map(
    (c) => sql`${sumMinor(sql.raw(`s.${c}${sel.base ? '_base' : ''}`))} as ${sql.raw(c)}`,
  );
  return queryRowsWithSums<SettlementRow>(
    q,
    sql`select to_char(date_trunc('month', s.as_of), 'YYYY-MM-DD') as month, s.currency, ${sql.join(sums, sql`, `)}
        from kpi_settlement_snapshots s
        where s.tenant_id = ${tenantId} and s.as_of = any(${sql.param([...days])}::date[])${inScope(sql`s.customer_id`, sel.customers)}
        group by s.as_of, s.currency`,
    [...SETTLEMENT_SUMS],
  );
}

export interface SnapshotStockRow {
  as_of: string;
  total: bigint;
  current: bigint;
  over90: bigint;
}

/** The selection's AR at each of `days` from their snapshots (no row: no AR that day). */
export function snapshotStockRows(
  q: Queryable,
  tenantId: string,
  days: readonly string[],
  sel: Pick<KpiSelection, 'currency' | 'base' | 'customers'>,
) {
  const col = (name: string) => sql.raw(sel.base ? `s.${name}_base_minor` : `s.${name}_minor`);
  const currency = sel.base ? sql`` : sql` and s.currency = ${sel.currency}`;
  return queryRowsWithSums<SnapshotStockRow>(
    q,
    sql`select to_char(s.as_of, 'YYYY-MM-DD') as as_of, ${sumMinor(col('total'))} as total,
          ${sumMinor(col('current'))} as current, ${sumMinor(col('over90'))} as over90
        from kpi_ar_snapshots s
        where s.tenant_id = ${tenantId} and s.as_of = any(${sql.param([...days])}::date[])${currency}${inScope(sql`s.customer_id`, sel.customers)}
        group by s.as_of`,
    ['total', 'current', 'over90'],
  );
}
