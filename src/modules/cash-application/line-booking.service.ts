/**
 * The one booking path of bank lines. The run's applications, a person's accept and apply: each
 * becomes a receipt settlement booked by `settleReceiptsInTx` (receipts module), and each line's
 * verdict is written once, after its receipt, by a statement that checks the line still has the
 * status its booker read — so a line is booked at most once, and an applied line always names its
 * receipt. A line whose proposal carries a deduction (the payer paid less and said why) opens a
 * dispute on that invoice in the same transaction (deduction-disputes.service.ts).
 */
import type { Tx } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { isValidIban } from '../../shared/iban.ts';
import type { BankLineStatus } from '../bank/index.ts';
import { type BankLineRow, type LineVerdict, recordVerdicts } from '../bank/index.ts';
import type { TxDeps } from '../core-deps.ts';
import { currentRate } from '../fx/index.ts';
import type { SettlementAdjustmentKind } from '../invoices/index.ts';
import { getInvoiceRowOrThrow } from '../invoices/index.ts';
import type { IncomingPayment, ReceiptSettlement } from '../receipts/index.ts';
import { settleReceiptsInTx } from '../receipts/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import { markAdvicesAppliedInTx } from './advices.service.ts';
import { disputeDeductionsInTx } from './deduction-disputes.service.ts';
import type { Proposal } from './engine.ts';
import { type BookedHow, proposalJson } from './stored-decision.ts';

/** A bank line as its booker read it (and locked): its status then, and its receipt if it has one. */
export interface BookableLine extends BankLineRow {
  readonly status: BankLineStatus;
  /** Set when the line was applied before and unapplied: its money is unapplied cash on that receipt. */
  readonly receipt_id: string | null;
}

export interface LineBooking {
  readonly line: BookableLine;
  readonly proposal: Proposal;
  readonly how: BookedHow;
}

/**
 * Book each line's proposal — a new receipt of its money on its bank account's cash account, or
 * its existing receipt applied again — with allocations and adjustments, open the dispute of its
 * deduction if it has one, and write its `applied` verdict naming the receipt (and the dispute). Runs in the caller's transaction; throws `conflict` (and the caller
 * rolls back) when a line no longer has the status it was read with. Returns the receipt ids.
 */
export async function bookLinesInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  bookings: readonly LineBooking[],
): Promise<string[]> {
  if (bookings.length === 0) return [];
  const { baseCurrency } = await getTenantOrThrow(tx, tenantId);
  const settlements: ReceiptSettlement[] = [];
  for (const b of bookings) settlements.push(await settlementOf(tx, tenantId, b, baseCurrency));
  const receiptIds = await settleReceiptsInTx(tx, deps, tenantId, settlements);
  const disputeIds = await disputeDeductionsInTx(tx, deps, tenantId, bookings);
  const verdicts = bookings.map((b, i) => appliedVerdict(b, receiptIds[i] ?? null, disputeIds[i] ?? null));
  const written = await recordVerdicts(tx, tenantId, verdicts);
  const lost = bookings.find((b) => !written.has(b.line.transaction_id));
  if (lost)
    throw new AppError(
      'conflict',
      `bank line ${lost.line.bank_reference ?? lost.line.transaction_id} was processed meanwhile; nothing was booked`,
    );
  const advices = bookings.map((b) => ({
    transactionId: b.line.transaction_id,
    adviceId: b.proposal.adviceId,
  }));
  await markAdvicesAppliedInTx(tx, deps, tenantId, advices);
  return receiptIds;
}

async function settlementOf(
  tx: Tx,
  tenantId: string,
  { line, proposal }: LineBooking,
  baseCurrency: string,
): Promise<ReceiptSettlement> {
  const application = {
    customerId: proposal.customerId,
    allocations: proposal.allocations,
    adjustments: proposal.adjustments.map((a) => ({ ...a, reason: adjustmentReason(a.kind, line) })),
  };
  if (line.receipt_id !== null)
    return { kind: 'existing', receiptId: line.receipt_id, date: line.booking_date, application };
  const fxRate =
    line.currency === baseCurrency ? null : await receiptRate(tx, tenantId, line, baseCurrency, proposal);
  return { kind: 'new', payment: paymentOf(line, fxRate), application };
}

/**
 * A payment in another currency is recorded at the rate in force on its booking date (imported
 * rates, module fx), so that applying it books the realised FX difference against the invoice's
 * rate. Without rates in force it takes the rate of the first invoice it pays (no FX difference);
 * one that pays no invoice then has no rate and is refused.
 */
async function receiptRate(
  tx: Tx,
  tenantId: string,
  line: BankLineRow,
  baseCurrency: string,
  proposal: Proposal,
): Promise<string | null> {
  const inForce = await currentRate(tx, tenantId, line.currency, baseCurrency, line.booking_date);
  if (inForce) return inForce.rate;
  const first = proposal.allocations[0];
  return first ? (await getInvoiceRowOrThrow(tx, tenantId, first.invoiceId)).fxRate : null;
}

/** The money of a bank line, as the receipt records it. */
export function paymentOf(line: BankLineRow, fxRate: string | null): IncomingPayment {
  return {
    receivedOn: line.booking_date,
    amountMinor: line.amount_minor,
    currency: line.currency,
    fxRate,
    payerName: line.counterparty_name ? line.counterparty_name.slice(0, 300) : null,
    payerIban: line.counterparty_iban && isValidIban(line.counterparty_iban) ? line.counterparty_iban : null,
    reference: line.remittance ? line.remittance.slice(0, 500) : null,
    cashAccountCode: line.ledger_account_code,
  };
}

/** Why an invoice was settled below its open amount, naming the bank line. */
export function adjustmentReason(kind: SettlementAdjustmentKind, line: BankLineRow): string {
  const what = kind === 'discount' ? 'early-payment discount taken' : 'bank charges deducted';
  return `${what} (bank line ${line.bank_reference ?? line.transaction_id})`;
}

function appliedVerdict(
  { line, proposal, how }: LineBooking,
  receiptId: string | null,
  disputeId: string | null,
): LineVerdict {
  return {
    transactionId: line.transaction_id,
    expected: line.status,
    status: 'applied',
    customerId: proposal.customerId,
    confidence: proposal.confidence,
    decision: { how, ...proposalJson(proposal), ...(disputeId ? { disputeId } : {}) },
    receiptId,
  };
}
