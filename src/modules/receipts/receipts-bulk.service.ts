/**
 * Many receipts with their allocations and settlement adjustments in one transaction, one query
 * per step — for cash application runs over large statements. The postings are exactly those of
 * recordReceipt + allocateReceipt + adjustInvoice, one entry per event, so unapply, reports and
 * the tie-out treat them alike. Base-currency receipts only (no FX difference can arise); the
 * caller books foreign-currency ones one by one.
 */
import { sql } from 'drizzle-orm';
import { queryRows, type Tx, withTransaction } from '../../db/client.ts';
import { AppError, validationFailed } from '../../shared/errors.ts';
import { isValidIban } from '../../shared/iban.ts';
import { newId } from '../../shared/ids.ts';
import { money } from '../../shared/money.ts';
import type { CoreDeps } from '../core-deps.ts';
import { assertCanApply, statusFor } from '../invoices/invoice-status.ts';
import { invoiceAdjustments } from '../invoices/invoices.tables.ts';
import { JournalEntryBuilder, type JournalEntryDraft } from '../ledger/journal-entry.ts';
import { getTenantOrThrow } from '../tenants/tenants.service.ts';
import { allocations, receipts } from './receipts.tables.ts';

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

interface LockedInvoice {
  invoice_id: string;
  number: string | null;
  customer_id: string;
  currency: string;
  status: string;
  kind: string;
  open_minor: bigint;
  total_minor: bigint;
}

const ADJUSTMENT_ROLE = { discount: 'discounts_allowed', bank_charge: 'bank_charges' } as const;

