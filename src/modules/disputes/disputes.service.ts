/**
 * Disputes: a customer contests (part of) an invoice for a reason code; the thread of notes
 * records who said what; it ends `resolved` by a credit note for the agreed amount (issued here
 * through the invoices service, or an existing one linked) or `rejected` with a reason. While open
 * it pauses dunning for the invoice (`disputedInvoiceIds`) and leaves the worklist.
 */
import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { AppError, invalidState, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid, newId } from '../../shared/ids.ts';
import { formatAmount, parseAmount } from '../../shared/money.ts';
import { moneyText } from '../../shared/money-text.ts';
import type { Actor } from '../activities/index.ts';
import { logActivity } from '../activities/index.ts';
import { recordAudit } from '../audit/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { creditInvoiceInTx, getInvoiceRowOrThrow, type InvoiceRow } from '../invoices/index.ts';
import { type AttachmentFile, addDisputeAttachmentInTx } from './dispute-attachments.service.ts';
import {
  type DisputeReason,
  disputeNoteInput,
  type OpenDisputeInput,
  openDisputeInput,
  type RejectDisputeInput,
  type ResolveDisputeInput,
  rejectDisputeInput,
  resolveDisputeInput,
} from './disputes.input.ts';
import * as repo from './disputes.repository.ts';

export type DisputeRow = repo.DisputeRow;

/**
 * Open a dispute on an issued invoice with something open; one open dispute per invoice. An
 * `attachment` (the customer portal's) is stored with it in the same transaction.
 */
export async function openDispute(
  deps: CoreDeps,
  tenantId: string,
  raw: OpenDisputeInput,
  author: Actor,
  attachment?: AttachmentFile,
): Promise<DisputeRow> {
  const input = openDisputeInput.parse(raw);
  return withTransaction(deps.db, async (tx) => {
    const invoice = await getInvoiceRowOrThrow(tx, tenantId, input.invoice);
    assertDisputable(invoice);
    const amountMinor = disputedAmount(invoice, input.amount);
    const existing = await repo.findOpenDisputeOfInvoice(tx, tenantId, invoice.invoiceId);
    if (existing)
      throw new AppError('conflict', `invoice ${invoice.number} already has an open dispute`, [
        { field: 'invoice', message: `open dispute ${existing.disputeId}` },
      ]);
    const reason = input.reason;
    const disputeId = await insertOpenDisputeInTx(
      tx,
      deps,
      tenantId,
      { invoice, reason, amountMinor },
      author,
    );
    if (input.note) await addNote(deps, tx, tenantId, disputeId, input.note, author);
    if (attachment)
      await addDisputeAttachmentInTx(tx, tenantId, disputeId, attachment, author, deps.clock.now());
    return getDisputeRowOrThrow(tx, tenantId, disputeId);
  });
}

/**
 * Insert an open dispute on `invoice` (checked by the caller: disputable, amount in range, no open
 * one) and log `dispute_opened`, with `why` when given; returns its id.
 */
export async function insertOpenDisputeInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  d: { invoice: InvoiceRow; reason: DisputeReason; amountMinor: bigint; why?: string },
  author: Actor,
): Promise<string> {
  const { invoice, reason, amountMinor } = d;
  const disputeId = newId();
  await repo.insertDispute(tx, {
    tenantId,
    disputeId,
    invoiceId: invoice.invoiceId,
    customerId: invoice.customerId,
    reasonCode: reason,
    amountMinor,
    currency: invoice.currency,
    openedAt: deps.clock.now(),
    openedByName: author.name,
    openedByKeyId: author.keyId,
    openedByUserId: author.userId,
  });
  await logActivity(tx, tenantId, {
    kind: 'system',
    event: 'dispute_opened',
    author,
    customerId: invoice.customerId,
    invoiceIds: [invoice.invoiceId],
    text: disputeOpenedText(invoice, reason, amountMinor, d.why),
    occurredAt: deps.clock.now(),
  });
  await recordAudit(tx, tenantId, {
    kind: 'dispute.opened',
    objectType: 'dispute',
    objectId: disputeId,
    ...(d.why ? { reason: d.why } : {}),
    details: {
      invoiceId: invoice.invoiceId,
      invoiceNumber: invoice.number,
      customerId: invoice.customerId,
      reasonCode: reason,
      amountMinor: String(amountMinor),
      currency: invoice.currency,
    },
  });
  return disputeId;
}

/** The activity log's words for a dispute opened on `invoice` (its open amount as it stands). */
export function disputeOpenedText(
  invoice: Pick<InvoiceRow, 'number' | 'currency' | 'openMinor'>,
  reason: DisputeReason,
  amountMinor: bigint,
  why?: string,
): string {
  const disputed = moneyText(amountMinor, invoice.currency);
  const open = moneyText(invoice.openMinor, invoice.currency);
  return `Dispute opened on ${invoice.number} (${reason.replace('_', ' ')}): ${disputed} of ${open} open${why ? ` — ${why}` : ''}`;
}

