/**
 * Stored e-invoices: an issued invoice or credit note in one format (XML, or the Factur-X PDF),
 * rendered the first time it is needed (the first e-mail that attaches it) and stored with its
 * SHA-256 beside the PDF; every later request in that format — the API's and the CLI's reads too —
 * serves the stored bytes, whatever changed since in the customer's e-invoice settings: the
 * document sent is the document kept. One row per invoice and format (unique); two concurrent
 * first requests keep one. A read of a format never sent renders it and stores nothing.
 */
import type { Queryable } from '../../db/client.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { TxDeps } from '../core-deps.ts';
import { customerRefs } from '../customers/index.ts';
import { getInvoiceRowOrThrow } from '../invoices/index.ts';
import * as repo from './documents.repository.ts';
import { type EinvoiceOutput, renderEinvoice } from './einvoice.service.ts';
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
  format: EinvoiceOutput,
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
    language: rendered.language,
    einvoiceFormat: format,
    createdAt: deps.clock.now(),
  };
  if (await repo.insertDocumentOnce(q, row)) return storedOf(row);
  // A concurrent first request stored it in the meantime: serve that one.
  const stored = await repo.findEinvoiceDocument(q, tenantId, invoice.invoiceId, format);
  if (!stored) throw new AppError('conflict', `e-invoice of invoice ${invoice.number} could not be stored`);
  return storedOf(stored);
}

/** An e-invoice as a read serves it: `documentId` names the stored copy, null when rendered now. */
export interface EinvoiceRead extends Omit<StoredDocument, 'documentId' | 'kind' | 'createdAt'> {
  readonly documentId: string | null;
  readonly format: EinvoiceOutput;
  /** The invoice's number (its id when it has none). */
  readonly number: string;
}

/**
 * The e-invoice of an issued invoice or credit note (id or number) in `format`, else the
 * customer's preferred one, else `ubl`: the stored copy when one was sent in that format, else
 * rendered for this read and not stored. Throws as `renderEinvoice` does.
 */
export async function readEinvoice(
  q: Queryable,
  tenantId: string,
  idOrNumber: string,
  format?: EinvoiceOutput,
): Promise<EinvoiceRead> {
  const invoice = await getInvoiceRowOrThrow(q, tenantId, idOrNumber);
  const preferred = (await customerRefs(q, tenantId, [invoice.customerId])).get(invoice.customerId);
  const chosen = format ?? preferred?.einvoiceFormat ?? 'ubl';
  const number = invoice.number ?? invoice.invoiceId;
  const stored = await repo.findEinvoiceDocument(q, tenantId, invoice.invoiceId, chosen);
  if (stored) return { ...storedOf(stored), format: chosen, number };
  const rendered = await renderEinvoice(q, tenantId, invoice.invoiceId, chosen);
  const { fileName, contentType, content, sha256 } = rendered;
  return { documentId: null, format: chosen, number, fileName, contentType, bytes: content, sha256 };
}
