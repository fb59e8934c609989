/**
 * Disputes raised by another module inside its own transaction: cash application opens one when a
 * payer pays less and says why (a short payment with a reason, a credit note netted), and notes on
 * it when that payment is unapplied. The claim's words are the first note of the thread and part
 * of the activity log; an invoice keeps at most one open dispute, so a second claim on it is a note
 * on the open one (`dispute_noted`), not a second dispute.
 */
import type { Tx } from '../../db/client.ts';
import { validationFailed } from '../../shared/errors.ts';
import { moneyText } from '../../shared/money-text.ts';
import type { Actor } from '../activities/index.ts';
import { logActivity } from '../activities/index.ts';
import type { TxDeps } from '../core-deps.ts';
import { getInvoiceRowOrThrow } from '../invoices/index.ts';
import type { DisputeReason } from './disputes.input.ts';
import * as repo from './disputes.repository.ts';
import {
  addNote,
  assertDisputable,
  getDisputeRowOrThrow,
  insertOpenDisputeInTx,
} from './disputes.service.ts';

/** What someone claims against an invoice, in the currency of the invoice. */
export interface DisputeClaim {
  readonly invoiceId: string;
  readonly reason: DisputeReason;
  readonly amountMinor: bigint;
  /** The claim in words: the first note of a new dispute, or a note on the open one. */
  readonly text: string;
}

/** The dispute a claim went to: opened for it, or the one already open on the invoice. */
export interface RaisedDispute {
  readonly disputeId: string;
  readonly opened: boolean;
}

/**
 * Open a dispute for `claim` on its invoice — or, when the invoice has an open dispute already,
 * add the claim to that one's thread and the activity log. A new dispute needs an issued invoice
 * with at least `amountMinor` open (else `validation_failed`/`invalid_state`, and the caller's
 * transaction rolls back). Runs in the caller's transaction.
 */
export async function raiseDisputeInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  claim: DisputeClaim,
  author: Actor,
): Promise<RaisedDispute> {
  const invoice = await getInvoiceRowOrThrow(tx, tenantId, claim.invoiceId);
  const open = await repo.findOpenDisputeOfInvoice(tx, tenantId, invoice.invoiceId);
  if (open) {
    await noteDisputeInTx(tx, deps, tenantId, open.disputeId, claim.text, author);
    return { disputeId: open.disputeId, opened: false };
  }
  assertDisputable(invoice);
  if (claim.amountMinor <= 0n || claim.amountMinor > invoice.openMinor)
    throw validationFailed(
      `cannot dispute ${moneyText(claim.amountMinor, invoice.currency)} of invoice ${invoice.number}: ${moneyText(invoice.openMinor, invoice.currency)} is open`,
      [{ field: 'amount', message: `between 0 and ${moneyText(invoice.openMinor, invoice.currency)}` }],
    );
  const { reason, amountMinor, text } = claim;
  const disputeId = await insertOpenDisputeInTx(
    tx,
    deps,
    tenantId,
    { invoice, reason, amountMinor, why: text },
    author,
  );
  await addNote(deps, tx, tenantId, disputeId, text, author);
  return { disputeId, opened: true };
}

/**
 * Add `text` to a dispute's thread (open or closed) and to the customer's activity log as
 * `dispute_noted`. Runs in the caller's transaction.
 */
export async function noteDisputeInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  disputeId: string,
  text: string,
  author: Actor,
): Promise<void> {
  const dispute = await getDisputeRowOrThrow(tx, tenantId, disputeId);
  await addNote(deps, tx, tenantId, disputeId, text, author);
  const invoice = await getInvoiceRowOrThrow(tx, tenantId, dispute.invoiceId);
  await logActivity(tx, tenantId, {
    kind: 'system',
    event: 'dispute_noted',
    author,
    customerId: dispute.customerId,
    invoiceIds: [dispute.invoiceId],
    text: `Dispute on ${invoice.number} (${dispute.status}): ${text}`,
    occurredAt: deps.clock.now(),
  });
}
