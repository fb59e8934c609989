/**
 * The work the crash test kills (bench/crash/run.ts): what each prepares, the command its process
 * runs, and what it must have left after a kill ('killed') and after it was run again ('finished').
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../../src/db/client.ts';
import { importBankStatement } from '../../src/modules/bank/index.ts';
import type { CoreDeps } from '../../src/modules/core-deps.ts';
import { coreDeps } from '../../src/modules/core-deps.ts';
import { runDunning } from '../../src/modules/dunning/run.service.ts';
import { importCustomersCsv } from '../../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../../src/modules/imports/invoices-import.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { cashSpeedData } from '../cash-application/speed.ts';
import { DUNNING_AS_OF, setupDunningData } from '../dunning.ts';
import { CRASH_ORDER_CUSTOMERS, crashCustomerId, crashCustomersCsv } from './orders.ts';

export interface CrashScenario {
  readonly name: 'import' | 'cash' | 'dunning' | 'billing';
  readonly describe: string;
  prepare(deps: CoreDeps, database: Database, tenantId: string): Promise<void>;
  /** The process's arguments after `node --import tsx`. */
  command(repo: string): string[];
  tenantOf(database: Database): Promise<string>;
  /** What is wrong beyond the invariants, after a kill or after the run again. */
  check(database: Database, tenantId: string, stage: 'killed' | 'finished'): Promise<string[]>;
  /** Whether the run again ended as it may (0, or a refusal that proves the work was done). */
  acceptsExit(code: number | null, output: string): boolean;
}

/** How much work each scenario does: the script's default, or the test suite's short version. */
export interface CrashSizes {
  readonly importInvoices: number;
  readonly cash: { customers: number; invoices: number; entries: number };
  readonly dunning: { customers: number; invoices: number };
  readonly billing: { orders: number; batch: number };
}

export const CRASH_SIZES: CrashSizes = {
  importInvoices: 30_000,
  cash: { customers: 2_000, invoices: 30_000, entries: 4_000 },
  dunning: { customers: 1_000, invoices: 10_000 },
  billing: { orders: 6_000, batch: 500 },
};

const SCRATCH = join(os.tmpdir(), `cashloop-crash-files-${process.pid}`);

async function oldestTenant(database: Database): Promise<string> {
  const rows = await queryRows<{ tenant_id: string }>(
    database.db,
    sql`select tenant_id from tenants order by created_at limit 1`,
  );
  const id = rows[0]?.tenant_id;
  if (!id) throw new Error('no tenant');
  return id;
}

async function count(database: Database, query: ReturnType<typeof sql>): Promise<number> {
  return (await queryRows<{ n: number }>(database.db, query))[0]?.n ?? 0;
}

/** An import of open items from another system: one transaction, so all of it or none. */
const importScenario = ({ importInvoices: IMPORT_INVOICES }: CrashSizes): CrashScenario => ({
  name: 'import',
  describe: `cashloop import invoices (${IMPORT_INVOICES.toLocaleString('en')} open items, ${CRASH_ORDER_CUSTOMERS} customers)`,
  async prepare(deps, _database, tenantId) {
    await importCustomersCsv(deps, tenantId, crashCustomersCsv());
    const rows = ['number,customer_external_id,issue_date,due_date,currency,total,open_amount,po_number'];
    for (let i = 1; i <= IMPORT_INVOICES; i++)
      rows.push(
        `AR-${String(i).padStart(7, '0')},${crashCustomerId(i % CRASH_ORDER_CUSTOMERS)},2026-10-01,2026-10-31,EUR,${100 + (i % 900)}.${String(i % 100).padStart(2, '0')},${i % 5 === 0 ? `${50 + (i % 40)}.00` : ''},PO-${i}`,
      );
    writeFileSync(`${SCRATCH}-import.csv`, `${rows.join('\n')}\n`);
  },
  command: (repo) => [join(repo, 'src/cli/bin.ts'), 'import', 'invoices', `${SCRATCH}-import.csv`],
  tenantOf: oldestTenant,
  async check(database, tenantId, stage) {
    const n = await count(
      database,
      sql`select count(*)::int as n from invoices where tenant_id = ${tenantId}`,
    );
    if (stage === 'killed' && n !== 0 && n !== IMPORT_INVOICES)
      return [`a killed import left ${n} invoices (all or none)`];
    if (stage === 'finished' && n !== IMPORT_INVOICES) return [`${n} invoices after the import ran again`];
    return [];
  },
  // Run again after an import that had committed: refused, every number exists — the work was done.
  acceptsExit: (code, output) => code === 0 || /already exists/.test(output),
});

