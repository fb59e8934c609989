/**
 * SWIFT MT940 (customer statement) and MT942 (interim transaction report) parser.
 *
 * Lenient about what real files look like: SWIFT block wrappers (`{1:…}{2:…}{4:` … `-}`), several
 * messages per file, CRLF/LF/CR line breaks, blank lines, trailing whitespace, control characters,
 * `.` or `,` as decimal separator, amounts without decimals. A day the month does not have (a
 * 30 February, which some banks write for value dates) is kept as the last day of that month, like
 * the WoLpH/mt940 parser reads it, and reported in the statement's warnings with its line: the
 * line is real money, so it is not dropped, and the change is not silent. `:86:` information is read in the German
 * `?xx` sub-field layout (with SEPA `EREF+`/`SVWZ+`… prefixes), the Dutch `/KEY/value/` layout, or as
 * free text. A file without any MT940 field, or with a `:61:`/balance field that cannot be read, is
 * rejected with a `StatementSyntaxError` naming the line.
 */
import { type CalendarDate, isCalendarDate } from '../../../shared/calendar-date.ts';
import { isKnownCurrency } from '../../../shared/currency.ts';
import { isValidIban, normalizeIban } from '../../../shared/iban.ts';
import {
  type Balance,
  type Counterparty,
  type ParsedEntry,
  type ParsedFile,
  type ParsedStatement,
  parseBankAmount,
  type StatementFormat,
  StatementSyntaxError,
} from '../statement.ts';

interface Field {
  readonly tag: string;
  /** Content lines (first line without the tag), trailing whitespace removed. */
  readonly lines: string[];
  /** The same lines with their trailing whitespace: in `:86:` a space at the end of a line is text. */
  readonly raw: string[];
  readonly line: number;
}

interface RawBalance {
  readonly sign: 1n | -1n;
  readonly date: CalendarDate;
  readonly currency: string;
  readonly amount: string;
  readonly line: number;
}

interface EntryDraft {
  readonly line: number;
  readonly valueDate: CalendarDate;
  readonly bookingDate: CalendarDate;
  readonly sign: 1n | -1n;
  readonly reversal: boolean;
  readonly amount: string;
  readonly typeCode: string | null;
  readonly customerReference: string | null;
  readonly bankReference: string | null;
  readonly supplementary: string | null;
  /** The raw lines of each `:86:` field of the entry. */
  details: string[][];
}

interface StatementDraft {
  reference: string | null;
  statementId: string | null;
  accountText: string | null;
  accountCurrency: string | null;
  opening: RawBalance | null;
  closing: RawBalance | null;
  floorCurrency: string | null;
  dateTime: CalendarDate | null;
  entries: EntryDraft[];
  warnings: string[];
  /** True once an entry or closing balance was read: a following :60x: starts a new statement. */
  hasBody: boolean;
}

const TAG_LINE = /^:(\d{2}[A-Z]?|NS):(.*)$/;
const BIC = /^[A-Z]{6}[A-Z0-9]{2}([A-Z0-9]{3})?$/;

/** Parse an MT940/MT942 file into statements. See the module comment for what is tolerated. */
export function parseMt940(text: string): ParsedFile {
  const { fields, header942 } = readFields(text);
  if (fields.length === 0) {
    throw new StatementSyntaxError('no MT940 field (":20:", ":25:", ":61:" …) found', 1);
  }
  const drafts = groupStatements(fields);
  const hasOpening = drafts.some((d) => d.opening !== null);
  const has942Fields = drafts.some((d) => d.floorCurrency !== null || d.dateTime !== null);
  const format: StatementFormat = header942 || (has942Fields && !hasOpening) ? 'mt942' : 'mt940';
  const width = detailsWidth(fields);
  const statements = drafts
    .filter((d) => d.accountText !== null || d.opening || d.closing || d.entries.length > 0)
    .map((d) => finishStatement(d, format, width));
  return { format, statements };
}

// ---------------------------------------------------------------------------------------------
// Lines → fields

