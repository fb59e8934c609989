/**
 * Speed of a dunning run: 10,000 customers with 100,000 open invoices (imported as CSV, 1 in 8 in
 * USD), each invoice somewhere in its dunning history (seeded as the planner's invoice states) so
 * that on the run's day every invoice past its first level's date is due at its next level — the
 * heaviest day there is: about one notice per invoice, one letter per customer and currency,
 * interest from the AR history for every invoice at an interest level, a fee/interest open item
 * (DUN series) with its journal entry for every letter that charges something.
 *
 * Timed: a dry run (load + plan + price, nothing written) and the recorded run (the same plus every
 * write, in one transaction: letters, notices, charges, and each letter's email in the outbox with
 * its statement to render at the first attempt — the seams of a real process, disputed and promised
 * invoices looked up too); then a second run on the same day (must record nothing).
 */
import os from 'node:os';
import { sql } from 'drizzle-orm';
import { type Database, queryRows } from '../src/db/client.ts';
import { dunningSeams } from '../src/modules/communication/dunning-letters.service.ts';
import type { CoreDeps } from '../src/modules/core-deps.ts';
import { createPolicy } from '../src/modules/dunning/policies.service.ts';
import { runDunning } from '../src/modules/dunning/run.service.ts';
import { importCustomersCsv } from '../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../src/modules/imports/invoices-import.ts';
import { addDays } from '../src/shared/calendar-date.ts';
import { seededRandom } from './data.ts';

export const DUNNING_AS_OF = '2026-06-30';
const OFFSETS = [-3, 7, 21, 35, 50];

export interface DunningSpeedResult {
  customers: number;
  invoices: number;
  setupSeconds: number;
  dryRunSeconds: number;
  runSeconds: number;
  /** CPU seconds of this process during the recorded run: with PGlite (in-process) the whole work. */
  runCpuSeconds: number;
  /** 1-minute load average before and after the recorded run (the machine is shared). */
  loadBefore: number;
  loadAfter: number;
  secondRunSeconds: number;
  letters: number;
  notices: number;
  chargeDocuments: number;
  /** Letters queued as email in the outbox by the recorded run. */
  messages: number;
  withInterest: number;
  secondRunLetters: number;
}

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function cents(value: number): string {
  return `${Math.floor(value / 100)}.${String(value % 100).padStart(2, '0')}`;
}

interface Seeded {
  number: string;
  customer: string;
  dueDate: string;
  currency: string;
  totalCents: number;
  /** Level the invoice received last (0: none), sent `gap` days before the run so the next is due. */
  lastLevel: number;
}

/** Invoices due between 400 days before and 3 days after the run's day, at random points of their history. */
function seedItems(count: number, customers: number): Seeded[] {
  const random = seededRandom(2026);
  return Array.from({ length: count }, (_, i) => {
    const daysPastDue = Math.floor(random() * 404) - 3;
    const reachable = OFFSETS.filter((o) => o <= daysPastDue).length;
    return {
      number: `DB-${String(i).padStart(7, '0')}`,
      customer: `D${String(Math.floor(random() * customers)).padStart(5, '0')}`,
      dueDate: addDays(DUNNING_AS_OF, -daysPastDue),
      currency: random() < 0.125 ? 'USD' : 'EUR',
      totalCents: 1_000 + Math.floor(random() * 2_000_000),
      lastLevel: reachable === 0 ? 0 : Math.floor(random() * reachable),
    };
  });
}

function customersCsv(count: number): string {
  const lines = ['external_id,name,email,country,currency,payment_terms,language'];
  const languages = ['de', 'en', 'fr'];
  for (let i = 0; i < count; i += 1)
    lines.push(
      `D${String(i).padStart(5, '0')},Dunning customer ${i},ap${i}@customer.example,DE,EUR,NET30,${languages[i % 3]}`,
    );
  return `${lines.join('\n')}\n`;
}

function invoicesCsv(items: readonly Seeded[]): string {
  const lines = ['number,customer_external_id,issue_date,due_date,currency,total,open_amount,fx_rate'];
  for (const it of items)
    lines.push(
      `${it.number},${it.customer},${addDays(it.dueDate, -30)},${it.dueDate},${it.currency},${cents(it.totalCents)},,${it.currency === 'USD' ? '0.9215' : ''}`,
    );
  return `${lines.join('\n')}\n`;
}

