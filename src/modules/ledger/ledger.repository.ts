/** All SQL of the ledger: append-only inserts and read models (journal, trial balance, tie-out). */
import { and, asc, eq, gt, inArray, isNull, type SQL, sql } from 'drizzle-orm';
import { type BulkColumn, insertByUnnest } from '../../db/bulk-insert.ts';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';
import { queryRowsWithSums, sumMinor } from '../../db/sums.ts';
import type { ActingAs } from '../../shared/acting-as.ts';
import { type AccountRole, type AccountSeed, type AccountType, DEFAULT_CHART } from './chart-of-accounts.ts';
import type { JournalEntryDraft, JournalLineDraft } from './journal-entry.ts';
import { POSTING_LOCK_CLASS } from './journal-watermark.ts';
import { accounts, journalEntries, journalLines } from './ledger.tables.ts';

/** A new tenant's chart of accounts: the default chart, in the tenant's creating transaction. */
export async function seedChartOfAccounts(tx: Tx, tenantId: string): Promise<void> {
  await tx.insert(accounts).values(DEFAULT_CHART.map((a) => ({ tenantId, ...a })));
}

export async function loadAccountCodes(q: Queryable, tenantId: string): Promise<Map<AccountRole, string>> {
  const rows = await q
    .select({ role: accounts.role, code: accounts.code })
    .from(accounts)
    .where(eq(accounts.tenantId, tenantId));
  return new Map(rows.filter((r) => r.role !== null).map((r) => [r.role as AccountRole, r.code]));
}

/** Add the seeded accounts whose role the tenant's chart lacks (a chart from before they existed). */
export async function insertAccountsForMissingRoles(tx: Tx, tenantId: string, seeds: readonly AccountSeed[]) {
  if (seeds.length === 0) return;
  const col = (f: (s: AccountSeed) => string) => sql.param(seeds.map(f));
  await tx.execute(sql`
    insert into accounts (tenant_id, code, name, type, role)
    select ${tenantId}, s.code, s.name, s.type, s.role
    from unnest(${col((s) => s.code)}::text[], ${col((s) => s.name)}::text[], ${col((s) => s.type)}::text[],
      ${col((s) => s.role)}::text[]) as s(code, name, type, role)
    where not exists (select 1 from accounts a where a.tenant_id = ${tenantId} and a.role = s.role)
    on conflict do nothing`);
}

/** Whether the tenant's chart has account `code`. */
export async function accountExists(q: Queryable, tenantId: string, code: string): Promise<boolean> {
  const [row] = await q
    .select({ code: accounts.code })
    .from(accounts)
    .where(and(eq(accounts.tenantId, tenantId), eq(accounts.code, code)));
  return row !== undefined;
}

/** The highest code of the tenant's chart in the four-digit range `from`–`to`, or null. */
export async function highestCodeIn(q: Queryable, tenantId: string, from: number, to: number) {
  const [row] = await queryRows<{ max: string | null }>(
    q,
    sql`select max(code) as max from accounts
        where tenant_id = ${tenantId} and code ~ '^[0-9]{4}$' and code between ${String(from)} and ${String(to)}`,
  );
  return row?.max ? Number(row.max) : null;
}

/** Add an account without a role; false when its code is taken (by a concurrent transaction too). */
export async function insertAccountIfFree(
  tx: Tx,
  tenantId: string,
  account: { code: string; name: string; type: AccountType },
): Promise<boolean> {
  const rows = await tx
    .insert(accounts)
    .values({ tenantId, ...account })
    .onConflictDoNothing()
    .returning({ code: accounts.code });
  return rows.length > 0;
}

/** Σ of the journal lines of each of `codes`, per currency. */
export function balancesOfAccounts(q: Queryable, tenantId: string, codes: readonly string[]) {
  return queryRowsWithSums<{ account_code: string; currency: string; balance_minor: bigint }>(
    q,
    sql`select account_code, currency, ${sumMinor(sql`amount_minor`)} as balance_minor from journal_lines
        where tenant_id = ${tenantId} and account_code = any(${sql.param([...codes])}::text[])
        group by account_code, currency`,
    ['balance_minor'],
  );
}

/**
 * Mark this transaction as posting, until it ends, above the entry number drawn last (a shared
 * advisory lock keyed by it; journal-watermark.ts says why). Waits for nothing and holds up no one.
 */
async function markPostingInFlight(tx: Tx): Promise<void> {
  await tx.execute(
    sql`select pg_advisory_xact_lock_shared(${POSTING_LOCK_CLASS}::int,
          (case when is_called then last_value else 0 end)::bit(32)::int)
        from journal_entries_entry_no_seq`,
  );
}

export async function insertEntries(
  tx: Tx,
  tenantId: string,
  entries: readonly { entryId: string; draft: JournalEntryDraft }[],
  postedBy: ActingAs | null,
  codeOf: (role: AccountRole) => string,
): Promise<void> {
  await markPostingInFlight(tx);
  await insertByUnnest(tx, 'journal_entries', entryColumns(tenantId, postedBy), entries);
  const lines = entries.flatMap(({ entryId, draft }) =>
    draft.lines.map((l, i) => ({ entryId, lineNo: i + 1, line: l })),
  );
  await insertByUnnest(tx, 'journal_lines', lineColumns(tenantId, codeOf), lines);
}

type EntryRow = { entryId: string; draft: JournalEntryDraft };

