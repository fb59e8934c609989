/**
 * SEPA R-transactions (returns, refunds, rejects) of collected items, entered through the API or
 * read from a camt.054. A return is found by its EndToEndId; it undoes the booking with new
 * entries only: the allocation is reversed (the invoice reopens) and the receipt's money is paid
 * back out (Dr AR / Cr bank, the receipts module's refund); a bank fee is booked to bank charges.
 * The item's row lock makes it idempotent: the same return twice reverses once.
 */
import { type Tx, withTransaction } from '../../db/client.ts';
import { invalidState, notFound } from '../../shared/errors.ts';
import { formatAmount, money, parseAmount } from '../../shared/money.ts';
import { recordAudit } from '../audit/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { JournalEntryBuilder } from '../ledger/index.ts';
import { refundReceiptInTx, unapplyAllocationInTx } from '../receipts/index.ts';
import { setMandateStatusInTx } from './mandates.service.ts';
import { type ReturnInput, returnInput } from './sepa.input.ts';
import * as repo from './sepa.repository.ts';

/**
 * Reason codes after which the mandate cannot be used again, so it is revoked: account closed or
 * wrong (AC01, AC04, AC06 blocked, AC13 debtor is a consumer on a B2B mandate), no or bad mandate
 * (MD01, MD02), debtor deceased (MD07), refund of an unauthorised collection (MD06 within 13
 * months is authorised, so it is kept), creditor blocked by the debtor (SL01). Others (AM04
 * insufficient funds, MS02/MS03 refused) keep the mandate active.
 */
const REVOKING = new Set(['AC01', 'AC04', 'AC06', 'AC13', 'MD01', 'MD02', 'MD07', 'SL01']);

export type ReturnOutcome = 'returned' | 'already_returned';

/** Record one return (its own transaction). */
export async function recordReturn(deps: CoreDeps, tenantId: string, raw: ReturnInput) {
  const input = returnInput.parse(raw);
  return withTransaction(deps.db, (tx) => recordReturnInTx(tx, deps, tenantId, input));
}

/** `recordReturn` in the caller's transaction; returns what happened and the item. */
export async function recordReturnInTx(tx: Tx, deps: TxDeps, tenantId: string, input: ReturnInput) {
  const item = await repo.lockItemByEndToEndId(tx, tenantId, input.endToEndId);
  if (!item?.invoiceId) throw notFound('collection (EndToEndId)', input.endToEndId);
  if (item.status === 'returned') return { outcome: 'already_returned' as ReturnOutcome, item };
  if (item.status !== 'booked')
    throw invalidState(
      `collection ${input.endToEndId} is ${item.status}: only a booked collection can be returned (cancel the run instead)`,
    );
  const feeMinor = input.fee === undefined ? 0n : parseAmount(input.fee, 'EUR', 'fee');
  if (item.allocationId) await unapplyAllocationInTx(tx, deps, tenantId, item.allocationId, input.returnedOn);
  await refundReceiptInTx(tx, deps, tenantId, item.receiptId ?? '', {
    amount: formatAmount(item.amountMinor, 'EUR'),
    date: input.returnedOn,
    reason: `SEPA return ${input.reasonCode} of ${input.endToEndId}`,
  });
  if (feeMinor > 0n) await bookReturnFee(tx, deps, tenantId, item, feeMinor, input);
  await repo.updateItem(tx, tenantId, item.itemId, {
    status: 'returned',
    returnReason: input.reasonCode,
    returnedOn: input.returnedOn,
    returnFeeMinor: feeMinor,
  });
  await flagMandate(tx, tenantId, item, input.reasonCode);
  await recordAudit(tx, tenantId, {
    kind: 'sepa.collection_returned',
    objectType: 'invoice',
    objectId: item.invoiceId,
    reason: input.reasonCode,
    details: {
      endToEndId: input.endToEndId,
      amountMinor: item.amountMinor.toString(),
      feeMinor: feeMinor.toString(),
    },
  });
  const after = await repo.lockItemByEndToEndId(tx, tenantId, input.endToEndId);
  return { outcome: 'returned' as ReturnOutcome, item: after ?? item };
}

/** The bank's return fee: Dr bank charges / Cr bank, dated the return. */
async function bookReturnFee(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  item: repo.RunItemRow,
  feeMinor: bigint,
  input: ReturnInput,
) {
  const fee = money(feeMinor, 'EUR');
  const entry = new JournalEntryBuilder(
    'sepa.return_fee',
    input.returnedOn,
    `SEPA return fee ${input.endToEndId}`,
  )
    .debit('bank_charges', fee, feeMinor, { customerId: item.customerId, memo: input.reasonCode })
    .credit('bank', fee, feeMinor, { customerId: item.customerId })
    .from('sepa_run_item', item.itemId)
    .build();
  await deps.ledger.post(tx, tenantId, entry);
}

/** Revoke the mandate on a revoking reason; after a returned first collection the next is FRST again. */
async function flagMandate(tx: Tx, tenantId: string, item: repo.RunItemRow, reasonCode: string) {
  if (!item.mandateId) return;
  const mandate = await repo.findMandate(tx, tenantId, item.mandateId, true);
  if (!mandate) return;
  if (REVOKING.has(reasonCode) && mandate.status === 'active')
    await setMandateStatusInTx(tx, tenantId, mandate.mandateId, 'revoked', `returned with ${reasonCode}`);
  else if (item.firstOfMandate && mandate.sequence === 'RCUR')
    await repo.updateMandate(tx, tenantId, mandate.mandateId, { sequence: 'FRST' });
}
