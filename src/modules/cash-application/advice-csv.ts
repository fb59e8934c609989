/**
 * Remittance advices as customers write them in a spreadsheet or an e-mail: a table with an
 * invoice column and an amount column (`invoice;amount;reason`, `Rechnungsnummer;Betrag`), and
 * the payer, payment reference, date, currency and total either in lines above the table
 * (`Zahler: Silverline Foods GmbH`, `Summe;1.333,56`), in a total line below it, or in columns
 * of each row (then rows with different payers, references or dates are different advices).
 *
 * Read as spreadsheets write CSV (shared/csv.ts: BOM, quoted fields, CRLF); the delimiter is the
 * one (`;`, tab or `,`) that makes a header, the decimal separator the one the amounts show
 * (`1.234,56` or `1,234.56`; by the delimiter when no amount tells). Header names are compared
 * without case, umlauts or punctuation. Anything that cannot be read refuses the whole file with
 * the line and field.
 */
import { type CalendarDate, isAcceptedDate } from '../../shared/calendar-date.ts';
import { parseCsv } from '../../shared/csv.ts';
import { isKnownCurrency } from '../../shared/currency.ts';
import { AppError } from '../../shared/errors.ts';
import { isValidIban, normalizeIban } from '../../shared/iban.ts';
import { moneyText } from '../../shared/money-text.ts';
import { normalizeHeader, readAmount, readDate } from '../bank/index.ts';
import type { AdviceLine, ParsedAdvice } from './advices.ts';

/** Header names (normalised) of each column an advice may have. */
const COLUMNS = {
  invoice: [
    'invoice',
    'invoiceno',
    'invoicenumber',
    'invoicenr',
    'invoiceref',
    'invoicereference',
    'yourinvoice',
    'rechnung',
    'rechnungsnummer',
    'rechnungsnr',
    'renr',
    'rgnr',
    'ihrerechnung',
    'belegnr',
    'belegnummer',
    'beleg',
    'document',
    'documentno',
    'documentnumber',
    'docno',
    'facture',
    'numerofacture',
    'nfacture',
    'nofacture',
    'factuur',
    'factuurnummer',
  ],
  amount: [
    'amount',
    'amountpaid',
    'paid',
    'paidamount',
    'paymentamount',
    'betrag',
    'zahlbetrag',
    'bezahlt',
    'gezahlt',
    'montant',
    'montantpaye',
    'bedrag',
    'importe',
  ],
  reason: [
    'reason',
    'remark',
    'remarks',
    'note',
    'notes',
    'comment',
    'deductionreason',
    'grund',
    'bemerkung',
    'kommentar',
    'abzugsgrund',
    'kuerzungsgrund',
    'motif',
    'reden',
  ],
  payer: [
    'payer',
    'payername',
    'customer',
    'customername',
    'zahler',
    'kunde',
    'kundenname',
    'auftraggeber',
    'debtor',
    'payeur',
    'client',
  ],
  iban: ['iban', 'payeriban', 'accountiban', 'kontoiban', 'ibanzahler'],
  reference: [
    'paymentreference',
    'reference',
    'ref',
    'endtoendid',
    'endtoendreference',
    'e2eid',
    'e2ereference',
    'zahlungsreferenz',
    'referenz',
    'avisnr',
    'avisnummer',
    'advicenumber',
    'adviceno',
    'paymentid',
    'paymentno',
  ],
  date: [
    'date',
    'paymentdate',
    'valuedate',
    'datum',
    'zahlungsdatum',
    'valuta',
    'ausfuehrungsdatum',
    'executiondate',
    'datepaiement',
  ],
  currency: ['currency', 'ccy', 'waehrung', 'wahrung', 'devise'],
  total: [
    'total',
    'totalamount',
    'sum',
    'summe',
    'gesamt',
    'gesamtbetrag',
    'gesamtsumme',
    'totalpaid',
    'lumpsum',
    'zahlbetraggesamt',
  ],
} as const;

type Field = keyof typeof COLUMNS;
/** What may stand above the table (or repeat in each row) and belongs to the whole advice. */
const HEAD_FIELDS = ['payer', 'iban', 'reference', 'date', 'currency', 'total'] as const;
type HeadField = (typeof HEAD_FIELDS)[number];

/** A value read from the file, with its line (for messages). */
interface Cell {
  readonly value: string;
  readonly line: number;
}

/** What the importer passes in: the currency and date of an advice that states none. */
export interface AdviceFileOptions {
  readonly currency: string;
  readonly today: CalendarDate;
}

