/** All SQL of the ledger: append-only inserts and read models (journal, trial balance, tie-out). */
import { and, asc, eq, gt, sql } from 'drizzle-orm';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';
import { chunks } from '../../shared/chunks.ts';
import { accounts } from '../tenants/tenants.tables.ts';
import type { AccountRole } from './chart-of-accounts.ts';
import type { JournalEntryDraft, JournalLineDraft } from './journal-entry.ts';
import { journalEntries, journalLines } from './ledger.tables.ts';

export async function loadAccountCodes(q: Queryable, tenantId: string): Promise<Map<AccountRole, string>> {
  const rows = await q
    .select({ role: accounts.role, code: accounts.code })
    .from(accounts)
    .where(eq(accounts.tenantId, tenantId));
  return new Map(rows.filter((r) => r.role !== null).map((r) => [r.role as AccountRole, r.code]));
}

export async function insertEntries(
  tx: Tx,
  tenantId: string,
  entries: readonly { entryId: string; draft: JournalEntryDraft }[],
  codeOf: (role: AccountRole) => string,
): Promise<void> {
  const heads = entries.map(({ entryId, draft }) => ({
    tenantId,
    entryId,
    eventCode: draft.eventCode,
    effectiveDate: draft.effectiveDate,
    description: draft.description,
    sourceType: draft.source?.type ?? null,
    sourceId: draft.source?.id ?? null,
    reversesEntryId: draft.reversesEntryId ?? null,
  }));
  for (const chunk of chunks(heads, 2000)) await tx.insert(journalEntries).values(chunk);
  const lines = entries.flatMap(({ entryId, draft }) =>
    draft.lines.map((l, i) => lineRow(tenantId, entryId, i + 1, l, codeOf)),
  );
  await insertLinesBulk(tx, lines);
}

type LineRow = ReturnType<typeof lineRow>;

function lineRow(
  tenantId: string,
  entryId: string,
  lineNo: number,
  l: JournalLineDraft,
  codeOf: (r: AccountRole) => string,
) {
  return {
    tenantId,
    entryId,
    lineNo,
    accountCode: l.accountCode ?? codeOf(l.role),
    currency: l.currency,
    amountMinor: l.amountMinor,
    baseAmountMinor: l.baseAmountMinor,
    customerId: l.customerId ?? null,
    invoiceId: l.invoiceId ?? null,
    receiptId: l.receiptId ?? null,
    memo: l.memo ?? null,
  };
}

/** Inserts lines through `unnest` arrays: one statement per 20,000 lines on both back ends. */
async function insertLinesBulk(tx: Tx, lines: readonly LineRow[]): Promise<void> {
  for (const chunk of chunks(lines, 20_000)) {
    const col = <T>(f: (r: LineRow) => T) => sql.param(chunk.map(f));
    await tx.execute(sql`
      insert into journal_lines (tenant_id, entry_id, line_no, account_code, currency, amount_minor,
        base_amount_minor, customer_id, invoice_id, receipt_id, memo)
      select * from unnest(
        ${col((r) => r.tenantId)}::uuid[], ${col((r) => r.entryId)}::uuid[], ${col((r) => r.lineNo)}::int[],
        ${col((r) => r.accountCode)}::text[], ${col((r) => r.currency)}::text[],
        ${col((r) => r.amountMinor.toString())}::bigint[], ${col((r) => r.baseAmountMinor.toString())}::bigint[],
        ${col((r) => r.customerId)}::uuid[], ${col((r) => r.invoiceId)}::uuid[], ${col((r) => r.receiptId)}::uuid[],
        ${col((r) => r.memo)}::text[])`);
  }
}

export async function findEntry(q: Queryable, tenantId: string, entryId: string) {
  const [head] = await q
    .select()
    .from(journalEntries)
    .where(and(eq(journalEntries.tenantId, tenantId), eq(journalEntries.entryId, entryId)));
  if (!head) return null;
  const lines = await q
    .select()
    .from(journalLines)
    .where(and(eq(journalLines.tenantId, tenantId), eq(journalLines.entryId, entryId)))
    .orderBy(asc(journalLines.lineNo));
  return { head, lines };
}

export async function findEntriesAfter(q: Queryable, tenantId: string, afterEntryNo: bigint, limit: number) {
  return q
    .select()
    .from(journalEntries)
    .where(and(eq(journalEntries.tenantId, tenantId), gt(journalEntries.entryNo, afterEntryNo)))
    .orderBy(asc(journalEntries.entryNo))
    .limit(limit);
}

