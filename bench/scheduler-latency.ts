/**
 * `npx tsx bench/scheduler-latency.ts`: what the scheduler costs the API on PGlite, where both
 * share the one connection. A data directory on disk with 1,000 customers and 20,000 open
 * invoices; the API listening on a port, as under `npm start`; `--clients` HTTP clients sending
 * `GET /v1/invoices?limit=20` (authenticated) one after another, each request timed.
 *
 * Scenarios, in `--rounds` interleaved rounds of `--seconds` each (so that the load of a shared
 * machine drifts over all of them alike):
 * - no scheduler;
 * - the scheduler with every registry job wired (the ones not wired yet to a handler doing one
 *   query): 14 queues polled (7 jobs, 7 ticks), at idle polling intervals of 0.5 s, 2 s (pg-boss's
 *   default) and 5 s (cashloop's default on PGlite);
 * then once each: 5 s with a job queued every 100 ms (on-demand `outbox.deliver`-like load), 5 s
 * during a maintenance.statistics run after a day of writes, and 5 s during pg-boss's own
 * maintenance archiving 10,000 jobs at once.
 *
 * Prints latency percentiles per scenario and what pg-boss's statements cost: statements per
 * second and the milliseconds per second they hold the connection (docs/scheduler.md).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { sql } from 'drizzle-orm';
import PgBoss from 'pg-boss';
import type { JobsConfig } from '../src/config.ts';
import { type Database, openDatabase } from '../src/db/client.ts';
import type { DrainableExecutor } from '../src/db/sql-executor.ts';
import { buildApp } from '../src/http/app.ts';
import { startServer } from '../src/http/server.ts';
import { BOSS_SCHEMA } from '../src/jobs/boss.ts';
import type { AnyJobSpec } from '../src/jobs/job-spec.ts';
import { maintenanceStatisticsJob } from '../src/jobs/maintenance-statistics.job.ts';
import { JOBS } from '../src/jobs/registry.ts';
import { Scheduler } from '../src/jobs/scheduler.ts';
import { createApiKey } from '../src/modules/apikeys/apikeys.service.ts';
import { type CoreDeps, coreDeps } from '../src/modules/core-deps.ts';
import { importCustomersCsv } from '../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../src/modules/imports/invoices-import.ts';
import { createTenant } from '../src/modules/tenants/tenants.service.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { customersCsv, openItems, openItemsCsv } from './data.ts';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '5' },
    rounds: { type: 'string', default: '3' },
    invoices: { type: 'string', default: '20000' },
    clients: { type: 'string', default: '1' },
  },
});
const SECONDS = Number(args.seconds);
const CLIENTS = Number(args.clients);
const CONFIG: JobsConfig = {
  scheduler: true,
  timeZone: 'UTC',
  schedules: {},
  pollSeconds: null,
  concurrency: 1,
};

/** pg-boss's statements through the executor: how many, and how long they held the connection. */
interface BossCost {
  statements: number;
  busyMs: number;
}

interface Sample {
  times: number[];
  seconds: number;
  boss: BossCost;
}

function timedExecutor(inner: DrainableExecutor, cost: BossCost): DrainableExecutor {
  return {
    async executeSql(text, values) {
      const t0 = performance.now();
      try {
        return await inner.executeSql(text, values);
      } finally {
        cost.statements += 1;
        cost.busyMs += performance.now() - t0;
      }
    },
    drain: () => inner.drain(),
  };
}

/**
 * Requests over HTTP (as under `npm start`, requests arrive through the event loop, so the
 * scheduler's timers run between them; `inject()` in a tight loop would starve them).
 */
async function requests(base: string, key: string, seconds: number): Promise<number[]> {
  const times: number[] = [];
  const end = Date.now() + seconds * 1000;
  const client = async () => {
    while (Date.now() < end) {
      const t0 = performance.now();
      const res = await fetch(`${base}/v1/invoices?limit=20`, {
        headers: { authorization: `Bearer ${key}` },
      });
      await res.arrayBuffer();
      times.push(performance.now() - t0);
      if (res.status !== 200) throw new Error(`status ${res.status}`);
    }
  };
  await Promise.all(Array.from({ length: CLIENTS }, client));
  return times;
}

