/**
 * `npm run bench`: import of 100,000 open invoices (beside the raw COPY of the same rows), issue of
 * 10,000 three-line invoices through the domain service, and the aging report over the 100,000
 * open invoices — on PGlite (a data directory on disk) and on PostgreSQL.
 *
 * Cash application (bench/cash-application/): the labelled accuracy benchmark (pure engine over
 * generated camt.053 and MT940 statements, beside the ERP baseline) and the end-to-end speed of
 * importing a statement of 50,000 entries and applying it against 500,000 open invoices.
 *
 * Documents (bench/documents.ts): invoice PDFs per second (rendering alone, and the first request
 * end to end: load, render, hash, store), stored PDFs served again, and customer statements.
 *
 * Dunning (bench/dunning.ts): a dunning run over 100,000 open invoices of 10,000 customers, every
 * one of them due at its next level, planning and recording the letters, notices and charges.
 *
 * Migration (bench/migration.ts, part of imports): 20,000 customers (some with international e-mail
 * addresses) and 500,000 open items numbered INV-… by the old system, then one invoice, whose
 * number must continue the series; aging must equal the imported open amounts; books reconciled.
 *
 * Payment-date prediction (bench/prediction.ts): the model of src/modules/analytics on the IBM
 * accounts-receivable data set (train 2012, test 2013) beside its two baselines, five seeds; skipped
 * when ../shared/external is not on the machine. Then (bench/prediction-generated.ts) a generated
 * history of 200 customers × 3 years in 7 segments of known behaviour, train years 1–2 | test year
 * 3, three seeds; its speed at issue 12's sizes runs alone: `npx tsx bench/prediction-generated.ts --speed`.
 *
 * Exchange rates (bench/fx-rates.ts) run alone: `node --import tsx bench/fx-rates.ts [years] [pglite|postgres]`.
 *
 * Options: --backend pglite|postgres|all (default all), --only
 * imports|migration|cash|accuracy|documents|dunning|prediction|all (default all: imports = the benchmarks
 * above and the migration; migration = the migration alone; cash =
 * accuracy and speed of cash application; documents = the PDFs; dunning = the dunning run),
 * --invoices N (100000), --issue N (10000), --cash-invoices N (500000), --cash-entries N (50000),
 * --cash-customers N (5000; 20000 with --lookalike), --lookalike: the cash speed run on issue 9's
 * large case (look-alike customers, every kind of line; default: tidy customers), --documents N (1000), --dunning-invoices N (100000),
 * --dunning-customers N (10000), --migration-customers N (20000), --migration-invoices N (500000),
 * --reuse-setup DIR: the PGlite cash run on a copy of a set-up (tenant, customers, open invoices)
 * built once into DIR and kept, to compare runs without importing again (profile with
 * `node --cpu-prof --import tsx bench/run.ts …`),
 * --large (or --accuracy-large): with accuracy, also the large look-alike case of issue 9
 * (20,000 customers, 500,000 open invoices, 50,000 lines; not part of the default run).
 * PostgreSQL: BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) names a server
 * on which a fresh database is created for the run and dropped after it.
 * Results are printed and written to bench/out/results.json.
 */
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { type Database, openDatabase } from '../src/db/client.ts';
import { type CoreDeps, coreDeps } from '../src/modules/core-deps.ts';
import { importCustomersCsv } from '../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../src/modules/imports/invoices-import.ts';
import { createInvoice, createInvoices } from '../src/modules/invoices/invoice-creation.service.ts';
import type { CreateInvoiceInput } from '../src/modules/invoices/invoices.input.ts';
import { reconcileBooks } from '../src/modules/reconciliation/reconciliation.service.ts';
import { agingReport } from '../src/modules/reports/aging.service.ts';
import { createTenant } from '../src/modules/tenants/tenants.service.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { newId } from '../src/shared/ids.ts';
import type { PhaseTime } from '../src/shared/phase-times.ts';
import {
  type Evaluation,
  formatEvaluation,
  formatLargeRun,
  runAccuracy,
  runLargeAccuracy,
} from './cash-application/evaluate.ts';
import {
  type CashSpeedResult,
  cashSpeedData,
  importCashSetup,
  runCashSpeed,
} from './cash-application/speed.ts';
import { CUSTOMER_COUNT, customerId, customersCsv, openItems, openItemsCsv, seededRandom } from './data.ts';
import { type DocumentsBenchResult, documentsBenchmark } from './documents.ts';
import { DUNNING_AS_OF, type DunningSpeedResult, dunningSpeed } from './dunning.ts';
import { type MigrationResult, type MigrationSizes, migrationSpeed } from './migration.ts';
import { printPrediction, runIbmPrediction } from './prediction.ts';
import { printGenerated, runGeneratedPrediction } from './prediction-generated.ts';

