/** SQL of the review queue: bank lines with their verdicts. */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';
import type { BankLineStatus } from '../bank/bank-lines.ts';
import type { NewLineRow } from './cash-application.repository.ts';

export interface ReviewLineRow extends NewLineRow {
  status: BankLineStatus;
  customer_id: string | null;
  confidence: string | null;
  decision: unknown;
  receipt_id: string | null;
  processed_at: string | null;
}

const COLUMNS = sql`t.transaction_id, t.bank_reference, t.booking_date, t.amount_minor, t.currency,
  t.counterparty_name, t.counterparty_iban, t.ultimate_party, t.remittance, t.structured_references,
  t.end_to_end_id, t.transaction_code, t.reversal, a.ledger_account_code, t.status, t.customer_id,
  t.confidence::text as confidence, t.decision, t.receipt_id, t.processed_at::text as processed_at`;

/** A line with its verdict, locked for the rest of the transaction. */
export function lockLine(tx: Tx, tenantId: string, transactionId: string): Promise<ReviewLineRow | null> {
  return findLine(tx, tenantId, transactionId, sql`for update of t`);
}

export async function findLine(
  q: Queryable,
  tenantId: string,
  transactionId: string,
  lock = sql``,
): Promise<ReviewLineRow | null> {
  const [row] = await queryRows<ReviewLineRow>(
    q,
    sql`select ${COLUMNS} from bank_transactions t
        join bank_accounts a on a.tenant_id = t.tenant_id and a.bank_account_id = t.bank_account_id
        where t.tenant_id = ${tenantId} and t.transaction_id = ${transactionId}
        ${lock}`,
  );
  return row ?? null;
}

export function listLines(
  q: Queryable,
  tenantId: string,
  f: { statuses: readonly string[]; afterId?: string; limit: number },
) {
  return queryRows<ReviewLineRow>(
    q,
    sql`select ${COLUMNS} from bank_transactions t
        join bank_accounts a on a.tenant_id = t.tenant_id and a.bank_account_id = t.bank_account_id
        where t.tenant_id = ${tenantId} and t.status = any(${sql.param([...f.statuses])}::text[])
          ${f.afterId ? sql`and t.transaction_id > ${f.afterId}` : sql``}
        order by t.transaction_id
        limit ${f.limit}`,
  );
}