/** Every registry job wired: the ones not wired yet to a handler doing one small query. */
function wiredRegistry(): AnyJobSpec[] {
  return JOBS.map((spec) => ({
    ...spec,
    run:
      spec.run ??
      (async (ctx) => {
        await ctx.deps.db.execute(sql`select 1`);
        return { ok: true };
      }),
  }));
}

interface Bench {
  readonly database: Database;
  readonly deps: CoreDeps;
  readonly base: string;
  readonly key: string;
  readonly tenantId: string;
}

/** One sample: requests for `seconds` with a scheduler polling every `pollSeconds` (null: none). */
async function sample(
  bench: Bench,
  pollSeconds: number | null,
  during: (scheduler: Scheduler) => Promise<void> = async () => undefined,
): Promise<Sample> {
  const boss: BossCost = { statements: 0, busyMs: 0 };
  if (pollSeconds === null)
    return { times: await requests(bench.base, bench.key, SECONDS), seconds: SECONDS, boss };
  const database = { ...bench.database, jobsExecutor: timedExecutor(bench.database.jobsExecutor, boss) };
  const scheduler = await Scheduler.start({
    database,
    deps: bench.deps,
    config: CONFIG,
    specs: wiredRegistry(),
    work: 'all',
    schedule: true,
    pollSeconds,
  });
  try {
    await new Promise((resolve) => setTimeout(resolve, 500)); // the start-up statements are not counted
    Object.assign(boss, { statements: 0, busyMs: 0 });
    const [times] = await Promise.all([requests(bench.base, bench.key, SECONDS), during(scheduler)]);
    return { times, seconds: SECONDS, boss };
  } finally {
    await scheduler.stop();
  }
}

function summarise(scenario: string, samples: readonly Sample[]) {
  const times = samples.flatMap((s) => s.times).sort((a, b) => a - b);
  const seconds = samples.reduce((n, s) => n + s.seconds, 0);
  const at = (p: number) =>
    Math.round((times[Math.min(times.length - 1, Math.floor(times.length * p))] ?? 0) * 10) / 10;
  const statements = samples.reduce((n, s) => n + s.boss.statements, 0);
  const busyMs = samples.reduce((n, s) => n + s.boss.busyMs, 0);
  return {
    scenario,
    'req/s': Math.round(times.length / seconds),
    p50: at(0.5),
    p90: at(0.9),
    p99: at(0.99),
    max: at(1),
    'pg-boss stmt/s': Math.round((statements / seconds) * 10) / 10,
    'pg-boss ms/s': Math.round((busyMs / seconds) * 10) / 10,
  };
}

async function seed(deps: CoreDeps): Promise<{ tenantId: string; key: string }> {
  const tenant = await createTenant(deps.db, { name: 'Latency bench', baseCurrency: 'EUR' });
  await importCustomersCsv(deps, tenant.tenantId, customersCsv());
  await importInvoicesCsv(
    deps,
    tenant.tenantId,
    openItemsCsv(openItems(Number(args.invoices), '2026-06-30')),
  );
  const { key } = await createApiKey(deps.db, tenant.tenantId, 'viewer', 'bench');
  return { tenantId: tenant.tenantId, key };
}