const TODAY = '2026-06-30';
const ISSUE_BATCH = 1_000;
const SINGLE_ISSUES = 1_000;

interface BackendResult {
  backend: string;
  server: string;
  importInvoices: number;
  importSeconds: number;
  importPerSecond: number;
  copyPerSecond: number;
  copySeconds: number;
  agingMs: { median: number; min: number; max: number; runs: number };
  agingTotals: string;
  issueInvoices: number;
  issuePerSecond: number;
  issueSingle: number;
  issueSinglePerSecond: number;
  issueConcurrentPerSecond: number | null;
  checks: { reconciled: boolean };
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? 0;
}

function log(message: string) {
  process.stderr.write(`${message}\n`);
}

/**
 * The raw COPY of the same rows into the same `invoices` table (same indexes, constraints and
 * foreign key; numbers prefixed so they do not collide), deleted again afterwards: the limit an
 * import of these rows can approach. The import also posts one journal line per invoice.
 */
async function rawCopy(database: Database, tenantId: string, csv: string, customerIds: Map<string, string>) {
  const lines = csv.trimEnd().split('\n').slice(1);
  const rows = lines.map((line) => {
    const [number, customer, issueDate, dueDate, currency, total, open, fxRate] = line.split(',');
    const toMinor = (s = '0') => s.replace('.', '');
    return [
      tenantId,
      newId(),
      'invoice',
      `COPY-${number}`,
      'IMPORT',
      customerIds.get(customer ?? '') ?? '',
      open === total ? 'issued' : 'partially_paid',
      issueDate,
      dueDate,
      'NET30',
      currency,
      fxRate || '1',
      toMinor(total),
      '0',
      toMinor(total),
      toMinor(open),
      'import',
    ].join(',');
  });
  const copyCsv = `${rows.join('\n')}\n`;
  const start = process.hrtime.bigint();
  await database.copyCsv(
    'invoices (tenant_id, invoice_id, kind, number, series, customer_id, status, issue_date, due_date, payment_terms, currency, fx_rate, net_minor, tax_minor, total_minor, open_minor, source)',
    copyCsv,
  );
  const elapsed = seconds(start);
  await database.executeSql("delete from invoices where tenant_id = $1 and number like 'COPY-%'", [tenantId]);
  return { elapsed, perSecond: rows.length / elapsed };
}

function invoiceInputs(count: number, offset: number): CreateInvoiceInput[] {
  const random = seededRandom(7 + offset);
  return Array.from({ length: count }, (_, i) => ({
    customer: customerId((i + offset) % CUSTOMER_COUNT),
    issue: true,
    issueDate: TODAY,
    lines: [1, 2, 3].map((n) => ({
      description: `Service ${n}`,
      quantity: String(1 + Math.floor(random() * 10)),
      unitPrice: `${10 + Math.floor(random() * 990)}.${String(Math.floor(random() * 100)).padStart(2, '0')}`,
      taxRate: n === 3 ? '7' : '19',
      ...(n === 2 ? { discountPct: '5' } : {}),
    })),
  }));
}

/** A billing run: `createInvoices` in batches of `batch`. */
async function issueInBatches(deps: CoreDeps, tenantId: string, count: number, batch: number) {
  const inputs = invoiceInputs(count, 0);
  const start = process.hrtime.bigint();
  for (let i = 0; i < inputs.length; i += batch)
    await createInvoices(deps, tenantId, inputs.slice(i, i + batch));
  return count / seconds(start);
}

/** One `createInvoice` call (one transaction) per invoice, from `concurrency` callers. */
async function issueOneByOne(
  deps: CoreDeps,
  tenantId: string,
  count: number,
  concurrency: number,
  offset: number,
) {
  const jobs = invoiceInputs(count, offset);
  let next = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < jobs.length) {
        const job = jobs[next++];
        if (!job) break;
        await createInvoice(deps, tenantId, job);
      }
    }),
  );
  return count / seconds(start);
}

interface CashSizes {
  customers: number;
  invoices: number;
  entries: number;
  /** Issue 9's large case: look-alike customers and every kind of line (`--lookalike`). */
  lookalike: boolean;
}

