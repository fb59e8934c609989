/**
 * The few words cashloop writes itself into a message (table headings, payment instructions), per
 * language. A tenant's own language without labels here uses the English ones.
 */
export interface MessageLabels {
  readonly invoice: string;
  readonly date: string;
  readonly due: string;
  readonly amount: string;
  readonly open: string;
  readonly overdue: string;
  readonly total: string;
  readonly payIntro: string;
  readonly accountHolder: string;
  readonly reference: string;
  readonly referenceInvoices: string;
  readonly perAnnum: string;
  /** How a label is joined to its value: ': ' (French typography: ' : '). */
  readonly colon: string;
}

const EN: MessageLabels = {
  invoice: 'Invoice',
  date: 'Date',
  due: 'Due',
  amount: 'Amount',
  open: 'Open',
  overdue: 'Days overdue',
  total: 'Total',
  payIntro: 'Please transfer the amount to:',
  accountHolder: 'Account holder',
  reference: 'Reference',
  referenceInvoices: 'please quote the invoice numbers',
  perAnnum: 'p.a.',
  colon: ': ',
};

const DE: MessageLabels = {
  invoice: 'Rechnung',
  date: 'Datum',
  due: 'Fällig',
  amount: 'Betrag',
  open: 'Offen',
  overdue: 'Tage überfällig',
  total: 'Summe',
  payIntro: 'Bitte überweisen Sie den Betrag auf folgendes Konto:',
  accountHolder: 'Kontoinhaber',
  reference: 'Verwendungszweck',
  referenceInvoices: 'bitte die Rechnungsnummern angeben',
  perAnnum: 'p. a.',
  colon: ': ',
};

const FR: MessageLabels = {
  invoice: 'Facture',
  date: 'Date',
  due: 'Échéance',
  amount: 'Montant',
  open: 'Restant dû',
  overdue: 'Jours de retard',
  total: 'Total',
  payIntro: 'Merci d’effectuer votre virement sur le compte suivant :',
  accountHolder: 'Titulaire',
  reference: 'Référence',
  referenceInvoices: 'merci d’indiquer les numéros de facture',
  perAnnum: 'par an',
  colon: '\u00a0: ',
};

const LABELS: Readonly<Record<string, MessageLabels>> = { en: EN, de: DE, fr: FR };

export function labelsFor(language: string): MessageLabels {
  return LABELS[language] ?? EN;
}