function readFields(text: string): { fields: Field[]; header942: boolean } {
  // Control characters (STX/ETX/SOH around SWIFT messages, stray binary bytes) are dropped.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
  const clean = text.replace(/^\uFEFF/, '').replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, '');
  const lines = clean.split(/\r\n|\r|\n/);
  const fields: Field[] = [];
  let header942 = false;
  let current: Field | null = null;
  for (let i = 0; i < lines.length; i++) {
    let raw = lines[i] ?? '';
    const lineNo = i + 1;
    // SWIFT basic/application header blocks: keep what follows `{4:` on the line.
    if (/^\s*\{[1-5]:/.test(raw)) {
      if (/\{2:[IO]942/.test(raw)) header942 = true;
      const block4 = raw.indexOf('{4:');
      current = null;
      if (block4 < 0) continue;
      raw = raw.slice(block4 + 3);
    }
    const trimmed = raw.trimEnd();
    // End of a message: `-`, `-}`, `-}{5:…}`.
    if (/^\s*-\s*(\}.*)?$/.test(trimmed)) {
      current = null;
      continue;
    }
    // A tag whose leading colon stands alone on the line before (seen in Sparkasse exports).
    let tagged = TAG_LINE.exec(raw);
    if (!tagged && trimmed === ':' && /^\d{2}[A-Z]?:/.test(lines[i + 1] ?? '')) {
      i++;
      tagged = TAG_LINE.exec(`:${lines[i] ?? ''}`);
    }
    if (tagged) {
      const content = tagged[2] ?? '';
      current = { tag: tagged[1] ?? '', lines: [content.trimEnd()], raw: [content], line: lineNo };
      fields.push(current);
      continue;
    }
    if (current) {
      current.lines.push(trimmed);
      current.raw.push(raw);
    }
    // Text outside any field (before the first tag, after a `-`) is ignored.
  }
  return { fields, header942 };
}

// ---------------------------------------------------------------------------------------------
// Fields → statement drafts

function newDraft(previous: StatementDraft | null): StatementDraft {
  return {
    reference: previous?.reference ?? null,
    statementId: previous?.statementId ?? null,
    accountText: previous?.accountText ?? null,
    accountCurrency: previous?.accountCurrency ?? null,
    opening: null,
    closing: null,
    floorCurrency: null,
    dateTime: null,
    entries: [],
    warnings: [],
    hasBody: false,
  };
}

/** The statements of a file as drafts, each field read into the statement it belongs to. */
function groupStatements(fields: readonly Field[]): StatementDraft[] {
  const grouping: Grouping = { drafts: [], draft: null, lastTag: '' };
  for (const field of fields) {
    const content = field.lines.join('\n').trim();
    const read = FIELD_READERS.find((r) => r.tags.includes(field.tag))?.read;
    read?.(grouping, field, content);
    // :21:, :64:, :65:, :NS: and unknown tags carry nothing the model needs.
    grouping.lastTag = field.tag;
  }
  return grouping.drafts;
}

/** Where grouping fields into statements stands. */
interface Grouping {
  readonly drafts: StatementDraft[];
  draft: StatementDraft | null;
  /** The tag of the field before: a :86: belongs to the :61: just before it. */
  lastTag: string;
}

/** The statement being read (a new one when there is none yet). */
function current(g: Grouping): StatementDraft {
  if (!g.draft) return startNew(g, false);
  return g.draft;
}

/** A new statement; `inherit` keeps the reference and account of the one before (a :60M: page). */
function startNew(g: Grouping, inherit: boolean): StatementDraft {
  g.draft = newDraft(inherit ? g.draft : null);
  g.drafts.push(g.draft);
  return g.draft;
}

type FieldReader = (g: Grouping, field: Field, content: string) => void;

const FIELD_READERS: readonly { readonly tags: readonly string[]; readonly read: FieldReader }[] = [
  { tags: ['20'], read: readTransactionReference },
  { tags: ['25'], read: readAccountField },
  {
    tags: ['28', '28C'],
    read: (g, _f, content) => {
      current(g).statementId = content || null;
    },
  },
  { tags: ['60F', '60M', '60'], read: readOpening },
  { tags: ['62F', '62M', '62'], read: readClosing },
  { tags: ['61'], read: readEntryField },
  { tags: ['86'], read: readInformation },
  { tags: ['34F'], read: readFloorLimit },
  { tags: ['13D', '13'], read: readDateTime },
  { tags: ['90D', '90C'], read: readTurnover },
];

function readTransactionReference(g: Grouping, _field: Field, content: string): void {
  const d =
    g.draft && (g.draft.hasBody || g.draft.opening || g.draft.accountText !== null)
      ? startNew(g, false)
      : current(g);
  d.reference = content || null;
}

function readAccountField(g: Grouping, field: Field, content: string): void {
  const d = current(g);
  if (d.accountText !== null && d.hasBody) {
    d.warnings.push(`line ${field.line}: a second :25: account field inside a statement was ignored`);
    return;
  }
  const { account, currency } = splitAccountCurrency(content);
  d.accountText = account;
  d.accountCurrency = currency;
}

function readOpening(g: Grouping, field: Field, content: string): void {
  const d = g.draft && (g.draft.hasBody || g.draft.opening) ? startNew(g, true) : current(g);
  d.opening = readBalance(field, content, d.warnings);
}

