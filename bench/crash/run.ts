/**
 * `npm run crash`: the crash test of issue 11. Each kind of work — a large import, a cash
 * application run, a dunning run, a billing run — is started as its own process (the CLI, or the
 * billing run of billing-run.ts) on a copy of a prepared database and killed with SIGKILL at a
 * random moment of its run, as a power cut or the OOM killer would; then:
 *  1. after the kill: the receivables invariants (test/helpers/invariants.ts: balanced entries,
 *     open amounts equal to the journal, …), the books reconciled (AR subledger = control account,
 *     bank accounts), and what the work promises to do all or nothing (an import) is all or nothing;
 *  2. the same work is run again to its end, and the same checks plus what the finished work must
 *     have left: every order invoiced once, every bank line decided, the day's letters each once.
 * Nothing half-written, nothing doubled, and the interrupted work completes when run again.
 *
 * Options: --backend pglite|postgres|all (default all), --only import|cash|dunning|billing|all,
 * --runs N kills per work and back end (default 50), --seed S (default 11). PostgreSQL:
 * BENCH_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test); databases cl_crash_* are
 * created and dropped. Prints each kill (when, what it found) and a summary; exit code 1 when
 * any check failed.
 */
import { spawn } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { coreDeps } from '../../src/modules/core-deps.ts';
import { reconcileBooks } from '../../src/modules/reconciliation/reconciliation.service.ts';
import { createTenant } from '../../src/modules/tenants/tenants.service.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { findViolations } from '../../test/helpers/invariants.ts';
import { CRASH_SCENARIOS, type CrashScenario } from './scenarios.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NODE_FLAGS = ['--max-semi-space-size=64', '--import', 'tsx'];
const NOW = '2026-12-01T09:00:00Z';

type Backend = 'pglite' | 'postgres';

/** Where one copy of the set-up lives: the environment the work's process gets, and how to open it. */
interface Place {
  readonly env: Record<string, string>;
  open(): Promise<Database>;
}

/** The set-up of one scenario on one back end, and fresh copies of it. */
interface Store {
  readonly setup: Place;
  /** A fresh copy of the set-up (the previous copy is dropped). */
  copy(): Promise<Place>;
  dispose(): Promise<void>;
}

function pgliteStore(root: string, name: string): Store {
  const setupDir = join(root, `${name}-setup`);
  const workDir = join(root, `${name}-work`);
  const place = (dir: string): Place => ({
    env: { CASHLOOP_DATA_DIR: dir },
    open: () => openDatabase({ kind: 'pglite', dataDir: dir }),
  });
  return {
    setup: place(setupDir),
    async copy() {
      rmSync(workDir, { recursive: true, force: true });
      cpSync(setupDir, workDir, { recursive: true });
      return place(workDir);
    },
    async dispose() {
      rmSync(setupDir, { recursive: true, force: true });
      rmSync(workDir, { recursive: true, force: true });
    },
  };
}

async function postgresStore(baseUrl: string, name: string): Promise<Store> {
  const admin = await openDatabase({ kind: 'postgres', url: baseUrl, poolSize: 1 });
  const urlOf = (db: string) => {
    const url = new URL(baseUrl);
    url.pathname = `/${db}`;
    return url.toString();
  };
  const setupDb = `cl_crash_${name}_setup`;
  const workDb = `cl_crash_${name}_work`;
  const place = (db: string): Place => ({
    env: { DATABASE_URL: urlOf(db) },
    open: () => openDatabase({ kind: 'postgres', url: urlOf(db), poolSize: 4 }),
  });
  for (const db of [workDb, setupDb]) await admin.executeSql(`drop database if exists ${db} with (force)`);
  await admin.executeSql(`create database ${setupDb}`);
  return {
    setup: place(setupDb),
    async copy() {
      await admin.executeSql(`drop database if exists ${workDb} with (force)`);
      await admin.executeSql(`create database ${workDb} template ${setupDb}`);
      return place(workDb);
    },
    async dispose() {
      for (const db of [workDb, setupDb])
        await admin.executeSql(`drop database if exists ${db} with (force)`);
      await admin.close();
    },
  };
}

/** The work's process; resolves with its exit code (null when killed) and what it printed. */
function startWork(scenario: CrashScenario, place: Place) {
  const child = spawn(process.execPath, [...NODE_FLAGS, ...scenario.command(REPO)], {
    cwd: REPO,
    env: { ...process.env, ...place.env, CASHLOOP_LOG: 'silent', CASHLOOP_SCHEDULER: 'off' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const done = new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, output })),
  );
  return { child, done };
}

/** Everything wrong with the copy now: invariants, reconciliation, and the scenario's own checks. */
async function problemsOf(
  place: Place,
  scenario: CrashScenario,
  stage: 'killed' | 'finished',
): Promise<string[]> {
  const database = await place.open();
  try {
    const ctx = { database, deps: coreDeps(database.db, fixedClock(NOW)) };
    const tenantId = await scenario.tenantOf(database);
    const problems = await findViolations(ctx, tenantId);
    const books = await reconcileBooks(database.db, ctx.deps, tenantId);
    if (!books.balanced) problems.push(`books not reconciled: ${JSON.stringify(books, bigintText)}`);
    problems.push(...(await scenario.check(database, tenantId, stage)));
    return problems;
  } finally {
    await database.close();
  }
}