export function assertDisputable(invoice: InvoiceRow): void {
  if (invoice.kind !== 'invoice')
    throw validationFailed(`${invoice.number} is a credit note`, [
      { field: 'invoice', message: 'not an invoice' },
    ]);
  if ((invoice.status !== 'issued' && invoice.status !== 'partially_paid') || invoice.openMinor <= 0n)
    throw invalidState(`cannot dispute invoice ${invoice.number ?? '(draft)'}: it is ${invoice.status}`);
}

function disputedAmount(invoice: InvoiceRow, amount: string | undefined): bigint {
  if (amount === undefined) return invoice.openMinor;
  const value = parseAmount(amount, invoice.currency, 'amount');
  if (value <= 0n || value > invoice.openMinor)
    throw validationFailed(`the disputed amount must be above zero and at most the open amount`, [
      { field: 'amount', message: `between 0 and ${formatAmount(invoice.openMinor, invoice.currency)}` },
    ]);
  return value;
}

export async function addNote(
  deps: TxDeps,
  tx: Tx,
  tenantId: string,
  disputeId: string,
  text: string,
  author: Actor,
) {
  await repo.insertNote(tx, {
    tenantId,
    noteId: newId(),
    disputeId,
    authorName: author.name,
    authorKeyId: author.keyId,
    authorUserId: author.userId,
    text,
    createdAt: deps.clock.now(),
  });
}

/** Add a note to a dispute's thread (open or closed). */
export async function addDisputeNote(
  deps: CoreDeps,
  tenantId: string,
  disputeId: string,
  raw: { text: string },
  author: Actor,
) {
  const input = disputeNoteInput.parse(raw);
  return withTransaction(deps.db, async (tx) => {
    await getDisputeRowOrThrow(tx, tenantId, disputeId);
    await addNote(deps, tx, tenantId, disputeId, input.text, author);
    await recordAudit(tx, tenantId, {
      kind: 'dispute.note_added',
      objectType: 'dispute',
      objectId: disputeId,
      details: { text: input.text },
    });
    return getDisputeDetail(tx, tenantId, disputeId);
  });
}

/**
 * Resolve an open dispute by a credit note: issue one for `creditAmount` (default: the disputed
 * amount, capped at what is still open) or link `creditNote`, already issued against the invoice.
 * Posting the credit note posts money: callers check the role (`write`), collectors may not.
 */
export async function resolveDispute(
  deps: CoreDeps,
  tenantId: string,
  disputeId: string,
  raw: ResolveDisputeInput,
  author: Actor,
) {
  const input = resolveDisputeInput.parse(raw);
  return withTransaction(deps.db, async (tx) => {
    const dispute = await lockOpenDispute(tx, tenantId, disputeId, 'resolve');
    const creditNote = input.creditNote
      ? await linkableCreditNote(tx, tenantId, dispute, input.creditNote)
      : await issueCreditNote(tx, deps, tenantId, dispute, input);
    await repo.closeDispute(tx, tenantId, disputeId, {
      status: 'resolved',
      closedAt: deps.clock.now(),
      closedByName: author.name,
      closedByKeyId: author.keyId,
      closedByUserId: author.userId,
      resolution: input.note ?? null,
      creditNoteId: creditNote.invoiceId,
    });
    if (input.note) await addNote(deps, tx, tenantId, disputeId, input.note, author);
    const invoice = await getInvoiceRowOrThrow(tx, tenantId, dispute.invoiceId);
    await logActivity(tx, tenantId, {
      kind: 'system',
      event: 'dispute_resolved',
      author,
      customerId: dispute.customerId,
      invoiceIds: [dispute.invoiceId, creditNote.invoiceId],
      text: `Dispute on ${invoice.number} resolved by credit note ${creditNote.number} for ${moneyText(creditNote.totalMinor, creditNote.currency)}`,
      occurredAt: deps.clock.now(),
    });
    await recordAudit(tx, tenantId, {
      kind: 'dispute.resolved',
      objectType: 'dispute',
      objectId: disputeId,
      changes: { status: ['open', 'resolved'] },
      ...(input.note ? { reason: input.note } : {}),
      details: {
        invoiceId: dispute.invoiceId,
        creditNoteId: creditNote.invoiceId,
        creditNoteNumber: creditNote.number,
      },
    });
    return getDisputeDetail(tx, tenantId, disputeId);
  });
}

async function lockOpenDispute(
  tx: Tx,
  tenantId: string,
  disputeId: string,
  action: string,
): Promise<DisputeRow> {
  const dispute = isUuid(disputeId) ? await repo.lockDispute(tx, tenantId, disputeId) : null;
  if (!dispute) throw notFound('dispute', disputeId);
  if (dispute.status !== 'open')
    throw invalidState(`cannot ${action} dispute ${disputeId}: it is ${dispute.status}`);
  return dispute;
}

