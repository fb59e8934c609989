/**
 * The crash test's machinery (bench/crash/run.ts, and the short seeded run of the test suite,
 * test/integration/crash.test.ts): copies of a prepared database on either back end, the work's
 * process started and killed with SIGKILL, and the checks after the kill and after the run again.
 */
import { spawn } from 'node:child_process';
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { NODE_RUNTIME_FLAGS } from '../../src/cli/node-runtime.ts';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { verifyAuditTrail } from '../../src/modules/audit/index.ts';
import { coreDeps } from '../../src/modules/core-deps.ts';
import { createTenant } from '../../src/modules/tenants/tenants.service.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { findViolations } from '../../test/helpers/invariants.ts';
import { seededRandom } from '../data.ts';
import type { CrashScenario } from './scenarios.ts';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const NODE_FLAGS = [...NODE_RUNTIME_FLAGS, '--import', 'tsx'];
const NOW = '2026-12-01T09:00:00Z';

export type Backend = 'pglite' | 'postgres';

/** Where one copy of the set-up lives: the environment the work's process gets, and how to open it. */
export interface Place {
  readonly env: Record<string, string>;
  open(): Promise<Database>;
}

/** The set-up of one scenario on one back end, and fresh copies of it. */
export interface Store {
  readonly setup: Place;
  /** A fresh copy of the set-up (the previous copy is dropped). */
  copy(): Promise<Place>;
  dispose(): Promise<void>;
}

export function pgliteStore(root: string, name: string): Store {
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

export async function postgresStore(baseUrl: string, name: string): Promise<Store> {
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

/** Everything wrong with the copy now: the invariants, the audit chain, and the scenario's own checks. */
async function problemsOf(
  place: Place,
  scenario: CrashScenario,
  stage: 'killed' | 'finished',
): Promise<string[]> {
  const database = await place.open();
  try {
    const ctx = { database, deps: coreDeps(database.db, fixedClock(NOW)) };
    const tenantId = await scenario.tenantOf(database);
    // The invariants include the reconciliation (AR subledger, each invoice, each bank account).
    const problems = await findViolations(ctx, tenantId);
    const audit = await verifyAuditTrail(database.db, tenantId);
    if (!audit.ok) problems.push(`audit trail broken: ${JSON.stringify(audit.firstBreak, bigintText)}`);
    problems.push(...(await scenario.check(database, tenantId, stage)));
    return problems;
  } finally {
    await database.close();
  }
}

const bigintText = (_k: string, v: unknown) => (typeof v === 'bigint' ? v.toString() : v);

export interface KillResult {
  readonly atMs: number;
  readonly exitedBeforeKill: boolean;
  /** How long the work ran before it ended or was killed. */
  readonly ranMs: number;
  readonly afterKill: string[];
  readonly afterRerun: string[];
  readonly rerunCode: number | null;
}

/** One kill: start the work on a fresh copy, kill it after `atMs`, check, run it again, check. */
async function killOnce(store: Store, scenario: CrashScenario, atMs: number): Promise<KillResult> {
  const place = await store.copy();
  const started = Date.now();
  const work = startWork(scenario, place);
  const timer = setTimeout(() => work.child.kill('SIGKILL'), atMs);
  const first = await work.done;
  const ranMs = Date.now() - started;
  clearTimeout(timer);
  const afterKill = await problemsOf(place, scenario, 'killed');
  const again = await startWork(scenario, place).done;
  const rerunOk = scenario.acceptsExit(again.code, again.output);
  const afterRerun = await problemsOf(place, scenario, 'finished');
  if (!rerunOk) afterRerun.unshift(`run again exited ${again.code}: ${again.output.trim().slice(0, 300)}`);
  return { atMs, exitedBeforeKill: first.code !== null, ranMs, afterKill, afterRerun, rerunCode: again.code };
}

/** Prepare the scenario, time one uninterrupted run, then kill `runs` runs at random moments. */
export async function runScenario(
  backend: Backend,
  store: Store,
  scenario: CrashScenario,
  runs: number,
  seed: number,
  log: (line: string) => void = console.log,
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
  log(`[${backend}] ${scenario.name}: ${scenario.describe}; uninterrupted run ${fullMs} ms`);
  const random = seededRandom(seed);
  const results: KillResult[] = [];
  // The kill falls in the work's run as last seen: when a run ends before its kill (the machine
  // got quieter than when the work was timed), the window shrinks to that run's length, so that
  // the next kills land in the work rather than after it.
  let windowMs = fullMs;
  for (let i = 0; i < runs; i++) {
    const atMs = Math.round(windowMs * (0.05 + 0.95 * random()));
    const r = await killOnce(store, scenario, atMs);
    if (r.exitedBeforeKill) windowMs = Math.min(windowMs, r.ranMs);
    results.push(r);
    const found = [
      ...r.afterKill.map((p) => `after kill: ${p}`),
      ...r.afterRerun.map((p) => `after rerun: ${p}`),
    ];
    log(
      `  kill ${i + 1}/${runs} at ${atMs} ms${r.exitedBeforeKill ? ' (had finished)' : ''}: ${found.length === 0 ? 'ok' : found.join(' | ')}`,
    );
  }
  return { backend, scenario: scenario.name, fullMs, results, seconds: (Date.now() - started) / 1000 };
}