function readClosing(g: Grouping, field: Field, content: string): void {
  const d = current(g);
  d.closing = readBalance(field, content, d.warnings);
  d.hasBody = true;
}

function readEntryField(g: Grouping, field: Field): void {
  const d = current(g);
  d.entries.push(readStatementLine(field, d.warnings));
  d.hasBody = true;
}

/** Information to account owner belongs to the :61: just before it; a repeated :86: adds to it. */
function readInformation(g: Grouping, field: Field): void {
  const last = current(g).entries.at(-1);
  if (last && (g.lastTag === '61' || g.lastTag === '86')) last.details.push(field.raw);
}

function readFloorLimit(g: Grouping, _field: Field, content: string): void {
  const m = /^([A-Z]{3})/.exec(content);
  if (m?.[1]) current(g).floorCurrency = m[1];
}

function readDateTime(g: Grouping, field: Field, content: string): void {
  const d = current(g);
  const date = readDate(content.slice(0, 6), {
    what: `:${field.tag}: date`,
    line: field.line,
    warnings: d.warnings,
  });
  if (date) d.dateTime = date;
}

function readTurnover(g: Grouping, _field: Field, content: string): void {
  const m = /^\d*([A-Z]{3})/.exec(content);
  const d = current(g);
  if (m?.[1] && !d.floorCurrency) d.floorCurrency = m[1];
}

function splitAccountCurrency(text: string): { account: string | null; currency: string | null } {
  const value = text.replace(/\s+/g, ' ').trim();
  if (!value) return { account: null, currency: null };
  if (isValidIban(value)) return { account: value, currency: null };
  const m = /^(.*[\d\s/])([A-Z]{3})$/.exec(value);
  if (m?.[1] && m[2] && (isKnownCurrency(m[2]) || isValidIban(m[1]))) {
    return { account: m[1].trim(), currency: m[2] };
  }
  return { account: value, currency: null };
}

// ---------------------------------------------------------------------------------------------
// Dates and amounts

/** Where a date is read: for the warning when the day does not exist in its month. */
interface DateSite {
  /** The field and date, e.g. ':61: value date'. */
  readonly what: string;
  readonly line: number;
  readonly warnings: string[];
}

const MONTHS = 'January February March April May June July August September October November December';

/**
 * YYMMDD → 'YYYY-MM-DD', or null if not a date. Day 29–31 of a month without it is read as the
 * month's last day, with a warning naming the line (see the module comment).
 */
function readDate(yymmdd: string, site: DateSite): CalendarDate | null {
  const m = /^(\d{2})(\d{2})(\d{2})$/.exec(yymmdd);
  if (!m) return null;
  const yy = Number(m[1]);
  const year = yy < 80 ? 2000 + yy : 1900 + yy;
  return lenientDate(year, Number(m[2]), Number(m[3]), yymmdd, site);
}

