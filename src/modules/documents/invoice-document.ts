/**
 * What an invoice or credit note document shows, assembled from the issued invoice alone (its
 * lines, totals, dates, reference, the customer and letterhead fixed at issue): nothing in it
 * depends on what happened after issue (payments, status), so rendering it again gives the same.
 *
 * Taxes per rate follow the invoice rounding rule (`invoices/invoice-totals`). A credit note's
 * single stored line is shown per tax rate of the invoice it credits, in that invoice's
 * proportions (the same split the credit note's journal entry made), described by its reason.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { allocate, formatAmount } from '../../shared/money.ts';
import type { BillTo, InvoiceRow } from '../invoices/index.ts';
import {
  computeTotals,
  taxOn,
  type VatCategory,
  vatCategoryOf,
  vatExemptionReasonOf,
} from '../invoices/index.ts';
import type { Letterhead } from '../tenants/index.ts';
import { type PaymentTerms, parsePaymentTerms } from '../terms/index.ts';
import type { DocumentLanguage } from './document-labels.ts';
import { documentReading } from './document-language.ts';

export interface DocumentLine {
  description: string;
  /** Decimal strings as stored: quantity, unit price (major units), percentages. */
  quantity: string;
  unitPrice: string;
  discountPct: string;
  taxRate: string;
  netMinor: bigint;
}

export interface DocumentTax {
  rate: string;
  netMinor: bigint;
  taxMinor: bigint;
}

/**
 * A line category without VAT, stated on the document as the law asks (reverse charge,
 * intra-community supply, export, exempt, not subject): the reason given on the line, or null for
 * the category's standard wording in the document's language (an exempt line, E, always has one).
 */
export interface VatNote {
  category: Exclude<VatCategory, 'S' | 'Z'>;
  reason: string | null;
}

export interface InvoiceDocument {
  kind: 'invoice' | 'credit_note';
  number: string;
  issueDate: CalendarDate;
  dueDate: CalendarDate;
  issuedAt: Date;
  currency: string;
  seller: Letterhead;
  customer: BillTo & { externalId: string };
  /** The one language of the document (labels, terms in words) and its locale (dates, amounts). */
  language: DocumentLanguage;
  locale: string;
  poNumber: string | null;
  description: string | null;
  lines: DocumentLine[];
  taxes: DocumentTax[];
  netMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
  /** One per category and reason, in line order; a credit note states its invoice's. */
  vatNotes: VatNote[];
  terms: PaymentTerms;
  /** The early-payment discount on offer: last day, percentage, amount off the total. */
  discount: { deadline: CalendarDate; pct: string; amountMinor: bigint } | null;
  /** ISO 11649 RF reference to quote when paying (null on credit notes: nothing is paid). */
  paymentReference: string | null;
  /** The invoice a credit note credits. */
  credited: { number: string; issueDate: CalendarDate } | null;
}

export interface StoredLine {
  description: string;
  quantity: string;
  unitPrice: string;
  discountPct: string;
  taxRate: string;
  netMinor: bigint;
  /** EN 16931 category and exemption reason as stored (null: derived from the rate, see vatCategoryOf). */
  vatCategory?: VatCategory | null | undefined;
  vatExemptionReason?: string | null | undefined;
}

export interface InvoiceDocumentSource {
  invoice: InvoiceRow;
  lines: readonly StoredLine[];
  seller: Letterhead;
  customer: BillTo & { externalId: string };
  /** The tenant's language: the document's when the customer's has no labels (see document-language). */
  companyLanguage: string | null;
  /** For a credit note: the invoice it credits and that invoice's lines. */
  credited: { invoice: InvoiceRow; lines: readonly StoredLine[] } | null;
}

/** Taxes per rate of stored lines, by the invoice rounding rule; checked against the stored tax. */
export function taxesOf(invoice: InvoiceRow, lines: readonly StoredLine[]): DocumentTax[] {
  const totals = computeTotals(lines, invoice.currency);
  if (totals.taxMinor !== invoice.taxMinor || totals.netMinor !== invoice.netMinor)
    throw new Error(`invoice ${invoice.number}: lines do not add up to the stored net and tax`);
  return totals.taxes.map((t) => ({ rate: t.rate, netMinor: t.netMinor, taxMinor: t.taxMinor }));
}