function lockInvoices(tx: Tx, tenantId: string, ids: readonly string[]) {
  return queryRows<LockedInvoice>(
    tx,
    sql`select invoice_id, number, customer_id, currency, status, kind, open_minor, total_minor from invoices
        where tenant_id = ${tenantId} and invoice_id = any(${sql.param([...ids])}::uuid[])
        order by invoice_id for update`,
  );
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
    const invoices = new Map((await lockInvoices(tx, tenantId, ids)).map((i) => [i.invoice_id, i]));
    const open = new Map([...invoices.values()].map((i) => [i.invoice_id, i.open_minor]));
    const lastEvent = new Map<string, 'payment'>();
    const receiptRows: (typeof receipts.$inferInsert)[] = [];
    const allocationRows: (typeof allocations.$inferInsert)[] = [];
    const adjustmentRows: (typeof invoiceAdjustments.$inferInsert)[] = [];
    const drafts: JournalEntryDraft[] = [];
    /** Which row gets the id of drafts[i] once posted. */
    const entryTargets: (
      | { kind: 'allocation'; index: number }
      | { kind: 'adjustment'; index: number }
      | null
    )[] = [];
    const receiptIds: string[] = [];

    items.forEach((r, n) => {
      if (r.currency !== tenant.baseCurrency)
        throw validationFailed(`bulk receipts must be in the base currency ${tenant.baseCurrency}`, [
          { field: `items[${n}].currency`, message: 'not the base currency' },
        ]);
      const allocated = r.allocations.reduce((s, a) => s + a.amountMinor, 0n);
      if (r.amountMinor <= 0n || allocated > r.amountMinor)
        throw new AppError('over_allocation', `receipt ${n + 1}: allocations exceed the amount received`);
      const receiptId = newId();
      receiptIds.push(receiptId);
      receiptRows.push({
        tenantId,
        receiptId,
        customerId: r.customerId,
        method: 'bank_transfer',
        receivedOn: r.receivedOn,
        amountMinor: r.amountMinor,
        currency: r.currency,
        fxRate: '1',
        payerName: r.payerName?.slice(0, 300) ?? null,
        payerIban: r.payerIban && isValidIban(r.payerIban) ? r.payerIban : null,
        reference: r.reference?.slice(0, 500) ?? null,
        unappliedMinor: r.amountMinor - allocated,
      });
      drafts.push(
        new JournalEntryBuilder(
          'receipt.recorded',
          r.receivedOn,
          `Receipt${r.payerName ? ` from ${r.payerName}` : ''}${r.reference ? `: ${r.reference}` : ''}`.slice(
            0,
            300,
          ),
        )
          .from('receipt', receiptId)
          .debit('bank', money(r.amountMinor, r.currency), r.amountMinor, {
            receiptId,
            accountCode: r.bankAccountCode,
          })
          .credit('ar_control', money(r.amountMinor, r.currency), r.amountMinor, {
            customerId: r.customerId,
            receiptId,
          })
          .build(),
      );
      entryTargets.push(null);
      const take = (invoiceId: string, amount: bigint, what: string): LockedInvoice => {
        const inv = invoices.get(invoiceId);
        if (!inv) throw new AppError('not_found', `invoice ${invoiceId} not found`);
        assertCanApply('allocate', inv.status, inv.number);
        if (inv.kind !== 'invoice' || inv.customer_id !== r.customerId || inv.currency !== r.currency)
          throw validationFailed(`invoice ${inv.number} cannot take ${what} of receipt ${n + 1}`, []);
        const left = (open.get(invoiceId) ?? 0n) - amount;
        if (amount <= 0n || left < 0n)
          throw new AppError('over_allocation', `${what} exceeds the open amount of ${inv.number}`);
        open.set(invoiceId, left);
        lastEvent.set(invoiceId, 'payment');
        return inv;
      };
      for (const a of r.allocations) {
        const inv = take(a.invoiceId, a.amountMinor, 'an allocation');
        const allocationId = newId();
        allocationRows.push({
          tenantId,
          allocationId,
          receiptId,
          invoiceId: a.invoiceId,
          amountMinor: a.amountMinor,
          entryId: '',
        });
        drafts.push(
          new JournalEntryBuilder('receipt.allocated', r.receivedOn, `Allocation to ${inv.number}`)
            .from('allocation', allocationId)
            .debit('ar_control', money(a.amountMinor, r.currency), a.amountMinor, {
              customerId: r.customerId,
              receiptId,
            })
            .credit('ar_control', money(a.amountMinor, r.currency), a.amountMinor, {
              customerId: r.customerId,
              invoiceId: a.invoiceId,
              receiptId,
            })
            .build(),
        );
        entryTargets.push({ kind: 'allocation', index: allocationRows.length - 1 });
      }
      for (const adj of r.adjustments) {
        const inv = take(adj.invoiceId, adj.amountMinor, `a ${adj.kind.replace('_', ' ')}`);
        adjustmentRows.push({
          tenantId,
          adjustmentId: newId(),
          invoiceId: adj.invoiceId,
          kind: adj.kind,
          amountMinor: adj.amountMinor,
          reason: adj.reason,
          entryId: '',
        });
        drafts.push(
          new JournalEntryBuilder(
            `invoice.${adj.kind}`,
            r.receivedOn,
            `${adj.kind === 'discount' ? 'Discount' : 'Bank charges'} on ${inv.number}: ${adj.reason}`,
          )
            .from('invoice', adj.invoiceId)
            .debit(ADJUSTMENT_ROLE[adj.kind], money(adj.amountMinor, r.currency), adj.amountMinor)
            .credit('ar_control', money(adj.amountMinor, r.currency), adj.amountMinor, {
              customerId: r.customerId,
              invoiceId: adj.invoiceId,
            })
            .build(),
        );
        entryTargets.push({ kind: 'adjustment', index: adjustmentRows.length - 1 });
      }
    });

    const entryIds = await deps.ledger.postMany(tx, tenantId, drafts);
    entryTargets.forEach((target, i) => {
      if (!target) return;
      const rows: { entryId: string }[] =
        target.kind === 'allocation'
          ? (allocationRows as { entryId: string }[])
          : (adjustmentRows as { entryId: string }[]);
      const row = rows[target.index];
      if (row) row.entryId = entryIds[i] ?? '';
    });
    for (let i = 0; i < receiptRows.length; i += 2_000)
      await tx.insert(receipts).values(receiptRows.slice(i, i + 2_000));
    for (let i = 0; i < allocationRows.length; i += 2_000)
      await tx.insert(allocations).values(allocationRows.slice(i, i + 2_000));
    for (let i = 0; i < adjustmentRows.length; i += 2_000)
      await tx.insert(invoiceAdjustments).values(adjustmentRows.slice(i, i + 2_000));

    const changed = [...lastEvent.keys()];
    const now = deps.clock.now().toISOString();
    const newOpen = changed.map((id) => open.get(id) ?? 0n);
    const statuses = changed.map((id, i) =>
      statusFor(newOpen[i] ?? 0n, invoices.get(id)?.total_minor ?? 0n, 'payment'),
    );
    await tx.execute(sql`
      update invoices i set open_minor = u.open_minor, status = u.status,
        closed_at = case when u.open_minor = 0 then ${now}::timestamptz else null end
      from unnest(${sql.param(changed)}::uuid[], ${sql.param(newOpen.map(String))}::bigint[], ${sql.param(statuses)}::text[])
        as u(invoice_id, open_minor, status)
      where i.tenant_id = ${tenantId} and i.invoice_id = u.invoice_id`);
    return receiptIds;
  });
}
