/**
 * A minimal Office Open XML workbook writer (ECMA-376, SpreadsheetML) for report exports: one or
 * more sheets of a header row and typed cells. Amounts are written as numbers from their exact
 * decimal strings (never through a float here) with a number format of the currency's decimals
 * (`#,##0.00` for EUR, `#,##0` for JPY, `#,##0.000` for KWD); dates as date serials with the
 * format `yyyy-mm-dd`; text as inline strings. The header row is bold and frozen. A text that
 * starts like a formula (`=`, `+`, `-`, `@`, tab, CR) gets a style with `quotePrefix`: Excel's own
 * mark of a cell typed with a leading `'`, so it stays text even when edited, without a visible
 * apostrophe in the value (inline strings are never evaluated; the mark guards the edit).
 *
 * `xlsxWorkbook([{ name: 'Aging', header: ['currency', 'total'],
 *   rows: [[text('EUR'), amount('1234.50', 2)]] }])` → the bytes of a .xlsx file.
 */
import { startsLikeFormula } from './csv.ts';
import { zip } from './zip.ts';

export type XlsxCell =
  | { readonly kind: 'text'; readonly value: string }
  | { readonly kind: 'number'; readonly value: string; readonly decimals: number }
  | { readonly kind: 'date'; readonly value: string }
  | null;

export interface XlsxSheet {
  /** At most 31 characters, none of `[]:*?/\`. */
  readonly name: string;
  readonly header: readonly string[];
  readonly rows: readonly (readonly XlsxCell[])[];
}

export const XLSX_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export const text = (value: string): XlsxCell => ({ kind: 'text', value });
/** A decimal string (`'-1234.50'`) shown with `decimals` places (0–6). */
export const amount = (value: string, decimals: number): XlsxCell => ({ kind: 'number', value, decimals });
/** A whole number. */
export const integer = (value: number | bigint): XlsxCell => ({
  kind: 'number',
  value: String(value),
  decimals: 0,
});
/** A calendar date `YYYY-MM-DD`. */
export const date = (value: string): XlsxCell => ({ kind: 'date', value });

const DECIMAL = /^-?\d+(\.\d+)?$/;
const CALENDAR_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const MAX_DECIMALS = 6;

/**
 * Style indexes in styles.xml: 0 plain, 1 bold header, 2 date, 3 + n a number with n decimals,
 * then text that looks like a formula (plain and bold header), marked quotePrefix.
 */
const STYLE_HEADER = 1;
const STYLE_DATE = 2;
const styleOfDecimals = (n: number) => 3 + n;
const STYLE_QUOTED = styleOfDecimals(MAX_DECIMALS) + 1;
const STYLE_HEADER_QUOTED = STYLE_QUOTED + 1;

function escapeXml(value: string): string {
  return value
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, '')
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;');
}

/** Column letters of a 0-based index: 0 → A, 25 → Z, 26 → AA. */
export function columnName(index: number): string {
  let name = '';
  for (let n = index + 1; n > 0; n = Math.floor((n - 1) / 26))
    name = String.fromCharCode(65 + ((n - 1) % 26)) + name;
  return name;
}

/** Days since 1899-12-30 (Excel's serial of a date in the 1900 system, after 1900-03-01). */
export function dateSerial(value: string): number {
  const m = CALENDAR_DATE.exec(value);
  if (!m) throw new Error(`not a calendar date: ${value}`);
  const utc = Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]));
  return Math.round((utc - Date.UTC(1899, 11, 30)) / 86_400_000);
}

function textStyle(value: string, header: boolean): string {
  if (startsLikeFormula(value)) return ` s="${header ? STYLE_HEADER_QUOTED : STYLE_QUOTED}"`;
  return header ? ` s="${STYLE_HEADER}"` : '';
}

function cellXml(cell: XlsxCell, ref: string, header = false): string {
  if (cell === null) return '';
  if (cell.kind === 'text')
    return `<c r="${ref}"${textStyle(cell.value, header)} t="inlineStr"><is><t xml:space="preserve">${escapeXml(cell.value)}</t></is></c>`;
  if (cell.kind === 'date') return `<c r="${ref}" s="${STYLE_DATE}"><v>${dateSerial(cell.value)}</v></c>`;
  if (!DECIMAL.test(cell.value)) throw new Error(`not a decimal number: ${cell.value}`);
  const decimals = Math.min(Math.max(cell.decimals, 0), MAX_DECIMALS);
  return `<c r="${ref}" s="${styleOfDecimals(decimals)}"><v>${cell.value}</v></c>`;
}