/** The planner's state of each invoice with history: level k−1 sent exactly one gap before the run. */
async function seedStates(database: Database, tenantId: string, items: readonly Seeded[]) {
  const rows = items
    .filter((it) => it.lastLevel > 0)
    .map((it) => {
      const last = OFFSETS[it.lastLevel - 1] ?? 0;
      const next = OFFSETS[it.lastLevel] ?? last + 1;
      // Interest charged through the previous letter's day for levels past the first interest level (+21).
      const sentOn = addDays(DUNNING_AS_OF, -(next - last));
      return `${it.number},${it.lastLevel},${last},${sentOn},${it.lastLevel >= 3 ? sentOn : ''}`;
    });
  await database.executeSql(
    'create temporary table seed_states (number text, level_no int, offset_days int, sent_on date, interest_through date)',
  );
  await database.copyCsv(
    'seed_states (number, level_no, offset_days, sent_on, interest_through)',
    `${rows.join('\n')}\n`,
  );
  await database.executeSql(
    `insert into dunning_invoice_states (tenant_id, invoice_id, level_no, offset_days, sent_on, interest_through)
     select i.tenant_id, i.invoice_id, s.level_no, s.offset_days, s.sent_on, s.interest_through
     from seed_states s join invoices i on i.tenant_id = $1 and i.number = s.number and i.kind = 'invoice'`,
    [tenantId],
  );
  await database.executeSql('drop table seed_states');
  await database.executeSql('analyze dunning_invoice_states');
}

/** Customers, open invoices, the policy and the seeded history of the benchmark; returns the seconds taken. */
export async function setupDunningData(
  deps: CoreDeps,
  database: Database,
  tenantId: string,
  sizes: { customers: number; invoices: number },
): Promise<number> {
  const start = process.hrtime.bigint();
  await importCustomersCsv(deps, tenantId, customersCsv(sizes.customers));
  const items = seedItems(sizes.invoices, sizes.customers);
  await importInvoicesCsv(deps, tenantId, invoicesCsv(items));
  await createPolicy(deps, tenantId, {
    name: 'Bench B2B',
    isDefault: true,
    interest: {
      dayCount: 'act/365',
      marginPct: '9',
      baseRates: [{ effectiveFrom: '2020-01-01', ratePct: '3.62' }],
    },
    levels: OFFSETS.map((offsetDays, i) => ({
      offsetDays,
      templateKey: `level-${i + 1}`,
      channel: 'email' as const,
      chargesInterest: i >= 2,
      ...(i >= 3 ? { fees: { EUR: i === 3 ? '5.00' : '10.00', USD: i === 3 ? '5.00' : '10.00' } } : {}),
      handsOver: i === 4,
    })),
  });
  await seedStates(database, tenantId, items);
  await database.executeSql('vacuum analyze');
  // The set-up's dirty pages are written out before the timed runs, as after a restart: without it
  // the recorded run paid for flushing the import of 100,000 invoices (PGlite: 37.8 s → 26.9 s).
  await database.executeSql('checkpoint');
  return seconds(start);
}

/** Set up the tenant's data, then time the runs. */
export async function dunningSpeed(
  deps: CoreDeps,
  database: Database,
  tenantId: string,
  sizes: { customers: number; invoices: number },
  log: (message: string) => void,
): Promise<DunningSpeedResult> {
  log(` importing ${sizes.customers} customers and ${sizes.invoices} open invoices`);
  const setupSeconds = await setupDunningData(deps, database, tenantId, sizes);
  log(' dry run');
  let start = process.hrtime.bigint();
  const seams = dunningSeams(deps);
  await runDunning(deps, tenantId, { asOf: DUNNING_AS_OF, dryRun: true }, seams);
  const dryRunSeconds = seconds(start);
  log(' recorded run');
  const loadBefore = os.loadavg()[0] ?? 0;
  const cpu = process.cpuUsage();
  start = process.hrtime.bigint();
  const run = await runDunning(deps, tenantId, { asOf: DUNNING_AS_OF }, seams);
  const runSeconds = seconds(start);
  const used = process.cpuUsage(cpu);
  const loadAfter = os.loadavg()[0] ?? 0;
  log(' second run on the same day');
  start = process.hrtime.bigint();
  const again = await runDunning(deps, tenantId, { asOf: DUNNING_AS_OF }, seams);
  const secondRunSeconds = seconds(start);
  const [docs] = await queryRows<{ n: number }>(
    deps.db,
    sql`select count(*)::int as n from invoices where tenant_id = ${tenantId} and series = 'DUN'`,
  );
  const [mail] = await queryRows<{ n: number }>(
    deps.db,
    sql`select count(*)::int as n from outbox_messages where tenant_id = ${tenantId} and kind = 'dunning'`,
  );
  return {
    customers: sizes.customers,
    invoices: sizes.invoices,
    setupSeconds,
    dryRunSeconds,
    runSeconds,
    runCpuSeconds: (used.user + used.system) / 1e6,
    loadBefore,
    loadAfter,
    secondRunSeconds,
    letters: run.summary.letters,
    notices: run.summary.invoices,
    chargeDocuments: docs?.n ?? 0,
    messages: mail?.n ?? 0,
    withInterest: run.letters.reduce((s, l) => s + l.invoices.filter((i) => i.interestMinor > 0n).length, 0),
    secondRunLetters: again.letters.length,
  };
}
