/**
 * Stored e-invoices: the XML of an issued invoice or credit note in one format, rendered the first
 * time it is needed (the first e-mail that attaches it) and stored with its SHA-256 beside the PDF;
 * every later request in that format serves the stored bytes, whatever changed since in the
 * customer's e-invoice settings — the document sent is the document kept. One row per invoice and
 * format (unique); two concurrent first requests keep one.
 */
import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { TxDeps } from '../core-deps.ts';
import type { EinvoiceFormat } from '../customers/index.ts';
import { getInvoiceRowOrThrow } from '../invoices/index.ts';
import * as repo from './documents.repository.ts';
import { renderEinvoice } from './einvoice.service.ts';
import { type StoredDocument, storedOf } from './stored-document.ts';

/**
 * The stored e-invoice of an issued invoice or credit note in `format`, or rendered and stored now
 * when it is the first request. Throws as `renderEinvoice` does (not_found; invalid_state for a
 * draft, an imported open item, or data the format needs and the documents lack).
 */
export async function ensureEinvoiceDocumentOn(
  q: Queryable,
  deps: Pick<TxDeps, 'clock'>,
  tenantId: string,
  invoiceId: string,
  format: EinvoiceFormat,
): Promise<StoredDocument> {
  const invoice = await getInvoiceRowOrThrow(q, tenantId, invoiceId);
  const existing = await repo.findEinvoiceDocument(q, tenantId, invoice.invoiceId, format);
  if (existing) return storedOf(existing);
  const rendered = await renderEinvoice(q, tenantId, invoice.invoiceId, format);
  const row: repo.DocumentRow = {
    tenantId,
    documentId: newId(),
    kind: 'einvoice',
    invoiceId: invoice.invoiceId,
    letterId: null,
    customerId: invoice.customerId,
    asOf: null,
    fileName: rendered.fileName,
    contentType: rendered.contentType,
    content: rendered.content,
    sha256: rendered.sha256,
    byteSize: rendered.content.byteLength,
    // The XML's few fixed texts (payment terms, BT-20) are English.
    language: 'en',
    einvoiceFormat: format,
    createdAt: deps.clock.now(),
  };
  if (await repo.insertDocumentOnce(q, row)) return storedOf(row);
  // A concurrent first request stored it in the meantime: serve that one.
  const stored = await repo.findEinvoiceDocument(q, tenantId, invoice.invoiceId, format);
  if (!stored) throw new AppError('conflict', `e-invoice of invoice ${invoice.number} could not be stored`);
  return storedOf(stored);
}
