/**
 * A deduction the payer stated (`INV-2026-0042 abzgl. 120,00 EUR Transportschaden`), as the dispute
 * booking opens on the invoice: the reason code its words point to, and the dispute's wording in
 * the payer's own words. Pure: no database.
 */
import { moneyText } from '../../shared/money-text.ts';
import type { DisputeReason } from '../disputes/index.ts';
import type { Deduction } from './proposal.ts';

/**
 * Words (English, German, French; folded: lower case, accents dropped, ß as ss) that point to a
 * dispute reason, tried in this order; the first that matches wins. `ae`/`oe`/`ue` spellings of
 * umlauts, as banks send them, are matched too. German compounds match inside a word
 * (`Transportschaden`, `Preisdifferenz`); English and French words match from a word's start.
 */
const REASON_WORDS: readonly (readonly [DisputeReason, RegExp])[] = [
  [
    'not_received',
    /nicht (erhalten|geliefert|eingegangen|bekommen)|\b(not|never) (received|delivered|arrived)\b|\bnon[- ](recu|livre)|\bpas (recu|livre)/,
  ],
  ['duplicate', /doppelt|doppelberechn|\bduplicat|\bdouble (billing|invoic|factur)|\bdoublon/],
  [
    'quality',
    /schaden|besch(a|ae)dig|defekt|fehlerhaft|m(a|ae)ngel|bruch\b|kaputt|qualit(a|ae)t|\bdamag|\bdefect|\bbroken\b|\bfaulty\b|\bquality\b|\bendommag|\bavari|\bcasse\b|\bdefectueu|\babime|\bqualite\b|\bdeteriore/,
  ],
  [
    'quantity',
    /menge|\bfehl(t|en|end)|minderliefer|unterliefer|\bmissing\b|\bquantit|\bshort (deliver|ship)|\bmanqu|\bquantite/,
  ],
  [
    'pricing',
    /preis|rabatt|nachlass|skonto|\bprices?\b|\bpricing\b|\bdiscount|\bprix\b|\btarif|\bremise\b|\bescompte/,
  ],
];

/** Lower case, accents dropped (`endommagé` → `endommage`, `beschädigt` → `beschadigt`), ß as ss. */
function fold(text: string): string {
  return text.toLowerCase().replace(/ß/g, 'ss').normalize('NFD').replace(/\p{M}/gu, '');
}

/**
 * The dispute reason the payer's words point to: damaged goods are `quality`, a price difference
 * `pricing`, missing items `quantity`, goods not received `not_received`, a double charge
 * `duplicate`, anything else (a credit note netted, words not understood) `other`.
 * `disputeReasonOf('Transportschaden') === 'quality'`.
 */
export function disputeReasonOf(payerWords: string): DisputeReason {
  const folded = fold(payerWords);
  return REASON_WORDS.find(([, words]) => words.test(folded))?.[0] ?? 'other';
}

/** The payer's words as quoted in a dispute: whitespace collapsed, at most 200 characters. */
export function quotedWords(payerWords: string): string {
  const words = payerWords.replace(/\s+/g, ' ').trim();
  return words.length > 200 ? `${words.slice(0, 199)}…` : words;
}

/**
 * The dispute's wording for a deduction of bank line `lineRef`, e.g.
 * `Short payment of EUR 120.00: "Transportschaden" (bank line B-123)`, or
 * `Deducted "Gutschrift 815" (a credit note not found as an open credit): EUR 50.00 left open (bank line B-124)`.
 */
export function deductionText(deduction: Deduction, currency: string, lineRef: string): string {
  const amount = moneyText(deduction.amountMinor, currency);
  const words = quotedWords(deduction.reason);
  return deduction.kind === 'credit_note'
    ? `Deducted "${words}" (a credit note not found as an open credit): ${amount} left open (bank line ${lineRef})`
    : `Short payment of ${amount}: "${words}" (bank line ${lineRef})`;
}

/** The note on the dispute when the payment that deducted is unapplied: the dispute stays as it is. */
export function unappliedDeductionText(deduction: Deduction, currency: string, lineRef: string): string {
  const amount = moneyText(deduction.amountMinor, currency);
  return `The payment of bank line ${lineRef} that deducted ${amount} ("${quotedWords(deduction.reason)}") was unapplied; the dispute stays as it is: the payer's claim does not depend on where the payment is booked`;
}
