/**
 * Report exports: a report as tables of typed cells, sent as CSV (the first table; UTF-8,
 * RFC 4180, a header row, amounts in major units with `.` and the currency's decimals, dates
 * `YYYY-MM-DD`, as docs/csv-formats.md describes) or as an XLSX workbook (every table a sheet,
 * amounts as numbers with the currency's decimals, dates as dates). Text that starts like a
 * formula (`=`, `+`, `-`, `@`, tab, CR) is neutralised in both: a leading `'` in CSV, Excel's
 * quotePrefix mark in XLSX.
 */
import type { FastifyReply } from 'fastify';
import { exponentOf } from '../../shared/currency.ts';
import { tableCsv } from '../../shared/table-csv.ts';
import {
  XLSX_CONTENT_TYPE,
  type XlsxCell,
  type XlsxSheet,
  amount as xlsxAmount,
  xlsxWorkbook,
} from '../../shared/xlsx.ts';

export type ExportFormat = 'csv' | 'xlsx';
export type ExportTable = XlsxSheet;

/** An amount cell: a decimal string of `currency`, shown with its decimals in a workbook. */
export function moneyCell(value: string, currency: string): XlsxCell {
  return xlsxAmount(value, exponentOf(currency));
}

/**
 * Send `tables` as `<fileName>.csv` (the first table) or `<fileName>.xlsx` (all of them), as a
 * download (`Content-Disposition: attachment`).
 */
export function sendExport(
  reply: FastifyReply,
  format: ExportFormat,
  fileName: string,
  tables: ExportTable[],
) {
  const [first] = tables;
  if (!first) throw new Error('an export needs a table');
  reply.header('cache-control', 'private, no-store');
  if (format === 'csv')
    return reply
      .type('text/csv; charset=utf-8')
      .header('content-disposition', `attachment; filename="${fileName}.csv"`)
      .send(tableCsv(first));
  return reply
    .type(XLSX_CONTENT_TYPE)
    .header('content-disposition', `attachment; filename="${fileName}.xlsx"`)
    .send(xlsxWorkbook(tables));
}
