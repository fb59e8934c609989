/**
 * Exchange-rate files, read into quotes: the ECB's euro reference rates as XML (the daily, 90-day
 * and historical `eurofxref` files) and CSV in two shapes — long (`date,currency,rate[,reference]`,
 * one quote a row) and wide (the ECB's own CSV download: `Date, USD, JPY, …`, one day a row, `N/A`
 * where a currency was not quoted). Nothing is stored here; a file with any bad quote is refused
 * whole, each problem naming its line and field.
 */
import { isAcceptedDate } from '../../shared/calendar-date.ts';
import { parseCsv } from '../../shared/csv.ts';
import { isKnownCurrency } from '../../shared/currency.ts';
import { parseDecimal } from '../../shared/decimal.ts';
import { type ErrorDetail, validationFailed } from '../../shared/errors.ts';

export const RATE_FILE_FORMATS = ['ecb-xml', 'csv'] as const;
export type RateFileFormat = (typeof RATE_FILE_FORMATS)[number];

/** On `date`, one `reference` buys `rate` `currency` (a positive decimal string). */
export interface RateQuote {
  readonly date: string;
  readonly reference: string;
  readonly currency: string;
  readonly rate: string;
  readonly line: number;
}

/** At most this many decimals in a published rate (the ECB gives 4–6 significant digits). */
const MAX_RATE_DECIMALS = 10;
const RATE = new RegExp(`^\\d{1,12}(\\.\\d{1,${MAX_RATE_DECIMALS}})?$`);
const MAX_PROBLEMS = 50;

/** `ecb-xml` when the text is XML, else `csv`. */
export function detectRateFormat(text: string): RateFileFormat {
  return text
    .replace(/^\uFEFF/, '')
    .trimStart()
    .startsWith('<')
    ? 'ecb-xml'
    : 'csv';
}

/** The quotes of a rate file; throws `validation_failed` naming every bad line (up to 50). */
export function readRateFile(text: string, format: RateFileFormat = detectRateFormat(text)): RateQuote[] {
  const problems: ErrorDetail[] = [];
  const quotes = format === 'ecb-xml' ? ecbXmlQuotes(text, problems) : csvQuotes(text, problems);
  if (problems.length > 0)
    throw validationFailed(
      `the rate file was not imported: ${problems.length} problem(s), the first on line ${problems[0]?.line}: ${problems[0]?.message}`,
      problems.slice(0, MAX_PROBLEMS),
    );
  if (quotes.length === 0)
    throw validationFailed('the rate file holds no exchange rates', [{ field: 'file', message: 'no rates' }]);
  assertNoConflicts(quotes);
  return quotes;
}

/** A quote's own problem (currency, rate, date), or null. */
function quoteProblem(q: RateQuote): ErrorDetail | null {
  if (!isAcceptedDate(q.date)) return { line: q.line, field: 'date', message: `"${q.date}" is not a date` };
  if (!isKnownCurrency(q.currency))
    return { line: q.line, field: 'currency', message: `"${q.currency}" is not an ISO 4217 currency` };
  if (!isKnownCurrency(q.reference))
    return { line: q.line, field: 'reference', message: `"${q.reference}" is not an ISO 4217 currency` };
  if (q.currency === q.reference)
    return { line: q.line, field: 'currency', message: `${q.currency} quoted against itself` };
  if (!RATE.test(q.rate) || !/[1-9]/.test(q.rate))
    return {
      line: q.line,
      field: 'rate',
      message: `"${q.rate}" is not a positive decimal rate (at most ${MAX_RATE_DECIMALS} decimals)`,
    };
  return null;
}

function collect(q: RateQuote, quotes: RateQuote[], problems: ErrorDetail[]): void {
  const problem = quoteProblem(q);
  if (problem) problems.push(problem);
  else quotes.push(q);
}

/** The same day, pair and file with two different rates: which one is meant cannot be known. */
function assertNoConflicts(quotes: readonly RateQuote[]): void {
  const seen = new Map<string, RateQuote>();
  for (const q of quotes) {
    const key = `${q.date} ${q.reference} ${q.currency}`;
    const earlier = seen.get(key);
    if (earlier && !sameRate(earlier.rate, q.rate))
      throw validationFailed(
        `line ${q.line}: ${q.currency} on ${q.date} is ${q.rate} here and ${earlier.rate} on line ${earlier.line}`,
        [{ line: q.line, field: 'rate', message: `conflicts with line ${earlier.line}` }],
      );
    seen.set(key, q);
  }
}

/** `1.05` and `1.0500` are the same rate (compared exactly, as ratios). */
export function sameRate(a: string, b: string): boolean {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  return x !== null && y !== null && x.num * y.den === y.num * x.den;
}

