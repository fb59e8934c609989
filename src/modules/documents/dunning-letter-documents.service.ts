/**
 * Dunning letters as documents: a letter's PDF is rendered the first time it is needed, from the
 * layout its caller assembled (letter, letterhead of its run, customer, template wording), and
 * stored once with its SHA-256 and that layout; every later request serves the stored bytes, and
 * a print batch draws the letter again from the stored layout — so what is posted is what is on
 * record, even if the customer's address or the template changed after the first rendering.
 */
import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CoreDeps } from '../core-deps.ts';
import * as repo from './documents.repository.ts';
import {
  type DunningLetterDocument,
  letterFromLayoutData,
  letterLayoutData,
} from './dunning-letter-document.ts';
import { renderDunningLetterPdf } from './pdf/dunning-letter-pdf.ts';
import { PDF, type StoredDocument, safeFileName, sha256Hex, storedOf } from './stored-document.ts';

export { type PrintItem, renderPrintBatchPdf } from './pdf/print-batch-pdf.ts';

/** A letter's stored PDF and the layout it was drawn from. */
export interface LetterDocument {
  readonly stored: StoredDocument;
  readonly layout: DunningLetterDocument;
}

/** The stored document of a letter, or null when it was never rendered. */
export async function findDunningLetterDocument(
  q: Queryable,
  tenantId: string,
  letterId: string,
): Promise<LetterDocument | null> {
  const row = await repo.findLetterDocument(q, tenantId, letterId);
  return row ? { stored: storedOf(row), layout: letterFromLayoutData(row.layoutData) } : null;
}

/** `dunning-letter-ACME-2026-03-05-4.pdf`: the customer, the letter's date and its level. */
function letterFileName(layout: DunningLetterDocument): string {
  return safeFileName(`dunning-letter-${layout.customer.externalId}-${layout.letterDate}-${layout.level}`);
}

/**
 * Render `layout` and store it as the letter's document, unless one is stored already (a
 * concurrent first request): either way, return the stored one. Runs outside any transaction.
 */
export async function storeDunningLetterDocument(
  deps: CoreDeps,
  tenantId: string,
  customerId: string,
  layout: DunningLetterDocument,
): Promise<LetterDocument> {
  const bytes = await renderDunningLetterPdf(layout);
  const row: repo.DocumentRow & { layoutData: unknown } = {
    tenantId,
    documentId: newId(),
    kind: 'dunning_letter',
    invoiceId: null,
    letterId: layout.letterId,
    customerId,
    asOf: layout.letterDate,
    fileName: letterFileName(layout),
    contentType: PDF,
    content: bytes,
    sha256: sha256Hex(bytes),
    byteSize: bytes.byteLength,
    language: layout.customer.language,
    layoutData: letterLayoutData(layout),
    createdAt: deps.clock.now(),
  };
  if (await repo.insertDocumentOnce(deps.db, row)) return { stored: storedOf(row), layout };
  const stored = await findDunningLetterDocument(deps.db, tenantId, layout.letterId);
  if (!stored)
    throw new AppError('conflict', `document of dunning letter ${layout.letterId} could not be stored`);
  return stored;
}
