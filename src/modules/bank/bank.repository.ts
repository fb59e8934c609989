/** All SQL of the bank module. */
import { and, eq, sql } from 'drizzle-orm';
import { type BulkColumn, insertByUnnest } from '../../db/bulk-insert.ts';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';
import { accounts } from '../tenants/tenants.tables.ts';
import { bankAccounts, bankStatements, type bankTransactions } from './bank.tables.ts';

export type BankAccountRow = typeof bankAccounts.$inferSelect;
export type NewBankTransactionRow = typeof bankTransactions.$inferInsert;

export async function findBankAccount(q: Queryable, tenantId: string, accountKey: string, currency: string) {
  const [row] = await q
    .select()
    .from(bankAccounts)
    .where(
      and(
        eq(bankAccounts.tenantId, tenantId),
        eq(bankAccounts.accountKey, accountKey),
        eq(bankAccounts.currency, currency),
      ),
    );
  return row ?? null;
}

export function listBankAccounts(q: Queryable, tenantId: string) {
  return q.select().from(bankAccounts).where(eq(bankAccounts.tenantId, tenantId));
}

/** The next free code of the bank range 1201–1299 of the chart. */
export async function nextBankLedgerCode(tx: Tx, tenantId: string): Promise<string> {
  const [row] = await queryRows<{ max: string | null }>(
    tx,
    sql`select max(code) as max from accounts where tenant_id = ${tenantId} and code ~ '^12[0-9][0-9]$'`,
  );
  const next = Math.max(1201, Number(row?.max ?? '1200') + 1);
  if (next > 1299) throw new Error('the chart has no free bank account code left in 1201–1299');
  return String(next);
}

export async function insertBankAccount(tx: Tx, row: typeof bankAccounts.$inferInsert, ledgerName: string) {
  await tx
    .insert(accounts)
    .values({ tenantId: row.tenantId, code: row.ledgerAccountCode, name: ledgerName, type: 'asset' });
  const [inserted] = await tx.insert(bankAccounts).values(row).returning();
  if (!inserted) throw new Error('bank account insert returned nothing');
  return inserted;
}

export async function existingDedupeKeys(
  q: Queryable,
  tenantId: string,
  bankAccountId: string,
  keys: readonly string[],
): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await queryRows<{ dedupe_key: string }>(
    q,
    sql`select dedupe_key from bank_transactions
        where tenant_id = ${tenantId} and bank_account_id = ${bankAccountId}
          and dedupe_key = any(${sql.param([...keys])}::text[])`,
  );
  return new Set(rows.map((r) => r.dedupe_key));
}

export async function insertStatement(tx: Tx, row: typeof bankStatements.$inferInsert) {
  await tx.insert(bankStatements).values(row);
}

const TRANSACTION_COLUMNS: readonly BulkColumn<NewBankTransactionRow>[] = [
  { name: 'tenant_id', type: 'uuid', value: (r) => r.tenantId },
  { name: 'transaction_id', type: 'uuid', value: (r) => r.transactionId },
  { name: 'bank_account_id', type: 'uuid', value: (r) => r.bankAccountId },
  { name: 'statement_id', type: 'uuid', value: (r) => r.statementId },
  { name: 'dedupe_key', type: 'text', value: (r) => r.dedupeKey },
  { name: 'bank_reference', type: 'text', value: (r) => r.bankReference ?? null },
  { name: 'booking_date', type: 'date', value: (r) => r.bookingDate },
  { name: 'value_date', type: 'date', value: (r) => r.valueDate ?? null },
  { name: 'amount_minor', type: 'bigint', value: (r) => r.amountMinor.toString() },
  { name: 'currency', type: 'text', value: (r) => r.currency },
  { name: 'transaction_code', type: 'text', value: (r) => r.transactionCode ?? null },
  { name: 'counterparty_name', type: 'text', value: (r) => r.counterpartyName ?? null },
  { name: 'counterparty_iban', type: 'text', value: (r) => r.counterpartyIban ?? null },
  { name: 'counterparty_account', type: 'text', value: (r) => r.counterpartyAccount ?? null },
  { name: 'counterparty_bic', type: 'text', value: (r) => r.counterpartyBic ?? null },
  { name: 'ultimate_party', type: 'text', value: (r) => r.ultimateParty ?? null },
  { name: 'remittance', type: 'text', value: (r) => r.remittance },
  {
    // A text[] per row: unnest would flatten an array of arrays, so each travels as a JSON array.
    name: 'structured_references',
    type: 'jsonb',
    value: (r) => JSON.stringify(r.structuredReferences),
    select: (v) => `array(select jsonb_array_elements_text(${v}))`,
  },
  { name: 'end_to_end_id', type: 'text', value: (r) => r.endToEndId ?? null },
  { name: 'reversal', type: 'boolean', value: (r) => r.reversal },
];

export async function insertTransactions(tx: Tx, rows: readonly NewBankTransactionRow[]) {
  await insertByUnnest(tx, 'bank_transactions', TRANSACTION_COLUMNS, rows);
}

export function countTransactions(q: Queryable, tenantId: string) {
  return queryRows<{ status: string; n: number }>(
    q,
    sql`select status, count(*)::int as n from bank_transactions where tenant_id = ${tenantId} group by status`,
  );
}
