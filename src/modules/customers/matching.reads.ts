/**
 * Customers as cash application matches payers against them: their names (read once per run),
 * their known payer accounts, and a payer account learned from a confirmed application.
 */
import { type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';

export interface MatchingCustomerRow {
  customer_id: string;
  external_id: string;
  name: string;
  legal_name: string | null;
  aliases: string[];
  parent_id: string | null;
}

/** Every customer of the tenant with the names a payer may use and its parent. */
export function customersForMatching(q: Queryable, tenantId: string): Promise<MatchingCustomerRow[]> {
  return queryRows<MatchingCustomerRow>(
    q,
    sql`select customer_id, external_id, name, legal_name, aliases, parent_id from customers where tenant_id = ${tenantId}`,
  );
}

/** Every known payer account (IBAN) of the tenant's customers, from master data or learned. */
export function payerAccounts(
  q: Queryable,
  tenantId: string,
): Promise<{ iban: string; customer_id: string }[]> {
  return queryRows<{ iban: string; customer_id: string }>(
    q,
    sql`select iban, customer_id from customer_bank_accounts where tenant_id = ${tenantId}`,
  );
}

/** Remember a payer's account for a customer after a confirmed application (kept if known already). */
export async function learnPayerAccount(tx: Tx, tenantId: string, customerId: string, iban: string) {
  await tx.execute(
    sql`insert into customer_bank_accounts (tenant_id, customer_id, iban, source)
        values (${tenantId}, ${customerId}, ${iban}, 'learned') on conflict do nothing`,
  );
}

/**
 * The bank accounts on the customer master (entered with the customer, not learned from cash
 * application), one row each: `iban`, `customer_id`. Anomaly queries join it to ask whose account paid.
 */
export function masterBankAccountsRelation(tenantId: string): SQL {
  return sql`(select iban, customer_id from customer_bank_accounts
              where tenant_id = ${tenantId} and source <> 'learned')`;
}
