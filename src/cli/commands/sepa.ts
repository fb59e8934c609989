/**
 * `cashloop sepa …`: SEPA Direct Debit run by the company — creditor settings, mandates,
 * collection runs (`--out` writes the pain.008), booking and cancelling a run, returns from a
 * camt.054, and refund runs (pain.001). Each calls the same use case as the API.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import {
  bookCollectionRun,
  cancelCollectionRun,
  createCollectionRun,
  createMandate,
  createRefundRun,
  importReturns,
  listMandates,
  revokeMandate,
  updateSepaSettings,
} from '../../modules/sepa/index.ts';
import { validationFailed } from '../../shared/errors.ts';
import { formatAmount } from '../../shared/money.ts';
import { table, toJson } from '../io.ts';
import { type CommandContext, type CommandSpec, stringOption } from './types.ts';

type RunResult = Awaited<ReturnType<typeof createCollectionRun>>;

const bool = { type: 'boolean' } as const;
const str = { type: 'string' } as const;

function pick(values: CommandContext['values'], cli: string, field = cli) {
  const v = stringOption(values, cli);
  return v === undefined ? {} : { [field]: v };
}

/** Write the run's file to `--out` (if given) and print the run in one line or as JSON. */
async function reportRun(ctx: CommandContext, result: RunResult, extra: Record<string, unknown> = {}) {
  const out = stringOption(ctx.values, 'out');
  const path = out ? resolve(out) : null;
  if (path) await writeFile(path, result.run.fileXml, 'utf8');
  const r = result.run;
  if (ctx.values.json) {
    ctx.io.stdout(
      toJson({
        id: r.runId,
        kind: r.kind,
        status: r.status,
        painVersion: r.painVersion,
        date: r.executionDate,
        items: r.itemCount,
        total: formatAmount(r.totalMinor, r.currency),
        sha256: r.fileSha256,
        file: path,
        ...extra,
      }),
    );
    return 0;
  }
  const file = path ? `, wrote ${path}` : '';
  ctx.io.stdout(
    `${r.kind} run ${r.runId} ${r.status}: ${r.itemCount} item(s), ${formatAmount(r.totalMinor, r.currency)} ${r.currency} on ${r.executionDate} (${r.painVersion}, sha256 ${r.fileSha256})${file}\n`,
  );
  return 0;
}

export const sepaSettings: CommandSpec = {
  name: 'sepa settings',
  usage: 'cashloop sepa settings [--creditor-id ID] [--pre-notification-days N] [--json]',
  options: { 'creditor-id': str, 'pre-notification-days': str, json: bool },
  positionals: [],
  async run({ runtime, io, values }) {
    const days = stringOption(values, 'pre-notification-days');
    if (days !== undefined && !/^\d{1,3}$/.test(days))
      throw validationFailed('--pre-notification-days must be a whole number', [
        { field: 'preNotificationDays', message: 'not a number' },
      ]);
    const s = await updateSepaSettings(runtime.deps, runtime.tenant.tenantId, {
      ...pick(values, 'creditor-id', 'creditorId'),
      ...(days !== undefined ? { preNotificationDays: Number(days) } : {}),
    });
    io.stdout(
      values.json
        ? toJson(s)
        : `creditor id ${s.creditorId ?? '(not set)'}, pre-notification ${s.preNotificationDays} days\n`,
    );
    return 0;
  },
};

export const sepaMandatesList: CommandSpec = {
  name: 'sepa mandates list',
  usage: 'cashloop sepa mandates list [--customer ID] [--status active|revoked|expired] [--json]',
  options: { customer: str, status: str, json: bool },
  positionals: [],
  async run({ runtime, io, values }) {
    const rows = await listMandates(runtime.deps.db, runtime.tenant.tenantId, {
      customer: stringOption(values, 'customer'),
      status: stringOption(values, 'status'),
    });
    if (values.json) io.stdout(toJson(rows));
    else
      io.stdout(
        table(
          ['REFERENCE', 'SIGNED', 'SCHEME', 'SEQ', 'STATUS', 'IBAN', 'DEBTOR'],
          rows.map((m) => [m.reference, m.signedOn, m.scheme, m.sequence, m.status, m.iban, m.debtorName]),
        ),
      );
    return 0;
  },
};

