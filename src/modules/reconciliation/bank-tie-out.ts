/**
 * The tie-out of each bank account's cash account: what the ledger holds on it must be what
 * cashloop booked of the account's statements — Σ of the lines booked (as receipts, or posted by a
 * rule) less the refunds paid from it. A line booked twice, money booked on the wrong account, or
 * a refund that left from another account shows as a difference.
 *
 * Why not the statements' balances: cashloop books the receivables side of a bank account only —
 * customer receipts and what rules post; supplier payments, salaries and transfers are ignored
 * lines for the ERP to book. The cash account is that part of the bank account, not its balance
 * (the balances are checked at import: opening + entries = closing, per statement).
 */
import type { Queryable } from '../../db/client.ts';
import { formatAmount } from '../../shared/money.ts';
import { bookedLinesByBankAccount } from '../bank/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { refundsByCashAccount } from '../receipts/index.ts';

export interface BankAccountTieOut {
  /** IBAN, else the bank's account number. */
  readonly account: string;
  readonly currency: string;
  readonly cashAccount: string;
  /** The cash account's balance in the journal. */
  readonly ledgerMinor: bigint;
  /** Σ of the account's booked lines. */
  readonly bookedLinesMinor: bigint;
  /** Σ refunded to customers from this account. */
  readonly refundsMinor: bigint;
  /** ledger − (booked lines − refunds): zero when the books agree. */
  readonly differenceMinor: bigint;
}

/** Tie out every registered bank account of the tenant, in cash account order. */
export async function tieOutBankAccounts(
  q: Queryable,
  deps: Pick<CoreDeps, 'ledger'>,
  tenantId: string,
): Promise<BankAccountTieOut[]> {
  const accounts = await bookedLinesByBankAccount(q, tenantId);
  if (accounts.length === 0) return [];
  const balances = await deps.ledger.accountBalances(
    q,
    tenantId,
    accounts.map((a) => a.cashAccount),
  );
  const refunds = await refundsByCashAccount(q, tenantId);
  const key = (code: string, currency: string) => `${code}|${currency}`;
  const ledger = new Map(balances.map((b) => [key(b.accountCode, b.currency), b.balanceMinor]));
  return accounts.map((a) => {
    const k = key(a.cashAccount, a.currency);
    const ledgerMinor = ledger.get(k) ?? 0n;
    const refundsMinor = refunds.get(k) ?? 0n;
    return {
      account: a.account,
      currency: a.currency,
      cashAccount: a.cashAccount,
      ledgerMinor,
      bookedLinesMinor: a.bookedMinor,
      refundsMinor,
      differenceMinor: ledgerMinor - (a.bookedMinor - refundsMinor),
    };
  });
}

/** A tie-out with its amounts as decimal strings (the API's and the CLI's `--json` view). */
export function bankTieOutView(b: BankAccountTieOut) {
  const money = (m: bigint) => formatAmount(m, b.currency);
  return {
    account: b.account,
    currency: b.currency,
    cashAccount: b.cashAccount,
    ledger: money(b.ledgerMinor),
    bookedLines: money(b.bookedLinesMinor),
    refunds: money(b.refundsMinor),
    difference: money(b.differenceMinor),
  };
}
