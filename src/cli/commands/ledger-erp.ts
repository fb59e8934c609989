/**
 * The GL export to the host ERP and the reconciliation with it from the command line
 * (docs/erp.md): `ledger export`, `ledger export-batches`, `ledger erp-map`, `ledger erp-debtors`,
 * `ledger erp-reconcile`.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { erpReconciliationJson, exportBatchJson, feedPageJson } from '../../http/routes/erp.schemas.ts';
import {
  accountMappingsInput,
  createExportBatch,
  customerAccountInput,
  datevOptionsInput,
  type ErpReconciliation,
  type ExportFile,
  journalFeed,
  listAccountMappings,
  listCustomerAccounts,
  listExportBatches,
  reconcileWithErp,
  reExportBatch,
  setAccountMappings,
  setCustomerAccount,
} from '../../modules/erp/index.ts';
import { validationFailed } from '../../shared/errors.ts';
import { formatAmount } from '../../shared/money.ts';
import { EXIT_FAILED } from '../exit-codes.ts';
import { table, toJson } from '../io.ts';
import { asOfOption } from './as-of-option.ts';
import { type CommandContext, type CommandSpec, oneOfOption, stringOption } from './types.ts';

function intOption(values: CommandContext['values'], name: string): number | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  if (!/^\d{1,9}$/.test(raw))
    throw validationFailed(`--${name} must be a whole number, got "${raw}"`, [
      { field: name, message: 'not a number' },
    ]);
  return Number(raw);
}

function datevOptions(values: CommandContext['values']) {
  const parsed = datevOptionsInput.safeParse({
    consultantNumber: intOption(values, 'consultant'),
    clientNumber: intOption(values, 'client'),
    accountLength: intOption(values, 'account-length'),
    fiscalYearStartMonth: intOption(values, 'fiscal-year-start'),
  });
  if (!parsed.success)
    throw validationFailed('DATEV needs --consultant (1001–9999999) and --client (1–99999)', [
      {
        field: 'consultant',
        message: parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; '),
      },
    ]);
  return parsed.data;
}

async function writeBatch(ctx: CommandContext, file: ExportFile): Promise<number> {
  const out = stringOption(ctx.values, 'out');
  if (!out) throw validationFailed('the export needs --out FILE', [{ field: 'out', message: 'required' }]);
  await writeFile(resolve(out), file.bytes);
  const b = file.batch;
  ctx.io.stdout(
    `batch ${b.batchNo} (${b.format}): entries ${b.afterEntryNo + 1n}–${b.toEntryNo} (${b.entryCount}), sha256 ${b.sha256}, wrote ${resolve(out)} (${file.bytes.byteLength} bytes)\n`,
  );
  return 0;
}

async function printFeed({ runtime, io, values }: CommandContext): Promise<number> {
  const after = BigInt(stringOption(values, 'after') ?? '0');
  const page = await journalFeed(
    runtime.deps,
    runtime.tenant.tenantId,
    after,
    intOption(values, 'limit') ?? 100,
  );
  io.stdout(toJson(feedPageJson(page, runtime.tenant.baseCurrency)));
  return 0;
}

export const ledgerExport: CommandSpec = {
  name: 'ledger export',
  usage:
    'cashloop ledger export --format csv|datev|json [--out FILE] [--batch N] [--consultant N --client N [--account-length 4] [--fiscal-year-start 1]] [--after CURSOR --limit N]',
  options: {
    format: { type: 'string' },
    out: { type: 'string' },
    batch: { type: 'string' },
    consultant: { type: 'string' },
    client: { type: 'string' },
    'account-length': { type: 'string' },
    'fiscal-year-start': { type: 'string' },
    after: { type: 'string' },
    limit: { type: 'string' },
  },
  positionals: [],
  async run(ctx) {
    const { runtime, values } = ctx;
    const tenantId = runtime.tenant.tenantId;
    const batchNo = intOption(values, 'batch');
    if (batchNo !== undefined) return writeBatch(ctx, await reExportBatch(runtime.deps, tenantId, batchNo));
    const format = oneOfOption(values, 'format', ['csv', 'datev', 'json'] as const);
    if (format === undefined)
      throw validationFailed('--format csv, datev or json is required', [
        { field: 'format', message: 'required' },
      ]);
    if (format === 'json') return printFeed(ctx);
    const datev = format === 'datev' ? datevOptions(values) : undefined;
    return writeBatch(ctx, await createExportBatch(runtime.deps, tenantId, { format, datev }));
  },
};

export const ledgerExportBatches: CommandSpec = {
  name: 'ledger export-batches',
  usage: 'cashloop ledger export-batches [--json]',
  options: { json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const batches = await listExportBatches(runtime.deps.db, runtime.tenant.tenantId);
    if (values.json) {
      io.stdout(toJson(batches.map(exportBatchJson)));
      return 0;
    }
    io.stdout(
      table(
        ['BATCH', 'FORMAT', 'ENTRIES', 'COUNT', 'CREATED', 'BY', 'SHA-256'],
        batches.map((b) => [
          String(b.batchNo),
          b.format,
          `${b.afterEntryNo + 1n}–${b.toEntryNo}`,
          String(b.entryCount),
          b.createdAt.toISOString(),
          b.createdByName ?? 'system',
          b.sha256,
        ]),
        [3],
      ),
    );
    return 0;
  },
};

export const ledgerErpMap: CommandSpec = {
  name: 'ledger erp-map',
  usage: 'cashloop ledger erp-map [--set ACCOUNT=ERP_ACCOUNT,…] [--json]',
  options: { set: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const tenantId = runtime.tenant.tenantId;
    const set = stringOption(values, 'set');
    const pairs = (set ? set.split(',') : []).map((p) => {
      const [accountCode = '', erpAccount = ''] = p.split('=', 2);
      return { accountCode, erpAccount };
    });
    const parsed = pairs.length > 0 ? accountMappingsInput.safeParse({ mappings: pairs }) : null;
    if (parsed && !parsed.success)
      throw validationFailed('write each mapping as ACCOUNT=ERP_ACCOUNT (e.g. 1100=1400)', [
        { field: 'ACCOUNT=ERP_ACCOUNT', message: parsed.error.issues[0]?.message ?? 'invalid' },
      ]);
    const mappings = parsed?.success
      ? await setAccountMappings(runtime.deps, tenantId, parsed.data.mappings)
      : await listAccountMappings(runtime.deps.db, tenantId);
    if (values.json) io.stdout(toJson(mappings));
    else
      io.stdout(
        table(
          ['ACCOUNT', 'ERP ACCOUNT'],
          mappings.map((m) => [m.accountCode, m.erpAccount]),
        ),
      );
    return 0;
  },
};

export const ledgerErpDebtors: CommandSpec = {
  name: 'ledger erp-debtors',
  usage: 'cashloop ledger erp-debtors [--set CUSTOMER=ERP_ACCOUNT] [--json]',
  options: { set: { type: 'string' }, json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const tenantId = runtime.tenant.tenantId;
    const set = stringOption(values, 'set');
    if (set !== undefined) {
      const at = set.lastIndexOf('=');
      const parsed = customerAccountInput.safeParse({ erpAccount: set.slice(at + 1) });
      if (at <= 0 || !parsed.success)
        throw validationFailed('write --set CUSTOMER=ERP_ACCOUNT (e.g. DEB-0042=10042)', [
          { field: 'set', message: 'invalid' },
        ]);
      await setCustomerAccount(runtime.deps, tenantId, set.slice(0, at), parsed.data.erpAccount);
    }
    const accounts = await listCustomerAccounts(runtime.deps.db, tenantId);
    if (values.json) io.stdout(toJson(accounts));
    else
      io.stdout(
        table(
          ['CUSTOMER', 'DEBTOR ACCOUNT'],
          accounts.map((a) => [a.customerId, a.erpAccount]),
        ),
      );
    return 0;
  },
};

function printReconciliation(io: CommandContext['io'], r: ErpReconciliation): void {
  const m = formatAmount;
  io.stdout(
    table(
      ['STATUS', 'DOCUMENT', 'CUSTOMER', 'CASHLOOP', 'ERP', 'ERP LINE'],
      r.results
        .filter((x) => x.status !== 'matched')
        .map((x) => [
          x.status,
          x.cashloop?.documentNumber ?? x.erp?.documentNumber ?? '',
          x.cashloop?.customerLabel ?? x.erp?.customerLabel ?? '',
          x.cashloop ? `${m(x.cashloop.amountMinor, x.cashloop.currency)} ${x.cashloop.currency}` : '—',
          x.erp ? `${m(x.erp.amountMinor, x.erp.currency)} ${x.erp.currency}` : '—',
          x.erp?.line ? String(x.erp.line) : '',
        ]),
    ),
  );
  io.stdout(
    table(
      ['CUR', 'CASHLOOP', 'ERP', 'DIFFERENCE'],
      r.totals.map((t) => [
        t.currency,
        m(t.cashloopMinor, t.currency),
        m(t.erpMinor, t.currency),
        m(t.differenceMinor, t.currency),
      ]),
      [1, 2, 3],
    ),
  );
  const c = r.counts;
  io.stdout(
    `${r.asOf}: ${c.matched} matched, ${c.amount_differs} amount differs, ${c.different_customer} different customer, ${c.only_in_cashloop} only in cashloop, ${c.only_in_erp} only in the ERP\n`,
  );
}

export const ledgerErpReconcile: CommandSpec = {
  name: 'ledger erp-reconcile',
  usage: 'cashloop ledger erp-reconcile FILE --as-of YYYY-MM-DD [--json]',
  options: { 'as-of': { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['FILE'],
  async run({ runtime, io, values, positionals }) {
    const path = positionals[0] ?? '';
    const text = await readFile(path, 'utf8').catch((error: NodeJS.ErrnoException) => {
      throw validationFailed(`cannot read ${path}: ${error.code ?? String(error)}`, [
        { field: 'FILE', message: 'unreadable' },
      ]);
    });
    const r = await reconcileWithErp(
      runtime.deps,
      runtime.tenant.tenantId,
      text,
      asOfOption(values, runtime.deps.clock),
    );
    if (values.json) io.stdout(toJson(erpReconciliationJson(r)));
    else printReconciliation(io, r);
    return r.balanced ? 0 : EXIT_FAILED;
  },
};
