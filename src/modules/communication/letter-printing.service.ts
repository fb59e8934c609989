/**
 * Dunning letters on paper. Every letter has a PDF (its level's wording, its invoices, fee,
 * interest, total and how to pay), stored at the first request and the same bytes ever after.
 * Letters of channel `letter` wait `planned` in the print queue; a collector prints them — one by
 * one, or as a batch that appends each customer's statement of open items — and records them as
 * printed and posted: `planned` → `sent` with the time and who did it, and `dunning_letter_sent`
 * in the customer's activity log, in one transaction.
 */
import { type Tx, withTransaction } from '../../db/client.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { invalidState } from '../../shared/errors.ts';
import type { Actor } from '../activities/index.ts';
import { type ActivityEntry, logActivities } from '../activities/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import type { StoredDocument } from '../documents/index.ts';
import {
  createStatement,
  findDunningLetterDocument,
  type LetterDocument,
  type PrintItem,
  renderPrintBatchPdf,
  storeDunningLetterDocument,
} from '../documents/index.ts';
import {
  getLetterOrThrow,
  getLettersOrThrow,
  getPrintQueue,
  type LetterDetail,
  markLettersPrinted,
  printRefusal,
  type RecordedLetter,
} from '../dunning/index.ts';
import { loadLetterLayout } from './dunning-letter-layout.ts';
import { MAX_PRINT_BATCH, type PrintLettersInput, printLettersInput } from './letter-printing.input.ts';

/** A letter's stored document, rendered and stored now when it is the first request. */
async function ensureLetterDocument(
  deps: CoreDeps,
  tenantId: string,
  letter: RecordedLetter,
): Promise<LetterDocument> {
  const existing = await findDunningLetterDocument(deps.db, tenantId, letter.letterId);
  if (existing) return existing;
  const layout = await loadLetterLayout(deps.db, tenantId, letter);
  return storeDunningLetterDocument(deps, tenantId, letter.customerId, layout);
}

/**
 * The PDF of a recorded letter of any channel; every call returns the same bytes and SHA-256.
 * Throws not_found for an unknown (or another tenant's) letter.
 */
export async function getDunningLetterPdf(
  deps: CoreDeps,
  tenantId: string,
  letterId: string,
): Promise<StoredDocument> {
  const letter = await getLetterOrThrow(deps.db, tenantId, letterId);
  return (await ensureLetterDocument(deps, tenantId, letter)).stored;
}

function sentEntry(letter: RecordedLetter, subject: string, by: Actor, at: Date): ActivityEntry {
  return {
    kind: 'system',
    event: 'dunning_letter_sent',
    author: by,
    customerId: letter.customerId,
    invoiceIds: [
      ...letter.invoices.map((i) => i.invoiceId),
      ...(letter.chargeInvoiceId ? [letter.chargeInvoiceId] : []),
    ],
    text: `Printed and posted (channel letter, level ${letter.levelNo}): "${subject}"`,
    occurredAt: at,
  };
}

/** In `tx`: the letters move to `sent` (refused as a whole if any may not) and each is logged. */
async function recordPrinted(
  tx: Tx,
  tenantId: string,
  documents: readonly LetterDocument[],
  by: Actor,
  at: Date,
): Promise<void> {
  const ids = documents.map((d) => d.layout.letterId);
  const letters = await markLettersPrinted(tx, tenantId, ids, by, at);
  const subjects = new Map(documents.map((d) => [d.layout.letterId, d.layout.subject]));
  await logActivities(
    tx,
    tenantId,
    letters.map((l) => sentEntry(l, subjects.get(l.letterId) ?? '', by, at)),
  );
}

/**
 * Record that a planned letter of channel `letter` was printed and posted (its PDF is stored
 * first, if it never was: what went out is on record). Throws not_found for an unknown letter,
 * invalid_state for another channel or a letter that is not planned.
 */
