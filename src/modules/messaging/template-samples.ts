/**
 * Sample content per template slot, for previews of a template being edited: every optional
 * value present (fee, interest, PO number …), so a preview shows every part of the text.
 */
import type { Money } from '../../shared/money.ts';
import type { RenderContext } from './message-variables.ts';
import type { MessageContent } from './messaging.input.ts';
import type { TemplateRef } from './template-catalog.ts';

const eur = (amountMinor: bigint): Money => ({ amountMinor, currency: 'EUR' });

const INVOICES = [
  {
    number: 'INV-000412',
    issueDate: '2026-01-15',
    dueDate: '2026-02-14',
    total: eur(119000n),
    open: eur(119000n),
  },
  {
    number: 'INV-000433',
    issueDate: '2026-01-29',
    dueDate: '2026-02-28',
    total: eur(45220n),
    open: eur(20000n),
  },
];

/** The sample facts of a slot (dunning: the slot's level). */
export function sampleContent(ref: TemplateRef): MessageContent {
  switch (ref.kind) {
    case 'invoice':
      return {
        kind: 'invoice',
        invoiceNumber: 'INV-000412',
        issueDate: '2026-01-15',
        dueDate: '2026-02-14',
        total: eur(119000n),
        open: eur(119000n),
        paymentReference: 'RF18539007547034',
        poNumber: 'PO-7781',
      };
    case 'credit_note':
      return {
        kind: 'credit_note',
        creditNoteNumber: 'CN-000031',
        issueDate: '2026-02-03',
        total: eur(23800n),
        invoiceNumber: 'INV-000412',
        reason: 'two items returned',
      };
    case 'statement':
      return { kind: 'statement', asOf: '2026-03-31', invoices: INVOICES, unapplied: [eur(5000n)] };
    case 'dunning':
      return {
        kind: 'dunning',
        level: ref.level,
        letterDate: '2026-03-21',
        invoices: INVOICES,
        fee: eur(500n),
        interest: eur(1234n),
        interestRatePct: '10.27',
        payBy: '2026-03-31',
      };
    case 'promise_confirmation':
      return {
        kind: 'promise_confirmation',
        promisedDate: '2026-04-10',
        amount: eur(139000n),
        invoices: INVOICES,
      };
  }
}

/** The sample reader: a German company with a named contact and a bank account to pay to. */
export function sampleContext(language: string, locale: string, companyName: string): RenderContext {
  return {
    language,
    locale,
    companyName,
    customerName: 'Muster Handels GmbH',
    customerNumber: 'C-10042',
    contactName: 'Erika Mustermann',
    onPaper: false,
    companyPhone: '+49 30 1234567',
    companyEmail: 'ar@example.com',
    currency: 'EUR',
    portalUrl: 'https://ar.example.com/portal#sample',
    payment: {
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      accountHolder: companyName,
      reference: null,
    },
  };
}
