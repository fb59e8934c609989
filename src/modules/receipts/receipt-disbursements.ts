/** Money out of a receipt's unapplied cash: refunds to the customer and small-balance write-offs. */
import type { Tx } from '../../db/client.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { AppError, validationFailed } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { parseAmount } from '../../shared/money.ts';
import type { TxDeps } from '../core-deps.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import { type DisbursementKind, disbursementEntry } from './receipt-entries.ts';
import { lockReceiptOrThrow, type ReceiptRow, receiptBaseShare } from './receipt-rows.ts';
import type { DisburseInput } from './receipts.input.ts';
import * as repo from './receipts.repository.ts';

/**
 * Pay `input.amount` (default: all) of a receipt's unapplied cash out, in the caller's transaction:
 * a refund leaves from the cash account the money arrived on, a write-off goes to bad debt.
 */
export async function disburseInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  receiptId: string,
  input: DisburseInput,
  kind: DisbursementKind,
): Promise<void> {
  const tenant = await getTenantOrThrow(tx, tenantId);
  const receipt = await lockReceiptOrThrow(tx, tenantId, receiptId);
  const amount = disbursable(receipt, input.amount);
  const disbursementId = newId();
  const date = input.date ?? todayUtc(deps.clock.now());
  const entry = disbursementEntry({
    disbursementId,
    kind,
    receipt,
    amountMinor: amount,
    baseMinor: await receiptBaseShare(tx, deps, tenant, receipt, receipt.unappliedMinor, amount),
    date,
    reason: input.reason ?? null,
  });
  const entryId = await deps.ledger.post(tx, tenantId, entry);
  await repo.insertDisbursement(tx, {
    tenantId,
    disbursementId,
    receiptId,
    kind,
    amountMinor: amount,
    onDate: date,
    reason: input.reason ?? null,
    entryId,
  });
  await repo.setUnapplied(tx, tenantId, receiptId, receipt.unappliedMinor - amount);
}

/** The amount to pay out: as given (positive, at most the unapplied cash), else all of it. */
function disbursable(receipt: ReceiptRow, given: string | undefined): bigint {
  const amount =
    given === undefined ? receipt.unappliedMinor : parseAmount(given, receipt.currency, 'amount');
  if (amount <= 0n)
    throw validationFailed('nothing to disburse: amount must be positive', [
      { field: 'amount', message: 'must be positive' },
    ]);
  if (amount > receipt.unappliedMinor)
    throw new AppError(
      'insufficient_funds',
      `the receipt has only ${receipt.unappliedMinor} minor units unapplied`,
      [{ field: 'amount', message: 'exceeds unapplied cash' }],
    );
  return amount;
}
