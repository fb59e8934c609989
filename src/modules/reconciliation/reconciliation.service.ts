/**
 * The tie-out of the books (`cashloop ledger reconcile`, `GET /v1/ledger/reconciliation`): the AR
 * subledger against the AR control account per currency (ledger), and each bank account's cash
 * account against the lines booked from its statements (bank). Balanced only when both agree.
 */
import type { Queryable } from '../../db/client.ts';
import { type BankAccountTieOut, tieOutBankAccounts } from '../bank/bank-tie-out.service.ts';
import type { CoreDeps } from '../core-deps.ts';
import type { Reconciliation } from '../ledger/ledger.service.ts';

export interface BooksReconciliation extends Reconciliation {
  readonly bankAccounts: readonly BankAccountTieOut[];
}

export async function reconcileBooks(
  q: Queryable,
  deps: Pick<CoreDeps, 'ledger'>,
  tenantId: string,
): Promise<BooksReconciliation> {
  const ar = await deps.ledger.reconcile(q, tenantId);
  const bankAccounts = await tieOutBankAccounts(q, deps, tenantId);
  return {
    ...ar,
    balanced: ar.balanced && bankAccounts.every((b) => b.differenceMinor === 0n),
    bankAccounts,
  };
}