function lenientDate(
  year: number,
  month: number,
  day: number,
  written: string,
  site: DateSite,
): CalendarDate | null {
  if (month < 1 || month > 12 || day < 1 || day > 31) return null;
  const exact = `${year}-${pad(month)}-${pad(day)}`;
  if (isCalendarDate(exact)) return exact;
  const last = [30, 29, 28].map((d) => `${year}-${pad(month)}-${pad(d)}`).find(isCalendarDate) ?? exact;
  site.warnings.push(
    `line ${site.line}: ${site.what} ${written} is ${day} ${MONTHS.split(' ')[month - 1]} ${year}, a day that does not exist; read as ${last}, the last day of that month`,
  );
  return last;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** Entry date MMDD next to a value date: same year, unless that is more than half a year away. */
function entryDate(valueDate: CalendarDate, mmdd: string, site: DateSite): CalendarDate | null {
  const month = Number(mmdd.slice(0, 2));
  const day = Number(mmdd.slice(2, 4));
  const valueYear = Number(valueDate.slice(0, 4));
  const valueMonth = Number(valueDate.slice(5, 7));
  let year = valueYear;
  if (month - valueMonth > 6) year--;
  else if (valueMonth - month > 6) year++;
  return lenientDate(year, month, day, mmdd, site);
}

function readBalance(field: Field, content: string, warnings: string[]): RawBalance {
  const m = /^([DC])(\d{6})([A-Z]{3})?([\d.,]*)$/.exec(content.replace(/\s+/g, ''));
  const date = m
    ? readDate(m[2] ?? '', { what: `:${field.tag}: balance date`, line: field.line, warnings })
    : null;
  if (!m || !date || !/\d/.test(m[4] ?? '')) {
    throw new StatementSyntaxError(
      `:${field.tag}: balance must be D/C, date YYMMDD, currency and amount, got ${JSON.stringify(content)}`,
      field.line,
    );
  }
  return {
    sign: m[1] === 'D' ? -1n : 1n,
    date,
    currency: m[3] ?? '',
    amount: m[4] ?? '',
    line: field.line,
  };
}

/** Amount text with `,` or `.` as decimal separator (thousands grouping does not occur in MT940). */
function toMinor(amount: string, currency: string, line: number, warnings: string[]): bigint {
  const separator = amount.includes(',') ? ',' : '.';
  const normalized = separator === ',' ? amount.replaceAll('.', '') : amount;
  const parsed = parseBankAmount(normalized, isKnownCurrency(currency) ? currency : 'EUR', separator);
  if (!parsed) throw new StatementSyntaxError(`amount ${JSON.stringify(amount)} is not a number`, line);
  if (!parsed.exact)
    warnings.push(`line ${line}: amount ${amount} ${currency} has more decimals than the currency; rounded`);
  return parsed.minor;
}

// ---------------------------------------------------------------------------------------------
// :61: statement line

const STATEMENT_LINE = /^(\d{6})(\d{4})?(R?[CD]|E[CD])([A-Z])?(\d[\d.,]*|[.,]\d+)([A-Z][A-Z0-9]{3})?(.*)$/;

function readStatementLine(field: Field, warnings: string[]): EntryDraft {
  const lines = field.lines.map((l) => l.trim());
  const first = lines[0] ?? '';
  let m = STATEMENT_LINE.exec(first);
  let rest = lines.slice(1);
  // Some banks break the line between the D/C mark and the amount.
  if (!m && lines.length > 1) {
    const joined = STATEMENT_LINE.exec(first + (lines[1] ?? ''));
    if (joined) {
      m = joined;
      rest = lines.slice(2);
    }
  }
  const site = (what: string): DateSite => ({ what: `:61: ${what}`, line: field.line, warnings });
  const valueDate = m ? readDate(m[1] ?? '', site('value date')) : null;
  if (!m || !valueDate) {
    throw new StatementSyntaxError(
      `:61: statement line must start with value date YYMMDD, optional entry date MMDD, D/C mark and amount, got ${JSON.stringify(first)}`,
      field.line,
    );
  }
  const booking = m[2] ? entryDate(valueDate, m[2], site('entry date')) : valueDate;
  if (m[2] && !booking) {
    throw new StatementSyntaxError(`:61: entry date ${m[2]} is not a date (MMDD)`, field.line);
  }
  const mark = m[3] ?? 'C';
  const tail = m[7] ?? '';
  const slash = tail.indexOf('//');
  const customer = (slash >= 0 ? tail.slice(0, slash) : tail).trim();
  const bank = slash >= 0 ? tail.slice(slash + 2).trim() : '';
  const supplementary = rest.join(' ').trim();
  return {
    line: field.line,
    valueDate,
    bookingDate: booking ?? valueDate,
    // RC is the reversal of a credit, i.e. a debit (and RD a credit): the SWIFT meaning, and the
    // only reading under which statements with reversals reconcile (betterplace sepa_mt9401.sta).
    sign: mark.endsWith('D') !== mark.startsWith('R') ? -1n : 1n,
    reversal: mark.startsWith('R'),
    amount: m[5] ?? '',
    typeCode: m[6] ?? null,
    customerReference: customer || null,
    bankReference: bank || null,
    supplementary: supplementary || null,
    details: [],
  };
}

// ---------------------------------------------------------------------------------------------
// :86: information to account owner

interface Details {
  transactionCode: string | null;
  name: string | null;
  iban: string | null;
  accountNumber: string | null;
  bic: string | null;
  ultimateParty: string | null;
  remittance: string[];
  structuredReferences: string[];
  endToEndId: string | null;
}

function emptyDetails(): Details {
  return {
    transactionCode: null,
    name: null,
    iban: null,
    accountNumber: null,
    bic: null,
    ultimateParty: null,
    remittance: [],
    structuredReferences: [],
    endToEndId: null,
  };
}

// How the lines and sub-fields of :86: are joined. Banks cut its text without regard for words:
// into physical lines of 65 characters (some count the `:86:` tag in the first line's 65; Triodos
// wraps at 64) and, in the German layout, the purpose into sub-fields ?20–?29 (then ?60–?63) of
// 27 characters. A full line or sub-field was cut mechanically, wherever the cut fell ("INV-01" +
// "2345", "SV" + "WZ+"), so it is joined to the next without a space; a shorter one ended where
// the writer ended a word, or lost its trailing space, so a space is put back. Keywords and
// sub-field codes are looked for in the joined text, so one cut in two is still found.

/**
 * A line break after a short line: a space in text, nothing inside an account number or an
 * identifier. A control character, so never in the input (readFields removes them).
 */
const SOFT_BREAK = '\u0001';
const LINE_WIDTH = 65;
const SUBFIELD_WIDTH = 27;

/**
 * The width a file's `:86:` lines are wrapped at: 65, or 64 in a file like Triodos's, whose lines
 * hold 64 characters after the tag and none more, three times or more. (A bank wrapping at 65
 * writes 65, or 61 after a tag it counts; 64 only where the export dropped a trailing space, and
 * then the file's other full lines are 65.)
 */
function detailsWidth(fields: readonly Field[]): number {
  let at64 = 0;
  let longest = 0;
  for (const field of fields) {
    if (field.tag !== '86') continue;
    for (const line of field.lines) {
      if (line.length === 64) at64++;
      if (line.length > longest) longest = line.length;
    }
  }
  return at64 >= 3 && longest === 64 ? 64 : LINE_WIDTH;
}

/**
 * Is a match of `token` (a global RegExp) cut by the point between `before` and `after`, or, with
 * `orStartsThere`, does one start right there?
 */
function spans(before: string, after: string, token: RegExp, orStartsThere = false): boolean {
  const head = before.slice(-16);
  const text = head + after.slice(0, 16);
  for (const m of text.matchAll(token)) {
    const end = m.index + m[0].length;
    if ((m.index < head.length && end > head.length) || (orStartsThere && m.index === head.length))
      return true;
  }
  return false;
}

type Glue = (before: string, after: string) => boolean;

/** A line that starts with a label ("KENMERK: 7541410", "NAAM: …") starts a new item (ABN AMRO's columns). */
const LABEL_START = /^[A-Z][A-Za-z.-]{1,20}: /;

/**
 * The raw lines of a `:86:` field as one text. A space where the line ended in one, or the next
 * starts with a label; nothing where the line is full (`width`, 65 or 64, or 4 less in a first
 * line whose width counts the tag), where the next line starts with its own space, at a hyphen that
 * joins two parts ("INV-" + "0123", "22-08" + "-2014"), or where a code or keyword is cut
 * (`glue`); after a shorter line, a SOFT_BREAK.
 */
function joinLines(lines: readonly string[], width: number, glue: Glue): string {
  let text = lines[0]?.trimEnd() ?? '';
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i - 1] ?? '';
    const before = raw.trimEnd();
    const after = (lines[i] ?? '').trimEnd();
    const full = before.length >= width || (i === 1 && before.length + 4 === width);
    const joined = /\S-$/.test(before) || /^-\S/.test(after);
    let separator = SOFT_BREAK;
    if (before === '' || after.trim() === '' || raw !== before || LABEL_START.test(after)) separator = ' ';
    else if (full || joined || /^\s/.test(after) || glue(before, after)) separator = '';
    text += separator + after;
  }
  return text;
}