export interface AdviceFile {
  readonly advices: ParsedAdvice[];
  readonly warnings: string[];
}

/** A file that cannot be read: the line and field, and what is wrong. */
export function adviceRejected(line: number, field: string, message: string): AppError {
  return new AppError('import_rejected', `line ${line}, ${field}: ${message}`, [{ line, field, message }]);
}

/** Read a CSV advice file (see the file's comment). */
export function parseAdviceCsv(text: string, opts: AdviceFileOptions): AdviceFile {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  const found = findHeader(body);
  if (!found)
    throw adviceRejected(
      1,
      'header',
      'no header row with an invoice column (invoice, Rechnungsnummer, …) and an amount column (amount, Betrag, …)',
    );
  const table = csvTable(body, found.delimiter);
  const firstLine = body.split(/\r\n|\n|\r/).findIndex((l) => l.trim() !== '') + 1;
  const records = [{ line: firstLine, values: table.header }, ...table.rows];
  const at = records.findIndex((r) => r.line === found.line);
  const header = records[at]?.values ?? [];
  const columns = columnsOf(header);
  const head = readHead(records.slice(0, at));
  const rows = records.slice(at + 1).filter((r) => r.values.some((v) => v.trim() !== ''));
  const cells = (field: Field) => rows.flatMap((r) => cellOf(r, columns, field) ?? []);
  const decimal = decimalSeparator(
    [...cells('amount'), ...cells('total'), ...(head.total ? [head.total] : [])],
    found.delimiter,
  );
  const groups = new Map<string, { head: Partial<Record<HeadField, Cell>>; rows: typeof rows }>();
  const totals: Cell[] = [];
  for (const row of rows) {
    if (isTotalRow(row.values)) {
      totals.push(footerTotal(row, columns));
      continue;
    }
    const own = rowHead(row, columns);
    const key = HEAD_FIELDS.filter((f) => f !== 'total')
      .map((f) => own[f]?.value ?? '')
      .join('\u0001');
    const group = groups.get(key) ?? { head: { ...head, ...own }, rows: [] };
    group.rows.push(row);
    groups.set(key, group);
  }
  if (groups.size === 0) throw adviceRejected(found.line, 'invoice', 'the table has no invoice lines');
  const footer = groups.size === 1 ? totals[0] : undefined;
  if (totals.length > 0 && groups.size > 1)
    throw adviceRejected(
      totals[0]?.line ?? found.line,
      'total',
      'a total line in a file of several advices: whose total is it?',
    );
  const warnings: string[] = [];
  const advices = [...groups.values()].map((g) =>
    adviceOf({ ...g.head, ...(footer ? { total: footer } : {}) }, g.rows, columns, {
      ...opts,
      decimal,
      warnings,
    }),
  );
  return { advices, warnings };
}

/** The CSV reader's refusal (an unterminated quote, a NUL) is the file's refusal: with its line. */
function csvTable(body: string, delimiter: string) {
  try {
    return parseCsv(body, { delimiter });
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const detail = error.details[0];
    throw adviceRejected(detail?.line ?? 1, detail?.field ?? 'file', detail?.message ?? error.message);
  }
}

/** The longest cell that can still be a column's name (with a note in parentheses). */
export const MAX_HEADER_CELL = 200;

/**
 * A header cell as the column names are written (`Betrag (EUR)` → `betrag`); '' for a blank cell
 * or one longer than `MAX_HEADER_CELL`, which name no column — a line of 500,000 commas took 0.7 s
 * normalising its blank cells (npm run fuzz, remittance-advice input 20260 of seed 1).
 */
export function headerKey(cell: string): string {
  if (cell.length > MAX_HEADER_CELL || cell.trim() === '') return '';
  return normalizeHeader(cell.replace(/\(.*?\)/g, ''));
}

/**
 * The first line that holds an invoice and an amount column, and the delimiter that splits it so.
 * A line without the delimiter is not split: a file of 497,000 short lines without a header took
 * 1.2 s of CPU normalising each line's one cell three times (npm run fuzz, remittance-advice input
 * 65516 of seed 1).
 */
function findHeader(body: string): { line: number; delimiter: string } | null {
  const lines = body.split(/\r\n|\n|\r/);
  for (let i = 0; i < lines.length; i++)
    for (const delimiter of [';', '\t', ',']) {
      // Two columns need the delimiter between them: most lines of a long file are skipped here.
      const line = lines[i] ?? '';
      if (!line.includes(delimiter)) continue;
      const names = line.split(delimiter).map(headerKey);
      if (names.some((n) => isField(n, 'invoice')) && names.some((n) => isField(n, 'amount')))
        return { line: i + 1, delimiter };
    }
  return null;
}

