/** All SQL of the bank module. */
import { and, eq, sql } from 'drizzle-orm';
import { type BulkColumn, insertByUnnest } from '../../db/bulk-insert.ts';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';
import { queryRowsWithSums, sumMinor } from '../../db/sums.ts';
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

export async function insertBankAccount(tx: Tx, row: typeof bankAccounts.$inferInsert) {
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

/**
 * Statements of TRANSACTIONS_PER_STATEMENT rows: on PGlite each one runs on this thread without a
 * pause, so 20,000 rows at once held the process for seconds (a 49 MB statement has 55,000).
 */
const TRANSACTIONS_PER_STATEMENT = 2_000;

export async function insertTransactions(tx: Tx, rows: readonly NewBankTransactionRow[]) {
  await insertByUnnest(tx, 'bank_transactions', TRANSACTION_COLUMNS, rows, TRANSACTIONS_PER_STATEMENT);
}

export function countTransactions(q: Queryable, tenantId: string) {
  return queryRows<{ status: string; n: number }>(
    q,
    sql`select status, count(*)::int as n from bank_transactions where tenant_id = ${tenantId} group by status`,
  );
}

/**
 * Per bank account: its cash account and Σ of its lines that are booked — those naming a receipt
 * (applied, or unapplied since and kept as the customer's cash) and those a rule posted to an
 * account (their verdict names the entry).
 */
export function bookedLinesByAccount(q: Queryable, tenantId: string) {
  return queryRowsWithSums<{
    account_key: string;
    currency: string;
    ledger_account_code: string;
    booked_minor: bigint;
  }>(
    q,
    sql`select a.account_key, a.currency, a.ledger_account_code,
          ${sumMinor(sql`t.amount_minor`, sql`t.receipt_id is not null or t.decision->>'entryId' is not null`)}
            as booked_minor
        from bank_accounts a
        left join bank_transactions t on t.tenant_id = a.tenant_id and t.bank_account_id = a.bank_account_id
        where a.tenant_id = ${tenantId}
        group by a.account_key, a.currency, a.ledger_account_code
        order by a.ledger_account_code`,
    ['booked_minor'],
  );
}
