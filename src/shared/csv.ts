/**
 * CSV (RFC 4180) reading and writing for imports and exports.
 *
 * Reading accepts what spreadsheets actually write: an optional UTF-8 byte-order mark, CRLF, LF
 * or lone-CR line breaks, quoted fields holding delimiters, doubled quotes (`""`) and line breaks.
 * Unquoted fields lose surrounding spaces and tabs; quoted fields are kept exactly, and padding
 * around their quotes is ignored. Blank lines (empty or only spaces and tabs) are skipped. Every
 * record remembers the physical line it starts on (the first line of the file is line 1), so
 * errors can point at the line a person sees in an editor. The parser does not compare field
 * counts with the header; that is the caller's rule to make.
 */
import { validationFailed } from './errors.ts';

export interface CsvRow {
  /** 1-based physical line on which the record starts. */
  readonly line: number;
  readonly values: string[];
}

export interface CsvTable {
  /** Fields of the first non-blank record; empty for a file with no records. */
  readonly header: string[];
  readonly rows: CsvRow[];
}

export interface CsvOptions {
  /** A single character other than `"`, CR and LF. Default `,`. */
  readonly delimiter?: string;
}

interface Scanner {
  readonly text: string;
  readonly delimiter: string;
  pos: number;
  line: number;
}

/**
 * Parse CSV text into a header and data rows with their starting line numbers.
 * Throws a `validation_failed` AppError with `{ line, message }` details on an unterminated
 * quote, on text after a closing quote, or on a NUL character in any field.
 * `parseCsv('id,name\r\n1,"Smith, J"\r\n')` →
 * `{ header: ['id', 'name'], rows: [{ line: 2, values: ['1', 'Smith, J'] }] }`.
 */
export function parseCsv(text: string, opts: CsvOptions = {}): CsvTable {
  const delimiter = checkDelimiter(opts.delimiter ?? ',');
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const scanner: Scanner = { text: body, delimiter, pos: 0, line: 1 };
  const records: CsvRow[] = [];
  while (scanner.pos < body.length) {
    if (skipBlankLine(scanner)) continue;
    records.push(readRecord(scanner));
  }
  const [first, ...rows] = records;
  const header = first?.values ?? [];
  assertNoNul(header, records);
  return { header, rows };
}

/** A NUL character (`\u0000`) is never data: refuse the file, naming each line and column that holds one. */
function assertNoNul(header: readonly string[], records: readonly CsvRow[]): void {
  const details = records.flatMap((r) =>
    r.values.flatMap((v, i) =>
      v.includes('\u0000')
        ? [
            {
              line: r.line,
              field: header[i] || `column ${i + 1}`,
              message: 'must not contain a NUL character',
            },
          ]
        : [],
    ),
  );
  const first = details[0];
  if (first) throw validationFailed(`CSV: line ${first.line}, ${first.field}: ${first.message}`, details);
}

function checkDelimiter(delimiter: string): string {
  if (delimiter.length === 1 && !'"\r\n'.includes(delimiter)) return delimiter;
  const message = `CSV delimiter must be one character other than a quote or line break, got ${JSON.stringify(delimiter)}`;
  throw validationFailed(message, [{ field: 'delimiter', message }]);
}

/** Spaces and tabs around fields, unless that character is the delimiter. */
function isPadding(s: Scanner, char: string | undefined): boolean {
  return (char === ' ' || char === '\t') && char !== s.delimiter;
}

function isLineBreak(char: string | undefined): boolean {
  return char === '\r' || char === '\n';
}

/** If the scanner is at a line holding only padding, consume it with its line break. */
function skipBlankLine(s: Scanner): boolean {
  let end = s.pos;
  while (isPadding(s, s.text[end])) end++;
  if (end < s.text.length && !isLineBreak(s.text[end])) return false;
  s.pos = end;
  consumeLineBreak(s);
  return true;
}

/** Consume CRLF, LF or CR (if present) and count the line. */
function consumeLineBreak(s: Scanner): void {
  if (s.pos >= s.text.length) return;
  s.pos += s.text.startsWith('\r\n', s.pos) ? 2 : 1;
  s.line++;
}

function readRecord(s: Scanner): CsvRow {
  const line = s.line;
  const values: string[] = [];
  for (;;) {
    values.push(readField(s));
    if (s.text[s.pos] !== s.delimiter) break;
    s.pos++;
  }
  consumeLineBreak(s);
  return { line, values };
}

