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

/** One pass over the characters (it runs for every open invoice when a run starts). */
export function invoiceKey(number: string): InvoiceKey {
  const upper = number.toUpperCase();
  let prefix = '';
  let compact = '';
  let runStart = -1;
  let lastStart = -1;
  let lastEnd = -1;
  for (let i = 0; i < upper.length; i++) {
    const c = upper.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      compact += upper[i];
      if (runStart < 0) runStart = i;
      continue;
    }
    if (runStart >= 0) {
      lastStart = runStart;
      lastEnd = i;
      runStart = -1;
    }
    if (c >= 65 && c <= 90) {
      prefix += upper[i];
      compact += upper[i];
    }
  }
  if (runStart >= 0) {
    lastStart = runStart;
    lastEnd = upper.length;
  }
  // Significant digits: leading zeros dropped, one zero kept of a run of zeros.
  let from = lastStart;
  while (from >= 0 && from < lastEnd - 1 && upper.charCodeAt(from) === 48) from++;
  return { number, prefix, digits: lastStart < 0 ? '' : upper.slice(from, lastEnd), compact };
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
  private readonly byDigits = new Map<string, Keys>();
  private readonly byCreditorRef = new Map<string, string>();
  /** Whole numbers (prefix and digits, `INV7`), so that short numbers are found with their prefix. */
  private readonly byCompact = new Map<string, Keys>();
  private readonly prefixes = new Set<string>();
  /** Significant digits of our invoices that are no longer open (paid, cancelled), with their totals. */
  private readonly closedDigits = new Map<string, bigint[]>();

  /** An invoice number of ours that is not open: paid again (its total), it is no typo and no guess. */
  addClosed(number: string, totalMinor: bigint | null = null): void {
    const key = invoiceKey(number);
    if (key.digits.length < MIN_DIGITS) return;
    const totals = this.closedDigits.get(key.digits) ?? [];
    if (totals.length < 4) totals.push(totalMinor ?? -1n);
    this.closedDigits.set(key.digits, totals);
  }

  /** Is `digits` one of our closed invoices paid again (its total, or a total we do not know)? */
  private paidAgain(digits: string, amountMinor: bigint | undefined): boolean {
    const totals = this.closedDigits.get(digits);
    if (!totals) return false;
    return amountMinor === undefined || totals.some((t) => t === -1n || t === amountMinor);
  }

  add(number: string, paymentReference?: string | null): void {
    const key = invoiceKey(number);
    if (key.prefix.length >= 2) this.prefixes.add(key.prefix);
    if (key.prefix !== '') push(this.byCompact, key.compact, key);
    if (key.digits.length >= MIN_DIGITS) {
      push(this.byDigits, key.digits, key);
    }
    if (paymentReference) this.byCreditorRef.set(paymentReference.replace(/\s+/g, '').toUpperCase(), number);
  }

  /** Every invoice the text refers to, strongest first, each invoice once. */
  find(text: string, amountMinor?: bigint): ReferenceHit[] {
    const hits = new Map<string, ReferenceHit>();
    const keep = (hit: ReferenceHit) => {
      const old = hits.get(hit.number);
      if (!old || rank(hit.strength) < rank(old.strength)) hits.set(hit.number, hit);
    };
    for (const ref of creditorReferencesIn(text)) {
      const number = this.byCreditorRef.get(ref);
      if (number) keep({ number, strength: 'creditor_reference', found: ref });
    }
    const upper = withoutDates(text.toUpperCase());
    for (const m of upper.matchAll(/([A-Z]{0,6})[\s\-_./#:]*(\d[\d\-_. ]*\d|\d)/g)) {
      const letters = m[1] ?? '';
      const rawDigits = m[2] ?? '';
      // The whole number as written, prefix included, matches even when it has few digits.
      for (const key of keysOf(this.byCompact, `${letters}${rawDigits.replace(/[-_. ]/g, '')}`))
        keep({ number: key.number, strength: 'exact', found: m[0].trim() });
      for (const run of digitCandidates(rawDigits)) {
        const significant = run.replace(/^0+(?=\d)/, '');
        if (significant.length < MIN_DIGITS) continue;
        for (const key of keysOf(this.byDigits, significant)) {
          const prefixed = key.prefix !== '' && letters.endsWith(key.prefix);
          keep({ number: key.number, strength: prefixed ? 'exact' : 'digits', found: m[0].trim() });
        }
        // A typo is presumed only when the number as written is no open invoice's.
        if (
          significant.length >= MIN_TYPO_DIGITS &&
          !this.byDigits.has(significant) &&
          !this.paidAgain(significant, amountMinor)
        )
          for (const variant of oneDigitVariants(significant))
            for (const key of keysOf(this.byDigits, variant))
              keep({ number: key.number, strength: 'typo', found: m[0].trim() });
      }
    }
    return [...hits.values()].sort((a, b) => rank(a.strength) - rank(b.strength));
  }

  /**
   * The invoice-like references in a text that name no open invoice: one of our number prefixes
   * followed by 3+ digits (`INV-004219`) that is not open, or the digits of one of our closed
   * invoices (`Invoice 4219`). The payer says what it pays, and it is not open (already paid,
   * cancelled, or not ours): amount-only guesses must not override that.
   */
  unresolved(text: string, amountMinor?: bigint): string[] {
    const out: string[] = [];
    for (const m of withoutDates(text.toUpperCase()).matchAll(/([A-Z]{0,6})[\s\-_./#:]*(\d{3,})/g)) {
      const letters = m[1] ?? '';
      const significant = (m[2] ?? '').replace(/^0+(?=\d)/, '');
      const open = keysOf(this.byDigits, significant);
      const ours = letters.length >= 2 && [...this.prefixes].some((p) => letters.endsWith(p));
      if (ours && !open.some((k) => letters.endsWith(k.prefix))) out.push(m[0].trim());
      else if (!ours && open.length === 0 && this.paidAgain(significant, amountMinor)) out.push(m[0].trim());
    }
    return out;
  }
}

/**
 * Every string one substitution or one swap of neighbours away from `digits`, without a leading
 * zero (index keys have none): looked up in the index, ~70 lookups for 7 digits whatever the
 * number of open invoices (scanning all numbers of the same length cost O(invoices) per line).
 */
export function oneDigitVariants(digits: string): string[] {
  const out: string[] = [];
  for (let i = 0; i < digits.length; i++) {
    for (let d = 0; d <= 9; d++) {
      const c = String(d);
      if (c === digits[i] || (i === 0 && d === 0)) continue;
      out.push(digits.slice(0, i) + c + digits.slice(i + 1));
    }
    const next = digits[i + 1];
    if (next !== undefined && next !== digits[i] && !(i === 0 && next === '0'))
      out.push(digits.slice(0, i) + next + digits[i] + digits.slice(i + 2));
  }
  return out;
}

/** Dates (`12.05.2026`, `03/06/26`, `2026-06-01`, `12.05.`) blanked: their digits are no invoice numbers. */
function withoutDates(text: string): string {
  return text
    .replace(/\b\d{4}-\d{2}-\d{2}\b/g, ' ')
    .replace(/\b\d{1,2}[./]\d{1,2}[./](?:\d{4}|\d{2}\b)?/g, ' ');
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

/**
 * The invoices of an index key: one (nearly every number has digits of its own), or several.
 * Half a million one-element lists cost more to build than the index's lookups.
 */
type Keys = InvoiceKey | InvoiceKey[];

function push(map: Map<string, Keys>, key: string, value: InvoiceKey): void {
  const old = map.get(key);
  if (old === undefined) map.set(key, value);
  else if (Array.isArray(old)) old.push(value);
  else map.set(key, [old, value]);
}

const NO_KEYS: readonly InvoiceKey[] = [];

function keysOf(map: ReadonlyMap<string, Keys>, key: string): readonly InvoiceKey[] {
  const found = map.get(key);
  return found === undefined ? NO_KEYS : Array.isArray(found) ? found : [found];
}
