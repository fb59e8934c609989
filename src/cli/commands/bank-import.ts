import { readFile } from 'node:fs/promises';
import { importBankStatement, STATEMENT_FORMATS, type StatementFormat } from '../../modules/bank/index.ts';
import { validationFailed } from '../../shared/errors.ts';
import { toJson } from '../io.ts';
import { type CommandSpec, stringOption } from './types.ts';

function formatOption(value: string | undefined): StatementFormat | undefined {
  if (value === undefined) return undefined;
  const format = STATEMENT_FORMATS.find((f) => f === value.toLowerCase());
  if (!format)
    throw validationFailed(`--format must be one of ${STATEMENT_FORMATS.join(', ')}`, [
      { field: 'format', message: `unknown format "${value}"` },
    ]);
  return format;
}

export const bankImport: CommandSpec = {
  name: 'bank import',
  usage: `cashloop bank import FILE [--format ${STATEMENT_FORMATS.join('|')}] [--profile CSV_PROFILE] [--dry-run] [--json]`,
  options: {
    format: { type: 'string' },
    profile: { type: 'string' },
    'dry-run': { type: 'boolean' },
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
    const format = formatOption(stringOption(values, 'format'));
    const profile = stringOption(values, 'profile');
    const result = await importBankStatement(runtime.deps, runtime.tenant.tenantId, text, {
      ...(format ? { format } : {}),
      ...(profile ? { csvProfile: profile } : {}),
      dryRun: values['dry-run'] === true,
    });
    if (values.json) {
      io.stdout(toJson(result));
      return 0;
    }
    const verb = result.dryRun ? 'Dry run: would import' : 'Imported';
    io.stdout(
      `${verb} ${result.totals.imported} new transaction(s) from ${result.statements.length} ${result.format} statement(s); ${result.totals.skipped} already known, skipped.\n`,
    );
    for (const s of result.statements) {
      const balance =
        s.balanced === null
          ? 'no balances stated'
          : s.balanced
            ? `balances ${s.opening} → ${s.closing} add up`
            : `balances do NOT add up: opening ${s.opening} + entries ≠ closing ${s.closing} (difference ${s.difference})`;
      io.stdout(
        `  ${s.account} ${s.currency}${s.statementRef ? ` statement ${s.statementRef}` : ''}: ${s.entries} entries, ${s.imported} new, ${s.skipped} skipped; ${balance}\n`,
      );
      if (s.newAccount) io.stdout(`    new bank account registered, ledger account ${s.ledgerAccount}\n`);
      for (const w of s.warnings) io.stdout(`    warning: ${w}\n`);
    }
    return 0;
  },
};
