/**
 * BAI2 records as written: the file split into logical records (see bai2.ts for the layouts
 * accepted), their comma-separated fields, and the field types — YYMMDD dates, amounts in minor
 * units, type codes with their direction, funds types with their extra fields.
 */
import { type CalendarDate, isAcceptedDate } from '../../../shared/calendar-date.ts';
import { StatementSyntaxError } from '../statement.ts';

const RECORD_CODES = new Set(['01', '02', '03', '16', '49', '88', '98', '99']);

/** One logical record: its code, its body (without the code and its comma) and where it starts. */
export interface RawRecord {
  readonly code: string;
  body: string;
  readonly line: number;
  readonly column: number;
}

/** Splits the text into records; see the module comment for the layouts accepted. */
export function readRecords(text: string): RawRecord[] {
  const records: RawRecord[] = [];
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\r|\n/);
  lines.forEach((rawLine, index) => {
    const lineNo = index + 1;
    const line = rawLine.trimEnd();
    if (line.trim() === '') return;
    const previous = records.at(-1);
    const start = /^(\d\d)([,:])/.exec(line);
    const isRecord =
      start !== null && RECORD_CODES.has(start[1] ?? '') && (start[2] === ',' || start[1] === '88');
    if (!isRecord) {
      const inText = previous?.code === '16' || previous?.code === '88';
      if (start && start[2] === ',' && !inText)
        throw new StatementSyntaxError(`unknown BAI2 record code "${start[1]}"`, lineNo, 1);
      if (!previous)
        throw new StatementSyntaxError('a BAI2 file must start with a 01 file header record', lineNo, 1);
      // A physical line without a record code continues the previous record (wrapped text).
      previous.body += inText ? ` ${line.trim()}` : line.trim();
      return;
    }
    // Several records on one line: split after a '/' followed by blanks and a record code.
    const splitter = /\/\s+(?=(?:01|02|03|16|49|88|98|99),)/g;
    let from = 0;
    const pieces: { text: string; column: number }[] = [];
    for (const m of line.matchAll(splitter)) {
      pieces.push({ text: line.slice(from, m.index + 1), column: from + 1 });
      from = m.index + m[0].length;
    }
    pieces.push({ text: line.slice(from), column: from + 1 });
    for (const piece of pieces)
      records.push({
        code: piece.text.slice(0, 2),
        body: piece.text.slice(3),
        line: lineNo,
        column: piece.column,
      });
  });
  return records;
}

/** The fields of a record that ends with '/' (anything after the slash is ignored). */
export function fieldsOf(body: string): string[] {
  const slash = body.indexOf('/');
  const content = slash === -1 ? body : body.slice(0, slash);
  return content.split(',').map((f) => f.trim());
}

/** Strips the record terminator ('/' and what follows it on the line) from a text field. */
export function withoutTerminator(text: string): string {
  return text.replace(/\/\s*$/, '').trim();
}

/** YYMMDD (years 80–99 are 19xx) → 'YYYY-MM-DD'; null when not a real date (a 30 February). */
export function parseBaiDate(text: string): CalendarDate | null {
  const m = /^(\d\d)(\d\d)(\d\d)$/.exec(text.trim());
  if (!m) return null;
  const yy = Number(m[1]);
  const date = `${yy >= 80 ? 1900 + yy : 2000 + yy}-${m[2]}-${m[3]}`;
  return isAcceptedDate(date) ? date : null;
}

/** An integer amount in minor units ('' is 0); anything else rejects the file at the record. */
export function parseBaiAmount(text: string, record: RawRecord, what: string): bigint {
  const t = text.trim();
  if (t === '') return 0n;
  if (!/^[+-]?\d+$/.test(t))
    throw new StatementSyntaxError(
      `${what} "${t}" is not a whole number of minor units`,
      record.line,
      record.column,
    );
  return BigInt(t.replace('+', ''));
}

/** +1 for a credit type code, -1 for a debit one, null when the code has no direction. */
export function directionOf(typeCode: string): 1n | -1n | null {
  if (!/^\d{3}$/.test(typeCode)) return null;
  const n = Number(typeCode);
  if ((n >= 100 && n <= 399) || (n >= 920 && n <= 959)) return 1n;
  if ((n >= 400 && n <= 699) || n >= 960) return -1n;
  return null;
}

/** Number of fields that follow a funds type code (V: date, time; S: three amounts; D: n pairs). */
export function fundsExtraCount(
  fundsType: string,
  next: (offset: number) => string | undefined,
): number | null {
  switch (fundsType.toUpperCase()) {
    case '':
    case '0':
    case '1':
    case '2':
    case 'Z':
      return 0;
    case 'V':
      return 2;
    case 'S':
      return 3;
    case 'D': {
      const count = Number(next(0) ?? '0');
      return Number.isInteger(count) && count >= 0 ? 1 + 2 * count : null;
    }
    default:
      return null;
  }
}

/** The fixed fields of a 16 record and whether its text field was reached. */
export function splitDetail(body: string): { fields: string[]; text: string | null; complete: boolean } {
  const fields: string[] = [];
  let rest = body;
  const take = (): string | null => {
    const comma = rest.indexOf(',');
    if (comma === -1) {
      const last = rest;
      rest = '';
      fields.push(withoutTerminator(last));
      return null;
    }
    const value = rest.slice(0, comma).trim();
    rest = rest.slice(comma + 1);
    fields.push(value);
    return value;
  };
  // type code, amount, funds type
  for (let k = 0; k < 3; k++) if (take() === null) return { fields, text: null, complete: false };
  const fundsType = fields[2] ?? '';
  let extra = fundsExtraCount(fundsType, () => rest.split(',')[0]?.trim()) ?? 0;
  // bank reference, customer reference
  extra += 2;
  for (let k = 0; k < extra; k++) if (take() === null) return { fields, text: null, complete: false };
  return { fields, text: withoutTerminator(rest), complete: true };
}
