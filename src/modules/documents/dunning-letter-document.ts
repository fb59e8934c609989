/**
 * What a dunning letter's PDF shows (pure): the seller's letterhead (the version of the letter's
 * run), the customer's address, the letter's date and level, the wording of the level's message
 * template (the email's words, cut into paragraphs), the table of its invoices (number, due date,
 * days overdue, open amount, interest and its period), fee, interest and total due, and how to pay
 * (account, and the RF reference of each invoice and of the charge document carrying fee and
 * interest).
 *
 * The template's text keeps its own totals ("Amount now due: …") where it has them; the document
 * adds a summary under the table whenever the text does not show the total due, or a fee or
 * interest the letter charges — so every printed letter names all three.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import type { BillTo } from '../invoices/index.ts';
import type { Letterhead } from '../tenants/index.ts';

/** One invoice of the letter as the table prints it. */
export interface LetterItem {
  readonly number: string;
  readonly dueDate: CalendarDate;
  /** Negative before the due date (a pre-due reminder); printed only when positive. */
  readonly daysOverdue: number;
  readonly openMinor: bigint;
  readonly interestMinor: bigint;
  readonly interestPeriod: { readonly from: CalendarDate; readonly through: CalendarDate } | null;
}

/** A reference to quote when paying: the invoice's (or the charge document's) RF reference. */
export interface LetterReference {
  readonly number: string;
  readonly reference: string;
  /** True for the charge document (fee and interest). */
  readonly charge: boolean;
}

/** The body in reading order: the template's paragraphs, its aligned total lines, and the two slots. */
export type LetterBlock =
  | { readonly kind: 'paragraph'; readonly lines: readonly string[] }
  | { readonly kind: 'pairs'; readonly rows: readonly (readonly [string, string])[] }
  | { readonly kind: 'items' }
  | { readonly kind: 'payment' };

export interface DunningLetterDocument {
  /** Marks the layout data stored with the PDF (documents.layout_data). */
  readonly format: typeof LETTER_LAYOUT_FORMAT;
  readonly letterId: string;
  readonly letterDate: CalendarDate;
  readonly level: number;
  readonly currency: string;
  readonly seller: Letterhead;
  readonly customer: BillTo & { readonly externalId: string };
  /** The template's language: the labels follow it. */
  readonly language: string;
  /**
   * The locale of its amounts and dates, one of `language` (the wording's own). Absent in letters
   * stored before it was kept: those print in the customer's locale, as they did.
   */
  readonly locale?: string;
  readonly subject: string;
  readonly blocks: readonly LetterBlock[];
  readonly items: readonly LetterItem[];
  readonly openMinor: bigint;
  readonly feeMinor: bigint;
  readonly interestMinor: bigint;
  readonly totalDueMinor: bigint;
  /** Draw fee, interest and total due under the table (the template's text lacks one of them). */
  readonly summary: boolean;
  readonly references: readonly LetterReference[];
}

export const LETTER_LAYOUT_FORMAT = 'dunning-letter/1';

/** The template's body for paper: text parts and the slots of its block placeholders. */
export interface LetterWording {
  readonly language: string;
  /** The locale the wording's amounts and dates are in (the document's table uses it too). */
  readonly locale: string;
  readonly subject: string;
  readonly parts: readonly ({ readonly text: string } | { readonly block: string })[];
  /** Placeholders whose values the body shows. */
  readonly used: ReadonlySet<string>;
}

export interface DunningLetterSource {
  readonly letter: {
    readonly letterId: string;
    readonly asOf: CalendarDate;
    readonly levelNo: number;
    readonly currency: string;
    readonly openMinor: bigint;
    readonly feeMinor: bigint;
    readonly interestMinor: bigint;
    readonly invoices: readonly (LetterItem & { readonly paymentReference: string | null })[];
    /** The DUN document carrying fee and interest, when the letter charges any. */
    readonly charge: { readonly number: string; readonly paymentReference: string | null } | null;
  };
  readonly seller: Letterhead;
  readonly customer: BillTo & { readonly externalId: string };
  readonly wording: LetterWording;
}

/** The block placeholders of a dunning template that the document draws itself. */
export const LETTER_BLOCKS = { invoice_table: 'items', payment_instructions: 'payment' } as const;

/** A line of aligned columns in the plain-text template ("Reminder fee:      5,00 €"). */
const PAIR = /^(\S.*?\S)\s{2,}(\S.*)$/;