export async function findLinesOfEntries(q: Queryable, tenantId: string, entryIds: readonly string[]) {
  if (entryIds.length === 0) return [];
  return queryRows<{
    entry_id: string;
    line_no: number;
    account_code: string;
    currency: string;
    amount_minor: bigint;
    base_amount_minor: bigint;
    customer_id: string | null;
    invoice_id: string | null;
    receipt_id: string | null;
    memo: string | null;
  }>(
    q,
    sql`select entry_id, line_no, account_code, currency, amount_minor, base_amount_minor, customer_id, invoice_id,
          receipt_id, memo
        from journal_lines where tenant_id = ${tenantId} and entry_id = any(${sql.param(entryIds)}::uuid[])
        order by entry_id, line_no`,
  );
}

export interface TrialBalanceRow {
  account_code: string;
  account_name: string;
  account_type: string;
  currency: string;
  debit_minor: bigint;
  credit_minor: bigint;
  base_debit_minor: bigint;
  base_credit_minor: bigint;
}

export function trialBalanceRows(q: Queryable, tenantId: string): Promise<TrialBalanceRow[]> {
  return queryRows<TrialBalanceRow>(
    q,
    sql`select l.account_code, a.name as account_name, a.type as account_type, l.currency,
          coalesce(sum(l.amount_minor) filter (where l.amount_minor > 0), 0)::bigint as debit_minor,
          coalesce(-sum(l.amount_minor) filter (where l.amount_minor < 0), 0)::bigint as credit_minor,
          coalesce(sum(l.base_amount_minor) filter (where l.base_amount_minor > 0), 0)::bigint as base_debit_minor,
          coalesce(-sum(l.base_amount_minor) filter (where l.base_amount_minor < 0), 0)::bigint as base_credit_minor
        from journal_lines l
        join accounts a on a.tenant_id = l.tenant_id and a.code = l.account_code
        where l.tenant_id = ${tenantId}
        group by l.account_code, a.name, a.type, l.currency
        order by l.account_code, l.currency`,
  );
}

/** AR control account balance per currency, from the journal. */
export function arControlByCurrency(q: Queryable, tenantId: string, arCode: string) {
  return queryRows<{ currency: string; balance_minor: bigint }>(
    q,
    sql`select currency, sum(amount_minor)::bigint as balance_minor from journal_lines
        where tenant_id = ${tenantId} and account_code = ${arCode} group by currency`,
  );
}

/** AR subledger per currency: open invoices minus unapplied receipts. */
export function subledgerByCurrency(q: Queryable, tenantId: string) {
  return queryRows<{ currency: string; balance_minor: bigint }>(
    q,
    sql`select currency, sum(amount)::bigint as balance_minor from (
          select currency, open_minor as amount from invoices
            where tenant_id = ${tenantId} and kind = 'invoice' and open_minor <> 0
          union all
          select currency, -unapplied_minor from receipts where tenant_id = ${tenantId} and unapplied_minor <> 0
        ) s group by currency`,
  );
}

/** Invoices whose open amount differs from the sum of their AR journal lines (should be none). */
export function invoiceMismatches(q: Queryable, tenantId: string, arCode: string, limit: number) {
  return queryRows<{ invoice_id: string; number: string | null; open_minor: bigint; ledger_minor: bigint }>(
    q,
    sql`select i.invoice_id, i.number, i.open_minor, coalesce(l.amount, 0)::bigint as ledger_minor
        from invoices i
        left join (select invoice_id, sum(amount_minor) as amount from journal_lines
                   where tenant_id = ${tenantId} and account_code = ${arCode} and invoice_id is not null
                   group by invoice_id) l on l.invoice_id = i.invoice_id
        where i.tenant_id = ${tenantId} and i.kind = 'invoice' and i.status <> 'draft'
          and i.open_minor <> coalesce(l.amount, 0)
        limit ${limit}`,
  );
}

export async function findEntryIdBySource(
  q: Queryable,
  tenantId: string,
  sourceType: string,
  sourceId: string,
  eventCode: string,
) {
  const [row] = await q
    .select({ entryId: journalEntries.entryId })
    .from(journalEntries)
    .where(
      and(
        eq(journalEntries.tenantId, tenantId),
        eq(journalEntries.sourceType, sourceType),
        eq(journalEntries.sourceId, sourceId),
        eq(journalEntries.eventCode, eventCode),
      ),
    )
    .orderBy(asc(journalEntries.entryNo))
    .limit(1);
  return row?.entryId ?? null;
}