const CUBE = /<(?:[A-Za-z_][\w.-]*:)?Cube\b([^<>]*)>/g;
const ATTRIBUTE = /([A-Za-z_][\w.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

function attributesOf(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(ATTRIBUTE)) out.set(m[1] ?? '', m[2] ?? m[3] ?? '');
  return out;
}

/**
 * The ECB's `gesmes:Envelope`: `<Cube time="2026-12-04">` days holding `<Cube currency="USD"
 * rate="1.0543"/>` quotes, each a rate per euro. Read by element name, as bank files are.
 */
function ecbXmlQuotes(text: string, problems: ErrorDetail[]): RateQuote[] {
  if (/<!ENTITY/i.test(text))
    throw validationFailed('entity declarations are not accepted in a rate file', [
      { field: 'file', message: 'DOCTYPE with entities' },
    ]);
  if (!/<(?:[\w.-]+:)?Envelope\b/.test(text))
    throw validationFailed('not an ECB reference-rate file: no gesmes:Envelope element', [
      { line: 1, field: 'file', message: 'expected the ECB eurofxref XML' },
    ]);
  const quotes: RateQuote[] = [];
  let day: string | null = null;
  let line = 1;
  let scanned = 0;
  for (const m of text.matchAll(CUBE)) {
    line += countNewlines(text, scanned, m.index);
    scanned = m.index;
    const attrs = attributesOf(m[1] ?? '');
    const time = attrs.get('time');
    if (time !== undefined) day = time;
    const currency = attrs.get('currency');
    if (currency === undefined) continue;
    if (day === null) {
      problems.push({
        line,
        field: 'time',
        message: `a rate for ${currency} outside a dated <Cube time="…">`,
      });
      continue;
    }
    collect({ date: day, reference: 'EUR', currency, rate: attrs.get('rate') ?? '', line }, quotes, problems);
  }
  return quotes;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let at = text.indexOf('\n', from); at !== -1 && at < to; at = text.indexOf('\n', at + 1)) n++;
  return n;
}

const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/** `2026-12-04` as is; the ECB CSV's `04 December 2026` as `2026-12-04`; else the text unchanged. */
export function rateDateOf(text: string): string {
  const t = text.trim();
  const m = /^(\d{1,2}) ([A-Za-z]+) (\d{4})$/.exec(t);
  if (!m) return t;
  const month = MONTHS.indexOf((m[2] ?? '').toLowerCase()) + 1;
  if (month === 0) return t;
  return `${m[3]}-${String(month).padStart(2, '0')}-${(m[1] ?? '').padStart(2, '0')}`;
}

function csvQuotes(text: string, problems: ErrorDetail[]): RateQuote[] {
  const delimiter = (text.split('\n', 1)[0] ?? '').includes(';') ? ';' : ',';
  const table = parseCsv(text, { delimiter });
  const header = table.header.map((h) => h.trim().toLowerCase());
  if (header[0] !== 'date')
    throw validationFailed('a rate CSV starts with a "date" column', [
      { line: 1, field: 'date', message: `the first column is "${table.header[0] ?? ''}"` },
    ]);
  const long = header.includes('currency') && header.includes('rate');
  return long ? longCsvQuotes(table, header, problems) : wideCsvQuotes(table, problems);
}

/** `date,currency,rate[,reference]`: one quote a row; the reference is EUR when the column is absent. */
function longCsvQuotes(
  table: ReturnType<typeof parseCsv>,
  header: readonly string[],
  problems: ErrorDetail[],
): RateQuote[] {
  const col = (name: string) => header.indexOf(name);
  const [currencyAt, rateAt, referenceAt] = [col('currency'), col('rate'), col('reference')];
  const quotes: RateQuote[] = [];
  for (const row of table.rows) {
    const cell = (at: number) => (at < 0 ? '' : (row.values[at] ?? '').trim());
    collect(
      {
        date: rateDateOf(cell(0)),
        reference: (cell(referenceAt) || 'EUR').toUpperCase(),
        currency: cell(currencyAt).toUpperCase(),
        rate: cell(rateAt),
        line: row.line,
      },
      quotes,
      problems,
    );
  }
  return quotes;
}

/** The ECB's CSV: `Date, USD, JPY, …` then a row a day, rates per euro, `N/A` or empty for none. */
function wideCsvQuotes(table: ReturnType<typeof parseCsv>, problems: ErrorDetail[]): RateQuote[] {
  const currencies = table.header.slice(1).map((h) => h.trim().toUpperCase());
  const quotes: RateQuote[] = [];
  for (const row of table.rows) {
    const date = rateDateOf(row.values[0] ?? '');
    currencies.forEach((currency, i) => {
      const rate = (row.values[i + 1] ?? '').trim();
      if (currency === '' || rate === '' || rate.toUpperCase() === 'N/A') return;
      collect({ date, reference: 'EUR', currency, rate, line: row.line }, quotes, problems);
    });
  }
  return quotes;
}
