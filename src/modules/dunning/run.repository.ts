/**
 * SQL of a dunning run: what it reads (open invoices with their dunning state, the customers'
 * policies and holds, today's letters, the invoices' AR history) in a few set-based queries, and
 * what it writes (run, letters, notices, invoice states, hand-overs) in bulk statements.
 */
import { sql } from 'drizzle-orm';
import { type BulkColumn, insertByUnnest } from '../../db/bulk-insert.ts';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { chunks } from '../../shared/chunks.ts';
import { customerProfilesRelation } from '../customers/index.ts';
import {
  dunnableInvoicesRelation,
  invoiceDocumentsRelation,
  paidDunnableInvoicesRelation,
} from '../invoices/index.ts';
import { invoiceMovementsRelation } from '../ledger/index.ts';
import type { InterestDetail } from './dunning.tables.ts';
import type { InvoiceDunningState } from './dunning.types.ts';
import type { PaidChargedInvoice } from './final-interest.ts';
import type { BalanceChange } from './interest.ts';

/** Serialise the tenant's dunning runs (concurrent ones wait, then find today's letters). */
export async function lockTenantRuns(tx: Tx, tenantId: string) {
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`dunning-run:${tenantId}`}, 0))`);
}

/**
 * Open invoices issued on or before `asOf` (not dunning charges) with their last level and interest
 * date. Read as one JSON document of row arrays: 100,000 rows decoded one value at a time took
 * 2.5 s of a dunning run on PGlite, the document a fraction of it.
 */
export async function openInvoiceStates(
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
): Promise<InvoiceDunningState[]> {
  const [packed] = await queryRows<{ rows: string }>(
    q,
    sql`select coalesce(json_agg(json_build_array(i.invoice_id, i.number, i.customer_id, i.currency,
          i.due_date, i.open_minor::text, i.fx_rate::text, s.level_no, s.offset_days, s.sent_on,
          s.interest_through)), '[]')::text as rows
        from ${dunnableInvoicesRelation(tenantId, asOf)} i
        left join dunning_invoice_states s on s.tenant_id = ${tenantId} and s.invoice_id = i.invoice_id`,
  );
  const rows = JSON.parse(packed?.rows ?? '[]') as PackedState[];
  return rows.map(
    ([
      invoiceId,
      number,
      customerId,
      currency,
      dueDate,
      open,
      fxRate,
      levelNo,
      offsetDays,
      sentOn,
      through,
    ]) => ({
      invoiceId,
      number,
      customerId,
      currency,
      dueDate,
      openMinor: BigInt(open),
      fxRate,
      last:
        levelNo !== null && offsetDays !== null && sentOn !== null ? { levelNo, offsetDays, sentOn } : null,
      interestThrough: through,
    }),
  );
}

type PackedState = [
  string,
  string,
  string,
  string,
  string,
  string,
  string,
  number | null,
  number | null,
  string | null,
  string | null,
];

export interface RunCustomerRow {
  customer_id: string;
  external_id: string;
  name: string;
  language: string;
  category_id: string | null;
  subcategory_id: string | null;
  policy_id: string | null;
  hold_reason: string | null;
  hold_until: string | null;
}

/** The customers of the open invoices, with their own policy and hold. */
export function runCustomers(q: Queryable, tenantId: string, customerIds: readonly string[]) {
  if (customerIds.length === 0) return Promise.resolve([]);
  return queryRows<RunCustomerRow>(
    q,
    sql`select c.customer_id, c.external_id, c.name, c.language, c.category_id, c.subcategory_id,
          d.policy_id, d.hold_reason, d.hold_until
        from ${customerProfilesRelation(tenantId)} c
        left join dunning_customers d on d.tenant_id = ${tenantId} and d.customer_id = c.customer_id
        where c.customer_id = any(${sql.param([...customerIds])}::uuid[])`,
  );
}

/** Customer and currency of every letter already recorded on `asOf`. */
export function lettersOnDay(q: Queryable, tenantId: string, asOf: CalendarDate) {
  return queryRows<{ customer_id: string; currency: string }>(
    q,
    sql`select customer_id, currency from dunning_letters where tenant_id = ${tenantId} and as_of = ${asOf}::date`,
  );
}

/**
 * Open imported items per import day after `asOf`: the effective date of their opening entry
 * (`open_items.imported`), the day cashloop first knew them.
 */
export function importedAfter(q: Queryable, tenantId: string, asOf: CalendarDate) {
  return queryRows<{ importedOn: CalendarDate; count: number }>(
    q,
    sql`select to_char(m.effective_date, 'YYYY-MM-DD') as "importedOn", count(distinct m.invoice_id)::int as count
        from ${invoiceMovementsRelation(tenantId)} m
        join ${invoiceDocumentsRelation(tenantId)} i on i.invoice_id = m.invoice_id
        where m.event_code = 'open_items.imported'
          and m.effective_date > ${asOf}::date and i.issue_date <= ${asOf}::date and i.open_minor <> 0
        group by m.effective_date order by m.effective_date`,
  );
}

/**
 * Each invoice's AR changes per effective date up to `asOf`, from the journal: issue, payments,
 * unapplied payments, credits, write-offs. An imported open item counts as open since its issue
 * date (what was paid before the import is unknown, so the imported amount is a lower bound).
 */
export async function balanceHistory(
  q: Queryable,
  tenantId: string,
  arCode: string,
  invoiceIds: readonly string[],
  asOf: CalendarDate,
): Promise<Map<string, BalanceChange[]>> {
  const history = new Map<string, BalanceChange[]>(invoiceIds.map((id) => [id, []]));
  for (const ids of chunks(invoiceIds, 20_000)) {
    const rows = await queryRows<{ invoice_id: string; on: string; delta: bigint }>(
      q,
      sql`select invoice_id, on_date as on, sum(amount_minor)::bigint as delta from (
            select m.invoice_id, m.amount_minor,
              case when m.event_code = 'open_items.imported' then least(m.effective_date, i.issue_date)
                   else m.effective_date end as on_date
            from ${invoiceMovementsRelation(tenantId)} m
            join ${invoiceDocumentsRelation(tenantId)} i on i.invoice_id = m.invoice_id
            where m.account_code = ${arCode}
              and m.invoice_id = any(${sql.param(ids)}::uuid[])
          ) h
          where on_date <= ${asOf}::date
          group by invoice_id, on_date`,
    );
    for (const r of rows) history.get(r.invoice_id)?.push({ on: r.on, deltaMinor: r.delta });
  }
  return history;
}

export interface NewRunRow {
  runId: string;
  asOf: CalendarDate;
  letterCount: number;
  noticeCount: number;
  skippedCount: number;
}

export async function insertRun(tx: Tx, tenantId: string, run: NewRunRow) {
  await tx.execute(
    sql`insert into dunning_runs (tenant_id, run_id, as_of, letter_count, notice_count, skipped_count)
        values (${tenantId}, ${run.runId}, ${run.asOf}::date, ${run.letterCount}, ${run.noticeCount}, ${run.skippedCount})`,
  );
}

export interface NewLetterRow {
  letterId: string;
  runId: string;
  customerId: string;
  currency: string;
  asOf: CalendarDate;
  policyId: string;
  levelNo: number;
  templateKey: string;
  templateLevel: number;
  channel: string;
  status: string;
  openMinor: bigint;
  overdueMinor: bigint;
  feeMinor: bigint;
  interestMinor: bigint;
  chargeInvoiceId: string | null;
  handsOver: boolean;
  /** The tenant's letterhead version at the run: what the letter's PDF prints. */
  letterheadVersion: number;
}

const big = (v: bigint) => v.toString();

function letterColumns(tenantId: string): readonly BulkColumn<NewLetterRow>[] {
  return [
    { name: 'tenant_id', type: 'uuid', value: () => tenantId },
    { name: 'letter_id', type: 'uuid', value: (r) => r.letterId },
    { name: 'run_id', type: 'uuid', value: (r) => r.runId },
    { name: 'customer_id', type: 'uuid', value: (r) => r.customerId },
    { name: 'currency', type: 'text', value: (r) => r.currency },
    { name: 'as_of', type: 'date', value: (r) => r.asOf },
    { name: 'policy_id', type: 'uuid', value: (r) => r.policyId },
    { name: 'level_no', type: 'int', value: (r) => r.levelNo },
    { name: 'template_key', type: 'text', value: (r) => r.templateKey },
    { name: 'template_level', type: 'int', value: (r) => r.templateLevel },
    { name: 'channel', type: 'text', value: (r) => r.channel },
    { name: 'status', type: 'text', value: (r) => r.status },
    { name: 'open_minor', type: 'bigint', value: (r) => big(r.openMinor) },
    { name: 'overdue_minor', type: 'bigint', value: (r) => big(r.overdueMinor) },
    { name: 'fee_minor', type: 'bigint', value: (r) => big(r.feeMinor) },
    { name: 'interest_minor', type: 'bigint', value: (r) => big(r.interestMinor) },
    { name: 'charge_invoice_id', type: 'uuid', value: (r) => r.chargeInvoiceId },
    { name: 'hands_over', type: 'boolean', value: (r) => r.handsOver },
    { name: 'letterhead_version', type: 'int', value: (r) => r.letterheadVersion },
  ];
}

export async function insertLetters(tx: Tx, tenantId: string, rows: readonly NewLetterRow[]) {
  await insertByUnnest(tx, 'dunning_letters', letterColumns(tenantId), rows);
}

export interface NewNoticeRow {
  invoiceId: string;
  levelNo: number;
  letterId: string;
  offsetDays: number;
  sentOn: CalendarDate;
  openMinor: bigint;
  daysOverdue: number;
  interestMinor: bigint;
  interestFrom: CalendarDate | null;
  interestThrough: CalendarDate | null;
  interestDetail: InterestDetail | null;
}

/**
 * The notices, and each invoice's state moved to the level it received (only ever forward), in one
 * statement per 20,000 notices over one JSON document that both inserts read (bench/dunning.ts:
 * 100,000 notices and states in about 6 s of CPU on PGlite, the same as with column arrays). The
 * document is read as `json`, not `jsonb`: converting all of it to jsonb first cost a quarter more.
 */
export async function insertNotices(tx: Tx, tenantId: string, rows: readonly NewNoticeRow[]) {
  for (const chunk of chunks(rows, 20_000)) {
    const doc = JSON.stringify(
      chunk.map((r) => ({
        invoice_id: r.invoiceId,
        level_no: r.levelNo,
        letter_id: r.letterId,
        offset_days: r.offsetDays,
        sent_on: r.sentOn,
        open_minor: big(r.openMinor),
        days_overdue: r.daysOverdue,
        interest_minor: big(r.interestMinor),
        interest_from: r.interestFrom,
        interest_through: r.interestThrough,
        interest_detail: r.interestDetail,
      })),
    );
    await tx.execute(sql`
      with r as (
        select * from json_to_recordset(${doc}::json) as r(invoice_id uuid, level_no int, letter_id uuid,
          offset_days int, sent_on date, open_minor bigint, days_overdue int, interest_minor bigint,
          interest_from date, interest_through date, interest_detail jsonb)
      ), notices as (
        insert into dunning_notices (tenant_id, invoice_id, level_no, letter_id, offset_days, sent_on, open_minor,
          days_overdue, interest_minor, interest_from, interest_through, interest_detail)
        select ${tenantId}, invoice_id, level_no, letter_id, offset_days, sent_on, open_minor, days_overdue,
          interest_minor, interest_from, interest_through, interest_detail from r
      )
      insert into dunning_invoice_states (tenant_id, invoice_id, level_no, offset_days, sent_on, interest_through)
      select ${tenantId}, invoice_id, level_no, offset_days, sent_on, interest_through from r
      on conflict (tenant_id, invoice_id) do update set level_no = excluded.level_no,
        offset_days = excluded.offset_days, sent_on = excluded.sent_on,
        interest_through = coalesce(excluded.interest_through, dunning_invoice_states.interest_through)
      where dunning_invoice_states.level_no < excluded.level_no`);
  }
}

/** Mark customers handed over to collections (the first hand-over's date and letter stay). */
export async function markHandedOver(
  tx: Tx,
  tenantId: string,
  rows: readonly { customerId: string; on: CalendarDate; letterId: string }[],
) {
  if (rows.length === 0) return;
  const col = <T>(f: (r: (typeof rows)[number]) => T) => sql.param(rows.map(f));
  await tx.execute(sql`
    insert into dunning_customers (tenant_id, customer_id, handed_over_on, handed_over_letter_id)
    select ${tenantId}, u.customer_id, u.on_date, u.letter_id
    from unnest(${col((r) => r.customerId)}::uuid[], ${col((r) => r.on)}::date[], ${col((r) => r.letterId)}::uuid[])
      as u(customer_id, on_date, letter_id)
    on conflict (tenant_id, customer_id) do update
      set handed_over_on = coalesce(dunning_customers.handed_over_on, excluded.handed_over_on),
          handed_over_letter_id = coalesce(dunning_customers.handed_over_letter_id, excluded.handed_over_letter_id)`);
}

/** Paid invoices that a letter charged interest on (candidates for a final interest statement). */
export async function paidInvoicesCharged(q: Queryable, tenantId: string): Promise<PaidChargedInvoice[]> {
  const rows = await queryRows<{
    invoice_id: string;
    number: string;
    customer_id: string;
    currency: string;
    fx_rate: string;
    interest_through: string;
  }>(
    q,
    sql`select i.invoice_id, i.number, i.customer_id, i.currency, i.fx_rate::text as fx_rate,
          to_char(s.interest_through, 'YYYY-MM-DD') as interest_through
        from dunning_invoice_states s
        join ${paidDunnableInvoicesRelation(tenantId)} i on i.invoice_id = s.invoice_id
        where s.tenant_id = ${tenantId} and s.interest_through is not null
          and exists (select 1 from ${invoiceMovementsRelation(tenantId)} m
                      where m.invoice_id = s.invoice_id and m.effective_date > s.interest_through)`,
  );
  return rows.map((r) => ({
    invoiceId: r.invoice_id,
    number: r.number,
    customerId: r.customer_id,
    currency: r.currency,
    fxRate: r.fx_rate,
    interestThrough: r.interest_through,
  }));
}

/** Interest is charged through `through` on each invoice (a final interest statement's payment day). */
export async function advanceInterestThrough(
  tx: Tx,
  tenantId: string,
  rows: readonly { invoiceId: string; through: CalendarDate }[],
) {
  if (rows.length === 0) return;
  await tx.execute(sql`
    update dunning_invoice_states s set interest_through = u.through
    from unnest(${sql.param(rows.map((r) => r.invoiceId))}::uuid[], ${sql.param(rows.map((r) => r.through))}::date[])
      as u(invoice_id, through)
    where s.tenant_id = ${tenantId} and s.invoice_id = u.invoice_id
      and (s.interest_through is null or s.interest_through < u.through)`);
}