function readDetails(lines: readonly string[], width: number): Details {
  const naive = lines.map((l) => l.trimEnd()).join('');
  const german = /^\s*(\d{3})([?>^])\d\d/.exec(naive);
  if (german) {
    const separator = german[2] ?? '?';
    const code = new RegExp(`\\${separator}\\d{2}`, 'g');
    // A sub-field code cut or starting the next line, a keyword cut. (A code ending the line may
    // be followed by a space the line lost: its value starts with the break.)
    const glue: Glue = (a, b) => spans(a, b, code, true) || spans(a, b, SEPA_KEYWORDS);
    return readGermanDetails(joinLines(lines, width, glue).trim(), german[1] ?? '', separator);
  }
  if (/^\s*\/[A-Z]{2,9}\//.test(naive) && DUTCH_KEY.test(naive)) {
    const keys = new RegExp(DUTCH_KEY.source, 'g');
    const glue: Glue = (a, b) => spans(a, b, keys, true) || new RegExp(`${DUTCH_KEY.source}$`).test(a);
    return readDutchDetails(joinLines(lines, width, glue).trim());
  }
  const details = emptyDetails();
  const text = joinLines(lines, width, () => false)
    .replaceAll(SOFT_BREAK, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (text) details.remittance.push(text);
  return details;
}

const SEPA_KEYWORDS = /(EREF|KREF|MREF|CRED|DEBT|SVWZ|ABWA|ABWE|IBAN|BIC)\+/g;
const SUBFIELD_BY_SEPARATOR: Readonly<Record<string, RegExp>> = { '>': />(\d{2})/, '^': /\^(\d{2})/ };
const SUBFIELD = /\?(\d{2})/;
/** Purpose (Verwendungszweck) sub-fields in order: ?20–?29, then the continuation ?60–?63. */
const PURPOSE_SUBFIELDS = [20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 60, 61, 62, 63];
/** Sub-fields that never hold a space: primanota, bank code or BIC, account or IBAN, return code. */
const UNSPACED_SUBFIELDS = new Set([10, 30, 31, 34]);

/** The ?xx sub-fields of a German :86: (a repeated code adds to the value), line breaks resolved. */
function germanSubfields(text: string, separator: string): Map<number, string> {
  const raw = new Map<number, string>();
  const parts = text.split(SUBFIELD_BY_SEPARATOR[separator] ?? SUBFIELD);
  // parts: ['', '00', 'value', '10', 'value', …]
  for (let i = 1; i + 1 < parts.length; i += 2) {
    const key = Number(parts[i]);
    raw.set(key, (raw.get(key) ?? '') + (parts[i + 1] ?? ''));
  }
  const sub = new Map<number, string>();
  for (const [key, value] of raw) {
    const unbroken = value.replaceAll(SOFT_BREAK, '');
    const spaced = UNSPACED_SUBFIELDS.has(key) || unbroken.length >= SUBFIELD_WIDTH;
    sub.set(key, spaced ? unbroken : value.replaceAll(SOFT_BREAK, ' '));
  }
  return sub;
}

/**
 * Sub-fields in order as one text: a full one (27 characters) runs on into the next, which the bank
 * cut off; after a shorter one, a space — unless either side has its own, or a keyword is cut.
 */
function joinSubfields(parts: readonly (string | undefined)[]): string {
  let text = '';
  let previous = '';
  for (const part of parts) {
    if (!part) continue;
    const space =
      previous !== '' &&
      previous.length < SUBFIELD_WIDTH &&
      !/\s$/.test(previous) &&
      !/^\s/.test(part) &&
      !spans(previous, part, SEPA_KEYWORDS);
    text += (space ? ' ' : '') + part;
    previous = part;
  }
  return text;
}

function readGermanDetails(text: string, code: string, separator: string): Details {
  const details = emptyDetails();
  details.transactionCode = code;
  const sub = germanSubfields(text.slice(3), separator);
  const name = joinSubfields([sub.get(32), sub.get(33)])
    .replace(/\s+/g, ' ')
    .trim();
  if (name) details.name = name;
  setAccount(details, sub.get(31)?.trim() ?? '');
  const bic = sub.get(30)?.trim() ?? '';
  if (BIC.test(bic)) details.bic = bic;
  const purpose = joinSubfields(PURPOSE_SUBFIELDS.map((key) => sub.get(key)));
  if (new RegExp(SEPA_KEYWORDS.source).test(purpose)) readSepaPurpose(details, purpose);
  else if (purpose.trim()) details.remittance.push(purpose.trim());
  return details;
}

/** The SEPA keywords of a purpose text: EREF+ end-to-end id, SVWZ+ remittance, ABWA+ ultimate payer … */
function readSepaPurpose(details: Details, purpose: string): void {
  for (const [prefix, value] of splitSepa(purpose)) {
    if (prefix === 'EREF' && value && value !== 'NOTPROVIDED') details.endToEndId = value;
    else if (prefix === 'SVWZ' || prefix === '') {
      if (value) details.remittance.push(value);
    } else if (prefix === 'ABWA' || prefix === 'ABWE') {
      if (value) details.ultimateParty = value;
    } else if (prefix === 'IBAN' && !details.iban) setAccount(details, value);
    else if (prefix === 'BIC' && !details.bic && BIC.test(value)) details.bic = value;
  }
}

/** `'EREF+123 SVWZ+Invoice 7'` → `[['EREF', '123'], ['SVWZ', 'Invoice 7']]`; text before a prefix has prefix ''. */
function splitSepa(text: string): [string, string][] {
  const out: [string, string][] = [];
  const re = new RegExp(SEPA_KEYWORDS.source, 'g');
  let prefix = '';
  let start = 0;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const value = text.slice(start, m.index).trim();
    if (prefix || value) out.push([prefix, value]);
    prefix = m[1] ?? '';
    start = m.index + m[0].length;
  }
  out.push([prefix, text.slice(start).trim()]);
  return out;
}