function entryColumns(tenantId: string, by: ActingAs | null): readonly BulkColumn<EntryRow>[] {
  return [
    { name: 'posted_by_name', type: 'text', value: () => by?.name ?? null },
    { name: 'posted_by_key_id', type: 'uuid', value: () => by?.keyId ?? null },
    { name: 'posted_by_user_id', type: 'uuid', value: () => by?.userId ?? null },
    { name: 'tenant_id', type: 'uuid', value: () => tenantId },
    { name: 'entry_id', type: 'uuid', value: (e) => e.entryId },
    { name: 'event_code', type: 'text', value: (e) => e.draft.eventCode },
    { name: 'effective_date', type: 'date', value: (e) => e.draft.effectiveDate },
    { name: 'description', type: 'text', value: (e) => e.draft.description },
    { name: 'source_type', type: 'text', value: (e) => e.draft.source?.type ?? null },
    { name: 'source_id', type: 'uuid', value: (e) => e.draft.source?.id ?? null },
    { name: 'reverses_entry_id', type: 'uuid', value: (e) => e.draft.reversesEntryId ?? null },
  ];
}

type LineRow = { entryId: string; lineNo: number; line: JournalLineDraft };

function lineColumns(tenantId: string, codeOf: (r: AccountRole) => string): readonly BulkColumn<LineRow>[] {
  return [
    { name: 'tenant_id', type: 'uuid', value: () => tenantId },
    { name: 'entry_id', type: 'uuid', value: (r) => r.entryId },
    { name: 'line_no', type: 'int', value: (r) => r.lineNo },
    { name: 'account_code', type: 'text', value: (r) => r.line.accountCode ?? codeOf(r.line.role) },
    { name: 'currency', type: 'text', value: (r) => r.line.currency },
    { name: 'amount_minor', type: 'bigint', value: (r) => r.line.amountMinor.toString() },
    { name: 'base_amount_minor', type: 'bigint', value: (r) => r.line.baseAmountMinor.toString() },
    { name: 'customer_id', type: 'uuid', value: (r) => r.line.customerId ?? null },
    { name: 'invoice_id', type: 'uuid', value: (r) => r.line.invoiceId ?? null },
    { name: 'receipt_id', type: 'uuid', value: (r) => r.line.receiptId ?? null },
    { name: 'memo', type: 'text', value: (r) => r.line.memo ?? null },
  ];
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
  return q
    .select()
    .from(journalLines)
    .where(and(eq(journalLines.tenantId, tenantId), inArray(journalLines.entryId, [...entryIds])))
    .orderBy(asc(journalLines.entryId), asc(journalLines.lineNo));
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
  return queryRowsWithSums<TrialBalanceRow>(
    q,
    sql`select l.account_code, a.name as account_name, a.type as account_type, l.currency,
          ${sumMinor(sql`l.amount_minor`, sql`l.amount_minor > 0`)} as debit_minor,
          ${sumMinor(sql`-l.amount_minor`, sql`l.amount_minor < 0`)} as credit_minor,
          ${sumMinor(sql`l.base_amount_minor`, sql`l.base_amount_minor > 0`)} as base_debit_minor,
          ${sumMinor(sql`-l.base_amount_minor`, sql`l.base_amount_minor < 0`)} as base_credit_minor
        from journal_lines l
        join accounts a on a.tenant_id = l.tenant_id and a.code = l.account_code
        where l.tenant_id = ${tenantId}
        group by l.account_code, a.name, a.type, l.currency
        order by l.account_code, l.currency`,
    ['debit_minor', 'credit_minor', 'base_debit_minor', 'base_credit_minor'],
  );
}

/** AR control account balance per currency, from the journal. */
export function arControlByCurrency(q: Queryable, tenantId: string, arCode: string) {
  return queryRowsWithSums<{ currency: string; balance_minor: bigint }>(
    q,
    sql`select currency, ${sumMinor(sql`amount_minor`)} as balance_minor from journal_lines
        where tenant_id = ${tenantId} and account_code = ${arCode} group by currency`,
    ['balance_minor'],
  );
}

/**
 * The AR lines per invoice, as a relation (`invoice_id`, `amount`) other modules' queries may join:
 * the ledger's published view of what the journal holds on each invoice.
 */
export function arPerInvoice(tenantId: string, arCode: string): SQL {
  return sql`(select invoice_id, sum(amount_minor) as amount from journal_lines
              where tenant_id = ${tenantId} and account_code = ${arCode} and invoice_id is not null
              group by invoice_id)`;
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

/**
 * Σ base-currency amounts on the AR account for an invoice, or for a receipt's unapplied part
 * (its lines without an invoice): what remains to settle at exact FX.
 */
export async function arBaseBalance(
  q: Queryable,
  tenantId: string,
  arCode: string,
  of: { invoiceId: string } | { receiptId: string },
): Promise<bigint> {
  const which =
    'invoiceId' in of
      ? eq(journalLines.invoiceId, of.invoiceId)
      : and(eq(journalLines.receiptId, of.receiptId), isNull(journalLines.invoiceId));
  const [row] = await q
    .select({ base: sql<bigint>`coalesce(sum(${journalLines.baseAmountMinor}), 0)::bigint` })
    .from(journalLines)
    .where(and(eq(journalLines.tenantId, tenantId), eq(journalLines.accountCode, arCode), which));
  return row?.base ?? 0n;
}