function isField(name: string, field: Field): boolean {
  return (COLUMNS[field] as readonly string[]).includes(name);
}

/** Column index of each field the header names (the first column of a name wins). */
function columnsOf(header: readonly string[]): Partial<Record<Field, number>> {
  const out: Partial<Record<Field, number>> = {};
  header.forEach((name, i) => {
    const key = headerKey(name);
    for (const field of Object.keys(COLUMNS) as Field[])
      if (out[field] === undefined && isField(key, field)) out[field] = i;
  });
  return out;
}

function cellOf(
  row: { line: number; values: readonly string[] },
  columns: Partial<Record<Field, number>>,
  field: Field,
): Cell | null {
  const i = columns[field];
  const value = i === undefined ? '' : (row.values[i] ?? '').trim();
  return value === '' ? null : { value, line: row.line };
}

/** `Zahler: Silverline Foods GmbH`, `Summe;1.333,56`, `Datum = 12.06.2026` above the table. */
function readHead(records: readonly { line: number; values: readonly string[] }[]) {
  const head: Partial<Record<HeadField, Cell>> = {};
  for (const r of records) {
    const [first = '', ...rest] = r.values;
    const split = splitKeyValue(first);
    const key = split ? split.key : first;
    const value = [split?.value ?? '', ...rest].map((v) => v.trim()).find((v) => v !== '') ?? '';
    const field = HEAD_FIELDS.find((f) => isField(normalizeHeader(key), f));
    if (field && value !== '' && !head[field]) head[field] = { value, line: r.line };
  }
  return head;
}

/**
 * `Zahler: Silverline`, `Datum = 12.06.2026`: the text before the first `:` or `=` without its
 * trailing blanks, and the rest; null without a separator or when the rest holds a line break.
 * By index, not `/^([^:=]*?)\s*[:=]\s*(.*)$/`: that regex tried every split of a long line of
 * blanks or words before failing — quadratic (found by npm run fuzz).
 */
function splitKeyValue(text: string): { key: string; value: string } | null {
  const at = text.search(/[:=]/);
  if (at < 0) return null;
  const value = text.slice(at + 1);
  if (/[\n\r\u2028\u2029]/.test(value)) return null;
  return { key: text.slice(0, at).trimEnd(), value: value.trimStart() };
}

/** The advice fields a row states in its own columns. */
function rowHead(row: { line: number; values: readonly string[] }, columns: Partial<Record<Field, number>>) {
  const own: Partial<Record<HeadField, Cell>> = {};
  for (const f of HEAD_FIELDS) {
    const cell = cellOf(row, columns, f);
    if (cell) own[f] = cell;
  }
  return own;
}

/** A `Summe` / `Total` line below the table. */
function isTotalRow(values: readonly string[]): boolean {
  return values.some((v) => isField(normalizeHeader(v), 'total'));
}

/** The amount of a total line: in the amount column, else its last value that is not a word. */
function footerTotal(
  row: { line: number; values: readonly string[] },
  columns: Partial<Record<Field, number>>,
): Cell {
  const cell = cellOf(row, columns, 'amount');
  const last = [...row.values].reverse().find((v) => /\d/.test(v)) ?? '';
  return cell ?? { value: last.trim(), line: row.line };
}

/** `,` or `.`: what the amounts show; both in one file is refused; none says: by the delimiter. */
function decimalSeparator(cells: readonly Cell[], delimiter: string): ',' | '.' {
  // An amount's last digits after its separator, then only non-digits (`)`, `-`, spaces, a
  // currency). `\D*` alone, not `\)?-?\s*\D*` (the same language): that split a long run of
  // spaces every way before failing, quadratic in the run.
  const comma = cells.find((c) => /\d,\d{1,2}\D*$/.test(c.value) && !/\d\.\d{1,2}\D*$/.test(c.value));
  const point = cells.find((c) => /\d\.\d{1,2}\D*$/.test(c.value));
  if (comma && point)
    throw adviceRejected(
      point.line,
      'amount',
      `"${point.value}" has a decimal point, line ${comma.line} ("${comma.value}") a decimal comma: which is it?`,
    );
  if (comma) return ',';
  if (point) return '.';
  return delimiter === ';' ? ',' : '.';
}

interface ReadContext extends AdviceFileOptions {
  readonly decimal: ',' | '.';
  readonly warnings: string[];
}