async function issueCreditNote(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  dispute: DisputeRow,
  input: ResolveDisputeInput,
) {
  const invoice = await getInvoiceRowOrThrow(tx, tenantId, dispute.invoiceId);
  const amountMinor =
    input.creditAmount !== undefined
      ? parseAmount(input.creditAmount, invoice.currency, 'creditAmount')
      : minBigint(dispute.amountMinor, invoice.openMinor);
  if (amountMinor <= 0n)
    throw validationFailed('the credit amount must be above zero', [
      { field: 'creditAmount', message: 'must be positive' },
    ]);
  const { creditNote } = await creditInvoiceInTx(tx, deps, tenantId, invoice.invoiceId, {
    amount: formatAmount(amountMinor, invoice.currency),
    reason: `Dispute (${dispute.reasonCode.replace('_', ' ')}) resolved`,
    ...(input.date ? { date: input.date } : {}),
  });
  return creditNote;
}

async function linkableCreditNote(tx: Tx, tenantId: string, dispute: DisputeRow, ref: string) {
  const note = await getInvoiceRowOrThrow(tx, tenantId, ref).catch(() => null);
  if (note?.kind !== 'credit_note' || note.creditedInvoiceId !== dispute.invoiceId)
    throw validationFailed(`${ref} is not a credit note of the disputed invoice`, [
      { field: 'creditNote', message: 'not a credit note against this invoice' },
    ]);
  const other = await repo.findDisputeByCreditNote(tx, tenantId, note.invoiceId);
  if (other)
    throw new AppError('conflict', `credit note ${note.number} already resolved dispute ${other.disputeId}`, [
      { field: 'creditNote', message: 'already linked to a dispute' },
    ]);
  return note;
}

/** Reject an open dispute with a reason (no money moves; dunning resumes for the invoice). */
export async function rejectDispute(
  deps: CoreDeps,
  tenantId: string,
  disputeId: string,
  raw: RejectDisputeInput,
  author: Actor,
) {
  const input = rejectDisputeInput.parse(raw);
  return withTransaction(deps.db, async (tx) => {
    const dispute = await lockOpenDispute(tx, tenantId, disputeId, 'reject');
    await repo.closeDispute(tx, tenantId, disputeId, {
      status: 'rejected',
      closedAt: deps.clock.now(),
      closedByName: author.name,
      closedByKeyId: author.keyId,
      closedByUserId: author.userId,
      resolution: input.reason,
      creditNoteId: null,
    });
    await addNote(deps, tx, tenantId, disputeId, `Rejected: ${input.reason}`, author);
    const invoice = await getInvoiceRowOrThrow(tx, tenantId, dispute.invoiceId);
    await logActivity(tx, tenantId, {
      kind: 'system',
      event: 'dispute_rejected',
      author,
      customerId: dispute.customerId,
      invoiceIds: [dispute.invoiceId],
      text: `Dispute on ${invoice.number} rejected: ${input.reason}`,
      occurredAt: deps.clock.now(),
    });
    await recordAudit(tx, tenantId, {
      kind: 'dispute.rejected',
      objectType: 'dispute',
      objectId: disputeId,
      changes: { status: ['open', 'rejected'] },
      reason: input.reason,
      details: { invoiceId: dispute.invoiceId },
    });
    return getDisputeDetail(tx, tenantId, disputeId);
  });
}

function minBigint(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

export async function getDisputeRowOrThrow(q: Queryable, tenantId: string, disputeId: string) {
  const row = isUuid(disputeId) ? await repo.findDispute(q, tenantId, disputeId) : null;
  if (!row) throw notFound('dispute', disputeId);
  return row;
}

/** A dispute with its thread of notes. */
export async function getDisputeDetail(q: Queryable, tenantId: string, disputeId: string) {
  const dispute = await getDisputeRowOrThrow(q, tenantId, disputeId);
  return { dispute, notes: await repo.notesOf(q, tenantId, disputeId) };
}

export interface DisputeListQuery {
  status?: string;
  customerId?: string;
  invoiceId?: string;
  cursor?: string;
  limit: number;
}

/** A page of disputes in the order they were opened. */
export async function listDisputes(q: Queryable, tenantId: string, query: DisputeListQuery) {
  const rows = await repo.listDisputeRows(q, tenantId, {
    ...(query.status ? { status: query.status } : {}),
    ...(query.customerId ? { customerId: query.customerId } : {}),
    ...(query.invoiceId ? { invoiceId: query.invoiceId } : {}),
    ...(query.cursor ? { afterId: query.cursor } : {}),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return { disputes: page, nextCursor: rows.length > query.limit ? (page.at(-1)?.disputeId ?? null) : null };
}

/**
 * The invoices of the tenant with an open dispute: the dunning run leaves them out.
 * `(await disputedInvoiceIds(db, tenantId)).has(invoice.invoiceId)`.
 */
export async function disputedInvoiceIds(q: Queryable, tenantId: string): Promise<Set<string>> {
  return new Set(await repo.openDisputeInvoiceIds(q, tenantId));
}

/** How many disputes are open (the disputes list with status=open). */
export function countOpenDisputes(q: Queryable, tenantId: string): Promise<number> {
  return repo.countDisputeRows(q, tenantId, 'open');
}