const DUTCH_KEYS = [
  'TRTP',
  'IBAN',
  'BIC',
  'NAME',
  'REMI',
  'EREF',
  'MARF',
  'CSID',
  'CNTP',
  'ORDP',
  'BENM',
  'ULTC',
  'ULTD',
  'ULTB',
  'PURP',
  'RTRN',
  'ISDT',
  'CDTRREF',
  'CDTRREFTP',
  'PREF',
  'ADDR',
];
const DUTCH_KEY = new RegExp(`/(${DUTCH_KEYS.join('|')})/`);

/** Dutch keys whose value is an identifier: a break after a short line inside it is no space. */
const DUTCH_IDENTIFIER_KEYS = new Set([
  'IBAN',
  'BIC',
  'EREF',
  'MARF',
  'CSID',
  'PURP',
  'RTRN',
  'ISDT',
  'CDTRREF',
  'CDTRREFTP',
  'PREF',
]);

/** The first value of each /KEY/ of a Dutch :86:, line breaks resolved. */
function dutchValues(text: string): Map<string, string> {
  const re = new RegExp(`/(${DUTCH_KEYS.join('|')})/`, 'g');
  const marks: { key: string; start: number; end: number }[] = [];
  for (let m = re.exec(text); m; m = re.exec(text)) {
    marks.push({ key: m[1] ?? '', start: m.index, end: m.index + m[0].length });
    re.lastIndex = m.index + m[0].length - 1; // the closing slash may open the next key
  }
  const values = new Map<string, string>();
  for (let i = 0; i < marks.length; i++) {
    const mark = marks[i];
    if (!mark || values.has(mark.key)) continue;
    const next = marks[i + 1];
    const value = text.slice(mark.end, next ? next.start : text.length);
    const identifier = DUTCH_IDENTIFIER_KEYS.has(mark.key) || value.startsWith('STRD/');
    values.set(mark.key, value.replaceAll(SOFT_BREAK, identifier ? '' : ' '));
  }
  return values;
}

