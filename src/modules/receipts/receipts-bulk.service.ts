/**
 * Many new receipts with their allocations and settlement adjustments in the caller's transaction,
 * one query per step — for cash application runs over large statements. The checks are the single
 * path's (`checkApplication`), and the postings exactly those of recordReceipt + allocateReceipt +
 * adjustInvoice, one entry per event, so unapply, reports and the tie-out treat them alike.
 * Base-currency receipts only (no FX difference can arise); `settleReceiptsInTx` books the others
 * one by one.
 */
import type { Tx } from '../../db/client.ts';
import { validationFailed } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { TxDeps } from '../core-deps.ts';
import {
  adjustmentEntry,
  insertAdjustmentsInTx,
  lockInvoiceBalancesForUpdate,
  type NewAdjustmentRow,
  setOpenAmountsInTx,
  statusFor,
} from '../invoices/index.ts';
import type { JournalEntryDraft } from '../ledger/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import { checkApplication, type InvoiceBalance } from './receipt-application.ts';
import { allocationEntry, receiptRecordedEntry } from './receipt-entries.ts';
import { settlingCustomers } from './receipt-groups.ts';
import * as receiptsRepo from './receipts.repository.ts';
import type { allocations, receipts } from './receipts.tables.ts';
import type { IncomingPayment, ReceiptApplication } from './receipts.types.ts';

export interface BulkReceipt {
  readonly payment: IncomingPayment;
  readonly application: ReceiptApplication;
}

export type Balances = ReadonlyMap<string, InvoiceBalance>;

/** The rows and entries of a batch, before the entries have ids. */
interface Drafts {
  readonly receiptRows: (typeof receipts.$inferInsert)[];
  readonly receiptEntries: JournalEntryDraft[];
  readonly allocationRows: Omit<typeof allocations.$inferInsert, 'entryId'>[];
  readonly allocationEntries: JournalEntryDraft[];
  readonly adjustmentRows: Omit<NewAdjustmentRow, 'entryId'>[];
  readonly adjustmentEntries: JournalEntryDraft[];
}

/**
 * Record and apply `items`; returns their receipt ids in order. Any invalid item rejects all.
 * `locked`: the invoices the items settle, when the caller has locked them already in this transaction.
 */
export async function recordReceiptsInBulkInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  items: readonly BulkReceipt[],
  locked?: Balances,
): Promise<string[]> {
  if (items.length === 0) return [];
  const { baseCurrency } = await getTenantOrThrow(tx, tenantId);
  const balances = locked ?? (await lockBalances(tx, tenantId, items));
  const settles = await settlingCustomers(
    tx,
    tenantId,
    items.map(({ application: a }) => ({
      customerId: a.customerId,
      invoiceCustomerIds: [...a.allocations, ...a.adjustments].map(
        (x) => balances.get(x.invoiceId)?.customerId,
      ),
    })),
  );
  const open = checkItems(items, balances, settles, baseCurrency);
  const drafts = draftItems(tenantId, items, balances);
  const entryIds = await deps.ledger.postMany(tx, tenantId, [
    ...drafts.receiptEntries,
    ...drafts.allocationEntries,
    ...drafts.adjustmentEntries,
  ]);
  await insertRows(tx, drafts, entryIds);
  await writeOpenAmounts(tx, deps, tenantId, balances, open);
  return drafts.receiptRows.map((r) => r.receiptId);
}

/** Lock every invoice the items settle, in id order (one statement: no deadlock among batches). */
async function lockBalances(tx: Tx, tenantId: string, items: readonly BulkReceipt[]): Promise<Balances> {
  const ids = new Set(
    items.flatMap(({ application: a }) => [...a.allocations, ...a.adjustments].map((x) => x.invoiceId)),
  );
  const rows = await lockInvoiceBalancesForUpdate(tx, tenantId, [...ids]);
  return new Map(rows.map((i) => [i.invoiceId, i]));
}

/**
 * `checkApplication` for each item in turn, on the open amounts the items before it left; item n
 * may settle the invoices of the customers `settles[n]` (its customer's group when it crosses).
 */
function checkItems(
  items: readonly BulkReceipt[],
  balances: Balances,
  settles: readonly ReadonlySet<string>[],
  baseCurrency: string,
) {
  const open = new Map<string, bigint>();
  const balanceOf = (id: string) => {
    const b = balances.get(id);
    return b && { ...b, openMinor: open.get(id) ?? b.openMinor };
  };
  items.forEach(({ payment, application }, n) => {
    if (payment.currency !== baseCurrency)
      throw validationFailed(`bulk receipts must be in the base currency ${baseCurrency}`, [
        { field: `items[${n}].currency`, message: 'not the base currency' },
      ]);
    if (payment.amountMinor <= 0n)
      throw validationFailed('amount must be positive', [
        { field: `items[${n}].amount`, message: 'must be positive' },
      ]);
    const draft = {
      ...application,
      settles: settles[n] ?? new Set([application.customerId]),
      currency: payment.currency,
      availableMinor: payment.amountMinor,
    };
    for (const [id, left] of checkApplication(draft, balanceOf, `items[${n}].`)) open.set(id, left);
  });
  return open;
}