export const sepaMandatesAdd: CommandSpec = {
  name: 'sepa mandates add',
  usage:
    'cashloop sepa mandates add --customer ID --reference REF --signed YYYY-MM-DD --iban IBAN [--bic BIC] [--debtor-name NAME] [--b2b] [--one-off] [--json]',
  options: {
    customer: str,
    reference: str,
    signed: str,
    iban: str,
    bic: str,
    'debtor-name': str,
    b2b: bool,
    'one-off': bool,
    json: bool,
  },
  positionals: [],
  async run({ runtime, io, values }) {
    const m = await createMandate(runtime.deps, runtime.tenant.tenantId, {
      customer: stringOption(values, 'customer') ?? '',
      reference: stringOption(values, 'reference') ?? '',
      signedOn: stringOption(values, 'signed') ?? '',
      iban: stringOption(values, 'iban') ?? '',
      ...pick(values, 'bic'),
      ...pick(values, 'debtor-name', 'debtorName'),
      scheme: values.b2b ? 'B2B' : 'CORE',
      oneOff: values['one-off'] === true,
    });
    io.stdout(
      values.json
        ? toJson(m)
        : `mandate ${m.reference} (${m.scheme}, next ${m.sequence}) for ${m.debtorName}, ${m.iban}\n`,
    );
    return 0;
  },
};

export const sepaMandatesRevoke: CommandSpec = {
  name: 'sepa mandates revoke',
  usage: 'cashloop sepa mandates revoke REFERENCE --reason TEXT [--json]',
  options: { reason: str, json: bool },
  positionals: ['REFERENCE'],
  async run({ runtime, io, values, positionals }) {
    const m = await revokeMandate(
      runtime.deps,
      runtime.tenant.tenantId,
      positionals[0] ?? '',
      stringOption(values, 'reason') ?? '',
    );
    io.stdout(values.json ? toJson(m) : `mandate ${m.reference} revoked\n`);
    return 0;
  },
};

export const sepaCollect: CommandSpec = {
  name: 'sepa collect',
  usage: 'cashloop sepa collect --date YYYY-MM-DD [--version 001.08|001.02] [--out FILE.xml] [--json]',
  options: { date: str, version: str, out: str, json: bool },
  positionals: [],
  async run(ctx) {
    const { runtime, values } = ctx;
    const result = await createCollectionRun(runtime.deps, runtime.tenant.tenantId, {
      collectionDate: stringOption(values, 'date') ?? '',
      ...(pick(values, 'version') as { version?: '001.08' | '001.02' }),
    });
    return reportRun(ctx, result);
  },
};

export const sepaBook: CommandSpec = {
  name: 'sepa book',
  usage: 'cashloop sepa book RUN_ID [--json]',
  options: { json: bool },
  positionals: ['RUN_ID'],
  run: async (ctx) =>
    reportRun(
      ctx,
      await bookCollectionRun(ctx.runtime.deps, ctx.runtime.tenant.tenantId, ctx.positionals[0] ?? ''),
    ),
};

export const sepaCancel: CommandSpec = {
  name: 'sepa cancel',
  usage: 'cashloop sepa cancel RUN_ID [--json]',
  options: { json: bool },
  positionals: ['RUN_ID'],
  run: async (ctx) =>
    reportRun(
      ctx,
      await cancelCollectionRun(ctx.runtime.deps, ctx.runtime.tenant.tenantId, ctx.positionals[0] ?? ''),
    ),
};

export const sepaReturnsImport: CommandSpec = {
  name: 'sepa returns import',
  usage: 'cashloop sepa returns import FILE [--json]',
  options: { json: bool },
  positionals: ['FILE'],
  async run({ runtime, io, values, positionals }) {
    const path = positionals[0] ?? '';
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw validationFailed(`cannot read ${path}: ${error.code ?? String(error)}`, [
        { field: 'FILE', message: 'unreadable' },
      ]);
    });
    const r = await importReturns(runtime.deps, runtime.tenant.tenantId, text);
    if (values.json) io.stdout(toJson(r));
    else
      io.stdout(
        `${r.returned.length} return(s) booked, ${r.alreadyReturned.length} already known, ${r.unmatched.length} not ours\n`,
      );
    return 0;
  },
};

export const sepaRefunds: CommandSpec = {
  name: 'sepa refunds',
  usage:
    'cashloop sepa refunds --date YYYY-MM-DD [--customer ID] [--version 001.09|001.03] [--out FILE.xml] [--json]',
  options: { date: str, customer: str, version: str, out: str, json: bool },
  positionals: [],
  async run(ctx) {
    const { runtime, values } = ctx;
    const result = await createRefundRun(runtime.deps, runtime.tenant.tenantId, {
      executionDate: stringOption(values, 'date') ?? '',
      ...pick(values, 'customer'),
      ...(pick(values, 'version') as { version?: '001.09' | '001.03' }),
    });
    return reportRun(ctx, result, { skippedReceiptIds: result.skippedReceiptIds });
  },
};

export const SEPA_COMMANDS = [
  sepaSettings,
  sepaMandatesList,
  sepaMandatesAdd,
  sepaMandatesRevoke,
  sepaCollect,
  sepaBook,
  sepaCancel,
  sepaReturnsImport,
  sepaRefunds,
];
