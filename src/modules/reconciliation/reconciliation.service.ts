/**
 * The tie-out of the books (`cashloop ledger reconcile`, `GET /v1/ledger/reconciliation`): the AR
 * subledger (open invoices less unapplied receipts) against the AR control account per currency,
 * every issued invoice's open amount against its AR lines, and each bank account's cash account
 * against the lines booked from its statements. Balanced only when all agree. Each figure comes
 * from the module that owns it (invoices, receipts, ledger, bank); only the comparison lives here.
 */
import type { Queryable } from '../../db/client.ts';
import type { CoreDeps } from '../core-deps.ts';
import { invoicesDifferingFrom, type OpenAmountMismatch, openInvoicesByCurrency } from '../invoices/index.ts';
import { unappliedByCurrency } from '../receipts/index.ts';
import { type BankAccountTieOut, tieOutBankAccounts } from './bank-tie-out.ts';

/** How many differing invoices a reconciliation lists (the first; there should be none). */
const MISMATCHES_SHOWN = 100;

export interface ReconciliationLine {
  currency: string;
  arControlMinor: bigint;
  subledgerMinor: bigint;
  differenceMinor: bigint;
}

export interface Reconciliation {
  balanced: boolean;
  currencies: ReconciliationLine[];
  invoiceMismatches: OpenAmountMismatch[];
}

export interface BooksReconciliation extends Reconciliation {
  readonly bankAccounts: readonly BankAccountTieOut[];
}

/** The AR side: subledger against control per currency, and invoice by invoice. */
export async function reconcileAr(
  q: Queryable,
  deps: Pick<CoreDeps, 'ledger'>,
  tenantId: string,
): Promise<Reconciliation> {
  const control = await deps.ledger.arControlByCurrency(q, tenantId);
  const open = await openInvoicesByCurrency(q, tenantId);
  const unapplied = await unappliedByCurrency(q, tenantId);
  const currencies = [...new Set([...control.keys(), ...open.keys(), ...unapplied.keys()])].sort();
  const lines = currencies.map((currency) => {
    const arControlMinor = control.get(currency) ?? 0n;
    const subledgerMinor = (open.get(currency) ?? 0n) - (unapplied.get(currency) ?? 0n);
    return { currency, arControlMinor, subledgerMinor, differenceMinor: arControlMinor - subledgerMinor };
  });
  const perInvoice = await deps.ledger.arPerInvoice(q, tenantId);
  const invoiceMismatches = await invoicesDifferingFrom(q, tenantId, perInvoice, MISMATCHES_SHOWN);
  return {
    balanced: lines.every((l) => l.differenceMinor === 0n) && invoiceMismatches.length === 0,
    currencies: lines,
    invoiceMismatches,
  };
}

export async function reconcileBooks(
  q: Queryable,
  deps: Pick<CoreDeps, 'ledger'>,
  tenantId: string,
): Promise<BooksReconciliation> {
  const ar = await reconcileAr(q, deps, tenantId);
  const bankAccounts = await tieOutBankAccounts(q, deps, tenantId);
  return {
    ...ar,
    balanced: ar.balanced && bankAccounts.every((b) => b.differenceMinor === 0n),
    bankAccounts,
  };
}
