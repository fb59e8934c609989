/**
 * Booking a collection run: the company books it once the bank has credited the batch, i.e. on or
 * after the collection date. Each item becomes a direct-debit receipt dated the collection date
 * (Dr bank / Cr AR through the receipts module, in this one transaction) applied to its invoice;
 * each mandate's sequence moves on (FRST → RCUR; a one-off or final mandate is then revoked).
 */
import { type Tx, withTransaction } from '../../db/client.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { invalidState } from '../../shared/errors.ts';
import { formatAmount } from '../../shared/money.ts';
import { recordAudit } from '../audit/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { getInvoiceRowOrThrow } from '../invoices/index.ts';
import { recordReceiptInTx } from '../receipts/index.ts';
import { setMandateStatusInTx } from './mandates.service.ts';
import { getRunOrThrow, lockRunOrThrow } from './runs.service.ts';
import * as repo from './sepa.repository.ts';

/** Book a created collection run (refused before its collection date, or when not `created`). */
export async function bookCollectionRun(deps: CoreDeps, tenantId: string, runId: string) {
  return withTransaction(deps.db, async (tx) => {
    const run = await lockRunOrThrow(tx, tenantId, runId);
    if (run.kind !== 'collection' || run.status !== 'created')
      throw invalidState(`run ${runId} is ${run.status}: only a created collection run can be booked`);
    const today = todayUtc(deps.clock.now());
    if (today < run.executionDate)
      throw invalidState(`run ${runId} collects on ${run.executionDate}: book it on or after that day`);
    for (const item of await repo.itemsOfRun(tx, tenantId, runId))
      await bookItem(tx, deps, tenantId, run, item);
    await repo.updateRun(tx, tenantId, runId, { status: 'booked', bookedAt: deps.clock.now() });
    await recordAudit(tx, tenantId, {
      kind: 'sepa.collection_run_booked',
      objectType: 'sepa_run',
      objectId: runId,
      details: { items: run.itemCount, totalMinor: run.totalMinor.toString() },
    });
    return getRunOrThrow(tx, tenantId, runId);
  });
}

/**
 * One item: the receipt of the full collected amount, applied to the invoice up to what is still
 * open (paid meanwhile by transfer: the rest stays the customer's unapplied credit, to refund).
 */
async function bookItem(tx: Tx, deps: TxDeps, tenantId: string, run: repo.RunRow, item: repo.RunItemRow) {
  const invoice = await getInvoiceRowOrThrow(tx, tenantId, item.invoiceId ?? '');
  const applied = invoice.openMinor < item.amountMinor ? invoice.openMinor : item.amountMinor;
  const detail = await recordReceiptInTx(tx, deps, tenantId, {
    customer: item.customerId,
    method: 'direct_debit',
    receivedOn: run.executionDate,
    amount: formatAmount(item.amountMinor, run.currency),
    currency: run.currency,
    payerIban: item.iban,
    reference: item.endToEndId,
    ...(applied > 0n
      ? { allocations: [{ invoice: invoice.invoiceId, amount: formatAmount(applied, run.currency) }] }
      : {}),
  });
  const allocationId = detail.allocations[0]?.allocationId ?? null;
  await repo.updateItem(tx, tenantId, item.itemId, {
    status: 'booked',
    receiptId: detail.receipt.receiptId,
    allocationId,
  });
  await advanceMandate(tx, tenantId, item, run.executionDate);
}

/** After a booked collection: RCUR next, last use noted, amendment sent; OOFF/FNAL revoke it. */
async function advanceMandate(tx: Tx, tenantId: string, item: repo.RunItemRow, on: string) {
  if (!item.mandateId) return;
  const mandate = await repo.findMandate(tx, tenantId, item.mandateId, true);
  if (!mandate) return;
  const next = mandate.sequence === 'FRST' ? 'RCUR' : mandate.sequence;
  await repo.updateMandate(tx, tenantId, mandate.mandateId, {
    sequence: next,
    lastCollectedOn: on,
    amendedFromIban: null,
  });
  if ((item.sequence === 'OOFF' || item.sequence === 'FNAL') && mandate.status === 'active')
    await setMandateStatusInTx(
      tx,
      tenantId,
      mandate.mandateId,
      'revoked',
      `${item.sequence} collection booked`,
    );
}