async function queueEvery100ms(bench: Bench, scheduler: Scheduler): Promise<void> {
  const end = Date.now() + SECONDS * 1000;
  while (Date.now() < end) {
    await scheduler.enqueue(bench.database.db, 'outbox.deliver', { tenantId: bench.tenantId });
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

async function nightlyMaintenance(bench: Bench, scheduler: Scheduler): Promise<void> {
  const t0 = performance.now();
  const { id } = await scheduler.trigger(bench.database.db, maintenanceStatisticsJob.name, {
    tenantId: null,
    date: '2026-06-30',
  });
  const run = await scheduler.waitFor(maintenanceStatisticsJob.name, id, 60_000);
  const tables = (run?.output as { tables?: { table: string }[] } | undefined)?.tables ?? [];
  process.stderr.write(
    `maintenance.statistics: ${run?.state} in ${Math.round(performance.now() - t0)} ms; vacuumed ${tables.map((t) => t.table).join(', ')}\n`,
  );
}

/**
 * 10,000 completed jobs due for pg-boss's archive at once (what a day of `outbox.deliver` runs of
 * seven tenants leaves when it crosses 36 hours), in a queue without a queue key (a tick queue),
 * so that all are kept.
 */
async function jobsDueForArchive(bench: Bench): Promise<PgBoss> {
  const boss = new PgBoss({ db: bench.database.jobsExecutor as PgBoss.Db, schema: BOSS_SCHEMA });
  const jobs = Array.from({ length: 10_000 }, () => ({ name: 'documents.render:tick', data: {} }));
  for (let i = 0; i < jobs.length; i += 1000) await boss.insert(jobs.slice(i, i + 1000));
  await bench.database.executeSql(
    `update ${BOSS_SCHEMA}.job set state = 'completed', completed_on = now() - interval '40 hours'
      where name = 'documents.render:tick' and state = 'created'`,
  );
  return boss;
}

/** pg-boss's own maintenance pass (every 2 minutes: expire, archive, delete). */
async function bossMaintenance(bench: Bench, boss: PgBoss): Promise<void> {
  const t0 = performance.now();
  await boss.maintain();
  const [row] = (await bench.database.executeSql(`select count(*)::int as n from ${BOSS_SCHEMA}.archive`))
    .rows;
  process.stderr.write(
    `pg-boss maintenance: ${row?.n} jobs archived in ${Math.round(performance.now() - t0)} ms\n`,
  );
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'cashloop-sched-bench-'));
  const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'data') });
  const deps: CoreDeps = coreDeps(database.db, fixedClock('2026-06-30T08:00:00Z'));
  const polls = [null, 0.5, 2, 5] as const;
  const samples = new Map<number | null, Sample[]>(polls.map((p) => [p, []]));
  const rows = [];
  try {
    process.stderr.write('seeding…\n');
    const { tenantId, key } = await seed(deps);
    const app = await buildApp(deps);
    const bench: Bench = {
      database,
      deps,
      base: await startServer(app, { port: 0, host: '127.0.0.1' }),
      key,
      tenantId,
    };
    await requests(bench.base, key, 2); // warm-up
    for (let round = 0; round < Number(args.rounds); round++)
      for (const poll of polls) samples.get(poll)?.push(await sample(bench, poll));
    for (const poll of polls)
      rows.push(summarise(poll === null ? 'no scheduler' : `poll ${poll} s`, samples.get(poll) ?? []));
    rows.push(
      summarise('poll 5 s, a job queued every 100 ms', [
        await sample(bench, 5, (s) => queueEvery100ms(bench, s)),
      ]),
    );
    // A day of writes first: every invoice row updated once (what a day of payments leaves behind).
    await database.executeSql("update invoices set po_number = 'x' where number like 'OB-%'");
    rows.push(
      summarise('poll 5 s, during maintenance.statistics', [
        await sample(bench, 5, (s) => nightlyMaintenance(bench, s)),
      ]),
    );
    const boss = await jobsDueForArchive(bench);
    rows.push(
      summarise('poll 5 s, during pg-boss maintenance', [
        await sample(bench, 5, () => bossMaintenance(bench, boss)),
      ]),
    );
    await app.close();
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
  const cpu = os.cpus()[0]?.model ?? '';
  console.log(
    `\nAPI latency (ms) on PGlite beside the scheduler: ${CLIENTS} client(s), ${args.rounds} × ${SECONDS} s per polling scenario, ${os.cpus().length} cores (${cpu}), load average ${os.loadavg()[0]?.toFixed(1)}`,
  );
  console.table(rows);
}

await main();
