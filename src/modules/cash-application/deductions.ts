/**
 * What a payer says it deducted, read from the remittance text: a credit note netted
 * (`RE 4711, 4712 abzgl. GS 815`, `less credit note 1243`, `moins avoir 77`) or an amount with a
 * reason (`INV-4711 abzgl. 120,00 EUR Transportschaden`, `less 45.50 price difference`). An
 * early-payment discount (`abzgl. 2% Skonto`) is not a deduction: settlement.ts weighs it.
 */
import { exponentOf, isKnownCurrency } from '../../shared/currency.ts';

export interface StatedDeduction {
  readonly kind: 'short_payment' | 'credit_note';
  /** The amount stated, in the line's minor units (short payments); null for a credit note. */
  readonly amountMinor: bigint | null;
  /** The payer's words: `Transportschaden`, `credit note 815`. */
  readonly reason: string;
}

const LESS = String.raw`(?:abzgl\.?|abzüglich|abz\.|less|minus|moins|déduction faite de|net of|deducted|abzug)`;
const CREDIT_NOTE = String.raw`(?:GS|Gutschrift|Gutschr\.|credit\s*note|CN|avoir)`;
const CREDIT_NOTE_STATED = new RegExp(
  String.raw`${LESS}\s+(?:(?:der|unsere[rn]?|our|your|votre|notre)\s+)?(${CREDIT_NOTE})\s*(?:nr\.?|no\.?|n°|#)?\s*([A-Z]{0,4}-?\d[\w/-]*)`,
  'giu',
);
const AMOUNT = String.raw`(\d{1,3}(?:[.,' ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?)`;
const CURRENCY = String.raw`(?:EUR|€|USD|\$|GBP|£|CHF)`;
const AMOUNT_STATED = new RegExp(
  String.raw`${LESS}\s*(?:${CURRENCY}\s*)?${AMOUNT}(?!\s*%)\s*(?:${CURRENCY})?\s*(?:(?:for|wegen|pour|für|due to)\s+)?([\p{L}][\p{L} .'-]{2,60})?`,
  'giu',
);
/** Words that make a stated amount an early-payment discount, not a deduction. */
const DISCOUNT_WORDS = /\b(skonto|discount|escompte|rabatt)\b/i;

/** The deductions stated in `text`, for amounts in `currency`. */
export function statedDeductions(text: string, currency: string): StatedDeduction[] {
  const out: StatedDeduction[] = [];
  for (const m of text.matchAll(CREDIT_NOTE_STATED))
    out.push({ kind: 'credit_note', amountMinor: null, reason: `${creditNoteWord(m[1] ?? '')} ${m[2]}` });
  if (out.length > 0) return out;
  for (const m of text.matchAll(AMOUNT_STATED)) {
    const reason = (m[2] ?? '').trim();
    if (DISCOUNT_WORDS.test(reason) || reason === '') continue;
    const amountMinor = minorOf(m[1] ?? '', currency);
    if (amountMinor !== null && amountMinor > 0n) out.push({ kind: 'short_payment', amountMinor, reason });
  }
  return out;
}

/**
 * `text` with the numbers of credit notes it nets blanked out: `GS 815` names no invoice, and its
 * digits must not be read as one (`INV-000815` of another customer).
 */
export function withoutCreditNoteNumbers(text: string): string {
  return text.replace(CREDIT_NOTE_STATED, (whole, _word, number: string) =>
    whole.slice(0, whole.length - number.length),
  );
}

function creditNoteWord(word: string): string {
  return /^(gs|gutschr)/i.test(word) ? 'Gutschrift' : /^avoir/i.test(word) ? 'avoir' : 'credit note';
}

/**
 * `120,00`, `1.234,56`, `1,234.56`, `45.5`, `120` in minor units of `currency`: the last `.` or
 * `,` followed by one or two digits is the decimal mark, other marks group thousands.
 */
export function minorOf(written: string, currency: string): bigint | null {
  const exponent = isKnownCurrency(currency) ? exponentOf(currency) : 2;
  const decimal = /[.,](\d{1,2})$/.exec(written);
  const whole = (decimal ? written.slice(0, decimal.index) : written).replace(/[.,' ]/g, '');
  if (!/^\d+$/.test(whole)) return null;
  const fraction = (decimal?.[1] ?? '').padEnd(exponent, '0');
  if (fraction.length > exponent) return null;
  return BigInt(whole) * 10n ** BigInt(exponent) + (fraction === '' ? 0n : BigInt(fraction));
}