/**
 * A Dutch value without its trailing slashes, trimmed. A loop, not `/\/+$/`: that regex retries
 * at every slash of a run followed by other text, quadratic in the run (found by npm run fuzz).
 */
function clean(value: string | undefined): string {
  const text = value ?? '';
  let end = text.length;
  while (end > 0 && text[end - 1] === '/') end--;
  return text.slice(0, end).trim();
}

function readDutchDetails(text: string): Details {
  const details = emptyDetails();
  const values = dutchValues(text);
  const cntp = values.get('CNTP');
  if (cntp !== undefined) {
    const [account = '', bic = '', name = ''] = cntp.split('/');
    setAccount(details, account.trim());
    if (BIC.test(bic.trim())) details.bic = bic.trim();
    if (name.trim()) details.name = name.trim();
  }
  const name = clean(values.get('NAME'));
  if (name && !details.name) details.name = name;
  const iban = clean(values.get('IBAN'));
  if (iban && !details.iban) setAccount(details, iban);
  const bic = clean(values.get('BIC'));
  if (bic && !details.bic && BIC.test(bic)) details.bic = bic;
  const eref = clean(values.get('EREF'));
  if (eref && eref !== 'NOTPROVIDED') details.endToEndId = eref;
  const remi = values.get('REMI');
  if (remi !== undefined) readRemi(details, remi);
  // Rabobank and ABN AMRO: /CDTRREFTP//CD/SCOR/ISSR/CUR/CDTRREF/<reference>.
  const creditorReference = clean(values.get('CDTRREF'));
  if (creditorReference) details.structuredReferences.push(creditorReference);
  const ult = clean(values.get('ULTD')) || clean(values.get('ULTC'));
  if (ult) details.ultimateParty = ult.split('/')[0] ?? ult;
  return details;
}

/** /REMI/: ING's USTD// (unstructured) or STRD/CUR/<reference>, else the text itself. */
function readRemi(details: Details, remi: string): void {
  const ustd = /^USTD\/\/?(.*)$/s.exec(remi);
  const strd = /^STRD\/([^/]*)\/([^/]*)/.exec(remi);
  if (ustd) {
    const value = clean(ustd[1]);
    if (value) details.remittance.push(value);
  } else if (strd) {
    const reference = (strd[2] ?? '').trim();
    if (reference) details.structuredReferences.push(reference);
  } else {
    const value = clean(remi);
    if (value) details.remittance.push(value);
  }
}

function setAccount(details: Details, value: string): void {
  if (!value) return;
  const iban = normalizeIban(value);
  if (isValidIban(iban)) details.iban = iban;
  else details.accountNumber = value;
}

// ---------------------------------------------------------------------------------------------
// Drafts → ParsedStatement

