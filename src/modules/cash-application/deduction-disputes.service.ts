/**
 * The disputes of deductions: booking a line whose proposal carries a deduction (the payer paid
 * less and said why) opens a dispute on that invoice in the booking's transaction — or adds to the
 * one already open there — with the payer's words, for the deducted amount; unapplying the line
 * leaves the dispute as it is and says so on its thread. See docs/cash-application.md, "Short
 * payments and deductions".
 */
import type { Tx } from '../../db/client.ts';
import { notFound, validationFailed } from '../../shared/errors.ts';
import type { BankLineRow } from '../bank/index.ts';
import type { TxDeps } from '../core-deps.ts';
import { noteDisputeInTx, raiseDisputesInTx } from '../disputes/index.ts';
import { getInvoicesByIds, type InvoiceRow } from '../invoices/index.ts';
import { deductionText, disputeReasonOf, unappliedDeductionText } from './dispute-wording.ts';
import type { Deduction, Proposal } from './engine.ts';

/** Who opens and notes these disputes: the payer claimed, cash application records it. */
export const CASH_APPLICATION_ACTOR = { keyId: null, userId: null, name: 'cash application' } as const;

/** How a bank line is named in texts: its bank reference, else its id. */
export function lineRefOf(line: BankLineRow): string {
  return line.bank_reference ?? line.transaction_id;
}

/**
 * Open (or add to) the dispute of each booking's deduction, after its allocations are booked (so
 * the invoice's open amount is what the payer left open), with one read and one insert per table
 * for all of them. Returns each booking's dispute id, null
 * for a booking without a deduction. Throws `validation_failed` for a deduction on an invoice of
 * another customer or currency, or larger than what is left open — the caller rolls back.
 */
export async function disputeDeductionsInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  bookings: readonly { readonly line: BankLineRow; readonly proposal: Proposal }[],
): Promise<(string | null)[]> {
  const deducting = bookings.flatMap(({ line, proposal }) =>
    proposal.deduction ? [{ line, customerId: proposal.customerId, d: proposal.deduction }] : [],
  );
  if (deducting.length === 0) return bookings.map(() => null);
  const ids = [...new Set(deducting.map(({ d }) => d.invoiceId))];
  const invoices = new Map((await getInvoicesByIds(tx, tenantId, ids)).map((i) => [i.invoiceId, i]));
  const claims = deducting.map(({ line, customerId, d }) => {
    assertDeductible(invoices.get(d.invoiceId), d, line, customerId);
    return {
      invoiceId: d.invoiceId,
      reason: disputeReasonOf(d.reason),
      amountMinor: d.amountMinor,
      text: deductionText(d, line.currency, lineRefOf(line)),
    };
  });
  const raised = await raiseDisputesInTx(tx, deps, tenantId, claims, CASH_APPLICATION_ACTOR);
  let next = 0;
  return bookings.map((b) => (b.proposal.deduction ? (raised[next++]?.disputeId ?? null) : null));
}

/** A deduction is on an invoice of the paying customer, in the line's currency. */
function assertDeductible(
  invoice: Pick<InvoiceRow, 'customerId' | 'currency' | 'number'> | undefined,
  d: Deduction,
  line: BankLineRow,
  customerId: string,
): void {
  if (!invoice) throw notFound('invoice', d.invoiceId);
  if (invoice.customerId !== customerId || invoice.currency !== line.currency)
    throw validationFailed(
      `the deduction of bank line ${lineRefOf(line)} names invoice ${invoice.number}, not an invoice of this customer in ${line.currency}`,
      [{ field: 'deduction.invoice', message: 'not an invoice of this customer in the line currency' }],
    );
}

/** Unapplying a line that deducted: the dispute stays, and its thread and the log say why. */
export async function noteUnappliedDeductionInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  line: BankLineRow,
  booked: { deduction: Deduction; disputeId: string | null },
): Promise<void> {
  if (!booked.disputeId) return;
  const text = unappliedDeductionText(booked.deduction, line.currency, lineRefOf(line));
  await noteDisputeInTx(tx, deps, tenantId, booked.disputeId, text, CASH_APPLICATION_ACTOR);
}
