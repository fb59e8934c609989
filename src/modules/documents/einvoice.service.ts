/**
 * E-invoices of issued invoices and credit notes: EN 16931 XML as UBL 2.1 (Peppol BIS Billing 3.0,
 * XRechnung) or UN/CEFACT CII (EN 16931, XRechnung), in the format the request names or else the
 * customer's preferred one (default `ubl`).
 *
 * Generated on demand here: the document is a pure function of what was fixed at issue (the
 * invoice, its lines, the letterhead version, the customer as billed) plus the customer's e-invoice
 * settings, so the same request gives the same bytes and the same SHA-256 until those settings
 * change. The e-mailed copy is stored (einvoice-documents.service.ts). Not validated here: the official schematron needs an XSLT 2.0 processor (SaxonJS, not
 * open source) and 100–200 ms per document; the test suite runs it over every kind of document the
 * generator writes (docs/einvoice.md).
 */
import type { Queryable } from '../../db/client.ts';
import { EINVOICE_FORMATS, type EinvoiceFormat, getCustomerRowOrThrow } from '../customers/index.ts';
import { getInvoiceDetail, getInvoiceRowOrThrow, type InvoiceRow } from '../invoices/index.ts';
import { getLetterheadVersion } from '../tenants/index.ts';
import { ciiXml } from './einvoice-cii.ts';
import { einvoiceModel } from './einvoice-model.ts';
import { ublXml } from './einvoice-ubl.ts';
import { assertRenderable, billToOf } from './invoice-document-sources.ts';
import { sha256Hex } from './stored-document.ts';

export { EINVOICE_FORMATS, type EinvoiceFormat };

export interface RenderedEinvoice {
  readonly invoiceId: string;
  readonly number: string;
  readonly format: EinvoiceFormat;
  readonly fileName: string;
  readonly contentType: 'application/xml';
  readonly content: Uint8Array;
  /** Lower-case hex SHA-256 of `content`. */
  readonly sha256: string;
}

function fileNameOf(invoice: InvoiceRow, format: EinvoiceFormat): string {
  const stem = (invoice.number ?? invoice.invoiceId).normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '_');
  return `${stem}.${format}.xml`;
}

/** The e-invoice XML text of an issued invoice row (see the module comment). */
export async function einvoiceXmlOf(
  q: Queryable,
  tenantId: string,
  invoice: InvoiceRow,
  format: EinvoiceFormat | undefined,
): Promise<{ format: EinvoiceFormat; xml: string }> {
  assertRenderable(invoice);
  const { lines } = await getInvoiceDetail(q, tenantId, invoice.invoiceId);
  const customer = await getCustomerRowOrThrow(q, tenantId, invoice.customerId);
  const seller = await getLetterheadVersion(q, tenantId, invoice.letterheadVersion);
  const credited = invoice.creditedInvoiceId
    ? await getInvoiceDetail(q, tenantId, invoice.creditedInvoiceId)
    : null;
  const chosen = format ?? customer.einvoice?.format ?? 'ubl';
  const model = einvoiceModel({
    format: chosen,
    invoice,
    lines,
    seller,
    customer: billToOf(invoice, customer),
    companyLanguage: null,
    credited: credited ? { invoice: credited.invoice, lines: credited.lines } : null,
    buyer: { einvoice: customer.einvoice, emails: customer.emails },
  });
  return { format: chosen, xml: chosen.endsWith('cii') ? ciiXml(model) : ublXml(model) };
}

/**
 * The e-invoice of an issued invoice or credit note (id or number), in `format` or the customer's.
 * Throws not_found, or invalid_state for a draft, an imported open item, or data the format needs
 * and the invoice, letterhead or customer lacks (the message says what to set).
 */
export async function renderEinvoice(
  q: Queryable,
  tenantId: string,
  idOrNumber: string,
  format?: EinvoiceFormat,
): Promise<RenderedEinvoice> {
  const invoice = await getInvoiceRowOrThrow(q, tenantId, idOrNumber);
  const { format: chosen, xml } = await einvoiceXmlOf(q, tenantId, invoice, format);
  const content = new TextEncoder().encode(xml);
  return {
    invoiceId: invoice.invoiceId,
    number: invoice.number ?? invoice.invoiceId,
    format: chosen,
    fileName: fileNameOf(invoice, chosen),
    contentType: 'application/xml',
    content,
    sha256: sha256Hex(content),
  };
}