/** Read one field, leaving the scanner at the delimiter, line break or end that follows it. */
function readField(s: Scanner): string {
  while (isPadding(s, s.text[s.pos])) s.pos++;
  return s.text[s.pos] === '"' ? readQuoted(s) : readUnquoted(s);
}

function readUnquoted(s: Scanner): string {
  const start = s.pos;
  while (s.pos < s.text.length && s.text[s.pos] !== s.delimiter && !isLineBreak(s.text[s.pos])) s.pos++;
  return s.text.slice(start, trimmedEnd(s.text, start, s.pos));
}

/**
 * Where [start, end) ends without its trailing spaces and tabs. A loop, not `/[ \t]+$/`: that
 * regex retries at every space of a run that is followed by other text, quadratic in the run.
 */
function trimmedEnd(text: string, start: number, end: number): number {
  let at = end;
  while (at > start && (text[at - 1] === ' ' || text[at - 1] === '\t')) at--;
  return at;
}

function readQuoted(s: Scanner): string {
  const openLine = s.line;
  let value = '';
  s.pos++;
  for (;;) {
    const close = s.text.indexOf('"', s.pos);
    if (close < 0) throw csvError(openLine, `unterminated quoted field starting on line ${openLine}`);
    value += s.text.slice(s.pos, close);
    s.pos = close + 1;
    if (s.text[s.pos] !== '"') break;
    value += '"';
    s.pos++;
  }
  s.line += countLineBreaks(value);
  expectFieldEnd(s);
  return value;
}

/** After a closing quote only padding may come before the delimiter, a line break or the end. */
function expectFieldEnd(s: Scanner): void {
  while (isPadding(s, s.text[s.pos])) s.pos++;
  const char = s.text[s.pos];
  if (char === undefined || char === s.delimiter || isLineBreak(char)) return;
  throw csvError(s.line, `unexpected ${JSON.stringify(char)} after a closing quote on line ${s.line}`);
}

function countLineBreaks(text: string): number {
  return text.match(/\r\n|\r|\n/g)?.length ?? 0;
}

function csvError(line: number, message: string) {
  return validationFailed(`CSV: ${message}`, [{ line, message }]);
}

/**
 * A row keyed by header name; missing trailing values read as `''`, extra values are dropped,
 * and a repeated header name keeps its last value.
 * `recordsAsObjects(['id', 'name'], { line: 2, values: ['1'] })` → `{ id: '1', name: '' }`.
 */
export function recordsAsObjects(
  header: readonly string[],
  row: { readonly values: readonly string[] },
): Record<string, string> {
  return Object.fromEntries(header.map((name, i) => [name, row.values[i] ?? '']));
}

/**
 * Write rows as CSV with CRLF line endings, quoting a field only when it holds the delimiter, a
 * quote, a line break, or leading/trailing spaces or tabs; `parseCsv` reads the result back.
 * `toCsv([['id', 'note'], ['1', 'say "hi", ok']])` → `'id,note\r\n1,"say ""hi"", ok"\r\n'`.
 */
export function toCsv(rows: readonly (readonly string[])[], opts: CsvOptions = {}): string {
  const delimiter = checkDelimiter(opts.delimiter ?? ',');
  return rows.map((row) => `${formatRecord(row, delimiter)}\r\n`).join('');
}

function formatRecord(row: readonly string[], delimiter: string): string {
  // A lone empty field would be a blank line, which readers skip; quote it to keep the record.
  if (row.length === 1 && row[0] === '') return '""';
  return row.map((field) => formatField(field, delimiter)).join(delimiter);
}

function formatField(field: string, delimiter: string): string {
  const needsQuotes = field.includes(delimiter) || /["\r\n]|^[ \t]|[ \t]$/.test(field);
  return needsQuotes ? `"${field.replaceAll('"', '""')}"` : field;
}

/** The characters a spreadsheet reads as the start of a formula (OWASP "CSV Injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** Whether a text cell would be read as a formula by a spreadsheet. */
export function startsLikeFormula(text: string): boolean {
  return FORMULA_START.test(text);
}

/**
 * A text cell for a CSV export, safe to open in a spreadsheet: a text starting with `=`, `+`, `-`,
 * `@`, tab or CR is prefixed with `'`, which spreadsheets show as text instead of running it
 * (OWASP). Only for text: numbers and dates are written as they are, so `-12.50` stays a number.
 * `neutralizeFormula('=HYPERLINK("http://x")')` → `'=HYPERLINK("http://x")`.
 */
export function neutralizeFormula(text: string): string {
  return startsLikeFormula(text) ? `'${text}` : text;
}
