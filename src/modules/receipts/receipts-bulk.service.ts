/**
 * Many receipts with their allocations and settlement adjustments in one transaction, one query
 * per step — for cash application runs over large statements. The postings are exactly those of
 * recordReceipt + allocateReceipt + adjustInvoice, one entry per event, so unapply, reports and
 * the tie-out treat them alike. Base-currency receipts only (no FX difference can arise); the
 * caller books foreign-currency ones one by one.
 */
import { withTransaction } from '../../db/client.ts';
import { AppError, validationFailed } from '../../shared/errors.ts';
import { isValidIban } from '../../shared/iban.ts';
import { newId } from '../../shared/ids.ts';
import type { CoreDeps } from '../core-deps.ts';
import { assertCanApply, statusFor } from '../invoices/invoice-status.ts';
import * as invoicesRepo from '../invoices/invoices.repository.ts';
import { adjustmentEntry, lockInvoiceBalancesForUpdate } from '../invoices/invoices.service.ts';
import type { invoiceAdjustments } from '../invoices/invoices.tables.ts';
import type { JournalEntryDraft } from '../ledger/journal-entry.ts';
import { getTenantOrThrow } from '../tenants/tenants.service.ts';
import * as receiptsRepo from './receipts.repository.ts';
import { allocationEntry, receiptRecordedEntry } from './receipts.service.ts';
import type { allocations, receipts } from './receipts.tables.ts';

export interface BulkReceipt {
  readonly customerId: string;
  readonly receivedOn: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly payerName: string | null;
  readonly payerIban: string | null;
  readonly reference: string | null;
  /** The cash account of the bank account it arrived on. */
  readonly bankAccountCode: string;
  readonly allocations: readonly { invoiceId: string; amountMinor: bigint }[];
  readonly adjustments: readonly {
    invoiceId: string;
    kind: 'discount' | 'bank_charge';
    amountMinor: bigint;
    reason: string;
  }[];
}

