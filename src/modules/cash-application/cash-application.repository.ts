/** SQL of cash application: what the engine reads in one go, and the verdict it writes per line. */
import { sql } from 'drizzle-orm';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';

export interface NewLineRow {
  transaction_id: string;
  bank_reference: string | null;
  booking_date: string;
  amount_minor: bigint;
  currency: string;
  counterparty_name: string | null;
  counterparty_iban: string | null;
  ultimate_party: string | null;
  remittance: string;
  structured_references: string[];
  end_to_end_id: string | null;
  transaction_code: string | null;
  reversal: boolean;
  ledger_account_code: string;
}

/** Bank lines cash application has not processed yet, oldest first. */
export function unprocessedLines(q: Queryable, tenantId: string) {
  return queryRows<NewLineRow>(
    q,
    sql`select t.transaction_id, t.bank_reference, t.booking_date, t.amount_minor, t.currency,
               t.counterparty_name, t.counterparty_iban, t.ultimate_party, t.remittance,
               t.structured_references, t.end_to_end_id, t.transaction_code, t.reversal,
               a.ledger_account_code
        from bank_transactions t
        join bank_accounts a on a.tenant_id = t.tenant_id and a.bank_account_id = t.bank_account_id
        where t.tenant_id = ${tenantId} and t.status = 'new'
        order by t.booking_date, t.transaction_id`,
  );
}

export function openInvoiceRows(q: Queryable, tenantId: string) {
  return queryRows<{
    invoice_id: string;
    number: string;
    customer_id: string;
    currency: string;
    open_minor: bigint;
    total_minor: bigint;
    due_date: string | null;
    issue_date: string | null;
    discount_date: string | null;
    discount_pct: string | null;
    payment_reference: string | null;
    po_number: string | null;
    fx_rate: string;
  }>(
    q,
    sql`select invoice_id, number, customer_id, currency, open_minor, total_minor, due_date, issue_date,
               discount_date, discount_pct::text as discount_pct, payment_reference, po_number, fx_rate::text as fx_rate
        from invoices
        where tenant_id = ${tenantId} and kind = 'invoice' and open_minor > 0 and number is not null`,
  );
}

export function customerRows(q: Queryable, tenantId: string) {
  return queryRows<{
    customer_id: string;
    external_id: string;
    name: string;
    legal_name: string | null;
    aliases: string[];
    parent_id: string | null;
  }>(
    q,
    sql`select customer_id, external_id, name, legal_name, aliases, parent_id from customers where tenant_id = ${tenantId}`,
  );
}

export function payerAccountRows(q: Queryable, tenantId: string) {
  return queryRows<{ iban: string; customer_id: string }>(
    q,
    sql`select iban, customer_id from customer_bank_accounts where tenant_id = ${tenantId}`,
  );
}

export async function ownIbans(q: Queryable, tenantId: string): Promise<string[]> {
  const rows = await queryRows<{ iban: string }>(
    q,
    sql`select iban from bank_accounts where tenant_id = ${tenantId} and iban is not null`,
  );
  return rows.map((r) => r.iban);
}

export async function recordVerdict(
  tx: Tx,
  tenantId: string,
  transactionId: string,
  verdict: {
    status: string;
    customerId: string | null;
    confidence: number | null;
    decision: unknown;
    receiptId: string | null;
  },
) {
  await tx.execute(
    sql`update bank_transactions
        set status = ${verdict.status}, customer_id = ${verdict.customerId}, confidence = ${verdict.confidence},
            decision = ${JSON.stringify(verdict.decision)}::jsonb, receipt_id = ${verdict.receiptId}, processed_at = now()
        where tenant_id = ${tenantId} and transaction_id = ${transactionId}`,
  );
}

export interface Verdict {
  transactionId: string;
  status: string;
  customerId: string | null;
  confidence: number | null;
  decision: unknown;
  receiptId: string | null;
}

/** Many verdicts in one statement per 5,000. */
export async function recordVerdicts(tx: Tx, tenantId: string, verdicts: readonly Verdict[]) {
  for (let i = 0; i < verdicts.length; i += 5_000) {
    const chunk = verdicts.slice(i, i + 5_000);
    const col = <T>(f: (v: Verdict) => T) => sql.param(chunk.map(f));
    await tx.execute(sql`
      update bank_transactions t set status = u.status, customer_id = u.customer_id, confidence = u.confidence,
        decision = u.decision, receipt_id = u.receipt_id, processed_at = now()
      from unnest(${col((v) => v.transactionId)}::uuid[], ${col((v) => v.status)}::text[],
        ${col((v) => v.customerId)}::uuid[], ${col((v) => (v.confidence === null ? null : String(v.confidence)))}::numeric[],
        ${col((v) => JSON.stringify(v.decision))}::jsonb[], ${col((v) => v.receiptId)}::uuid[])
        as u(transaction_id, status, customer_id, confidence, decision, receipt_id)
      where t.tenant_id = ${tenantId} and t.transaction_id = u.transaction_id`);
  }
}

/** Remember a payer's account for a customer after a confirmed application. */
export async function learnPayerAccount(tx: Tx, tenantId: string, customerId: string, iban: string) {
  await tx.execute(
    sql`insert into customer_bank_accounts (tenant_id, customer_id, iban, source)
        values (${tenantId}, ${customerId}, ${iban}, 'learned') on conflict do nothing`,
  );
}
