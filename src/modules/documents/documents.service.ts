/**
 * Documents: invoice, credit-note and statement PDFs, stored once with their SHA-256.
 *
 * An invoice's (or credit note's) PDF is rendered the first time it is needed from the issued
 * invoice, whose data never changes (lines, totals, and the letterhead version and customer fixed
 * at issue), and stored; every later request serves the stored bytes. Rendering happens outside
 * any transaction and never inside issuing; two concurrent first requests render the same bytes,
 * one row is kept (unique per invoice). A statement is a snapshot as of a date: stored per
 * distinct content, so the same statement asked for twice is one document.
 */
import type { Queryable } from '../../db/client.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { yieldToEventLoop } from '../../shared/event-loop.ts';
import { newId, uuidV7Floor } from '../../shared/ids.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { getInvoiceRowOrThrow, getInvoicesByIds, type InvoiceRow } from '../invoices/index.ts';
import { getLetterheadVersion, type LetterheadWarning, letterheadGaps } from '../tenants/index.ts';
import * as repo from './documents.repository.ts';
import type { InvoiceDocument } from './invoice-document.ts';
import { loadInvoiceDocument, loadInvoiceDocuments } from './invoice-document-sources.ts';
import { renderInvoicePdf } from './pdf/invoice-pdf.ts';
import {
  type DocumentInfo,
  infoOf,
  PDF,
  type StoredDocument,
  safeFileName,
  sha256Hex,
  storedOf,
} from './stored-document.ts';

export { loadInvoiceDocument } from './invoice-document-sources.ts';
export {
  createStatementDocument,
  type RenderedDocument,
  renderStatementDocument,
  type StatementOptions,
} from './statements.service.ts';
export type { DocumentInfo, DocumentKind, StoredDocument } from './stored-document.ts';

/**
 * What the document of an issued invoice or credit note lacks of the seller (address, tax id, and
 * for an invoice the account to pay to), from the letterhead it was issued under — the one its
 * PDF prints, whatever changed since. None for a draft or an imported open item (no document of
 * ours). For issue and send to warn with: they never refuse (see tenants/letterhead-gaps).
 */
export async function invoiceDocumentWarnings(
  q: Queryable,
  tenantId: string,
  invoice: InvoiceRow,
): Promise<LetterheadWarning[]> {
  if (!invoice.number || !invoice.issuedAt || invoice.source !== 'native') return [];
  const letterhead = await getLetterheadVersion(q, tenantId, invoice.letterheadVersion);
  return letterheadGaps(letterhead, invoice.kind === 'credit_note' ? 'credit_note' : 'invoice');
}

/** A stored document with its bytes. Throws not_found for another tenant's or an unknown id. */
export async function getStoredDocument(
  q: Queryable,
  tenantId: string,
  documentId: string,
): Promise<StoredDocument> {
  const row = await repo.findDocument(q, tenantId, documentId);
  if (!row) throw notFound('document', documentId);
  return storedOf(row);
}

/** A stored document's metadata, without loading its bytes. */
export async function getDocumentInfo(
  q: Queryable,
  tenantId: string,
  documentId: string,
): Promise<DocumentInfo> {
  const row = await repo.findDocumentInfo(q, tenantId, documentId);
  if (!row) throw notFound('document', documentId);
  return infoOf(row);
}

/**
 * The PDF of an issued invoice or credit note (by id or number): the stored one, or rendered now
 * and stored when it is the first request. Every call returns the same bytes and SHA-256.
 * Throws not_found for an unknown invoice, invalid_state for a draft or an imported open item.
 */
export function ensureInvoiceDocument(
  deps: CoreDeps,
  tenantId: string,
  invoiceId: string,
): Promise<StoredDocument> {
  return ensureInvoiceDocumentOn(deps.db, deps, tenantId, invoiceId);
}

/** `ensureInvoiceDocument` on `q` — the database, or the caller's transaction (the outbox's). */
export async function ensureInvoiceDocumentOn(
  q: Queryable,
  deps: Pick<TxDeps, 'clock'>,
  tenantId: string,
  invoiceId: string,
): Promise<StoredDocument> {
  const invoice = await getInvoiceRowOrThrow(q, tenantId, invoiceId);
  const existing = await repo.findInvoiceDocument(q, tenantId, invoice.invoiceId);
  if (existing) return storedOf(existing);
  const document = await loadInvoiceDocument(q, tenantId, invoice);
  return storeInvoiceDocument(q, deps, invoice, document, await renderInvoicePdf(document));
}

/** Store a rendered invoice PDF unless one is stored already; either way, return the stored one. */
async function storeInvoiceDocument(
  q: Queryable,
  deps: Pick<TxDeps, 'clock'>,
  invoice: InvoiceRow,
  document: InvoiceDocument,
  bytes: Uint8Array,
): Promise<StoredDocument> {
  const row: repo.DocumentRow = {
    tenantId: invoice.tenantId,
    documentId: newId(),
    kind: invoice.kind === 'credit_note' ? 'credit_note' : 'invoice',
    invoiceId: invoice.invoiceId,
    letterId: null,
    customerId: invoice.customerId,
    asOf: null,
    fileName: safeFileName(invoice.number ?? invoice.invoiceId),
    contentType: PDF,
    content: bytes,
    sha256: sha256Hex(bytes),
    byteSize: bytes.byteLength,
    language: document.language,
    createdAt: deps.clock.now(),
  };
  if (await repo.insertDocumentOnce(q, row)) return storedOf(row);
  // A concurrent first request stored it in the meantime: serve that one (the same bytes).
  const stored = await repo.findInvoiceDocument(q, invoice.tenantId, invoice.invoiceId);
  if (!stored) throw new AppError('conflict', `document of invoice ${invoice.number} could not be stored`);
  return storedOf(stored);
}

/**
 * Pre-render the PDFs of up to `limit` issued invoices and credit notes that have none yet,
 * newest first, among those created in the last `withinDays` days (default 30): for a scheduled
 * job, so that delivery finds them stored. Returns the documents it stored.
 */
export async function renderPendingInvoiceDocuments(
  deps: CoreDeps,
  tenantId: string,
  limit: number,
  withinDays = 30,
): Promise<{ rendered: number; documentIds: string[] }> {
  const since = uuidV7Floor(new Date(deps.clock.now().getTime() - withinDays * 86_400_000));
  const ids = await repo.pendingInvoiceIds(deps.db, tenantId, since, limit);
  const invoices = await getInvoicesByIds(deps.db, tenantId, ids);
  const documents = await loadInvoiceDocuments(deps.db, tenantId, invoices);
  const documentIds: string[] = [];
  // The next PDF renders while the previous one is being stored (a commit's round trip).
  let storing: Promise<StoredDocument> | null = null;
  for (const invoice of invoices) {
    const document = documents.get(invoice.invoiceId);
    if (!document) continue;
    // A PDF takes ~30 ms of this thread; on PGlite the whole batch would otherwise hold every request.
    await yieldToEventLoop();
    const bytes = await renderInvoicePdf(document);
    if (storing) documentIds.push((await storing).documentId);
    storing = storeInvoiceDocument(deps.db, deps, invoice, document, bytes);
    // Awaited on the next turn; marked as handled so a failure meanwhile is not "unhandled".
    storing.catch(() => undefined);
  }
  if (storing) documentIds.push((await storing).documentId);
  return { rendered: documentIds.length, documentIds };
}
