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
import { createHash } from 'node:crypto';
import type { Queryable } from '../../db/client.ts';
import { type CalendarDate, todayUtc } from '../../shared/calendar-date.ts';
import { AppError, invalidState, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CoreDeps } from '../core-deps.ts';
import type { CustomerRow } from '../customers/customers.repository.ts';
import { getCustomerRowOrThrow } from '../customers/customers.service.ts';
import { getInvoiceDetail, getInvoiceRowOrThrow, type InvoiceRow } from '../invoices/invoices.service.ts';
import type { BillTo } from '../invoices/invoices.tables.ts';
import { agingItems, agingReport } from '../reports/aging.service.ts';
import { getLetterhead, getLetterheadVersion } from '../tenants/letterhead.service.ts';
import * as repo from './documents.repository.ts';
import { invoiceDocument } from './invoice-document.ts';
import { renderInvoicePdf } from './pdf/invoice-pdf.ts';
import { renderStatementPdf } from './pdf/statement-pdf.ts';
import { statementDocument } from './statement-document.ts';

export type DocumentKind = 'invoice' | 'credit_note' | 'statement';

export interface StoredDocument {
  documentId: string;
  kind: DocumentKind;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  /** Lower-case hex SHA-256 of `bytes`. */
  sha256: string;
  createdAt: Date;
}

export interface DocumentInfo extends Omit<StoredDocument, 'bytes'> {
  byteSize: number;
  invoiceId: string | null;
  customerId: string;
  asOf: CalendarDate | null;
  language: string;
}

const PDF = 'application/pdf';

function infoOf(row: repo.DocumentInfoRow): DocumentInfo {
  return {
    documentId: row.documentId,
    kind: row.kind as DocumentKind,
    fileName: row.fileName,
    contentType: row.contentType,
    sha256: row.sha256,
    createdAt: row.createdAt,
    byteSize: row.byteSize,
    invoiceId: row.invoiceId,
    customerId: row.customerId,
    asOf: row.asOf,
    language: row.language,
  };
}

function storedOf(row: repo.DocumentRow): StoredDocument {
  return {
    documentId: row.documentId,
    kind: row.kind as DocumentKind,
    fileName: row.fileName,
    contentType: row.contentType,
    bytes: row.content,
    sha256: row.sha256,
    createdAt: row.createdAt,
  };
}

/** SHA-256 of bytes as lower-case hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A file name safe everywhere: letters, digits, `-`, `_` and `.` only. */
function safeFileName(stem: string): string {
  return `${stem.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '_')}.pdf`;
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

async function renderInvoiceBytes(
  q: Queryable,
  tenantId: string,
  invoice: InvoiceRow,
): Promise<{ bytes: Uint8Array; language: string }> {
  const { lines } = await getInvoiceDetail(q, tenantId, invoice.invoiceId);
  const customer = await getCustomerRowOrThrow(q, tenantId, invoice.customerId);
  const seller = await getLetterheadVersion(q, tenantId, invoice.letterheadVersion);
  const credited = invoice.creditedInvoiceId
    ? await getInvoiceDetail(q, tenantId, invoice.creditedInvoiceId)
    : null;
  const billTo = billToOf(invoice, customer);
  const document = invoiceDocument({
    invoice,
    lines,
    seller,
    customer: billTo,
    credited: credited ? { invoice: credited.invoice, lines: credited.lines } : null,
  });
  return { bytes: await renderInvoicePdf(document), language: billTo.language };
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
  assertRenderable(invoice);
  const { bytes, language } = await renderInvoiceBytes(deps.db, tenantId, invoice);
  const row = await repo.insertDocumentOnce(deps.db, {
    tenantId,
    documentId: newId(),
    kind: invoice.kind === 'credit_note' ? 'credit_note' : 'invoice',
    invoiceId: invoice.invoiceId,
    customerId: invoice.customerId,
    fileName: safeFileName(invoice.number ?? invoice.invoiceId),
    contentType: PDF,
    content: bytes,
    sha256: sha256Hex(bytes),
    byteSize: bytes.byteLength,
    language,
    createdAt: deps.clock.now(),
  });
  if (row) return storedOf(row);
  // A concurrent first request stored it in the meantime: serve that one (the same bytes).
  const stored = await repo.findInvoiceDocument(deps.db, tenantId, invoice.invoiceId);
  if (!stored) throw new AppError('conflict', `document of invoice ${invoice.number} could not be stored`);
  return storedOf(stored);
}

export interface StatementOptions {
  /** The date the statement is as of (default today). */
  asOf?: CalendarDate;
}

/**
 * A customer's statement as of a date (by customer id or external id), rendered and stored; the
 * same statement content asked for again returns the stored document. Its figures are the aging
 * report's for that customer and date.
 */
export async function createStatementDocument(
  deps: CoreDeps,
  tenantId: string,
  customerId: string,
  options: StatementOptions = {},
): Promise<StoredDocument> {
  const customer = await getCustomerRowOrThrow(deps.db, tenantId, customerId);
  const today = todayUtc(deps.clock.now());
  const asOf = options.asOf ?? today;
  const query = { asOf, basis: 'due_date' as const, today, customerId: customer.customerId };
  // One snapshot for the summary and the items, so a payment booked meanwhile cannot split them.
  const { reports, items, unapplied, seller } = await deps.db.transaction(
    async (tx) => ({
      reports: await agingReport(tx, tenantId, query),
      ...(await agingItems(tx, tenantId, query)),
      seller: await getLetterhead(tx, tenantId),
    }),
    { isolationLevel: 'repeatable read', accessMode: 'read only' },
  );
  const billTo = {
    name: customer.name,
    legalName: customer.legalName,
    billingAddress: customer.billingAddress,
    country: customer.country,
    taxId: customer.taxId,
    language: customer.language,
    externalId: customer.externalId,
  };
  const bytes = await renderStatementPdf(
    statementDocument({ asOf, seller, customer: billTo, reports, items, unapplied }),
  );
  return storeStatement(deps, tenantId, customer, asOf, bytes);
}

async function storeStatement(
  deps: CoreDeps,
  tenantId: string,
  customer: CustomerRow,
  asOf: CalendarDate,
  bytes: Uint8Array,
): Promise<StoredDocument> {
  const sha256 = sha256Hex(bytes);
  const row = await repo.insertDocumentOnce(deps.db, {
    tenantId,
    documentId: newId(),
    kind: 'statement',
    customerId: customer.customerId,
    asOf,
    fileName: safeFileName(`statement-${customer.externalId}-${asOf}`),
    contentType: PDF,
    content: bytes,
    sha256,
    byteSize: bytes.byteLength,
    language: customer.language,
    createdAt: deps.clock.now(),
  });
  const stored = row ?? (await repo.findStatementByHash(deps.db, tenantId, customer.customerId, sha256));
  if (!stored) throw new AppError('conflict', `statement of ${customer.externalId} could not be stored`);
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
