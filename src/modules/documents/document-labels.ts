/**
 * The words on a document in English, German and French; any other language falls back to
 * English labels (amounts and dates still follow the customer's own locale, see document-format).
 * Templates name their blanks: `fill('Page {page} of {pages}', { page: 1, pages: 3 })`.
 */
import { DE } from './document-labels-de.ts';
import { FR } from './document-labels-fr.ts';

export const DOCUMENT_LANGUAGES = ['en', 'de', 'fr'] as const;
export type DocumentLanguage = (typeof DOCUMENT_LANGUAGES)[number];

export interface DocumentLabels {
  /** Between a label and its value: `': '`, in French `' : '` (no-break space before the colon). */
  colon: string;
  invoice: string;
  creditNote: string;
  statement: string;
  invoiceNumber: string;
  creditNoteNumber: string;
  issueDate: string;
  dueDate: string;
  customerNumber: string;
  poNumber: string;
  taxId: string;
  page: string;
  position: string;
  description: string;
  quantity: string;
  unitPrice: string;
  discount: string;
  taxRate: string;
  net: string;
  netTotal: string;
  taxAt: string;
  /** Printed under the totals for lines of a category without VAT, when no reason of its own was given. */
  vatNoteAE: string;
  vatNoteK: string;
  vatNoteG: string;
  vatNoteO: string;
  /** An exempt line (E): its reason, which is always given. */
  vatNoteExempt: string;
  total: string;
  totalCredited: string;
  paymentTerms: string;
  discountOffer: string;
  paymentInstructions: string;
  payTo: string;
  accountHolder: string;
  iban: string;
  bic: string;
  bank: string;
  reference: string;
  referenceNote: string;
  credits: string;
  creditNoteNote: string;
  email: string;
  phone: string;
  web: string;
  asOf: string;
  openItems: string;
  itemNumber: string;
  issued: string;
  due: string;
  original: string;
  open: string;
  daysOverdue: string;
  aging: string;
  bucketCurrent: string;
  bucket1to30: string;
  bucket31to60: string;
  bucket61to90: string;
  bucket91plus: string;
  unapplied: string;
  receivedOn: string;
  totalOpen: string;
  lessUnapplied: string;
  totalDue: string;
  noOpenItems: string;
  statementPayment: string;
  currencySection: string;
  activity: string;
  activityPeriod: string;
  openingBalance: string;
  closingBalance: string;
  activityDate: string;
  activityText: string;
  debit: string;
  credit: string;
  balance: string;
  dunningLetter: string;
  letterDate: string;
  dunningLevel: string;
  interest: string;
  interestPeriod: string;
  dateRange: string;
  dunningFee: string;
  payNow: string;
  references: string;
  quoteNumbers: string;
  feeAndInterest: string;
}

const EN: DocumentLabels = {
  colon: ': ',
  invoice: 'Invoice',
  creditNote: 'Credit note',
  statement: 'Statement of account',
  invoiceNumber: 'Invoice no.',
  creditNoteNumber: 'Credit note no.',
  issueDate: 'Date of issue',
  dueDate: 'Due date',
  customerNumber: 'Customer no.',
  poNumber: 'Your order',
  taxId: 'VAT ID',
  page: 'Page {page} of {pages}',
  position: '#',
  description: 'Description',
  quantity: 'Qty',
  unitPrice: 'Unit price',
  discount: 'Discount',
  taxRate: 'VAT',
  net: 'Net',
  netTotal: 'Net total',
  taxAt: 'VAT {rate} on {net}',
  vatNoteAE: 'Reverse charge: the recipient is liable for the VAT.',
  vatNoteK: 'VAT-exempt intra-community supply.',
  vatNoteG: 'VAT-exempt export outside the EU.',
  vatNoteO: 'Not subject to VAT.',
  vatNoteExempt: 'VAT exempt: {reason}',
  total: 'Total',
  totalCredited: 'Total credited',
  paymentTerms: 'Payment terms',
  discountOffer: 'Early payment discount: {pct} ({amount}) if paid by {date}; amount then due: {net}.',
  paymentInstructions: 'Payment instructions',
  payTo: 'Please transfer {amount} by {date} to:',
  accountHolder: 'Account holder',
  iban: 'IBAN',
  bic: 'BIC',
  bank: 'Bank',
  reference: 'Reference',
  referenceNote: 'Please quote the reference exactly as printed so that your payment is matched at once.',
  credits: 'Credit for invoice {number} of {date}',
  creditNoteNote: 'This credit note reduces the amount due on invoice {number}. No payment is due.',
  email: 'Email',
  phone: 'Phone',
  web: 'Web',
  asOf: 'As of',
  openItems: 'Open items',
  itemNumber: 'Invoice',
  issued: 'Issued',
  due: 'Due',
  original: 'Original',
  open: 'Open',
  daysOverdue: 'Days overdue',
  aging: 'Aging',
  bucketCurrent: 'Current',
  bucket1to30: '1–30 days',
  bucket31to60: '31–60 days',
  bucket61to90: '61–90 days',
  bucket91plus: '91+ days',
  unapplied: 'Unapplied payments',
  receivedOn: 'Received',
  totalOpen: 'Total open items',
  lessUnapplied: 'Less unapplied payments',
  totalDue: 'Total due',
  noOpenItems: 'No open items.',
  statementPayment: 'Please pay the amount due to the account below, quoting the reference of each invoice.',
  currencySection: 'Amounts in {currency}',
  activity: 'Account activity',
  activityPeriod: '{from} to {to}',
  openingBalance: 'Opening balance',
  closingBalance: 'Closing balance',
  activityDate: 'Date',
  activityText: 'Transaction',
  debit: 'Debit',
  credit: 'Credit',
  balance: 'Balance',
  dunningLetter: 'Payment reminder',
  letterDate: 'Date',
  dunningLevel: 'Reminder level',
  interest: 'Interest',
  interestPeriod: 'Interest period',
  dateRange: '{from} – {through}',
  dunningFee: 'Dunning fee',
  payNow: 'Please transfer {amount} to:',
  references: 'References to quote',
  quoteNumbers: 'the invoice numbers',
  feeAndInterest: 'Fee and interest {number}',
};

const LABELS: Record<DocumentLanguage, DocumentLabels> = { en: EN, de: DE, fr: FR };

/** The label language for a customer's language tag: `de-AT` → `de`, `pl` → `en`. */
export function documentLanguage(tag: string): DocumentLanguage {
  const primary = tag.split('-')[0]?.toLowerCase() ?? 'en';
  return (DOCUMENT_LANGUAGES as readonly string[]).includes(primary) ? (primary as DocumentLanguage) : 'en';
}

export function labelsFor(language: DocumentLanguage): DocumentLabels {
  return LABELS[language];
}

/** Fill `{name}` blanks: `fill('Page {page} of {pages}', { page: 1, pages: 3 }) === 'Page 1 of 3'`. */
export function fill(template: string, values: Readonly<Record<string, string | number>>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = values[name];
    return value === undefined ? whole : String(value);
  });
}

/** `labelled(fr, 'IBAN', 'FR76 …')` → `'IBAN : FR76 …'`; `'IBAN: …'` in en and de. */
export function labelled(labels: DocumentLabels, label: string, value: string): string {
  return `${label}${labels.colon}${value}`;
}
