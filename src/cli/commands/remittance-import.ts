import { readFile } from 'node:fs/promises';
import {
  ADVICE_FORMATS,
  type AdviceFormat,
  importRemittanceAdvice,
} from '../../modules/cash-application/index.ts';
import { validationFailed } from '../../shared/errors.ts';
import { toJson } from '../io.ts';
import { type CommandSpec, stringOption } from './types.ts';

function formatOption(value: string | undefined): AdviceFormat | undefined {
  if (value === undefined) return undefined;
  const format = ADVICE_FORMATS.find((f) => f === value.toLowerCase());
  if (!format)
    throw validationFailed(`--format must be one of ${ADVICE_FORMATS.join(', ')}`, [
      { field: 'format', message: `unknown format "${value}"` },
    ]);
  return format;
}

/** `cashloop remittance import FILE`: a customer's remittance advice (CSV / e-mail list or camt.054). */
export const remittanceImport: CommandSpec = {
  name: 'remittance import',
  usage: `cashloop remittance import FILE [--format ${ADVICE_FORMATS.join('|')}] [--currency EUR] [--json]`,
  options: {
    format: { type: 'string' },
    currency: { type: 'string' },
    json: { type: 'boolean' },
  },
  positionals: ['FILE'],
  async run({ runtime, io, values, positionals }) {
    const path = positionals[0] ?? '';
    let text: string;
    try {
      text = await readFile(path, 'utf8');
    } catch (error) {
      throw validationFailed(
        `cannot read ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`,
        [{ field: 'FILE', message: 'unreadable' }],
      );
    }
    const currency = stringOption(values, 'currency')?.toUpperCase();
    const result = await importRemittanceAdvice(runtime.deps, runtime.tenant.tenantId, text, {
      format: formatOption(stringOption(values, 'format')),
      currency,
    });
    if (values.json) {
      io.stdout(toJson(result));
      return 0;
    }
    io.stdout(
      `Imported ${result.advices.length} remittance advice(s) from a ${result.format} file; ${result.skipped} imported before, skipped.\n`,
    );
    for (const a of result.advices) {
      const who = [a.payerName, a.payerIban, a.paymentReference].filter((x) => x !== null).join(', ');
      io.stdout(
        `  ${a.date} ${a.currency} ${a.total}${who ? ` from ${who}` : ''}: ${a.lines.length} line(s)\n`,
      );
      for (const l of a.lines)
        io.stdout(`    ${l.invoiceReference} ${l.amount}${l.reason ? ` (${l.reason})` : ''}\n`);
    }
    for (const w of result.warnings) io.stdout(`  warning: ${w}\n`);
    io.stdout('The next cash application run (cashloop cash-apply) matches them to their bank lines.\n');
    return 0;
  },
};
