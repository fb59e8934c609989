/**
 * Payment terms in words for a document, in its language (the grammar is `terms/payment-terms`).
 * English is the terms module's own wording; German and French say the same in their idiom.
 */
import { assertUnreachable } from '../../shared/errors.ts';
import { describePaymentTerms, type PaymentTerms } from '../terms/index.ts';
import type { DocumentFormat } from './document-format.ts';
import type { DocumentLanguage } from './document-labels.ts';

/**
 * `termsInWords(parsePaymentTerms('2/10 NET30'), 'de', fmt)` →
 * `'2 % Skonto bei Zahlung innerhalb von 10 Tagen, 30 Tage netto'`.
 */
export function termsInWords(terms: PaymentTerms, language: DocumentLanguage, fmt: DocumentFormat): string {
  switch (language) {
    case 'en':
      return describePaymentTerms(terms);
    case 'de':
      return germanTerms(terms, fmt);
    case 'fr':
      return frenchTerms(terms, fmt);
    default:
      return assertUnreachable(language);
  }
}

function germanTerms(terms: PaymentTerms, fmt: DocumentFormat): string {
  const tage = (n: number) => (n === 1 ? '1 Tag' : `${n} Tagen`);
  switch (terms.kind) {
    case 'due_on_receipt':
      return 'Zahlbar sofort nach Erhalt';
    case 'prepay':
      return 'Zahlung im Voraus';
    case 'net':
      if (terms.endOfMonth)
        return terms.days === 0 ? 'Zahlbar zum Monatsende' : `Zahlbar ${terms.days} Tage nach Monatsende`;
      return terms.days === 0 ? 'Zahlbar sofort' : `Zahlbar innerhalb von ${tage(terms.days)} ohne Abzug`;
    case 'discount':
      return `${fmt.percent(terms.discountPct)} Skonto bei Zahlung innerhalb von ${tage(terms.discountDays)}, ${terms.netDays} Tage netto`;
    default:
      return assertUnreachable(terms);
  }
}

function frenchTerms(terms: PaymentTerms, fmt: DocumentFormat): string {
  const jours = (n: number) => (n === 1 ? '1 jour' : `${n} jours`);
  switch (terms.kind) {
    case 'due_on_receipt':
      return 'Payable à réception';
    case 'prepay':
      return 'Paiement d’avance';
    case 'net':
      if (terms.endOfMonth)
        return terms.days === 0 ? 'Payable en fin de mois' : `Paiement à ${jours(terms.days)} fin de mois`;
      return terms.days === 0 ? 'Payable comptant' : `Paiement à ${jours(terms.days)}`;
    case 'discount':
      return `Escompte de ${fmt.percent(terms.discountPct)} pour paiement sous ${jours(terms.discountDays)}, net à ${jours(terms.netDays)}`;
    default:
      return assertUnreachable(terms);
  }
}