const bigintText = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

interface KillResult {
  readonly atMs: number;
  readonly exitedBeforeKill: boolean;
  readonly afterKill: string[];
  readonly afterRerun: string[];
  readonly rerunCode: number | null;
}

/** One kill: start the work on a fresh copy, kill it after `atMs`, check, run it again, check. */
async function killOnce(store: Store, scenario: CrashScenario, atMs: number): Promise<KillResult> {
  const place = await store.copy();
  const work = startWork(scenario, place);
  const timer = setTimeout(() => work.child.kill('SIGKILL'), atMs);
  const first = await work.done;
  clearTimeout(timer);
  const afterKill = await problemsOf(place, scenario, 'killed');
  const again = await startWork(scenario, place).done;
  const rerunOk = scenario.acceptsExit(again.code, again.output);
  const afterRerun = await problemsOf(place, scenario, 'finished');
  if (!rerunOk) afterRerun.unshift(`run again exited ${again.code}: ${again.output.trim().slice(0, 300)}`);
  return { atMs, exitedBeforeKill: first.code !== null, afterKill, afterRerun, rerunCode: again.code };
}

/** A seeded uniform random number generator (mulberry32). */
function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Prepare the scenario, time one uninterrupted run, then kill `runs` runs at random moments. */
async function runScenario(
  backend: Backend,
  store: Store,
  scenario: CrashScenario,
  runs: number,
  seed: number,
) {
  const started = Date.now();
  const database = await store.setup.open();
  try {
    const deps = coreDeps(database.db, fixedClock(NOW));
    const { tenantId } = await createTenant(database.db, { name: 'Crash test GmbH', baseCurrency: 'EUR' });
    await scenario.prepare(deps, database, tenantId);
  } finally {
    await database.close();
  }
  const reference = await store.copy();
  const t0 = Date.now();
  const full = await startWork(scenario, reference).done;
  const fullMs = Date.now() - t0;
  if (full.code !== 0) throw new Error(`${scenario.name}: the uninterrupted run failed: ${full.output}`);
  const referenceProblems = await problemsOf(reference, scenario, 'finished');
  if (referenceProblems.length > 0)
    throw new Error(`${scenario.name}: the uninterrupted run left problems: ${referenceProblems.join('; ')}`);
  console.log(`[${backend}] ${scenario.name}: ${scenario.describe}; uninterrupted run ${fullMs} ms`);
  const random = seeded(seed);
  const results: KillResult[] = [];
  for (let i = 0; i < runs; i++) {
    const atMs = Math.round(fullMs * (0.05 + 0.95 * random()));
    const r = await killOnce(store, scenario, atMs);
    results.push(r);
    const found = [
      ...r.afterKill.map((p) => `after kill: ${p}`),
      ...r.afterRerun.map((p) => `after rerun: ${p}`),
    ];
    console.log(
      `  kill ${i + 1}/${runs} at ${atMs} ms${r.exitedBeforeKill ? ' (had finished)' : ''}: ${found.length === 0 ? 'ok' : found.join(' | ')}`,
    );
  }
  return { backend, scenario: scenario.name, fullMs, results, seconds: (Date.now() - started) / 1000 };
}

async function main() {
  const { values } = parseArgs({
    options: {
      backend: { type: 'string', default: 'all' },
      only: { type: 'string', default: 'all' },
      runs: { type: 'string', default: '50' },
      seed: { type: 'string', default: '11' },
    },
  });
  const backends: Backend[] = values.backend === 'all' ? ['pglite', 'postgres'] : [values.backend as Backend];
  const scenarios = CRASH_SCENARIOS.filter((s) => values.only === 'all' || s.name === values.only);
  if (scenarios.length === 0) throw new Error(`--only must be import, cash, dunning, billing or all`);
  const runs = Number(values.runs);
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  console.log(
    `crash test: ${runs} kills per work and back end, seed ${values.seed}; ${cpu} × ${os.cpus().length}, ${os.platform()} ${os.release()}, Node ${process.version}`,
  );
  const root = mkdtempSync(join(os.tmpdir(), 'cashloop-crash-'));
  const summary: string[] = [];
  let failed = 0;
  try {
    for (const backend of backends)
      for (const scenario of scenarios) {
        const store =
          backend === 'pglite'
            ? pgliteStore(root, scenario.name)
            : await postgresStore(
                process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test',
                scenario.name,
              );
        try {
          const r = await runScenario(backend, store, scenario, runs, Number(values.seed));
          const bad = r.results.filter((k) => k.afterKill.length + k.afterRerun.length > 0).length;
          const finishedFirst = r.results.filter((k) => k.exitedBeforeKill).length;
          failed += bad;
          summary.push(
            `| ${backend} | ${scenario.name} | ${r.results.length} | ${finishedFirst} | ${bad} | ${r.fullMs} ms | ${r.seconds.toFixed(0)} s |`,
          );
        } finally {
          await store.dispose();
        }
      }
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
  console.log(
    '\n| back end | work | kills | finished before the kill | kills with a problem | uninterrupted run | time |',
  );
  console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
  for (const line of summary) console.log(line);
  process.exitCode = failed > 0 ? 1 : 0;
}

await main();
