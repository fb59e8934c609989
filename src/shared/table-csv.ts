/**
 * A table of typed cells as CSV: the one way every CSV export is written (report exports, the
 * ERP's generic ledger CSV). RFC 4180 by `toCsv`; a text cell (and a header) that starts like a
 * formula (`=`, `+`, `-`, `@`, tab, CR) gets a leading `'` (`neutralizeFormula`, OWASP); numbers
 * and dates are written as they are, so `-12.50` stays a number.
 */
import { neutralizeFormula, toCsv } from './csv.ts';
import type { XlsxCell, XlsxSheet } from './xlsx.ts';

/**
 * The table's header and rows as CSV text, safe to open in a spreadsheet (no cell runs as a formula).
 * `tableCsv({ name: 'x', header: ['who', 'total'], rows: [[text('=1+1'), amount('-5.00', 2)]] })`
 * → `"who,total\r\n'=1+1,-5.00\r\n"`.
 */
export function tableCsv(table: Pick<XlsxSheet, 'header' | 'rows'>): string {
  return toCsv([table.header.map(neutralizeFormula), ...table.rows.map((row) => row.map(csvValue))]);
}

function csvValue(cell: XlsxCell): string {
  if (cell === null) return '';
  return cell.kind === 'text' ? neutralizeFormula(cell.value) : cell.value;
}
