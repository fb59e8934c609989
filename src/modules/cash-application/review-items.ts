/** The review queue's view of a bank line: its verdict, suggestions and reasons. */
import { formatAmount } from '../../shared/money.ts';
import type { LineWithVerdictRow } from '../bank/index.ts';
import type { customerRefs } from '../customers/index.ts';
import {
  type StoredProposal,
  storedAppliedProposal,
  storedReasons,
  storedSuggestions,
} from './stored-decision.ts';

/** The customers named by lines and their suggestions: id → external id and name. */
export type CustomerNames = Awaited<ReturnType<typeof customerRefs>>;

/** The customer ids a line and its suggestions name (to look their names up once per page). */
export function customerIdsOf(rows: readonly LineWithVerdictRow[]): string[] {
  const ids = new Set<string>();
  for (const row of rows) {
    if (row.customer_id) ids.add(row.customer_id);
    for (const s of storedSuggestions(row.decision)) ids.add(s.customerId);
  }
  return [...ids];
}

export function reviewItem(row: LineWithVerdictRow, names: CustomerNames = new Map()) {
  const money = (m: bigint) => formatAmount(m, row.currency);
  const nameOf = (id: string | null) => (id ? (names.get(id)?.name ?? null) : null);
  const externalIdOf = (id: string | null) => (id ? (names.get(id)?.externalId ?? null) : null);
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
    customerExternalId: externalIdOf(row.customer_id),
    customerName: nameOf(row.customer_id),
    confidence: row.confidence === null ? null : Number(row.confidence),
    receiptId: row.receipt_id,
    suggestions: storedSuggestions(row.decision).map((s) => ({
      customerId: s.customerId,
      customerExternalId: externalIdOf(s.customerId),
      customerName: nameOf(s.customerId),
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
      deduction: deductionView(s, money),
    })),
    deduction: appliedDeductionView(row, money),
    reasons: storedReasons(row.decision),
  };
}

/** A stored proposal's deduction, its invoice named by number when the proposal allocates to it. */
function deductionView(s: Pick<StoredProposal, 'allocations' | 'deduction'>, money: (m: bigint) => string) {
  const d = s.deduction;
  if (!d) return null;
  return {
    kind: d.kind,
    invoiceId: d.invoiceId,
    invoiceNumber: s.allocations.find((a) => a.invoiceId === d.invoiceId)?.number ?? null,
    amount: money(BigInt(d.amountMinor)),
    reason: d.reason,
  };
}

/** The deduction an applied line booked, with the dispute it opened (or added to). */
function appliedDeductionView(row: LineWithVerdictRow, money: (m: bigint) => string) {
  const applied = row.status === 'applied' ? storedAppliedProposal(row.decision) : null;
  const view = applied ? deductionView(applied, money) : null;
  return view && applied ? { ...view, disputeId: applied.disputeId ?? null } : null;
}

export type ReviewItem = ReturnType<typeof reviewItem>;
