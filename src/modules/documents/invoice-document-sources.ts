/**
 * What an invoice's document shows, loaded from the database — one invoice at a time for a
 * request, or many in a handful of queries for the pre-render batch: the invoice, its lines, the
 * letterhead version and customer fixed at issue, and the invoice a credit note credits.
 */
import type { Queryable } from '../../db/client.ts';
import { invalidState } from '../../shared/errors.ts';
import {
  type CustomerRow,
  findCustomersByIdOrExternalId,
  getCustomerRowOrThrow,
} from '../customers/index.ts';
import type { BillTo } from '../invoices/index.ts';
import {
  getInvoiceDetail,
  getInvoicesByIds,
  getLinesOfInvoices,
  type InvoiceRow,
} from '../invoices/index.ts';
import { getMessagingSettings } from '../messaging/index.ts';
import { getLetterheadVersion, type Letterhead } from '../tenants/index.ts';
import {
  type InvoiceDocument,
  type InvoiceDocumentSource,
  invoiceDocument,
  type StoredLine,
} from './invoice-document.ts';

/** The customer as a document names it: fixed at issue, or (issued before that) from master data. */
export function billToOf(invoice: InvoiceRow, customer: CustomerRow): BillTo & { externalId: string } {
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

/**
 * The tenant's language, in which a document is written when cashloop has no labels in the
 * customer's (the messaging settings' `defaultLanguage`, English unless set).
 */
export async function companyLanguageOf(q: Queryable, tenantId: string): Promise<string> {
  return (await getMessagingSettings(q, tenantId)).defaultLanguage;
}

/** Only issued documents of cashloop's own have a PDF; throws invalid_state otherwise. */
export function assertRenderable(invoice: InvoiceRow): void {
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
 * What the documents of one issued invoice or credit note are made from (see the module comment),
 * loaded once: the PDF's source, and the customer row whose e-invoice settings an e-invoice reads.
 * Throws invalid_state for a draft or an imported open item.
 */
export async function loadInvoiceSource(
  q: Queryable,
  tenantId: string,
  invoice: InvoiceRow,
): Promise<{ source: InvoiceDocumentSource; customer: CustomerRow }> {
  assertRenderable(invoice);
  const { lines } = await getInvoiceDetail(q, tenantId, invoice.invoiceId);
  const customer = await getCustomerRowOrThrow(q, tenantId, invoice.customerId);
  const seller = await getLetterheadVersion(q, tenantId, invoice.letterheadVersion);
  const credited = invoice.creditedInvoiceId
    ? await getInvoiceDetail(q, tenantId, invoice.creditedInvoiceId)
    : null;
  const source: InvoiceDocumentSource = {
    invoice,
    lines,
    seller,
    customer: billToOf(invoice, customer),
    companyLanguage: await companyLanguageOf(q, tenantId),
    credited: credited ? { invoice: credited.invoice, lines: credited.lines } : null,
  };
  return { source, customer };
}

/**
 * What the PDF of an issued invoice or credit note shows (see the module comment).
 * Throws invalid_state for a draft or an imported open item.
 */
export async function loadInvoiceDocument(
  q: Queryable,
  tenantId: string,
  invoice: InvoiceRow,
): Promise<InvoiceDocument> {
  return invoiceDocument((await loadInvoiceSource(q, tenantId, invoice)).source);
}

async function letterheadsOf(q: Queryable, tenantId: string, invoices: readonly InvoiceRow[]) {
  const letterheads = new Map<number | null, Letterhead>();
  for (const version of new Set(invoices.map((i) => i.letterheadVersion)))
    letterheads.set(version, await getLetterheadVersion(q, tenantId, version));
  return letterheads;
}

/**
 * The documents of many issued invoices (renderable ones only, see `assertRenderable`) in five
 * queries or so, whatever their number: invoices credited, lines, customers, letterhead versions.
 */
export async function loadInvoiceDocuments(
  q: Queryable,
  tenantId: string,
  invoices: readonly InvoiceRow[],
): Promise<Map<string, InvoiceDocument>> {
  for (const invoice of invoices) assertRenderable(invoice);
  const creditedIds = [...new Set(invoices.flatMap((i) => i.creditedInvoiceId ?? []))];
  const credited = new Map((await getInvoicesByIds(q, tenantId, creditedIds)).map((i) => [i.invoiceId, i]));
  const lines = await getLinesOfInvoices(q, tenantId, [...invoices.map((i) => i.invoiceId), ...creditedIds]);
  const customerIds = [...new Set(invoices.map((i) => i.customerId))];
  const customers = new Map(
    (await findCustomersByIdOrExternalId(q, tenantId, customerIds)).map((c) => [c.customerId, c]),
  );
  const letterheads = await letterheadsOf(q, tenantId, invoices);
  const companyLanguage = await companyLanguageOf(q, tenantId);
  const linesOf = (id: string): StoredLine[] => lines.get(id) ?? [];
  const documents = new Map<string, InvoiceDocument>();
  for (const invoice of invoices) {
    const customer = customers.get(invoice.customerId);
    const seller = letterheads.get(invoice.letterheadVersion);
    const creditedInvoice = invoice.creditedInvoiceId ? credited.get(invoice.creditedInvoiceId) : undefined;
    if (!customer || !seller) throw new Error(`invoice ${invoice.number}: customer or letterhead missing`);
    documents.set(
      invoice.invoiceId,
      invoiceDocument({
        invoice,
        lines: linesOf(invoice.invoiceId),
        seller,
        customer: billToOf(invoice, customer),
        companyLanguage,
        credited: creditedInvoice
          ? { invoice: creditedInvoice, lines: linesOf(creditedInvoice.invoiceId) }
          : null,
      }),
    );
  }
  return documents;
}
