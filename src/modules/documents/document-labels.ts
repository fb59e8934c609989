/**
 * The words on a document in English, German and French; any other language falls back to
 * English labels (amounts and dates still follow the customer's own locale, see document-format).
 * Templates name their blanks: `fill('Page {page} of {pages}', { page: 1, pages: 3 })`.
 */

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
};

const DE: DocumentLabels = {
  colon: ': ',
  invoice: 'Rechnung',
  creditNote: 'Gutschrift',
  statement: 'Kontoauszug',
  invoiceNumber: 'Rechnungsnummer',
  creditNoteNumber: 'Gutschriftnummer',
  issueDate: 'Rechnungsdatum',
  dueDate: 'Fällig am',
  customerNumber: 'Kundennummer',
  poNumber: 'Ihre Bestellung',
  taxId: 'USt-IdNr.',
  page: 'Seite {page} von {pages}',
  position: 'Pos.',
  description: 'Beschreibung',
  quantity: 'Menge',
  unitPrice: 'Einzelpreis',
  discount: 'Rabatt',
  taxRate: 'USt.',
  net: 'Netto',
  netTotal: 'Summe netto',
  taxAt: 'USt. {rate} auf {net}',
  total: 'Gesamtbetrag',
  totalCredited: 'Gutschriftbetrag',
  paymentTerms: 'Zahlungsbedingungen',
  discountOffer: 'Skonto: {pct} ({amount}) bei Zahlung bis {date}; dann zu zahlen: {net}.',
  paymentInstructions: 'Zahlungsinformationen',
  payTo: 'Bitte überweisen Sie {amount} bis zum {date} auf folgendes Konto:',
  accountHolder: 'Kontoinhaber',
  iban: 'IBAN',
  bic: 'BIC',
  bank: 'Bank',
  reference: 'Verwendungszweck',
  referenceNote: 'Bitte geben Sie die Referenz genau so an, damit Ihre Zahlung sofort zugeordnet wird.',
  credits: 'Gutschrift zur Rechnung {number} vom {date}',
  creditNoteNote:
    'Diese Gutschrift mindert den offenen Betrag der Rechnung {number}. Es ist keine Zahlung fällig.',
  email: 'E-Mail',
  phone: 'Telefon',
  web: 'Web',
  asOf: 'Stand',
  openItems: 'Offene Posten',
  itemNumber: 'Rechnung',
  issued: 'Datum',
  due: 'Fällig',
  original: 'Betrag',
  open: 'Offen',
  daysOverdue: 'Tage überfällig',
  aging: 'Fälligkeitsstruktur',
  bucketCurrent: 'Nicht fällig',
  bucket1to30: '1–30 Tage',
  bucket31to60: '31–60 Tage',
  bucket61to90: '61–90 Tage',
  bucket91plus: 'über 90 Tage',
  unapplied: 'Nicht zugeordnete Zahlungen',
  receivedOn: 'Eingang',
  totalOpen: 'Summe offene Posten',
  lessUnapplied: 'abzüglich nicht zugeordneter Zahlungen',
  totalDue: 'Zu zahlender Betrag',
  noOpenItems: 'Keine offenen Posten.',
  statementPayment:
    'Bitte überweisen Sie den fälligen Betrag auf das unten genannte Konto und geben Sie die Referenz jeder Rechnung an.',
  currencySection: 'Beträge in {currency}',
  activity: 'Kontobewegungen',
  activityPeriod: '{from} bis {to}',
  openingBalance: 'Anfangssaldo',
  closingBalance: 'Endsaldo',
  activityDate: 'Datum',
  activityText: 'Vorgang',
  debit: 'Soll',
  credit: 'Haben',
  balance: 'Saldo',
};

const FR: DocumentLabels = {
  colon: '\u00a0: ',
  invoice: 'Facture',
  creditNote: 'Avoir',
  statement: 'Relevé de compte',
  invoiceNumber: 'Facture n°',
  creditNoteNumber: 'Avoir n°',
  issueDate: 'Date d’émission',
  dueDate: 'Date d’échéance',
  customerNumber: 'N° client',
  poNumber: 'Votre commande',
  taxId: 'N° TVA',
  page: 'Page {page} sur {pages}',
  position: 'N°',
  description: 'Désignation',
  quantity: 'Qté',
  unitPrice: 'Prix unitaire HT',
  discount: 'Remise',
  taxRate: 'TVA',
  net: 'Montant HT',
  netTotal: 'Total HT',
  taxAt: 'TVA {rate} sur {net}',
  total: 'Total TTC',
  totalCredited: 'Total de l’avoir TTC',
  paymentTerms: 'Conditions de paiement',
  discountOffer:
    'Escompte : {pct} ({amount}) pour paiement au plus tard le {date} ; montant alors dû : {net}.',
  paymentInstructions: 'Modalités de paiement',
  payTo: 'Merci de virer {amount} au plus tard le {date} sur le compte suivant :',
  accountHolder: 'Titulaire',
  iban: 'IBAN',
  bic: 'BIC',
  bank: 'Banque',
  reference: 'Référence',
  referenceNote:
    'Merci d’indiquer la référence telle qu’imprimée afin que votre paiement soit affecté immédiatement.',
  credits: 'Avoir sur la facture {number} du {date}',
  creditNoteNote: 'Cet avoir réduit le montant dû de la facture {number}. Aucun paiement n’est dû.',
  email: 'E-mail',
  phone: 'Tél.',
  web: 'Web',
  asOf: 'Au',
  openItems: 'Pièces ouvertes',
  itemNumber: 'Facture',
  issued: 'Date',
  due: 'Échéance',
  original: 'Montant',
  open: 'Restant dû',
  daysOverdue: 'Jours de retard',
  aging: 'Balance âgée',
  bucketCurrent: 'Non échu',
  bucket1to30: '1–30 jours',
  bucket31to60: '31–60 jours',
  bucket61to90: '61–90 jours',
  bucket91plus: 'plus de 90 jours',
  unapplied: 'Paiements non affectés',
  receivedOn: 'Reçu le',
  totalOpen: 'Total des pièces ouvertes',
  lessUnapplied: 'moins paiements non affectés',
  totalDue: 'Total dû',
  noOpenItems: 'Aucune pièce ouverte.',
  statementPayment:
    'Merci de régler le montant dû sur le compte ci-dessous en indiquant la référence de chaque facture.',
  currencySection: 'Montants en {currency}',
  activity: 'Mouvements du compte',
  activityPeriod: 'du {from} au {to}',
  openingBalance: 'Solde d’ouverture',
  closingBalance: 'Solde de clôture',
  activityDate: 'Date',
  activityText: 'Opération',
  debit: 'Débit',
  credit: 'Crédit',
  balance: 'Solde',
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
