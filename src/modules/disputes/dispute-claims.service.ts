/**
 * Disputes raised by another module inside its own transaction: cash application opens one when a
 * payer pays less and says why (a short payment with a reason, a credit note netted), and notes on
 * it when that payment is unapplied. The claim's words are the first note of the thread and part
 * of the activity log; an invoice keeps at most one open dispute, so a second claim on it is a note
 * on the open one (`dispute_noted`), not a second dispute.
 */
import type { Tx } from '../../db/client.ts';
import { notFound, validationFailed } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { moneyText } from '../../shared/money-text.ts';
import type { ActivityEntry, Actor } from '../activities/index.ts';
import { logActivities, logActivity } from '../activities/index.ts';
import type { TxDeps } from '../core-deps.ts';
import { getInvoiceRowOrThrow, getInvoicesByIds, type InvoiceRow } from '../invoices/index.ts';
import type { DisputeReason } from './disputes.input.ts';
import * as repo from './disputes.repository.ts';
import { addNote, assertDisputable, disputeOpenedText, getDisputeRowOrThrow } from './disputes.service.ts';

type DisputeRow = repo.DisputeRow;
type NewDisputeRow = Parameters<typeof repo.insertDisputes>[1][number];
type NewNoteRow = Parameters<typeof repo.insertNotes>[1][number];

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
  const [raised] = await raiseDisputesInTx(tx, deps, tenantId, [claim], author);
  if (!raised) throw new Error('raiseDisputesInTx returned nothing for a claim');
  return raised;
}

/** What raising claims writes, gathered to be written in one statement per table. */
interface ClaimWrites {
  readonly disputes: NewDisputeRow[];
  readonly notes: NewNoteRow[];
  readonly activities: ActivityEntry[];
}

/**
 * `raiseDisputeInTx` for many claims, in order, with one read of their invoices and open disputes
 * and one insert per table (a cash application run books thousands of deductions): a claim on an
 * invoice whose dispute an earlier claim opened is a note on that dispute, as one by one.
 */
export async function raiseDisputesInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  claims: readonly DisputeClaim[],
  author: Actor,
): Promise<RaisedDispute[]> {
  if (claims.length === 0) return [];
  const ids = [...new Set(claims.map((c) => c.invoiceId))];
  const invoices = new Map((await getInvoicesByIds(tx, tenantId, ids)).map((i) => [i.invoiceId, i]));
  const open = new Map<string, Pick<DisputeRow, 'disputeId' | 'status'>>();
  for (const d of await repo.findOpenDisputesOfInvoices(tx, tenantId, ids)) open.set(d.invoiceId, d);
  const writes: ClaimWrites = { disputes: [], notes: [], activities: [] };
  const raised = claims.map((claim) => {
    const invoice = invoices.get(claim.invoiceId);
    if (!invoice) throw notFound('invoice', claim.invoiceId);
    return raiseOne(deps, tenantId, { claim, invoice, open, writes }, author);
  });
  await repo.insertDisputes(tx, writes.disputes);
  await repo.insertNotes(tx, writes.notes);
  await logActivities(tx, tenantId, writes.activities);
  return raised;
}

/** One claim: a note on the invoice's open dispute, or a new dispute (recorded in `open`). */
function raiseOne(
  deps: TxDeps,
  tenantId: string,
  c: {
    claim: DisputeClaim;
    invoice: InvoiceRow;
    open: Map<string, Pick<DisputeRow, 'disputeId' | 'status'>>;
    writes: ClaimWrites;
  },
  author: Actor,
): RaisedDispute {
  const { claim, invoice, writes } = c;
  const now = deps.clock.now();
  const note = (disputeId: string): NewNoteRow => ({
    tenantId,
    noteId: newId(),
    disputeId,
    authorName: author.name,
    authorKeyId: author.keyId,
    authorUserId: author.userId,
    text: claim.text,
    createdAt: now,
  });
  const existing = c.open.get(invoice.invoiceId);
  if (existing) {
    writes.notes.push(note(existing.disputeId));
    writes.activities.push({
      kind: 'system',
      event: 'dispute_noted',
      author,
      customerId: invoice.customerId,
      invoiceIds: [invoice.invoiceId],
      text: `Dispute on ${invoice.number} (${existing.status}): ${claim.text}`,
      occurredAt: now,
    });
    return { disputeId: existing.disputeId, opened: false };
  }
  assertClaimable(invoice, claim.amountMinor);
  const disputeId = newId();
  writes.disputes.push({
    tenantId,
    disputeId,
    invoiceId: invoice.invoiceId,
    customerId: invoice.customerId,
    reasonCode: claim.reason,
    amountMinor: claim.amountMinor,
    currency: invoice.currency,
    openedAt: now,
    openedByName: author.name,
    openedByKeyId: author.keyId,
    openedByUserId: author.userId,
  });
  writes.activities.push({
    kind: 'system',
    event: 'dispute_opened',
    author,
    customerId: invoice.customerId,
    invoiceIds: [invoice.invoiceId],
    text: disputeOpenedText(invoice, claim.reason, claim.amountMinor, claim.text),
    occurredAt: now,
  });
  writes.notes.push(note(disputeId));
  c.open.set(invoice.invoiceId, { disputeId, status: 'open' });
  return { disputeId, opened: true };
}

/** A new dispute: an issued invoice with at least the claimed amount open. */
function assertClaimable(invoice: InvoiceRow, amountMinor: bigint): void {
  assertDisputable(invoice);
  if (amountMinor <= 0n || amountMinor > invoice.openMinor)
    throw validationFailed(
      `cannot dispute ${moneyText(amountMinor, invoice.currency)} of invoice ${invoice.number}: ${moneyText(invoice.openMinor, invoice.currency)} is open`,
      [{ field: 'amount', message: `between 0 and ${moneyText(invoice.openMinor, invoice.currency)}` }],
    );
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
