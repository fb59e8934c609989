/**
 * The journal entries of receipts, built the same way by the single and the bulk path: recorded,
 * allocated (with its realised FX difference), and disbursed (refunded or written off).
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { money } from '../../shared/money.ts';
import { JournalEntryBuilder, type JournalEntryDraft } from '../ledger/index.ts';

/**
 * Dr the cash account the money arrived on / Cr AR: the customer's unapplied cash.
 *
 * @example
 * receiptRecordedEntry({ receiptId, customerId, currency: 'EUR', amountMinor: 500_00n,
 *   baseMinor: 500_00n, receivedOn: '2026-03-05', payer: 'Acme', reference: 'INV-000001',
 *   cashAccountCode: '1201' }) // Dr 1201 500.00 / Cr 1100 500.00 (customer, receipt)
 */
export function receiptRecordedEntry(r: {
  receiptId: string;
  customerId: string;
  currency: string;
  amountMinor: bigint;
  baseMinor: bigint;
  receivedOn: CalendarDate;
  payer: string | null;
  reference: string | null;
  cashAccountCode: string;
}): JournalEntryDraft {
  const text = `Receipt${r.payer ? ` from ${r.payer}` : ''}${r.reference ? `: ${r.reference}` : ''}`;
  return new JournalEntryBuilder('receipt.recorded', r.receivedOn, text.slice(0, 300))
    .from('receipt', r.receiptId)
    .debit('bank', money(r.amountMinor, r.currency), r.baseMinor, {
      receiptId: r.receiptId,
      accountCode: r.cashAccountCode,
    })
    .credit('ar_control', money(r.amountMinor, r.currency), r.baseMinor, {
      customerId: r.customerId,
      receiptId: r.receiptId,
    })
    .build();
}

/**
 * Dr AR (receipt's unapplied cash, at the receipt's rate) / Cr AR (invoice, at the invoice's rate);
 * the base-currency difference is the realised FX gain or loss, in the same entry.
 */
export function allocationEntry(a: {
  allocationId: string;
  receipt: { receiptId: string; customerId: string; currency: string };
  invoice: { invoiceId: string; customerId: string; currency: string; number: string | null };
  amount: bigint;
  receiptBase: bigint;
  invoiceBase: bigint;
  date: CalendarDate;
}): JournalEntryDraft {
  return new JournalEntryBuilder('receipt.allocated', a.date, `Allocation to ${a.invoice.number}`)
    .from('allocation', a.allocationId)
    .debit('ar_control', money(a.amount, a.receipt.currency), a.receiptBase, {
      customerId: a.receipt.customerId,
      receiptId: a.receipt.receiptId,
    })
    .credit('ar_control', money(a.amount, a.invoice.currency), a.invoiceBase, {
      customerId: a.invoice.customerId,
      invoiceId: a.invoice.invoiceId,
      receiptId: a.receipt.receiptId,
    })
    .line('fx_gain_loss', a.receipt.currency, 0n, a.invoiceBase - a.receiptBase, {
      memo: 'realised FX difference',
    })
    .build();
}

export type DisbursementKind = 'refund' | 'write_off';

/**
 * Dr AR (the receipt's unapplied cash) / Cr the cash account the money arrived on (a refund: it
 * leaves from the same bank account) or bad debt (a small balance written off).
 */
export function disbursementEntry(d: {
  disbursementId: string;
  kind: DisbursementKind;
  receipt: { receiptId: string; customerId: string; currency: string; cashAccountCode: string };
  amountMinor: bigint;
  baseMinor: bigint;
  date: CalendarDate;
  reason: string | null;
}): JournalEntryDraft {
  const what = d.kind === 'refund' ? 'Refund' : 'Write-off';
  const amount = money(d.amountMinor, d.receipt.currency);
  const builder = new JournalEntryBuilder(
    d.kind === 'refund' ? 'receipt.refunded' : 'receipt.written_off',
    d.date,
    `${what} of unapplied cash${d.reason ? `: ${d.reason}` : ''}`.slice(0, 300),
  )
    .from('disbursement', d.disbursementId)
    .debit('ar_control', amount, d.baseMinor, {
      customerId: d.receipt.customerId,
      receiptId: d.receipt.receiptId,
    });
  return (
    d.kind === 'refund'
      ? builder.credit('bank', amount, d.baseMinor, {
          receiptId: d.receipt.receiptId,
          accountCode: d.receipt.cashAccountCode,
        })
      : builder.credit('bad_debt', amount, d.baseMinor, { receiptId: d.receipt.receiptId })
  ).build();
}
