/**
 * An issued invoice or credit note in the terms of EN 16931 (the semantic model both UBL and CII
 * carry), built from the same sources as its PDF: the issued invoice, its lines, the letterhead
 * version and customer fixed at issue, and the customer's e-invoice settings. Pure and
 * deterministic: the same sources give the same model, so a document generated again is the same.
 *
 * Amounts stay in minor units; the writers format them. A line discount becomes a price discount
 * (gross price BT-148, discount BT-147, net price BT-146 = gross × (1 − discount %)), so the line
 * net (BT-131) = quantity × net price, rounded as cashloop rounds it. The VAT breakdown (BG-23) is
 * one group per category and rate, its tax computed per group by the invoice rounding rule; a
 * credit note's single amount is split over the groups of the invoice it credits in that invoice's
 * proportions (as its PDF and journal entry split it).
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { exponentOf } from '../../shared/currency.ts';
import { decimalPlaces, formatRatio, mul, parseDecimal, ratio, sub } from '../../shared/decimal.ts';
import { invalidState } from '../../shared/errors.ts';
import { allocate } from '../../shared/money.ts';
import type { EinvoiceFormat } from '../customers/index.ts';
import type { VatCategory } from '../invoices/index.ts';
import { taxOn, vatCategoryOf, vatExemptionReasonOf } from '../invoices/index.ts';
import { describePaymentTerms, parsePaymentTerms } from '../terms/index.ts';
import { type AddressParts, addressParts } from './document-address.ts';
import { type EinvoiceParty, einvoiceParties } from './einvoice-parties.ts';
import type { InvoiceDocumentSource, StoredLine } from './invoice-document.ts';

/** True for the German CIUS profiles (`xrechnung-ubl`, `xrechnung-cii`): their BR-DE rules add to EN 16931's. */
export function isXRechnung(m: Pick<EinvoiceModel, 'format'>): boolean {
  return m.format === 'xrechnung-ubl' || m.format === 'xrechnung-cii';
}

export interface EinvoiceLine {
  id: string;
  name: string;
  quantity: string;
  /** BT-148 gross price and BT-147 discount per unit (null: no discount), BT-146 net price. */
  grossPrice: string | null;
  priceDiscount: string | null;
  netPrice: string;
  netMinor: bigint;
  category: VatCategory;
  rate: string;
}

export interface VatGroup {
  category: VatCategory;
  rate: string;
  reason: string | null;
  netMinor: bigint;
  taxMinor: bigint;
}

export interface EinvoiceModel {
  format: EinvoiceFormat;
  kind: 'invoice' | 'credit_note';
  number: string;
  issueDate: CalendarDate;
  dueDate: CalendarDate | null;
  currency: string;
  buyerReference: string;
  orderReference: string | null;
  note: string | null;
  preceding: { number: string; issueDate: CalendarDate } | null;
  seller: EinvoiceParty;
  buyer: EinvoiceParty;
  /** For an intra-community supply (K): the delivery date and country (BR-IC-11, BR-IC-12). */
  delivery: { date: CalendarDate; address: AddressParts } | null;
  paymentReference: string | null;
  paymentTerms: string | null;
  iban: string | null;
  bic: string | null;
  lines: EinvoiceLine[];
  vat: VatGroup[];
  netMinor: bigint;
  taxMinor: bigint;
  totalMinor: bigint;
}

/** What the model is built from: the PDF's sources plus the customer's e-invoice data. */
export interface EinvoiceSource extends InvoiceDocumentSource {
  format: EinvoiceFormat;
  buyer: {
    einvoice: { buyerReference?: string | undefined; electronicAddress?: string | undefined } | null;
    emails: readonly string[];
  };
}

function stripZeros(text: string): string {
  return text.includes('.') ? text.replace(/\.?0+$/, '') : text;
}

function priceOf(line: StoredLine): Pick<EinvoiceLine, 'grossPrice' | 'priceDiscount' | 'netPrice'> {
  const price = parseDecimal(line.unitPrice);
  const pct = parseDecimal(line.discountPct);
  if (!price || !pct) throw new Error(`line "${line.description}": price or discount is not a decimal`);
  if (pct.num === 0n) return { grossPrice: null, priceDiscount: null, netPrice: stripZeros(line.unitPrice) };
  // Exact: a price with p decimals times (100 − d) / 100 with q decimals has at most p + q + 2.
  const places = decimalPlaces(line.unitPrice) + decimalPlaces(line.discountPct) + 2;
  const net = mul(price, ratio(100n * pct.den - pct.num, 100n * pct.den));
  return {
    grossPrice: stripZeros(line.unitPrice),
    priceDiscount: stripZeros(formatRatio(sub(price, net), places)),
    netPrice: stripZeros(formatRatio(net, places)),
  };
}

function invoiceLinesOf(lines: readonly StoredLine[]): EinvoiceLine[] {
  return lines.map((l, i) => ({
    id: String(i + 1),
    name: l.description,
    quantity: stripZeros(l.quantity),
    ...priceOf(l),
    netMinor: l.netMinor,
    category: vatCategoryOf(l),
    rate: stripZeros(l.taxRate),
  }));
}