/** A credit note's net and tax split over the rates of the invoice it credits. */
export function creditNoteTaxes(
  creditNote: InvoiceRow,
  creditedTaxes: readonly DocumentTax[],
): DocumentTax[] {
  const nets = allocate(
    creditNote.netMinor,
    creditedTaxes.map((t) => t.netMinor),
  );
  const taxes = allocate(
    creditNote.taxMinor,
    creditedTaxes.map((t) => t.taxMinor),
  );
  const split = creditedTaxes.map((t, i) => ({
    rate: t.rate,
    netMinor: nets[i] ?? 0n,
    taxMinor: taxes[i] ?? 0n,
  }));
  const nonZero = split.filter((t) => t.netMinor !== 0n || t.taxMinor !== 0n);
  return nonZero.length > 0 ? nonZero : split.slice(0, 1);
}

function creditNoteLines(
  description: string,
  taxes: readonly DocumentTax[],
  currency: string,
): DocumentLine[] {
  return taxes.map((t) => ({
    description,
    quantity: '1',
    unitPrice: formatAmount(t.netMinor, currency),
    discountPct: '0',
    taxRate: t.rate,
    netMinor: t.netMinor,
  }));
}

/** The distinct categories without VAT of the lines, each with the reason given on its line. */
export function vatNotesOf(lines: readonly StoredLine[]): VatNote[] {
  const notes = new Map<string, VatNote>();
  for (const line of lines) {
    const category = vatCategoryOf(line);
    if (category === 'S' || category === 'Z') continue;
    const given = line.vatExemptionReason?.trim() || null;
    // The category's default reason (`Reverse charge`) typed in adds nothing to its standard wording.
    const reason = given === vatExemptionReasonOf({ vatCategory: category }) ? null : given;
    notes.set(`${category}\u0000${reason ?? ''}`, { category, reason });
  }
  return [...notes.values()];
}

function requireIssued(invoice: InvoiceRow): { number: string; issueDate: CalendarDate; issuedAt: Date } {
  if (!invoice.number || !invoice.issueDate || !invoice.issuedAt)
    throw new Error(`invoice ${invoice.invoiceId} was never issued`);
  return { number: invoice.number, issueDate: invoice.issueDate, issuedAt: invoice.issuedAt };
}

/** The document of an issued invoice or credit note (see the module comment for what it holds). */
export function invoiceDocument(source: InvoiceDocumentSource): InvoiceDocument {
  const { invoice, credited } = source;
  const issued = requireIssued(invoice);
  const isCredit = invoice.kind === 'credit_note';
  if (isCredit && !credited) throw new Error(`credit note ${issued.number} has no credited invoice`);
  const taxes = credited
    ? creditNoteTaxes(invoice, taxesOf(credited.invoice, credited.lines))
    : taxesOf(invoice, source.lines);
  const lines = credited
    ? creditNoteLines(invoice.description ?? source.lines[0]?.description ?? '', taxes, invoice.currency)
    : source.lines.map((l) => ({ ...l }));
  return {
    kind: isCredit ? 'credit_note' : 'invoice',
    ...issued,
    dueDate: invoice.dueDate ?? issued.issueDate,
    currency: invoice.currency,
    seller: source.seller,
    customer: source.customer,
    ...documentReading(source.customer, source.companyLanguage, source.seller.country),
    poNumber: invoice.poNumber,
    description: isCredit ? null : invoice.description,
    lines,
    taxes,
    netMinor: invoice.netMinor,
    taxMinor: invoice.taxMinor,
    totalMinor: invoice.totalMinor,
    vatNotes: vatNotesOf(credited ? credited.lines : source.lines),
    terms: parsePaymentTerms(invoice.paymentTerms),
    discount:
      invoice.discountDate && invoice.discountPct
        ? {
            deadline: invoice.discountDate,
            pct: invoice.discountPct,
            // The percentage of the gross total, rounded half away from zero (as cash application takes it).
            amountMinor: taxOn(invoice.totalMinor, invoice.discountPct),
          }
        : null,
    paymentReference: isCredit ? null : invoice.paymentReference,
    credited: credited ? creditedOf(credited.invoice) : null,
  };
}

function creditedOf(invoice: InvoiceRow): { number: string; issueDate: CalendarDate } {
  const issued = requireIssued(invoice);
  return { number: issued.number, issueDate: issued.issueDate };
}
