/** The review queue's view of a bank line: its verdict, suggestions and reasons. */
import { formatAmount } from '../../shared/money.ts';
import type { LineWithVerdictRow } from '../bank/index.ts';
import { storedReasons, storedSuggestions } from './stored-decision.ts';

export function reviewItem(row: LineWithVerdictRow) {
  const money = (m: bigint) => formatAmount(m, row.currency);
  return {
    id: row.transaction_id,
    bankReference: row.bank_reference,
    bookingDate: row.booking_date,
    amount: money(row.amount_minor),
    currency: row.currency,
    payerName: row.counterparty_name,
    payerIban: row.counterparty_iban,
    remittance: row.remittance,
    status: row.status,
    customerId: row.customer_id,
    confidence: row.confidence === null ? null : Number(row.confidence),
    receiptId: row.receipt_id,
    suggestions: storedSuggestions(row.decision).map((s) => ({
      customerId: s.customerId,
      confidence: s.confidence,
      allocations: s.allocations.map((a) => ({
        invoiceId: a.invoiceId,
        invoiceNumber: a.number,
        amount: money(BigInt(a.amountMinor)),
      })),
      adjustments: s.adjustments.map((a) => ({
        kind: a.kind,
        invoiceId: a.invoiceId,
        amount: money(BigInt(a.amountMinor)),
      })),
      reasons: s.reasons,
    })),
    reasons: storedReasons(row.decision),
  };
}

export type ReviewItem = ReturnType<typeof reviewItem>;