/** One group per category and rate (reasons of a group joined), tax by the invoice rounding rule. */
export function vatGroupsOf(lines: readonly StoredLine[]): VatGroup[] {
  const groups = new Map<string, VatGroup>();
  for (const l of lines) {
    const category = vatCategoryOf(l);
    const rate = stripZeros(l.taxRate);
    const key = `${category}/${rate}`;
    const group = groups.get(key) ?? { category, rate, reason: null, netMinor: 0n, taxMinor: 0n };
    const reason = vatExemptionReasonOf(l);
    if (reason && !group.reason?.split('; ').includes(reason))
      group.reason = group.reason ? `${group.reason}; ${reason}` : reason;
    group.netMinor += l.netMinor;
    groups.set(key, group);
  }
  return [...groups.values()].map((g) => ({ ...g, taxMinor: taxOn(g.netMinor, g.rate) }));
}

function creditNoteGroups(netMinor: bigint, taxMinor: bigint, credited: readonly VatGroup[]): VatGroup[] {
  const nets = allocate(
    netMinor,
    credited.map((g) => g.netMinor),
  );
  const taxes = allocate(
    taxMinor,
    credited.map((g) => g.taxMinor),
  );
  const split = credited.map((g, i) => ({ ...g, netMinor: nets[i] ?? 0n, taxMinor: taxes[i] ?? 0n }));
  const nonZero = split.filter((g) => g.netMinor !== 0n || g.taxMinor !== 0n);
  return nonZero.length > 0 ? nonZero : split.slice(0, 1);
}

function creditNoteLines(description: string, groups: readonly VatGroup[], currency: string): EinvoiceLine[] {
  const places = exponentOf(currency);
  return groups.map((g, i) => ({
    id: String(i + 1),
    name: description,
    quantity: '1',
    grossPrice: null,
    priceDiscount: null,
    netPrice: formatRatio(ratio(g.netMinor, 10n ** BigInt(places)), places),
    netMinor: g.netMinor,
    category: g.category,
    rate: g.rate,
  }));
}

function linesAndGroups(source: EinvoiceSource): { lines: EinvoiceLine[]; vat: VatGroup[] } {
  const { invoice, credited } = source;
  if (!credited) {
    const vat = vatGroupsOf(source.lines);
    const tax = vat.reduce((s, g) => s + g.taxMinor, 0n);
    if (tax !== invoice.taxMinor)
      throw new Error(`invoice ${invoice.number}: VAT per category does not add up to the stored tax`);
    return { lines: invoiceLinesOf(source.lines), vat };
  }
  const vat = creditNoteGroups(invoice.netMinor, invoice.taxMinor, vatGroupsOf(credited.lines));
  const description = invoice.description ?? source.lines[0]?.description ?? 'Credit';
  return { lines: creditNoteLines(description, vat, invoice.currency), vat };
}

function assertFormattable(currency: string, number: string): void {
  if (exponentOf(currency) > 2)
    throw invalidState(
      `invoice ${number} is in ${currency}, which has ${exponentOf(currency)} decimals: EN 16931 allows at most 2 (BR-DEC)`,
    );
}

function buyerReferenceOf(source: EinvoiceSource): string {
  const given = source.buyer.einvoice?.buyerReference;
  if (given) return given;
  if (source.format.startsWith('xrechnung'))
    throw invalidState(
      `customer ${source.customer.externalId} has no buyer reference (Leitweg-ID): XRechnung needs one; set einvoice.buyerReference`,
    );
  // BT-10 or the order reference is required (Peppol R003): the customer number the buyer knows.
  return source.invoice.poNumber ? '' : source.customer.externalId;
}

/** The EN 16931 model of an issued invoice or credit note (see the module comment). */
export function einvoiceModel(source: EinvoiceSource): EinvoiceModel {
  const { invoice } = source;
  if (!invoice.number || !invoice.issueDate) throw invalidState(`invoice ${invoice.invoiceId} is not issued`);
  assertFormattable(invoice.currency, invoice.number);
  const { lines, vat } = linesAndGroups(source);
  const isCredit = invoice.kind === 'credit_note';
  const parties = einvoiceParties(source, vat);
  return {
    format: source.format,
    kind: isCredit ? 'credit_note' : 'invoice',
    number: invoice.number,
    issueDate: invoice.issueDate,
    dueDate: isCredit ? null : (invoice.dueDate ?? invoice.issueDate),
    currency: invoice.currency,
    buyerReference: buyerReferenceOf(source),
    orderReference: invoice.poNumber,
    note: invoice.description,
    preceding:
      source.credited?.invoice.number && source.credited.invoice.issueDate
        ? { number: source.credited.invoice.number, issueDate: source.credited.invoice.issueDate }
        : null,
    ...parties,
    delivery: vat.some((g) => g.category === 'K')
      ? {
          date: invoice.issueDate,
          address: addressParts(source.customer.billingAddress, source.customer.country),
        }
      : null,
    paymentReference: isCredit ? null : invoice.paymentReference,
    paymentTerms: isCredit ? null : describePaymentTerms(parsePaymentTerms(invoice.paymentTerms)),
    // A credit note is paid back, not to the seller's account: payment means "not defined" (1).
    iban: isCredit ? null : source.seller.iban,
    bic: isCredit ? null : source.seller.bic,
    lines,
    vat,
    netMinor: invoice.netMinor,
    taxMinor: invoice.taxMinor,
    totalMinor: invoice.totalMinor,
  };
}
