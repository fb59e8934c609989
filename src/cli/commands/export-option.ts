/**
 * `--format csv|xlsx --out FILE` of the report commands: the report as the API's export routes
 * send it (the same tables: CSV the first, XLSX every table a sheet), written to FILE.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { ExportTable } from '../../http/routes/report-exports.ts';
import { validationFailed } from '../../shared/errors.ts';
import { tableCsv } from '../../shared/table-csv.ts';
import { xlsxWorkbook } from '../../shared/xlsx.ts';
import type { CliIo } from '../io.ts';
import { type CommandContext, oneOfOption, stringOption } from './types.ts';

export const EXPORT_OPTIONS = { format: { type: 'string' }, out: { type: 'string' } } as const;
export const EXPORT_USAGE = '[--format csv|xlsx --out FILE]';

export interface ExportRequest {
  readonly format: 'csv' | 'xlsx';
  readonly out: string;
}

/** The export asked for, or null when `--format` is not given; `--out` is then required. */
export function exportRequest(values: CommandContext['values']): ExportRequest | null {
  const format = oneOfOption(values, 'format', ['csv', 'xlsx'] as const);
  const out = stringOption(values, 'out');
  if (format === undefined) {
    if (out !== undefined)
      throw validationFailed('--out needs --format csv or --format xlsx', [
        { field: 'format', message: 'required with --out' },
      ]);
    return null;
  }
  if (out === undefined)
    throw validationFailed('--format needs --out FILE', [
      { field: 'out', message: 'required with --format' },
    ]);
  return { format, out };
}

/** Write the tables to the file asked for and say so on stdout. */
export function writeExport(io: CliIo, request: ExportRequest, tables: readonly ExportTable[]): number {
  const [first] = tables;
  if (!first) throw new Error('an export needs a table');
  const bytes = request.format === 'csv' ? Buffer.from(tableCsv(first), 'utf8') : xlsxWorkbook(tables);
  const path = resolve(request.out);
  writeFileSync(path, bytes);
  io.stdout(`wrote ${path} (${bytes.byteLength} bytes)\n`);
  return 0;
}