export async function recordLetterPrinted(
  deps: CoreDeps,
  tenantId: string,
  letterId: string,
  by: Actor,
): Promise<LetterDetail> {
  const letter = await getLetterOrThrow(deps.db, tenantId, letterId);
  const refusal = printRefusal(letter);
  if (refusal) throw invalidState(refusal);
  const document = await ensureLetterDocument(deps, tenantId, letter);
  await withTransaction(deps.db, (tx) => recordPrinted(tx, tenantId, [document], by, deps.clock.now()));
  return getLetterOrThrow(deps.db, tenantId, letterId);
}

export interface PrintBatch {
  /** One PDF: each letter on a new page, followed by its customer's statement on a new page. */
  readonly bytes: Uint8Array;
  readonly fileName: string;
  readonly letterIds: readonly string[];
  readonly markedSent: boolean;
  /** Planned letters of the selection left out by the batch size (print again for them). */
  readonly remaining: number;
}

/** The letters a batch prints: the ones named (each must be printable), else the print queue. */
async function selectLetters(
  deps: CoreDeps,
  tenantId: string,
  input: PrintLettersInput,
): Promise<{ letters: RecordedLetter[]; remaining: number }> {
  if (!input.letterIds) {
    const queue = await getPrintQueue(deps.db, tenantId, {
      limit: MAX_PRINT_BATCH,
      ...(input.runId ? { runId: input.runId } : {}),
    });
    return { letters: queue.letters, remaining: queue.total - queue.letters.length };
  }
  const letters = await getLettersOrThrow(deps.db, tenantId, [...new Set(input.letterIds)]);
  const refusals = letters.flatMap((l) => {
    if (input.runId && l.runId !== input.runId) return [`letter ${l.letterId} is not of run ${input.runId}`];
    return printRefusal(l) ?? [];
  });
  if (refusals.length > 0) throw invalidState(refusals.join('; '));
  return { letters, remaining: 0 };
}

/** Each letter's stored document and its customer's statement as of the letter's date. */
async function printItems(deps: CoreDeps, tenantId: string, letters: readonly RecordedLetter[]) {
  const documents: LetterDocument[] = [];
  const items: PrintItem[] = [];
  for (const letter of letters) {
    const document = await ensureLetterDocument(deps, tenantId, letter);
    const { statement } = await createStatement(deps.db, deps, tenantId, letter.customerId, {
      asOf: letter.asOf,
    });
    documents.push(document);
    items.push({ letter: document.layout, statement });
  }
  return { documents, items };
}

/**
 * Print planned letters of channel `letter` as one PDF (at most MAX_PRINT_BATCH, oldest first):
 * the ones named in `letterIds` (refused as a whole with invalid_state if any is not a planned
 * letter of channel letter, or not of `runId`), else those of `runId`, else the whole print
 * queue. Each letter is its stored document; its statement is rendered (and stored) as of the
 * letter's date. With `markSent` the letters are recorded as printed and posted in one
 * transaction after rendering (refused as a whole if any was recorded meanwhile). Returns null
 * when there is nothing to print.
 */
export async function printLetters(
  deps: CoreDeps,
  tenantId: string,
  raw: PrintLettersInput,
  by: Actor,
): Promise<PrintBatch | null> {
  const input = printLettersInput.parse(raw);
  const { letters, remaining } = await selectLetters(deps, tenantId, input);
  if (letters.length === 0) return null;
  const { documents, items } = await printItems(deps, tenantId, letters);
  const bytes = await renderPrintBatchPdf(items, `Dunning letters for the post (${letters.length})`);
  const markedSent = input.markSent === true;
  if (markedSent)
    await withTransaction(deps.db, (tx) => recordPrinted(tx, tenantId, documents, by, deps.clock.now()));
  return {
    bytes,
    fileName: `dunning-letters-${todayUtc(deps.clock.now())}.pdf`,
    letterIds: letters.map((l) => l.letterId),
    markedSent,
    remaining,
  };
}
