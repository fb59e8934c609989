/**
 * Finding invoice references in what payers write: the invoice number in every common disguise
 * (spacing, punctuation, prefix dropped or changed, leading zeros, inside a sentence, several in
 * one line), mistyped by one digit, and ISO 11649 RF creditor references.
 *
 * An invoice number is reduced to a key: its letters (the prefix, if any) and its significant
 * digits (leading zeros dropped). `INV-000123`, `inv 123`, `Rechnung Nr. 000123` all carry
 * digits `123`; the prefix confirms when present. Texts are scanned for digit runs (and RF
 * references) and each is looked up; a match by digits alone is weaker than one with the prefix,
 * and a one-digit typo is weaker still — the engine confirms those by amount and payer.
 */
import { isValidCreditorReference } from '../../shared/creditor-reference.ts';

export type ReferenceStrength = 'exact' | 'digits' | 'typo' | 'creditor_reference';

export interface ReferenceHit {
  /** The invoice number as stored. */
  readonly number: string;
  readonly strength: ReferenceStrength;
  /** What in the text matched, as written. */
  readonly found: string;
}

export interface InvoiceKey {
  readonly number: string;
  /** Letters of the number, upper case (`INV`), '' when it has none. */
  readonly prefix: string;
  /** Significant digits: the last digit run without leading zeros (`123` of `INV-2024-000123`). */
  readonly digits: string;
  /** All letters and digits, upper case (`INV2024000123`). */
  readonly compact: string;
}

/** Digit runs shorter than this are not treated as invoice numbers (dates, counts, house numbers). */
export const MIN_DIGITS = 3;

/** A mistyped digit is only considered in numbers of at least this many significant digits. */
export const MIN_TYPO_DIGITS = 4;

export function invoiceKey(number: string): InvoiceKey {
  const upper = number.toUpperCase();
  const runs = upper.match(/\d+/g) ?? [];
  const last = runs.at(-1) ?? '';
  return {
    number,
    prefix: upper.replace(/[^A-Z]/g, ''),
    digits: last.replace(/^0+(?=\d)/, ''),
    compact: upper.replace(/[^A-Z0-9]/g, ''),
  };
}

/** The RF references in a text (spaces inside allowed), valid check digits only, compacted. */
export function creditorReferencesIn(text: string): string[] {
  const found: string[] = [];
  for (const m of text.toUpperCase().matchAll(/RF\s?\d\s?\d(?:\s?[A-Z0-9]){1,21}/g)) {
    const compact = m[0].replace(/\s+/g, '');
    // A greedy match may swallow the next word; try the longest valid prefix.
    for (let end = compact.length; end >= 5; end--) {
      const candidate = compact.slice(0, end);
      if (isValidCreditorReference(candidate)) {
        found.push(candidate);
        break;
      }
    }
  }
  return found;
}

/** True when `a` and `b` differ by one substitution or one swap of neighbours (same length). */
export function oneDigitOff(a: string, b: string): boolean {
  if (a.length !== b.length || a === b) return false;
  const diff: number[] = [];
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) diff.push(i);
  if (diff.length === 1) return true;
  const [i, j] = diff;
  return diff.length === 2 && i !== undefined && j === i + 1 && a[i] === b[j] && a[j] === b[i];
}

/**
 * Index of open invoices for reference lookup: by significant digits (and, for typo matching, by
 * length). Built once per run; lookups are O(digit runs in the text).
 */
export class ReferenceIndex {
  private readonly byDigits = new Map<string, InvoiceKey[]>();
  private readonly byLength = new Map<number, InvoiceKey[]>();
  private readonly byCreditorRef = new Map<string, string>();

  add(number: string, paymentReference?: string | null): void {
    const key = invoiceKey(number);
    if (key.digits.length >= MIN_DIGITS) {
      push(this.byDigits, key.digits, key);
      push(this.byLength, key.digits.length, key);
    }
    if (paymentReference) this.byCreditorRef.set(paymentReference.replace(/\s+/g, '').toUpperCase(), number);
  }

  /** Every invoice the text refers to, strongest first, each invoice once. */
  find(text: string): ReferenceHit[] {
    const hits = new Map<string, ReferenceHit>();
    const keep = (hit: ReferenceHit) => {
      const old = hits.get(hit.number);
      if (!old || rank(hit.strength) < rank(old.strength)) hits.set(hit.number, hit);
    };
    for (const ref of creditorReferencesIn(text)) {
      const number = this.byCreditorRef.get(ref);
      if (number) keep({ number, strength: 'creditor_reference', found: ref });
    }
    const upper = text.toUpperCase();
    for (const m of upper.matchAll(/([A-Z]{0,6})[\s\-_./#:]*(\d[\d\-_. ]*\d|\d)/g)) {
      const letters = m[1] ?? '';
      const rawDigits = m[2] ?? '';
      for (const run of digitCandidates(rawDigits)) {
        const significant = run.replace(/^0+(?=\d)/, '');
        if (significant.length < MIN_DIGITS) continue;
        for (const key of this.byDigits.get(significant) ?? []) {
          const prefixed = key.prefix !== '' && letters.endsWith(key.prefix);
          keep({ number: key.number, strength: prefixed ? 'exact' : 'digits', found: m[0].trim() });
        }
        if (significant.length >= MIN_TYPO_DIGITS)
          for (const key of this.byLength.get(significant.length) ?? [])
            if (oneDigitOff(key.digits, significant))
              keep({ number: key.number, strength: 'typo', found: m[0].trim() });
      }
    }
    return [...hits.values()].sort((a, b) => rank(a.strength) - rank(b.strength));
  }
}

/** A digit group as written (`2024-000123`, `000 123`): the whole run joined, and each part. */
function digitCandidates(raw: string): string[] {
  const parts = raw.split(/[-_. ]+/).filter((p) => p !== '');
  const joined = parts.join('');
  return parts.length > 1 ? [joined, ...parts] : [joined];
}

function rank(s: ReferenceStrength): number {
  return s === 'creditor_reference' ? 0 : s === 'exact' ? 1 : s === 'digits' ? 2 : 3;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}
