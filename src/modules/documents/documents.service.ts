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
import { AppError, invalidState, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CoreDeps } from '../core-deps.ts';
import type { CustomerRow } from '../customers/customers.repository.ts';
import { getCustomerRowOrThrow } from '../customers/customers.service.ts';
import { getInvoiceDetail, getInvoiceRowOrThrow, type InvoiceRow } from '../invoices/invoices.service.ts';
import type { BillTo } from '../invoices/invoices.tables.ts';
import { getLetterheadVersion } from '../tenants/letterhead.service.ts';
import * as repo from './documents.repository.ts';
import { type InvoiceDocument, invoiceDocument } from './invoice-document.ts';
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

export { createStatementDocument, type StatementOptions } from './statements.service.ts';
export type { DocumentInfo, DocumentKind, StoredDocument } from './stored-document.ts';

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

/** The customer as a document names it: fixed at issue, or (issued before that) from master data. */
function billToOf(invoice: InvoiceRow, customer: CustomerRow): BillTo & { externalId: string } {
  const fixed: BillTo = invoice.billTo ?? {
    name: customer.name,
    legalName: customer.legalName,
    billingAddress: customer.billingAddress,
    country: customer.country,
    taxId: customer.taxId,
    language: customer.language,
  };
  return { ...fixed, externalId: customer.externalId };
}

function assertRenderable(invoice: InvoiceRow): void {
  if (!invoice.number || !invoice.issuedAt)
    throw invalidState(
      `invoice ${invoice.number ?? invoice.invoiceId} is a draft: only issued documents have a PDF`,
    );
  if (invoice.source !== 'native')
    throw invalidState(
      `invoice ${invoice.number} was imported as an open item; its document is the one the other system issued`,
    );
}

/**
 * What the PDF of an issued invoice or credit note shows, loaded from the database: the invoice,
 * its lines, the letterhead version and customer fixed at issue, and the invoice a credit note
 * credits. Throws invalid_state for a draft or an imported open item.
 */
export async function loadInvoiceDocument(
  q: Queryable,
  tenantId: string,
  invoice: InvoiceRow,
): Promise<InvoiceDocument> {
  assertRenderable(invoice);
  const { lines } = await getInvoiceDetail(q, tenantId, invoice.invoiceId);
  const customer = await getCustomerRowOrThrow(q, tenantId, invoice.customerId);
  const seller = await getLetterheadVersion(q, tenantId, invoice.letterheadVersion);
  const credited = invoice.creditedInvoiceId
    ? await getInvoiceDetail(q, tenantId, invoice.creditedInvoiceId)
    : null;
  return invoiceDocument({
    invoice,
    lines,
    seller,
    customer: billToOf(invoice, customer),
    credited: credited ? { invoice: credited.invoice, lines: credited.lines } : null,
  });
}

/**
 * The PDF of an issued invoice or credit note (by id or number): the stored one, or rendered now
 * and stored when it is the first request. Every call returns the same bytes and SHA-256.
 * Throws not_found for an unknown invoice, invalid_state for a draft or an imported open item.
 */
export async function ensureInvoiceDocument(
  deps: CoreDeps,
  tenantId: string,
  invoiceId: string,
): Promise<StoredDocument> {
  const invoice = await getInvoiceRowOrThrow(deps.db, tenantId, invoiceId);
  const existing = await repo.findInvoiceDocument(deps.db, tenantId, invoice.invoiceId);
  if (existing) return storedOf(existing);
  const document = await loadInvoiceDocument(deps.db, tenantId, invoice);
  const bytes = await renderInvoicePdf(document);
  const row: repo.DocumentRow = {
    tenantId,
    documentId: newId(),
    kind: invoice.kind === 'credit_note' ? 'credit_note' : 'invoice',
    invoiceId: invoice.invoiceId,
    customerId: invoice.customerId,
    asOf: null,
    fileName: safeFileName(invoice.number ?? invoice.invoiceId),
    contentType: PDF,
    content: bytes,
    sha256: sha256Hex(bytes),
    byteSize: bytes.byteLength,
    language: document.customer.language,
    createdAt: deps.clock.now(),
  };
  if (await repo.insertDocumentOnce(deps.db, row)) return storedOf(row);
  // A concurrent first request stored it in the meantime: serve that one (the same bytes).
  const stored = await repo.findInvoiceDocument(deps.db, tenantId, invoice.invoiceId);
  if (!stored) throw new AppError('conflict', `document of invoice ${invoice.number} could not be stored`);
  return storedOf(stored);
}

/** The smallest UUID v7 of a moment: ids created from then on sort at or above it. */
function uuidV7Floor(at: Date): string {
  const hex = Math.max(0, at.getTime()).toString(16).padStart(12, '0');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-7000-8000-000000000000`;
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
  const documentIds: string[] = [];
  for (const id of ids) documentIds.push((await ensureInvoiceDocument(deps, tenantId, id)).documentId);
  return { rendered: documentIds.length, documentIds };
}
