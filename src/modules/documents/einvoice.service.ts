/**
 * E-invoices of issued invoices and credit notes: EN 16931 XML as UBL 2.1 (Peppol BIS Billing 3.0,
 * XRechnung) or UN/CEFACT CII (EN 16931, XRechnung), or Factur-X (the invoice PDF as PDF/A-3b with
 * the `cii` XML embedded), in the format the request names or else the customer's preferred one
 * (default `ubl`).
 *
 * Generated on demand here: the document is a pure function of what was fixed at issue (the
 * invoice, its lines, the letterhead version, the customer as billed) plus the customer's e-invoice
 * settings, so the same request gives the same bytes and the same SHA-256 until those settings
 * change. The e-mailed copy is stored, and reads serve it (einvoice-documents.service.ts). Not validated here: the official schematron needs an XSLT 2.0 processor (SaxonJS, not
 * open source) and 100–200 ms per document; the test suite runs it over every kind of document the
 * generator writes (docs/einvoice.md).
 */
import type { Queryable } from '../../db/client.ts';
import {
  EINVOICE_FORMATS,
  EINVOICE_PREFERENCES,
  type EinvoiceFormat,
  type EinvoicePreference,
} from '../customers/index.ts';
import { getInvoiceRowOrThrow } from '../invoices/index.ts';
import { ciiXml } from './einvoice-cii.ts';
import { renderFacturXPdf } from './einvoice-facturx.ts';
import { einvoiceModel } from './einvoice-model.ts';
import { ublXml } from './einvoice-ubl.ts';
import { invoiceDocument } from './invoice-document.ts';
import { loadInvoiceSource } from './invoice-document-sources.ts';
import { PDF, safeFileName, sha256Hex } from './stored-document.ts';

export { EINVOICE_FORMATS, type EinvoiceFormat };

/** What may be asked for: an XML format, or `facturx` (the PDF with the `cii` XML embedded). */
export const EINVOICE_OUTPUTS = EINVOICE_PREFERENCES;
export type EinvoiceOutput = EinvoicePreference;

export interface RenderedEinvoice {
  readonly invoiceId: string;
  readonly number: string;
  readonly format: EinvoiceOutput;
  readonly fileName: string;
  readonly contentType: 'application/xml' | typeof PDF;
  readonly content: Uint8Array;
  /** Lower-case hex SHA-256 of `content`. */
  readonly sha256: string;
  /** The language of its words: the invoice's for Factur-X (a PDF), else `en` (the XML's few fixed texts). */
  readonly language: string;
}

type LoadedSource = Awaited<ReturnType<typeof loadInvoiceSource>>;

/** The e-invoice XML of a loaded invoice in `format` (see the module comment). */
function einvoiceXmlOf({ source, customer }: LoadedSource, format: EinvoiceFormat): Uint8Array {
  const model = einvoiceModel({
    ...source,
    format,
    buyer: { einvoice: customer.einvoice, emails: customer.emails },
  });
  return new TextEncoder().encode(format.endsWith('cii') ? ciiXml(model) : ublXml(model));
}

/** The bytes, file name and type of `format` for a loaded invoice. */
async function contentOf(
  loaded: LoadedSource,
  format: EinvoiceOutput,
): Promise<Pick<RenderedEinvoice, 'fileName' | 'contentType' | 'content' | 'language'>> {
  const { invoice } = loaded.source;
  if (format !== 'facturx')
    return {
      fileName: safeFileName(invoice.number ?? invoice.invoiceId, `${format}.xml`),
      contentType: 'application/xml',
      content: einvoiceXmlOf(loaded, format),
      language: 'en',
    };
  const cii = einvoiceXmlOf(loaded, 'cii');
  const document = invoiceDocument(loaded.source);
  return {
    fileName: safeFileName(invoice.number ?? invoice.invoiceId),
    contentType: PDF,
    content: await renderFacturXPdf(document, cii),
    language: document.language,
  };
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
  format?: EinvoiceOutput,
): Promise<RenderedEinvoice> {
  const invoice = await getInvoiceRowOrThrow(q, tenantId, idOrNumber);
  const loaded = await loadInvoiceSource(q, tenantId, invoice);
  const chosen = format ?? loaded.customer.einvoice?.format ?? 'ubl';
  const { fileName, contentType, content, language } = await contentOf(loaded, chosen);
  return {
    language,
    invoiceId: invoice.invoiceId,
    number: invoice.number ?? invoice.invoiceId,
    format: chosen,
    fileName,
    contentType,
    content,
    sha256: sha256Hex(content),
  };
}