/** A cash application run over a statement imported beforehand: batches commit as they go. */
const cashScenario = ({ cash }: CrashSizes): CrashScenario => ({
  name: 'cash',
  describe: `cashloop cash-apply (${cash.entries.toLocaleString('en')} lines, ${cash.customers.toLocaleString('en')} look-alike customers, ${cash.invoices.toLocaleString('en')} open invoices)`,
  async prepare(deps, _database, tenantId) {
    const data = cashSpeedData({ ...cash, lookalike: true });
    await importCustomersCsv(deps, tenantId, data.customerCsv);
    await importInvoicesCsv(deps, tenantId, data.invoiceCsv);
    await importBankStatement(deps, tenantId, data.statement);
  },
  command: (repo) => [join(repo, 'src/cli/bin.ts'), 'cash-apply'],
  tenantOf: oldestTenant,
  async check(database, tenantId, stage) {
    const problems: string[] = [];
    // Applied lines without their receipt, and receipts of two lines: the invariants check those.
    const orphans = await count(
      database,
      sql`select count(*)::int as n from receipts r where r.tenant_id = ${tenantId}
          and not exists (select 1 from bank_transactions t where t.tenant_id = r.tenant_id and t.receipt_id = r.receipt_id)`,
    );
    if (orphans > 0) problems.push(`${orphans} receipts of no bank line (booked, verdict lost)`);
    if (stage === 'finished') {
      const left = await count(
        database,
        sql`select count(*)::int as n from bank_transactions where tenant_id = ${tenantId} and status = 'new'`,
      );
      if (left > 0) problems.push(`${left} lines still undecided after the run again`);
    }
    return problems;
  },
  acceptsExit: (code) => code === 0,
});

/** A dunning run: letters, fees and interest recorded in one transaction, then e-mailed. */
const dunningScenario = ({ dunning }: CrashSizes): CrashScenario => ({
  name: 'dunning',
  describe: `cashloop dunning run --as-of ${DUNNING_AS_OF} (${dunning.customers.toLocaleString('en')} customers, ${dunning.invoices.toLocaleString('en')} open invoices)`,
  async prepare(deps, database, tenantId) {
    await setupDunningData(deps, database, tenantId, dunning);
  },
  command: (repo) => [join(repo, 'src/cli/bin.ts'), 'dunning', 'run', '--as-of', DUNNING_AS_OF],
  tenantOf: oldestTenant,
  async check(database, tenantId, stage) {
    const problems: string[] = [];
    const twice = await count(
      database,
      sql`select count(*)::int as n from (select dunning_letter_id from outbox_messages
          where tenant_id = ${tenantId} and dunning_letter_id is not null
          group by dunning_letter_id having count(*) > 1) d`,
    );
    if (twice > 0) problems.push(`${twice} letters e-mailed more than once`);
    if (stage === 'finished') {
      const deps = coreDeps(database.db, fixedClock(`${DUNNING_AS_OF}T18:00:00Z`));
      const left = await runDunning(deps, tenantId, { asOf: DUNNING_AS_OF, dryRun: true });
      if (left.summary.letters > 0)
        problems.push(`${left.summary.letters} letters still due after the run again`);
      const unsent = await count(
        database,
        sql`select count(*)::int as n from dunning_letters l where l.tenant_id = ${tenantId} and l.channel = 'email'
            and not exists (select 1 from outbox_messages m where m.tenant_id = l.tenant_id and m.dunning_letter_id = l.letter_id)`,
      );
      if (unsent > 0) problems.push(`${unsent} e-mail letters without their message`);
    }
    return problems;
  },
  acceptsExit: (code) => code === 0,
});

/** A billing run of orders in batches of 500 (bench/crash/billing-run.ts), resumed by order number. */
const billingScenario = ({ billing }: CrashSizes): CrashScenario => ({
  name: 'billing',
  describe: `billing run of ${billing.orders.toLocaleString('en')} orders in batches of ${billing.batch} (createInvoices)`,
  async prepare(deps, _database, tenantId) {
    await importCustomersCsv(deps, tenantId, crashCustomersCsv());
  },
  command: (repo) => [
    join(repo, 'bench/crash/billing-run.ts'),
    String(billing.orders),
    String(billing.batch),
  ],
  tenantOf: oldestTenant,
  async check(database, tenantId, stage) {
    const problems: string[] = [];
    const twice = await count(
      database,
      sql`select count(*)::int as n from (select po_number from invoices where tenant_id = ${tenantId}
          group by po_number having count(*) > 1) d`,
    );
    if (twice > 0) problems.push(`${twice} orders invoiced twice`);
    const n = await count(
      database,
      sql`select count(*)::int as n from invoices where tenant_id = ${tenantId}`,
    );
    if (stage === 'killed' && n % billing.batch !== 0)
      problems.push(`${n} invoices: a batch of ${billing.batch} half-written`);
    if (stage === 'finished' && n !== billing.orders) problems.push(`${n} invoices after the run again`);
    return problems;
  },
  acceptsExit: (code) => code === 0,
});

/** Every scenario, doing `sizes` of work. */
export function crashScenarios(sizes: CrashSizes = CRASH_SIZES): CrashScenario[] {
  return [importScenario(sizes), cashScenario(sizes), dunningScenario(sizes), billingScenario(sizes)];
}