function textBlocks(text: string): LetterBlock[] {
  return text
    .split(/\n{2,}/)
    .map((p) => p.split('\n'))
    .filter((lines) => lines.some((l) => l.trim() !== ''))
    .map((lines): LetterBlock => {
      const pairs = lines.map((l) => PAIR.exec(l.trim()));
      if (pairs.every((m) => m !== null))
        return { kind: 'pairs', rows: pairs.map((m) => [m?.[1] ?? '', m?.[2] ?? ''] as const) };
      return { kind: 'paragraph', lines };
    });
}

/**
 * The wording's parts as blocks; each slot once, and the table and the payment instructions
 * appended (in that order) when the template has no place for them.
 */
export function letterBlocks(wording: LetterWording): LetterBlock[] {
  const blocks: LetterBlock[] = [];
  const placed = new Set<string>();
  for (const part of wording.parts) {
    if ('text' in part) {
      blocks.push(...textBlocks(part.text));
      continue;
    }
    const kind = LETTER_BLOCKS[part.block as keyof typeof LETTER_BLOCKS];
    if (kind === undefined || placed.has(kind)) continue;
    placed.add(kind);
    blocks.push({ kind });
  }
  for (const kind of ['items', 'payment'] as const) if (!placed.has(kind)) blocks.push({ kind });
  return blocks;
}

/** True when the text does not show the total due, or a fee or interest the letter charges. */
export function needsSummary(
  used: ReadonlySet<string>,
  letter: Pick<DunningLetterSource['letter'], 'feeMinor' | 'interestMinor'>,
): boolean {
  if (!used.has('total_due')) return true;
  return (letter.feeMinor > 0n && !used.has('fee')) || (letter.interestMinor > 0n && !used.has('interest'));
}

function referencesOf(letter: DunningLetterSource['letter']): LetterReference[] {
  const invoices = letter.invoices.flatMap((i) =>
    i.paymentReference ? [{ number: i.number, reference: i.paymentReference, charge: false }] : [],
  );
  const charge = letter.charge?.paymentReference
    ? [{ number: letter.charge.number, reference: letter.charge.paymentReference, charge: true }]
    : [];
  return [...invoices, ...charge];
}

/** The letter's amounts come from its notices; a difference would be a bug, never printed. */
function assertAddsUp(letter: DunningLetterSource['letter']): void {
  const open = letter.invoices.reduce((s, i) => s + i.openMinor, 0n);
  const interest = letter.invoices.reduce((s, i) => s + i.interestMinor, 0n);
  if (open !== letter.openMinor || interest !== letter.interestMinor)
    throw new Error(`dunning letter ${letter.letterId}: its invoices do not add up to the letter`);
}

/** The document of one dunning letter (see the module comment for what it holds). */
export function dunningLetterDocument(source: DunningLetterSource): DunningLetterDocument {
  const { letter, wording } = source;
  assertAddsUp(letter);
  return {
    format: LETTER_LAYOUT_FORMAT,
    letterId: letter.letterId,
    letterDate: letter.asOf,
    level: letter.levelNo,
    currency: letter.currency,
    seller: source.seller,
    customer: source.customer,
    language: wording.language,
    locale: wording.locale,
    subject: wording.subject,
    blocks: letterBlocks(wording),
    items: letter.invoices.map(({ paymentReference: _reference, ...item }) => item),
    openMinor: letter.openMinor,
    feeMinor: letter.feeMinor,
    interestMinor: letter.interestMinor,
    totalDueMinor: letter.openMinor + letter.feeMinor + letter.interestMinor,
    summary: needsSummary(wording.used, letter),
    references: referencesOf(letter),
  };
}

/** The document as JSON-safe data (amounts, named `…Minor`, as decimal strings of minor units). */
export function letterLayoutData(d: DunningLetterDocument): unknown {
  return JSON.parse(JSON.stringify(d, (_key, value) => (typeof value === 'bigint' ? String(value) : value)));
}

function reviveMinor(value: unknown, key = ''): unknown {
  if (key.endsWith('Minor') && typeof value === 'string') return BigInt(value);
  if (Array.isArray(value)) return value.map((v) => reviveMinor(v));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, reviveMinor(v, k)]));
  return value;
}

/**
 * The document back from its stored layout data (written by `letterLayoutData`, so trusted);
 * throws for data of another format.
 */
export function letterFromLayoutData(data: unknown): DunningLetterDocument {
  const revived = reviveMinor(data) as DunningLetterDocument;
  if (revived?.format !== LETTER_LAYOUT_FORMAT)
    throw new Error(`stored letter layout is not ${LETTER_LAYOUT_FORMAT}`);
  return revived;
}
