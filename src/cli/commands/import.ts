import { readFile } from 'node:fs/promises';
import { importCustomersCsv, importInvoicesCsv } from '../../modules/imports/index.ts';
import { validationFailed } from '../../shared/errors.ts';
import { progressReporter, toJson } from '../io.ts';
import type { CommandSpec } from './types.ts';

async function readCsvFile(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw validationFailed(
      `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
      [{ field: 'FILE', message: 'unreadable' }],
    );
  }
}

export const importCustomers: CommandSpec = {
  name: 'import customers',
  usage: 'cashloop import customers FILE [--dry-run] [--json]',
  options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: ['FILE'],
  async run({ runtime, io, values, positionals }) {
    const text = await readCsvFile(positionals[0] ?? '');
    const dryRun = values['dry-run'] === true;
    const result = await importCustomersCsv(runtime.deps, runtime.tenant.tenantId, text, {
      // The CLI acts as the installation's administrator, who may set credit limits.
      creditLimits: 'allowed',
      dryRun,
      onProgress: progressReporter(io, !values.json, 'customers'),
    });
    if (values.json) io.stdout(toJson(result));
    else
      io.stdout(
        `${dryRun ? 'Dry run: would import' : 'Imported'} ${result.rows} customer row(s): ${result.created} new, ${result.updated} updated.\n`,
      );
    return 0;
  },
};

export const importInvoices: CommandSpec = {
  name: 'import invoices',
  usage: 'cashloop import invoices FILE [--dry-run] [--json]',
  options: { 'dry-run': { type: 'boolean' }, json: { type: 'boolean' } },
  positionals: ['FILE'],
  async run({ runtime, io, values, positionals }) {
    const text = await readCsvFile(positionals[0] ?? '');
    const dryRun = values['dry-run'] === true;
    const result = await importInvoicesCsv(runtime.deps, runtime.tenant.tenantId, text, {
      dryRun,
      onProgress: progressReporter(io, !values.json, 'invoices'),
    });
    if (values.json) {
      io.stdout(toJson(result));
      return 0;
    }
    io.stdout(`${dryRun ? 'Dry run: would import' : 'Imported'} ${result.rows} open item(s).\n`);
    for (const t of result.totals) io.stdout(`  ${t.currency}: total ${t.total}, open ${t.open}\n`);
    return 0;
  },
};