/** One advice of its head fields and rows, checked: its total is its lines' sum, and it pays something. */
function adviceOf(
  head: Partial<Record<HeadField, Cell>>,
  rows: readonly { line: number; values: readonly string[] }[],
  columns: Partial<Record<Field, number>>,
  rc: ReadContext,
): ParsedAdvice {
  const currency = currencyOf(head.currency, rows, columns, rc.currency);
  const lines: AdviceLine[] = rows.map((r) => {
    const invoice = cellOf(r, columns, 'invoice');
    if (!invoice) throw adviceRejected(r.line, 'invoice', 'no invoice number');
    const amount = cellOf(r, columns, 'amount');
    if (!amount) throw adviceRejected(r.line, 'amount', `no amount for ${invoice.value}`);
    const reason = cellOf(r, columns, 'reason');
    return {
      reference: invoice.value,
      amountMinor: amountOf(amount, currency, rc.decimal, 'amount'),
      reason: reason?.value ?? null,
      sourceLine: r.line,
    };
  });
  const totalMinor = lines.reduce((s, l) => s + l.amountMinor, 0n);
  const first = rows[0]?.line ?? 1;
  if (head.total) {
    const stated = amountOf(head.total, currency, rc.decimal, 'total');
    if (stated !== totalMinor)
      throw adviceRejected(
        head.total.line,
        'total',
        `the advice states ${moneyText(stated, currency)}, its lines add up to ${moneyText(totalMinor, currency)}`,
      );
  }
  if (totalMinor <= 0n)
    throw adviceRejected(
      first,
      'amount',
      `the lines add up to ${moneyText(totalMinor, currency)}: the advice pays nothing`,
    );
  return {
    payerName: head.payer?.value ?? null,
    payerIban: head.iban ? ibanOf(head.iban) : null,
    paymentReference: head.reference?.value ?? null,
    date: head.date ? dateOf(head.date) : today(rc, first),
    currency,
    totalMinor,
    lines,
    sourceLine: head.payer?.line ?? head.reference?.line ?? first,
  };
}

function today(rc: ReadContext, line: number): CalendarDate {
  rc.warnings.push(`line ${line}: the advice states no date; dated ${rc.today}, the day it was imported`);
  return rc.today;
}

/** The advice's currency: stated, else written with the amounts, else the importer's. */
function currencyOf(
  stated: Cell | undefined,
  rows: readonly { line: number; values: readonly string[] }[],
  columns: Partial<Record<Field, number>>,
  fallback: string,
): string {
  const written = rows.flatMap((r) => {
    const cell = cellOf(r, columns, 'amount');
    const code = cell ? currencyIn(cell.value) : null;
    return code ? [{ value: code, line: r.line }] : [];
  });
  const cell = stated ?? written[0];
  const currency = (cell?.value ?? fallback).trim().toUpperCase();
  if (!isKnownCurrency(currency))
    throw adviceRejected(cell?.line ?? 1, 'currency', `"${cell?.value}" is no currency code`);
  const other = written.find((w) => w.value !== currency);
  if (other) throw adviceRejected(other.line, 'amount', `in ${other.value}, the advice is in ${currency}`);
  return currency;
}

const SYMBOLS: Record<string, string> = { '€': 'EUR', '£': 'GBP', $: 'USD' };

function currencyIn(text: string): string | null {
  const code = /\b([A-Z]{3})\b/.exec(text)?.[1];
  if (code) return code;
  const symbol = /[€£$]/.exec(text)?.[0];
  return symbol ? (SYMBOLS[symbol] ?? null) : null;
}

function amountOf(cell: Cell, currency: string, decimal: ',' | '.', field: string): bigint {
  const text = cell.value.replace(/\b[A-Z]{3}\b|[€£$]/g, '').trim();
  const read = readAmount(text, currency, decimal);
  if (!read) throw adviceRejected(cell.line, field, `"${cell.value}" is not an amount`);
  if (!read.exact)
    throw adviceRejected(cell.line, field, `"${cell.value}" has more decimals than ${currency} has`);
  return read.minor;
}

function dateOf(cell: Cell): CalendarDate {
  for (const format of ['YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'YYYYMMDD'] as const) {
    const date = readDate(cell.value, format);
    if (date && isAcceptedDate(date)) return date;
  }
  throw adviceRejected(
    cell.line,
    'date',
    `"${cell.value}" is not a date (2026-06-12, 12.06.2026 or 12/06/2026)`,
  );
}

function ibanOf(cell: Cell): string {
  const iban = normalizeIban(cell.value);
  if (!isValidIban(iban)) throw adviceRejected(cell.line, 'iban', `"${cell.value}" is not a valid IBAN`);
  return iban;
}
