/**
 * The one way a payment from a bank statement is booked: cash application's run, the single-line
 * booking and the review queue's accept and apply all settle their receipts through
 * `settleReceiptsInTx`. New base-currency receipts go through the bulk path (one query per step),
 * the others one by one through the single path; both check with `checkApplication` and post the
 * same entries.
 */
import type { Tx } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { invalidState } from '../../shared/errors.ts';
import type { TxDeps } from '../core-deps.ts';
import { adjustInvoiceInTx, lockInvoiceBalancesForUpdate } from '../invoices/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import { type ApplicationDraft, checkApplication } from './receipt-application.ts';
import { settlingCustomersOf } from './receipt-groups.ts';
import { allocateInTx, lockReceiptOrThrow, recordNewReceiptInTx } from './receipts.service.ts';
import type { ReceiptApplication, ReceiptSettlement } from './receipts.types.ts';
import { type Balances, type BulkReceipt, recordReceiptsInBulkInTx } from './receipts-bulk.service.ts';

/**
 * Book `items` in the caller's transaction and return their receipt ids in order. Locks the
 * existing receipts, then every invoice the items settle (each set in id order, the order every
 * allocation takes), so that nothing changes under the checks. Any invalid item rejects all: the
 * error names it (`items[3].allocations[0].amount`) and the caller's transaction rolls back.
 */
export async function settleReceiptsInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  items: readonly ReceiptSettlement[],
): Promise<string[]> {
  if (items.length === 0) return [];
  const { baseCurrency } = await getTenantOrThrow(tx, tenantId);
  const locked = await lockInOrder(tx, tenantId, items);
  const inBulk = (item: ReceiptSettlement): item is ReceiptSettlement & { kind: 'new' } =>
    item.kind === 'new' && item.payment.currency === baseCurrency;
  const bulk: BulkReceipt[] = items.filter(inBulk);
  const bulkIds = await recordReceiptsInBulkInTx(tx, deps, tenantId, bulk, locked);
  const ids: string[] = [];
  let nextBulk = 0;
  for (const [n, item] of items.entries())
    ids.push(inBulk(item) ? (bulkIds[nextBulk++] ?? '') : await settleOneInTx(tx, deps, tenantId, item, n));
  return ids;
}

/** Lock the existing receipts, then the invoices (as they are now: the bulk path books on them). */
async function lockInOrder(tx: Tx, tenantId: string, items: readonly ReceiptSettlement[]): Promise<Balances> {
  const receiptIds = items.flatMap((i) => (i.kind === 'existing' ? [i.receiptId] : [])).sort();
  for (const id of receiptIds) await lockReceiptOrThrow(tx, tenantId, id);
  const invoiceIds = new Set(
    items.flatMap(({ application: a }) => [...a.allocations, ...a.adjustments].map((x) => x.invoiceId)),
  );
  const rows = await lockInvoiceBalancesForUpdate(tx, tenantId, [...invoiceIds]);
  return new Map(rows.map((i) => [i.invoiceId, i]));
}

/** One item through the single path: checked whole first, then recorded, allocated and adjusted. */
async function settleOneInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  item: ReceiptSettlement,
  n: number,
): Promise<string> {
  const target =
    item.kind === 'new'
      ? { currency: item.payment.currency, availableMinor: item.payment.amountMinor }
      : await existingTarget(tx, tenantId, item.receiptId, item.application);
  await checkWhole(tx, tenantId, { ...target, ...item.application }, `items[${n}].`);
  const receiptId =
    item.kind === 'new'
      ? await recordNewReceiptInTx(tx, deps, tenantId, {
          ...item.payment,
          customerId: item.application.customerId,
          method: 'bank_transfer',
        })
      : item.receiptId;
  const date = item.kind === 'new' ? item.payment.receivedOn : item.date;
  await applyInTx(tx, deps, tenantId, receiptId, item.application, date);
  return receiptId;
}

/** The unapplied cash of an existing receipt of the application's customer. */
async function existingTarget(tx: Tx, tenantId: string, receiptId: string, application: ReceiptApplication) {
  const receipt = await lockReceiptOrThrow(tx, tenantId, receiptId);
  if (receipt.customerId !== application.customerId)
    throw invalidState(
      `receipt ${receiptId} is unapplied cash of another customer; allocate or refund it there`,
    );
  return { currency: receipt.currency, availableMinor: receipt.unappliedMinor };
}

/**
 * `checkApplication` of allocations and adjustments together, on the invoices as locked now and
 * the group of the receipt's customer (read only when it settles another customer's invoice).
 */
async function checkWhole(tx: Tx, tenantId: string, draft: Omit<ApplicationDraft, 'settles'>, path: string) {
  const ids = [...draft.allocations, ...draft.adjustments].map((x) => x.invoiceId);
  const balances = new Map(
    (await lockInvoiceBalancesForUpdate(tx, tenantId, [...new Set(ids)])).map((i) => [i.invoiceId, i]),
  );
  const settles = await settlingCustomersOf(tx, tenantId, {
    customerId: draft.customerId,
    invoiceCustomerIds: [...balances.values()].map((i) => i.customerId),
  });
  checkApplication({ ...draft, settles }, (id) => balances.get(id), path);
}

async function applyInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  receiptId: string,
  application: ReceiptApplication,
  date: CalendarDate,
) {
  if (application.allocations.length > 0)
    await allocateInTx(tx, deps, tenantId, receiptId, application.allocations, date);
  for (const adj of application.adjustments)
    await adjustInvoiceInTx(tx, deps, tenantId, adj.invoiceId, {
      kind: adj.kind,
      amountMinor: adj.amountMinor,
      reason: adj.reason,
      date,
      receiptId,
    });
}