/** Record and apply `items`; returns their receipt ids in order. Any invalid item rejects all. */
export async function recordReceiptsInBulk(
  deps: CoreDeps,
  tenantId: string,
  items: readonly BulkReceipt[],
): Promise<string[]> {
  if (items.length === 0) return [];
  return withTransaction(deps.db, async (tx) => {
    const tenant = await getTenantOrThrow(tx, tenantId);
    const ids = [
      ...new Set(items.flatMap((r) => [...r.allocations, ...r.adjustments].map((a) => a.invoiceId))),
    ];
    const invoices = new Map(
      (await lockInvoiceBalancesForUpdate(tx, tenantId, ids)).map((i) => [i.invoiceId, i]),
    );
    const open = new Map([...invoices.values()].map((i) => [i.invoiceId, i.openMinor]));
    const receiptRows: (typeof receipts.$inferInsert)[] = [];
    const receiptDrafts: JournalEntryDraft[] = [];
    const allocationRows: Omit<typeof allocations.$inferInsert, 'entryId'>[] = [];
    const allocationDrafts: JournalEntryDraft[] = [];
    const adjustmentRows: Omit<typeof invoiceAdjustments.$inferInsert, 'entryId'>[] = [];
    const adjustmentDrafts: JournalEntryDraft[] = [];

    items.forEach((r, n) => {
      if (r.currency !== tenant.baseCurrency)
        throw validationFailed(`bulk receipts must be in the base currency ${tenant.baseCurrency}`, [
          { field: `items[${n}].currency`, message: 'not the base currency' },
        ]);
      const allocated = r.allocations.reduce((s, a) => s + a.amountMinor, 0n);
      if (r.amountMinor <= 0n || allocated > r.amountMinor)
        throw new AppError('over_allocation', `receipt ${n + 1}: allocations exceed the amount received`);
      const receipt = { receiptId: newId(), customerId: r.customerId, currency: r.currency };
      receiptRows.push({
        tenantId,
        ...receipt,
        method: 'bank_transfer',
        receivedOn: r.receivedOn,
        amountMinor: r.amountMinor,
        fxRate: '1',
        payerName: r.payerName?.slice(0, 300) ?? null,
        payerIban: r.payerIban && isValidIban(r.payerIban) ? r.payerIban : null,
        reference: r.reference?.slice(0, 500) ?? null,
        unappliedMinor: r.amountMinor - allocated,
      });
      receiptDrafts.push(
        receiptRecordedEntry({
          ...receipt,
          amountMinor: r.amountMinor,
          baseMinor: r.amountMinor,
          receivedOn: r.receivedOn,
          payer: r.payerName,
          reference: r.reference,
          bankAccountCode: r.bankAccountCode,
        }),
      );
      const take = (invoiceId: string, amount: bigint, what: string) => {
        const inv = invoices.get(invoiceId);
        if (!inv) throw new AppError('not_found', `invoice ${invoiceId} not found`);
        assertCanApply('allocate', inv.status, inv.number);
        if (inv.kind !== 'invoice' || inv.customerId !== r.customerId || inv.currency !== r.currency)
          throw validationFailed(`invoice ${inv.number} cannot take ${what} of receipt ${n + 1}`, []);
        const left = (open.get(invoiceId) ?? 0n) - amount;
        if (amount <= 0n || left < 0n)
          throw new AppError('over_allocation', `${what} exceeds the open amount of ${inv.number}`);
        open.set(invoiceId, left);
        return inv;
      };
      for (const a of r.allocations) {
        const invoice = take(a.invoiceId, a.amountMinor, 'an allocation');
        const allocationId = newId();
        allocationRows.push({
          tenantId,
          allocationId,
          receiptId: receipt.receiptId,
          invoiceId: a.invoiceId,
          amountMinor: a.amountMinor,
        });
        allocationDrafts.push(
          allocationEntry({
            allocationId,
            receipt,
            invoice,
            amount: a.amountMinor,
            receiptBase: a.amountMinor,
            invoiceBase: a.amountMinor,
            date: r.receivedOn,
          }),
        );
      }
      for (const adj of r.adjustments) {
        const invoice = take(adj.invoiceId, adj.amountMinor, `a ${adj.kind.replace('_', ' ')}`);
        adjustmentRows.push({
          tenantId,
          adjustmentId: newId(),
          invoiceId: adj.invoiceId,
          kind: adj.kind,
          amountMinor: adj.amountMinor,
          reason: adj.reason,
          receiptId: receipt.receiptId,
        });
        adjustmentDrafts.push(adjustmentEntry(invoice, { ...adj, date: r.receivedOn }, adj.amountMinor));
      }
    });

    const entryIds = await deps.ledger.postMany(tx, tenantId, [
      ...receiptDrafts,
      ...allocationDrafts,
      ...adjustmentDrafts,
    ]);
    const allocationEntryIds = entryIds.slice(
      receiptDrafts.length,
      receiptDrafts.length + allocationDrafts.length,
    );
    const adjustmentEntryIds = entryIds.slice(receiptDrafts.length + allocationDrafts.length);
    await receiptsRepo.insertReceipts(tx, receiptRows);
    await receiptsRepo.insertAllocations(
      tx,
      allocationRows.map((row, i) => ({ ...row, entryId: allocationEntryIds[i] ?? '' })),
    );
    await invoicesRepo.insertAdjustments(
      tx,
      adjustmentRows.map((row, i) => ({ ...row, entryId: adjustmentEntryIds[i] ?? '' })),
    );
    const touched = [...invoices.values()].filter((i) => open.get(i.invoiceId) !== i.openMinor);
    await invoicesRepo.setOpenAmounts(
      tx,
      tenantId,
      touched.map((i) => {
        const openMinor = open.get(i.invoiceId) ?? 0n;
        return { invoiceId: i.invoiceId, openMinor, status: statusFor(openMinor, i.totalMinor, 'payment') };
      }),
      deps.clock.now(),
    );
    return receiptRows.map((r) => r.receiptId);
  });
}
