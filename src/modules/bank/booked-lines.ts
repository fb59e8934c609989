/** What the books' tie-out reads of the bank: per registered account, Σ of the lines booked from it. */
import type { Queryable } from '../../db/client.ts';
import * as repo from './bank.repository.ts';

export interface BankAccountBookings {
  /** IBAN, else the bank's account number. */
  readonly account: string;
  readonly currency: string;
  /** The account's own cash account in the chart. */
  readonly cashAccount: string;
  /** Σ of the lines booked as receipts or posted by a rule. */
  readonly bookedMinor: bigint;
}

/** Every registered bank account of the tenant with its booked lines, in cash account order. */
export async function bookedLinesByBankAccount(
  q: Queryable,
  tenantId: string,
): Promise<BankAccountBookings[]> {
  const rows = await repo.bookedLinesByAccount(q, tenantId);
  return rows.map((a) => ({
    account: a.account_key,
    currency: a.currency,
    cashAccount: a.ledger_account_code,
    bookedMinor: a.booked_minor,
  }));
}