/** A tenant whose customers and open invoices are already imported (`--reuse-setup`). */
interface CashSetup {
  tenantId: string;
}

/**
 * Cash application end to end on a fresh database: its own tenant, customers and invoices; or,
 * with `setup`, on a copy of a database set up before (the statement import and run only).
 */
async function runCashOn(
  backend: 'pglite' | 'postgres',
  open: () => Promise<Database>,
  sizes: CashSizes,
  setup?: CashSetup,
): Promise<CashResult> {
  log(`\n[${backend}] cash application: opening`);
  const database = await open();
  try {
    const deps: CoreDeps = coreDeps(database.db, fixedClock(`${TODAY}T12:00:00Z`));
    const server =
      String((await database.executeSql('select version() as v')).rows[0]?.v ?? '').split(' on ')[0] ?? '';
    const tenantId =
      setup?.tenantId ??
      (await createTenant(database.db, { name: 'Cash bench', baseCurrency: 'EUR' })).tenantId;
    const loadBefore = os.loadavg()[0] ?? 0;
    const cpu = process.cpuUsage();
    const data = cashSpeedData(sizes);
    const say = (m: string) => log(`[${backend}]${m}`);
    const setupSeconds = setup ? 0 : await importCashSetup(deps, tenantId, data, say);
    const result = await runCashSpeed(deps, tenantId, sizes, data, setupSeconds, say);
    const used = process.cpuUsage(cpu);
    const cpuSeconds = (used.user + used.system) / 1e6;
    const loadAfter = os.loadavg()[0] ?? 0;
    const peakRssMib = Math.round(process.resourceUsage().maxRSS / 1024);
    const reconciled = (await reconcileBooks(database.db, deps, tenantId)).balanced;
    return { ...result, backend, server, reconciled, loadBefore, loadAfter, cpuSeconds, peakRssMib };
  } finally {
    await database.close();
  }
}

/**
 * `--reuse-setup DIR` (PGlite): the set-up (tenant, customers, open invoices) built once into
 * DIR/data, its tenant in DIR/setup.json; each run works on a fresh copy of it (removed after), so
 * experiments compare the statement import and run without importing 500,000 invoices again.
 */
async function runCashOnReusedSetup(setupDir: string, sizes: CashSizes): Promise<CashResult> {
  const marker = join(setupDir, 'setup.json');
  const dataDir = join(setupDir, 'data');
  if (!existsSync(marker)) {
    log(`\n[pglite] cash application: building the set-up in ${setupDir}`);
    rmSync(dataDir, { recursive: true, force: true });
    const database = await openDatabase({ kind: 'pglite', dataDir });
    try {
      const deps: CoreDeps = coreDeps(database.db, fixedClock(`${TODAY}T12:00:00Z`));
      const { tenantId } = await createTenant(database.db, { name: 'Cash bench', baseCurrency: 'EUR' });
      await importCashSetup(deps, tenantId, cashSpeedData(sizes), (m) => log(`[pglite]${m}`));
      writeFileSync(marker, JSON.stringify({ tenantId, sizes }));
    } finally {
      await database.close();
    }
  }
  const saved = JSON.parse(readFileSync(marker, 'utf8')) as CashSetup & { sizes: CashSizes };
  if (JSON.stringify(saved.sizes) !== JSON.stringify(sizes))
    throw new Error(`${setupDir} holds the set-up of ${JSON.stringify(saved.sizes)}, not of these sizes`);
  const copy = mkdtempSync(join(os.tmpdir(), 'cashloop-bench-'));
  try {
    cpSync(dataDir, copy, { recursive: true });
    return await runCashOn('pglite', () => openDatabase({ kind: 'pglite', dataDir: copy }), sizes, saved);
  } finally {
    if (process.env.BENCH_KEEP_COPY) log(`[pglite] the database after the run is kept in ${copy}`);
    else rmSync(copy, { recursive: true, force: true });
  }
}

