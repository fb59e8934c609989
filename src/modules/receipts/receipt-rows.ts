/** Reading and locking receipts, and the base-currency value of their unapplied cash. */
import type { Queryable, Tx } from '../../db/client.ts';
import { notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import type { TxDeps } from '../core-deps.ts';
import { baseShare } from '../ledger/index.ts';
import type { Tenant } from '../tenants/index.ts';
import * as repo from './receipts.repository.ts';

export type ReceiptRow = repo.ReceiptRow;

/** Lock a receipt's row for the rest of the transaction (or throw not_found). */
export async function lockReceiptOrThrow(tx: Tx, tenantId: string, receiptId: string): Promise<ReceiptRow> {
  const receipt = isUuid(receiptId) ? await repo.lockReceipt(tx, tenantId, receiptId) : null;
  if (!receipt) throw notFound('receipt', receiptId);
  return receipt;
}

/** A receipt with its allocations and disbursements (or not_found). */
export async function getReceiptDetail(q: Queryable, tenantId: string, receiptId: string) {
  const receipt = isUuid(receiptId) ? await repo.findReceipt(q, tenantId, receiptId) : null;
  if (!receipt) throw notFound('receipt', receiptId);
  // One after the other: `q` may be a transaction, which runs one query at a time.
  const allocations = await repo.allocationsOfReceipt(q, tenantId, receiptId);
  const disbursements = await repo.disbursementsOf(q, tenantId, receiptId);
  return { receipt, allocations, disbursements };
}

/** Σ refunded to customers per cash account and currency (key `code|currency`). */
export async function refundsByCashAccount(q: Queryable, tenantId: string): Promise<Map<string, bigint>> {
  const rows = await repo.refundsByCashAccount(q, tenantId);
  return new Map(rows.map((r) => [`${r.cash_account_code}|${r.currency}`, r.amount_minor]));
}

/** Base-currency share of `amount` of the receipt's unapplied cash (exact: the last share takes the rest). */
export async function receiptBaseShare(
  tx: Tx,
  deps: TxDeps,
  tenant: Tenant,
  receipt: ReceiptRow,
  unapplied: bigint,
  amount: bigint,
) {
  if (receipt.currency === tenant.baseCurrency) return amount;
  const remainingBase = -(await deps.ledger.arBaseBalance(tx, tenant.tenantId, {
    receiptId: receipt.receiptId,
  }));
  return baseShare(remainingBase, unapplied, amount);
}

/** Σ unapplied cash per currency, for the AR tie-out. */
export async function unappliedByCurrency(q: Queryable, tenantId: string): Promise<Map<string, bigint>> {
  const rows = await repo.unappliedByCurrency(q, tenantId);
  return new Map(rows.map((r) => [r.currency, r.unapplied_minor]));
}