/** Rows and entries of every item (checked before: every invoice is in `balances`). */
function draftItems(tenantId: string, items: readonly BulkReceipt[], balances: Balances): Drafts {
  const drafts: Drafts = {
    receiptRows: [],
    receiptEntries: [],
    allocationRows: [],
    allocationEntries: [],
    adjustmentRows: [],
    adjustmentEntries: [],
  };
  for (const item of items) {
    const receipt = draftReceipt(drafts, tenantId, item);
    draftSettlements(drafts, tenantId, item, receipt, balances);
  }
  return drafts;
}

type DraftedReceipt = { receiptId: string; customerId: string; currency: string };

/** The receipt's row (unapplied: what its allocations leave) and its `receipt.recorded` entry. */
function draftReceipt(
  drafts: Drafts,
  tenantId: string,
  { payment, application }: BulkReceipt,
): DraftedReceipt {
  const receipt = { receiptId: newId(), customerId: application.customerId, currency: payment.currency };
  const allocated = application.allocations.reduce((s, a) => s + a.amountMinor, 0n);
  drafts.receiptRows.push({
    ...receipt,
    tenantId,
    method: 'bank_transfer',
    receivedOn: payment.receivedOn,
    amountMinor: payment.amountMinor,
    fxRate: '1',
    payerName: payment.payerName,
    payerIban: payment.payerIban,
    reference: payment.reference,
    cashAccountCode: payment.cashAccountCode,
    unappliedMinor: payment.amountMinor - allocated,
  });
  drafts.receiptEntries.push(
    receiptRecordedEntry({
      ...receipt,
      amountMinor: payment.amountMinor,
      baseMinor: payment.amountMinor,
      receivedOn: payment.receivedOn,
      payer: payment.payerName,
      reference: payment.reference,
      cashAccountCode: payment.cashAccountCode,
    }),
  );
  return receipt;
}

/** Each allocation's and adjustment's row and entry (base currency: no FX difference). */
function draftSettlements(
  drafts: Drafts,
  tenantId: string,
  { payment, application }: BulkReceipt,
  receipt: DraftedReceipt,
  balances: Balances,
) {
  for (const a of application.allocations) {
    const invoice = balanceOrThrow(balances, a.invoiceId);
    const allocationId = newId();
    const amount = a.amountMinor;
    drafts.allocationRows.push({
      tenantId,
      allocationId,
      receiptId: receipt.receiptId,
      invoiceId: a.invoiceId,
      amountMinor: amount,
    });
    drafts.allocationEntries.push(
      allocationEntry({
        allocationId,
        receipt,
        invoice,
        amount,
        receiptBase: amount,
        invoiceBase: amount,
        date: payment.receivedOn,
      }),
    );
  }
  for (const adj of application.adjustments) {
    const invoice = balanceOrThrow(balances, adj.invoiceId);
    drafts.adjustmentRows.push({ tenantId, adjustmentId: newId(), ...adj, receiptId: receipt.receiptId });
    drafts.adjustmentEntries.push(
      adjustmentEntry(invoice, { ...adj, date: payment.receivedOn }, adj.amountMinor),
    );
  }
}

function balanceOrThrow(balances: Balances, invoiceId: string): InvoiceBalance {
  const invoice = balances.get(invoiceId);
  if (!invoice) throw new Error(`invoice ${invoiceId} was not locked`);
  return invoice;
}

/** Receipts, then allocations and adjustments with the ids of their posted entries. */
async function insertRows(tx: Tx, drafts: Drafts, entryIds: readonly string[]) {
  const allocationStart = drafts.receiptEntries.length;
  const adjustmentStart = allocationStart + drafts.allocationEntries.length;
  const entryOf = (i: number) => entryIds[i] ?? '';
  await receiptsRepo.insertReceipts(tx, drafts.receiptRows);
  await receiptsRepo.insertAllocations(
    tx,
    drafts.allocationRows.map((row, i) => ({ ...row, entryId: entryOf(allocationStart + i) })),
  );
  await insertAdjustmentsInTx(
    tx,
    drafts.adjustmentRows.map((row, i) => ({ ...row, entryId: entryOf(adjustmentStart + i) })),
  );
}

/** The new open amount and status of every invoice the batch settled. */
async function writeOpenAmounts(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  balances: Balances,
  open: ReadonlyMap<string, bigint>,
) {
  const touched = [...balances.values()].filter(
    (i) => (open.get(i.invoiceId) ?? i.openMinor) !== i.openMinor,
  );
  await setOpenAmountsInTx(
    tx,
    tenantId,
    touched.map((i) => {
      const openMinor = open.get(i.invoiceId) ?? 0n;
      return { invoiceId: i.invoiceId, openMinor, status: statusFor(openMinor, i.totalMinor, 'payment') };
    }),
    deps.clock.now(),
  );
}