/** The dunning run on a fresh database: its own tenant, customers and invoices. */
async function runDunningOn(
  backend: 'pglite' | 'postgres',
  open: () => Promise<Database>,
  sizes: { customers: number; invoices: number },
): Promise<DunningSpeedResult & { backend: string; server: string; reconciled: boolean }> {
  log(`\n[${backend}] dunning: opening`);
  const database = await open();
  try {
    const deps: CoreDeps = coreDeps(database.db, fixedClock(`${DUNNING_AS_OF}T12:00:00Z`));
    const server =
      String((await database.executeSql('select version() as v')).rows[0]?.v ?? '').split(' on ')[0] ?? '';
    const tenant = await createTenant(database.db, { name: 'Dunning bench', baseCurrency: 'EUR' });
    const result = await dunningSpeed(deps, database, tenant.tenantId, sizes, (m) => log(`[${backend}]${m}`));
    const reconciled = (await reconcileBooks(database.db, deps, tenant.tenantId)).balanced;
    return { ...result, backend, server, reconciled };
  } finally {
    await database.close();
  }
}

/** The migration on a fresh database: its own tenant, customers and open items. */
async function runMigrationOn(
  backend: 'pglite' | 'postgres',
  open: () => Promise<Database>,
  sizes: MigrationSizes,
): Promise<MigrationResult & { backend: string; server: string }> {
  log(`\n[${backend}] migration: opening`);
  const database = await open();
  try {
    const deps: CoreDeps = coreDeps(database.db, fixedClock(`${TODAY}T12:00:00Z`));
    const server =
      String((await database.executeSql('select version() as v')).rows[0]?.v ?? '').split(' on ')[0] ?? '';
    const tenant = await createTenant(database.db, { name: 'Migration bench', baseCurrency: 'EUR' });
    const result = await migrationSpeed(deps, database, tenant.tenantId, sizes, TODAY, (m) =>
      log(`[${backend}]${m}`),
    );
    return { ...result, backend, server };
  } finally {
    await database.close();
  }
}

type MigrationRun = Awaited<ReturnType<typeof runMigrationOn>>;

function printMigration(results: MigrationRun[]) {
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  for (const m of results) {
    console.log(`
migration from another AR system, ${m.backend} (${m.server})`);
    console.log(
      `  ${f(m.customers)} customers (${f(m.idnCustomers)} with international e-mail addresses) in ${m.customerImportSeconds.toFixed(1)} s; ${f(m.invoices)} open items numbered INV-… in ${m.invoiceImportSeconds.toFixed(1)} s (${f(m.invoicesPerSecond)}/s)`,
    );
    console.log(
      `  highest imported ${m.highestImported}, next invoice ${m.nextNumber} (continues the series: ${m.numberContinues}); aging = imported open amounts: ${m.agingMatches}; ledger reconciled: ${m.reconciled}`,
    );
  }
}

/** The documents benchmark on a fresh database: its own tenant, customers and invoices. */
async function runDocumentsOn(
  backend: 'pglite' | 'postgres',
  open: () => Promise<Database>,
  count: number,
): Promise<DocumentsBenchResult & { backend: string; server: string }> {
  log(`\n[${backend}] documents: opening`);
  const database = await open();
  try {
    const deps: CoreDeps = coreDeps(database.db, fixedClock(`${TODAY}T12:00:00Z`));
    const server =
      String((await database.executeSql('select version() as v')).rows[0]?.v ?? '').split(' on ')[0] ?? '';
    const tenant = await createTenant(database.db, { name: 'Documents bench', baseCurrency: 'EUR' });
    const result = await documentsBenchmark(deps, database, tenant.tenantId, count, (m) =>
      log(`[${backend}]${m}`),
    );
    return { ...result, backend, server };
  } finally {
    await database.close();
  }
}