function rowXml(cells: readonly XlsxCell[], rowNumber: number, header = false): string {
  const body = cells.map((cell, i) => cellXml(cell, `${columnName(i)}${rowNumber}`, header)).join('');
  return `<row r="${rowNumber}">${body}</row>`;
}

/** Column widths from the longest value of each column (characters, within 8–60). */
function widthsOf(sheet: XlsxSheet): number[] {
  return sheet.header.map((h, i) => {
    let longest = h.length;
    for (const row of sheet.rows) {
      const cell = row[i];
      if (cell) longest = Math.max(longest, cell.kind === 'date' ? 10 : cell.value.length + 2);
    }
    return Math.min(Math.max(longest + 2, 8), 60);
  });
}

function sheetXml(sheet: XlsxSheet): string {
  const header = sheet.header.map((h) => ({ kind: 'text', value: h }) as const);
  const headerRow = rowXml(header, 1, true);
  const rows = sheet.rows.map((cells, i) => rowXml(cells, i + 2)).join('');
  const cols = widthsOf(sheet)
    .map((w, i) => `<col min="${i + 1}" max="${i + 1}" width="${w}" customWidth="1"/>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
    `${cols ? `<cols>${cols}</cols>` : ''}<sheetData>${headerRow}${rows}</sheetData></worksheet>`
  );
}

function numberFormat(decimals: number): string {
  return decimals === 0 ? '#,##0' : `#,##0.${'0'.repeat(decimals)}`;
}

function stylesXml(): string {
  const fmts = [`<numFmt numFmtId="164" formatCode="yyyy-mm-dd"/>`];
  const numberXfs: string[] = [];
  for (let n = 0; n <= MAX_DECIMALS; n++) {
    fmts.push(`<numFmt numFmtId="${165 + n}" formatCode="${numberFormat(n)}"/>`);
    numberXfs.push(
      `<xf numFmtId="${165 + n}" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>`,
    );
  }
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
    `<numFmts count="${fmts.length}">${fmts.join('')}</numFmts>` +
    '<fonts count="2"><font><sz val="11"/><name val="Calibri"/></font><font><b/><sz val="11"/><name val="Calibri"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    `<cellXfs count="${5 + numberXfs.length}">` +
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
    '<xf numFmtId="164" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
    numberXfs.join('') +
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" quotePrefix="1"/>' +
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1" quotePrefix="1"/>' +
    '</cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '</styleSheet>'
  );
}

const SHEET_NAME = /^[^[\]:*?/\\]{1,31}$/;

function workbookXml(sheets: readonly XlsxSheet[]): string {
  const entries = sheets
    .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
    `<sheets>${entries}</sheets></workbook>`
  );
}

const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';

function workbookRelsXml(sheets: readonly XlsxSheet[]): string {
  const rels = sheets.map(
    (_, i) =>
      `<Relationship Id="rId${i + 1}" Type="${REL}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
  );
  rels.push(`<Relationship Id="rId${sheets.length + 1}" Type="${REL}/styles" Target="styles.xml"/>`);
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${rels.join('')}</Relationships>`
  );
}

function contentTypesXml(sheets: readonly XlsxSheet[]): string {
  const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  const overrides = sheets
    .map(
      (_, i) => `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${ct}.worksheet+xml"/>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
    '<Default Extension="xml" ContentType="application/xml"/>' +
    `<Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/>` +
    `<Override PartName="/xl/styles.xml" ContentType="${ct}.styles+xml"/>${overrides}</Types>`
  );
}

const ROOT_RELS =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`;

/** The .xlsx bytes of `sheets` (at least one, names unique and valid). */
export function xlsxWorkbook(sheets: readonly XlsxSheet[]): Buffer {
  if (sheets.length === 0) throw new Error('a workbook needs a sheet');
  for (const s of sheets) if (!SHEET_NAME.test(s.name)) throw new Error(`invalid sheet name: ${s.name}`);
  const file = (name: string, xml: string) => ({ name, data: Buffer.from(xml, 'utf8') });
  return zip([
    file('[Content_Types].xml', contentTypesXml(sheets)),
    file('_rels/.rels', ROOT_RELS),
    file('xl/workbook.xml', workbookXml(sheets)),
    file('xl/_rels/workbook.xml.rels', workbookRelsXml(sheets)),
    file('xl/styles.xml', stylesXml()),
    ...sheets.map((s, i) => file(`xl/worksheets/sheet${i + 1}.xml`, sheetXml(s))),
  ]);
}