/** `width`: what the file's `:86:` lines are wrapped at (detailsWidth). */
function finishStatement(d: StatementDraft, format: StatementFormat, width: number): ParsedStatement {
  const warnings = [...d.warnings];
  let currency = d.opening?.currency || d.closing?.currency || d.accountCurrency || d.floorCurrency || null;
  if (!currency) {
    warnings.push('the statement states no currency; XXX assumed');
    currency = 'XXX';
  }
  if (!isKnownCurrency(currency)) {
    warnings.push(`currency ${currency} is not known; amounts read with 2 decimals`);
  }
  const balance = (raw: RawBalance | null): Balance | null => {
    if (!raw) return null;
    if (raw.currency === '') {
      warnings.push(`line ${raw.line}: balance without currency; ${currency} assumed`);
      return {
        amountMinor: raw.sign * toMinor(raw.amount, currency, raw.line, warnings),
        currency,
        date: raw.date,
      };
    }
    if (raw.currency !== currency) {
      warnings.push(
        `line ${raw.line}: balance currency ${raw.currency} differs from statement currency ${currency}`,
      );
    }
    return {
      amountMinor: raw.sign * toMinor(raw.amount, raw.currency, raw.line, warnings),
      currency: raw.currency,
      date: raw.date,
    };
  };
  const openingBalance = balance(d.opening);
  const closingBalance = balance(d.closing);
  const entries = d.entries.map((e) => finishEntry(e, currency, warnings, width));
  if (openingBalance && closingBalance) {
    const moved = entries.reduce((sum, e) => sum + e.amountMinor, 0n);
    const difference = openingBalance.amountMinor + moved - closingBalance.amountMinor;
    if (difference !== 0n) {
      const name = d.statementId ?? d.reference;
      warnings.push(
        `statement${name ? ` ${name}` : ''} does not reconcile: opening balance + entries - closing balance = ${difference} (minor units of ${currency})`,
      );
    }
  }
  const bookingDates = entries.map((e) => e.bookingDate).sort();
  return {
    format,
    statementId: d.statementId,
    account: accountOf(d.accountText),
    currency,
    openingBalance,
    closingBalance,
    fromDate: openingBalance?.date ?? bookingDates[0] ?? d.dateTime,
    toDate: closingBalance?.date ?? d.dateTime ?? bookingDates.at(-1) ?? null,
    entries,
    warnings,
  };
}

function accountOf(text: string | null): ParsedStatement['account'] {
  const empty = { iban: null, accountNumber: null, bic: null, name: null };
  if (!text) return empty;
  if (isValidIban(text)) return { ...empty, iban: normalizeIban(text) };
  const slash = text.indexOf('/');
  if (slash > 0) {
    const before = text.slice(0, slash).trim();
    const after = text.slice(slash + 1).trim();
    if (isValidIban(after)) {
      return { ...empty, iban: normalizeIban(after), bic: BIC.test(before) ? before : null };
    }
  }
  return { ...empty, accountNumber: text };
}

/**
 * Customer references that only say "none" or "see :86:" (Rabobank writes `EREF`): they are the
 * same on every entry, so they must not become the entry's bank reference.
 */
const PLACEHOLDER_REFERENCES = new Set(['NONREF', 'EREF', 'NOTPROVIDED']);

function finishEntry(e: EntryDraft, currency: string, warnings: string[], width: number): ParsedEntry {
  const details =
    e.details.length > 0 ? mergeDetails(e.details.map((lines) => readDetails(lines, width))) : emptyDetails();
  const customer =
    e.customerReference && !PLACEHOLDER_REFERENCES.has(e.customerReference.toUpperCase())
      ? e.customerReference
      : null;
  // Rabobank and ASN put the counterparty IBAN in the supplementary details of :61:.
  const supplementaryIban = normalizeIban(e.supplementary?.split(/\s/)[0] ?? '');
  const fromSupplementary = !details.iban && !details.accountNumber && isValidIban(supplementaryIban);
  const counterparty: Counterparty = {
    name: details.name,
    iban: fromSupplementary ? supplementaryIban : details.iban,
    accountNumber: details.accountNumber,
    bic: details.bic,
  };
  return {
    bankReference: e.bankReference ?? customer,
    bookingDate: e.bookingDate,
    valueDate: e.valueDate,
    amountMinor: e.sign * toMinor(e.amount, currency, e.line, warnings),
    currency,
    transactionCode: details.transactionCode ?? e.typeCode,
    counterparty,
    ultimateParty: details.ultimateParty,
    remittance: details.remittance,
    structuredReferences: details.structuredReferences,
    endToEndId: details.endToEndId,
    reversal: e.reversal,
    line: e.line,
  };
}

function mergeDetails(list: readonly Details[]): Details {
  const out = emptyDetails();
  for (const d of list) {
    out.transactionCode ??= d.transactionCode;
    out.name ??= d.name;
    out.iban ??= d.iban;
    out.accountNumber ??= d.accountNumber;
    out.bic ??= d.bic;
    out.ultimateParty ??= d.ultimateParty;
    out.endToEndId ??= d.endToEndId;
    out.remittance.push(...d.remittance);
    out.structuredReferences.push(...d.structuredReferences);
  }
  return out;
}