async function runOn(
  backend: 'pglite' | 'postgres',
  open: () => Promise<Database>,
  sizes: { invoices: number; issue: number },
): Promise<BackendResult> {
  log(`\n[${backend}] opening`);
  const database = await open();
  try {
    const deps: CoreDeps = coreDeps(database.db, fixedClock(`${TODAY}T12:00:00Z`));
    const server =
      String((await database.executeSql('select version() as v')).rows[0]?.v ?? '').split(' on ')[0] ?? '';
    const tenant = await createTenant(database.db, { name: 'Bench', baseCurrency: 'EUR' });
    await importCustomersCsv(deps, tenant.tenantId, customersCsv());
    const ids = new Map(
      (
        await database.executeSql('select external_id, customer_id from customers where tenant_id = $1', [
          tenant.tenantId,
        ])
      ).rows.map((r) => [String(r.external_id), String(r.customer_id)]),
    );

    const csv = openItemsCsv(openItems(sizes.invoices, TODAY));
    log(`[${backend}] importing ${sizes.invoices} open invoices`);
    let start = process.hrtime.bigint();
    const imported = await importInvoicesCsv(deps, tenant.tenantId, csv);
    const importSeconds = seconds(start);
    if (imported.imported !== sizes.invoices) throw new Error(`imported ${imported.imported}`);

    log(`[${backend}] raw COPY of the same rows`);
    const copy = await rawCopy(database, tenant.tenantId, csv, ids);

    log(`[${backend}] aging report`);
    await database.executeSql('vacuum analyze');
    const agingRuns: number[] = [];
    let agingTotals = '';
    for (let i = 0; i < 7; i += 1) {
      start = process.hrtime.bigint();
      const reports = await agingReport(database.db, tenant.tenantId, {
        asOf: TODAY,
        basis: 'due_date',
        today: TODAY,
      });
      agingRuns.push(seconds(start) * 1000);
      agingTotals = reports.map((r) => `${r.currency} ${r.customers.length} customers`).join(', ');
    }
    const timed = agingRuns.slice(1);

    log(`[${backend}] issuing ${sizes.issue} invoices with 3 lines in batches of ${ISSUE_BATCH}`);
    const issuePerSecond = await issueInBatches(deps, tenant.tenantId, sizes.issue, ISSUE_BATCH);
    const single = Math.min(sizes.issue, SINGLE_ISSUES);
    log(`[${backend}] issuing ${single} invoices one transaction each`);
    const issueSinglePerSecond = await issueOneByOne(deps, tenant.tenantId, single, 1, 1);
    let issueConcurrentPerSecond: number | null = null;
    if (backend === 'postgres') {
      log(`[${backend}] issuing ${single} invoices one transaction each from 8 concurrent callers`);
      issueConcurrentPerSecond = await issueOneByOne(deps, tenant.tenantId, single, 8, 2);
    }
    const reconciled = (await reconcileBooks(database.db, deps, tenant.tenantId)).balanced;
    return {
      backend,
      server,
      importInvoices: sizes.invoices,
      importSeconds,
      importPerSecond: sizes.invoices / importSeconds,
      copyPerSecond: copy.perSecond,
      copySeconds: copy.elapsed,
      agingMs: {
        median: median(timed),
        min: Math.min(...timed),
        max: Math.max(...timed),
        runs: timed.length,
      },
      agingTotals,
      issueInvoices: sizes.issue,
      issuePerSecond,
      issueSingle: single,
      issueSinglePerSecond,
      issueConcurrentPerSecond,
      checks: { reconciled },
    };
  } finally {
    await database.close();
  }
}

async function withPostgresDatabase<T>(serverUrl: string, fn: (url: string) => Promise<T>): Promise<T> {
  const name = `cashloop_bench_${process.pid}_${Date.now()}`;
  const admin = new pg.Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  try {
    const url = new URL(serverUrl);
    url.pathname = `/${name}`;
    return await fn(url.toString());
  } finally {
    await admin.query(`drop database if exists ${name} with (force)`);
    await admin.end();
  }
}

function machine() {
  const cpus = os.cpus();
  return {
    cpu: `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}`,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
}

type Backend = 'pglite' | 'postgres';

/** Open a fresh database named `name` for `run` (a PGlite data directory, or a new PostgreSQL database). */
type FreshDatabase = <T>(name: string, run: (open: () => Promise<Database>) => Promise<T>) => Promise<T>;

type CashResult = CashSpeedResult & {
  backend: string;
  server: string;
  reconciled: boolean;
  /** 1-minute load average before and after (the machine may be shared). */
  loadBefore: number;
  loadAfter: number;
  /** CPU of this process from the set-up to the end of the run (PGlite works in-process). */
  cpuSeconds: number;
  /** Peak resident memory of this process so far (process.resourceUsage().maxRSS), MiB. */
  peakRssMib: number;
};
type DunningResult = Awaited<ReturnType<typeof runDunningOn>>;

function printDunning(results: DunningResult[]) {
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  for (const d of results) {
    console.log(`\ndunning run, ${d.backend} (${d.server})`);
    console.log(
      `  set-up: ${f(d.customers)} customers + ${f(d.invoices)} open invoices imported, history seeded, in ${d.setupSeconds.toFixed(1)} s`,
    );
    console.log(
      `  recorded run: ${d.runSeconds.toFixed(1)} s (target ≤ 30 s) for ${f(d.letters)} letters (${f(d.messages)} emails queued in the outbox), ${f(d.notices)} invoice notices, ${f(d.withInterest)} interest charges, ${f(d.chargeDocuments)} fee/interest open items with journal entries`,
    );
    console.log(
      `  CPU of this process in the run: ${d.runCpuSeconds.toFixed(1)} s${d.backend === 'pglite' ? ' (PGlite runs in-process: all of the work)' : ' (the server works in its own processes)'}; 1-minute load average ${d.loadBefore.toFixed(1)} → ${d.loadAfter.toFixed(1)} on ${os.cpus().length} cores`,
    );
    console.log(
      `  dry run (load, plan, price): ${d.dryRunSeconds.toFixed(1)} s; second run on the same day: ${d.secondRunSeconds.toFixed(1)} s, ${d.secondRunLetters} letters; ledger reconciled: ${d.reconciled}`,
    );
  }
}

type DocumentsResult = Awaited<ReturnType<typeof runDocumentsOn>>;

function printDocuments(results: DocumentsResult[]) {
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  for (const d of results) {
    console.log(`\ninvoice PDFs, ${d.backend} (${d.server})`);
    console.log(
      `  ${f(d.invoices)} invoices (${f(d.lines)} lines, ${f(d.customers)} customers) issued at ${f(d.issuePerSecond)}/s; average PDF ${f(d.averageBytes / 1024)} KiB`,
    );
    console.log(
      `  rendering alone                 : ${f(d.renderOnlyPerSecond)} PDFs/s (${f(d.renderOnlyPerCpuSecond)} per CPU-second)`,
    );
    console.log(
      `  first request (load+render+store): ${f(d.firstRequestPerSecond)} PDFs/s (${f(d.firstRequestPerCpuSecond)} per CPU-second; ${d.firstRequestSeconds.toFixed(1)} s; target ≥ 50/s)`,
    );
    console.log(
      `  later requests (stored bytes)   : ${f(d.storedPerSecond)}/s; same SHA-256 on re-fetch: ${d.identicalOnRefetch}`,
    );
    console.log(
      `  statements                      : ${f(d.statementsPerSecond)}/s (${f(d.statements)} customers)`,
    );
  }
}

function printCash(accuracy: Evaluation[], cash: CashResult[]) {
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  for (const a of accuracy) console.log(`\ncash application accuracy — ${formatEvaluation(a)}`);
  cash.forEach((c, i) => {
    const what = c.data === 'lookalike' ? 'look-alike customers (issue 9)' : 'tidy customers';
    console.log(`\ncash application speed, ${what}, ${c.backend} (${c.server})`);
    console.log(
      `  set-up: ${f(c.customers)} customers + ${f(c.invoices)} open invoices imported in ${c.setupSeconds.toFixed(1)} s`,
    );
    console.log(
      `  statement import of ${f(c.entries)} entries: ${c.statementImportSeconds.toFixed(1)} s; cash application run: ${c.runSeconds.toFixed(1)} s; end to end ${c.totalSeconds.toFixed(1)} s (target ≤ ${c.backend === 'postgres' ? 45 : 60} s)`,
    );
    console.log(
      `  ${c.summary.applied} applied, ${c.summary.suggested} suggested, ${c.summary.unmatched} unmatched, ${c.summary.ignored} ignored; ledger reconciled: ${c.reconciled}`,
    );
    console.log(`  where the time went, CPU s / wall s of this process: ${phaseLine(c.phases)}`);
    console.log(
      `  CPU of this process ${c.cpuSeconds.toFixed(1)} s (set-up included); 1-minute load average ${c.loadBefore.toFixed(1)} → ${c.loadAfter.toFixed(1)} on ${os.cpus().length} cores; peak RSS ${f(c.peakRssMib)} MiB${i > 0 ? ' (of the process: includes the runs before it; run one --backend for its own)' : ''}`,
    );
  });
}

/**
 * The run's phases as CPU / wall seconds: `booking` is what the run spent beside reading its
 * context and deciding (on PGlite the bookings' SQL runs in this process; on PostgreSQL it runs
 * in the server's, while the next lines are decided).
 */
function phaseLine(phases: readonly PhaseTime[]): string {
  const of = (name: string) => phases.find((p) => p.phase === name) ?? { cpuSeconds: 0, wallSeconds: 0 };
  const [run, context, decide] = [of('run'), of('context'), of('decide')];
  const booking = {
    cpuSeconds: run.cpuSeconds - context.cpuSeconds - decide.cpuSeconds,
    wallSeconds: run.wallSeconds - context.wallSeconds - decide.wallSeconds,
  };
  const rows: [string, { cpuSeconds: number; wallSeconds: number }][] = [
    ['statement import', of('statement import')],
    ['context', context],
    ['decide', decide],
    ['booking', booking],
    ['statistics', of('statistics')],
  ];
  return rows
    .map(([name, t]) => `${name} ${t.cpuSeconds.toFixed(1)} / ${t.wallSeconds.toFixed(1)}`)
    .join(' · ');
}

function printResults(results: BackendResult[], info: ReturnType<typeof machine>) {
  const f = (n: number) => Math.round(n).toLocaleString('en-US');
  console.log(`\ncashloop benchmarks — ${new Date().toISOString()}`);
  console.log(`machine: ${info.cpu}, ${info.memory}, ${info.os}, Node ${info.node}`);
  for (const r of results) {
    console.log(`\n${r.backend} (${r.server})`);
    console.log(
      `  import ${f(r.importInvoices)} open invoices : ${f(r.importPerSecond)} invoices/s (${r.importSeconds.toFixed(2)} s; target ≥ 20,000/s)`,
    );
    console.log(
      `  raw COPY of the same rows       : ${f(r.copyPerSecond)} rows/s (${r.copySeconds.toFixed(2)} s) — import is ${((r.importPerSecond / r.copyPerSecond) * 100).toFixed(0)}% of COPY`,
    );
    console.log(
      `  aging over ${f(r.importInvoices)} open invoices: median ${r.agingMs.median.toFixed(0)} ms (min ${r.agingMs.min.toFixed(0)}, max ${r.agingMs.max.toFixed(0)}, ${r.agingMs.runs} runs; target ≤ 300 ms) — ${r.agingTotals}`,
    );
    console.log(
      `  issue ${f(r.issueInvoices)} invoices × 3 lines   : ${f(r.issuePerSecond)} invoices/s with journal entries, createInvoices in batches of ${f(ISSUE_BATCH)} (target ≥ 1,000/s)`,
    );
    console.log(
      `  issue one per transaction       : ${f(r.issueSinglePerSecond)} invoices/s sequential (${f(r.issueSingle)} createInvoice calls)${r.issueConcurrentPerSecond ? `, ${f(r.issueConcurrentPerSecond)} invoices/s from 8 concurrent callers` : ''}`,
    );
    console.log(`  ledger reconciled afterwards    : ${r.checks.reconciled}`);
  }
}

/** `--help`: this file's opening comment, which lists the benchmarks and their options. */
function usageText(): string {
  const source = readFileSync(new URL(import.meta.url), 'utf8');
  const comment = source.slice(source.indexOf('/**') + 3, source.indexOf('*/'));
  return `${comment
    .split('\n')
    .map((line) => line.replace(/^ \* ?/, ''))
    .join('\n')
    .trim()}\n`;
}

async function main() {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'all' },
      only: { type: 'string', default: 'all' },
      invoices: { type: 'string', default: '100000' },
      issue: { type: 'string', default: '10000' },
      'cash-invoices': { type: 'string', default: '500000' },
      'cash-entries': { type: 'string', default: '50000' },
      'cash-customers': { type: 'string' },
      lookalike: { type: 'boolean', default: false },
      'reuse-setup': { type: 'string' },
      documents: { type: 'string', default: '1000' },
      'dunning-invoices': { type: 'string', default: '100000' },
      'dunning-customers': { type: 'string', default: '10000' },
      'migration-customers': { type: 'string', default: '20000' },
      'migration-invoices': { type: 'string', default: '500000' },
      large: { type: 'boolean', default: false },
      'accuracy-large': { type: 'boolean', default: false },
      help: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    process.stdout.write(usageText());
    return;
  }
  const only = values.only;
  if (
    !['all', 'imports', 'migration', 'cash', 'accuracy', 'documents', 'dunning', 'prediction'].includes(only)
  )
    throw new Error(
      `--only must be imports, migration, cash, accuracy, documents, dunning, prediction or all (got ${only})`,
    );
  const migrationSizes: MigrationSizes = {
    customers: Number(values['migration-customers']),
    invoices: Number(values['migration-invoices']),
  };
  const withMigration = only === 'all' || only === 'imports' || only === 'migration';
  const migration: MigrationRun[] = [];
  const dunningSizes = {
    customers: Number(values['dunning-customers']),
    invoices: Number(values['dunning-invoices']),
  };
  const withDunning = only === 'all' || only === 'dunning';
  const dunning: DunningResult[] = [];
  const sizes = { invoices: Number(values.invoices), issue: Number(values.issue) };
  const cashSizes: CashSizes = {
    customers: Number(values['cash-customers'] ?? (values.lookalike ? 20_000 : 5_000)),
    invoices: Number(values['cash-invoices']),
    entries: Number(values['cash-entries']),
    lookalike: values.lookalike,
  };
  const backends = values.backend === 'all' ? ['pglite', 'postgres'] : [values.backend];
  const results: BackendResult[] = [];
  const cash: CashResult[] = [];
  const docs: DocumentsResult[] = [];
  const documentCount = Number(values.documents);
  const withAccuracy = only === 'all' || only === 'cash' || only === 'accuracy';
  const accuracy = withAccuracy ? runAccuracy() : [];
  const large = withAccuracy && (values.large || values['accuracy-large']) ? runLargeAccuracy() : null;
  const withImports = only === 'all' || only === 'imports';
  const withCash = only === 'all' || only === 'cash';
  const withDocuments = only === 'all' || only === 'documents';
  const withPrediction = only === 'all' || only === 'prediction';
  const prediction = withPrediction ? runIbmPrediction() : undefined;
  const generatedPrediction = withPrediction ? runGeneratedPrediction() : undefined;
  const reuseSetup = values['reuse-setup'];
  /** Each selected benchmark on its own fresh database of `backend`. */
  const runSelected = async (backend: Backend, fresh: FreshDatabase) => {
    if (withImports) results.push(await fresh('data', (open) => runOn(backend, open, sizes)));
    if (withMigration)
      migration.push(await fresh('migration', (open) => runMigrationOn(backend, open, migrationSizes)));
    if (withCash && reuseSetup && backend === 'pglite')
      cash.push(await runCashOnReusedSetup(reuseSetup, cashSizes));
    else if (withCash) cash.push(await fresh('cash', (open) => runCashOn(backend, open, cashSizes)));
    if (withDocuments)
      docs.push(await fresh('documents', (open) => runDocumentsOn(backend, open, documentCount)));
    if (withDunning)
      dunning.push(await fresh('dunning', (open) => runDunningOn(backend, open, dunningSizes)));
  };
  if (backends.includes('pglite')) {
    const dir = mkdtempSync(join(os.tmpdir(), 'cashloop-bench-'));
    try {
      await runSelected('pglite', (name, run) =>
        run(() => openDatabase({ kind: 'pglite', dataDir: join(dir, name) })),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  if (
    backends.includes('postgres') &&
    (withImports || withMigration || withCash || withDocuments || withDunning)
  ) {
    const serverUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
    try {
      await runSelected('postgres', (_name, run) =>
        withPostgresDatabase(serverUrl, (url) =>
          run(() => openDatabase({ kind: 'postgres', url, poolSize: 10 })),
        ),
      );
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ECONNREFUSED') throw error;
      log(`PostgreSQL at ${serverUrl} is not reachable: skipped (set BENCH_DATABASE_URL)`);
    }
  }
  const info = machine();
  printResults(results, info);
  console.log(
    `load average now: ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')} (1, 5, 15 minutes)`,
  );
  printMigration(migration);
  printCash(accuracy, cash);
  if (large) console.log(`\ncash application accuracy — ${formatLargeRun(large)}`);
  printDocuments(docs);
  printDunning(dunning);
  if (prediction !== undefined) printPrediction(prediction);
  if (generatedPrediction !== undefined) printGenerated(generatedPrediction);
  mkdirSync(new URL('./out', import.meta.url), { recursive: true });
  const json = JSON.stringify(
    {
      machine: info,
      results,
      cashApplication: {
        accuracy: accuracy.map(({ errors: _e, ...rest }) => rest),
        ...(large
          ? { large: { ...large, evaluations: large.evaluations.map(({ errors: _e, ...rest }) => rest) } }
          : {}),
        speed: cash,
      },
      documents: docs,
      dunning,
      migration,
      prediction,
      generatedPrediction,
    },
    (_k, v) => (typeof v === 'bigint' ? String(v) : v),
    2,
  );
  writeFileSync(
    new URL(`./out/${only === 'all' ? 'results' : `results-${only}`}.json`, import.meta.url),
    json,
  );
}

await main();
