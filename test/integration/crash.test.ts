/**
 * The crash test's short seeded run (the full one is `npm run crash`, bench/crash/run.ts): each
 * kind of work — an import, a cash application run, a dunning run, a billing run — started as its
 * own process on the test back end (PGlite, or PostgreSQL with TEST_DATABASE_URL), killed with
 * SIGKILL once at a seeded random moment, checked, run again to its end and checked again.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { pgliteStore, postgresStore, runScenario, type Store } from '../../bench/crash/harness.ts';
import { type CrashSizes, crashScenarios } from '../../bench/crash/scenarios.ts';

const SIZES: CrashSizes = {
  importInvoices: 3_000,
  cash: { customers: 300, invoices: 3_000, entries: 400 },
  dunning: { customers: 150, invoices: 1_500 },
  billing: { orders: 800, batch: 100 },
};

const root = mkdtempSync(join(os.tmpdir(), 'cashloop-crash-test-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function storeFor(name: string): Promise<Store> {
  const url = process.env.TEST_DATABASE_URL;
  return url ? postgresStore(url, `t_${name}_${process.pid}`) : pgliteStore(root, name);
}

describe('killed with SIGKILL and run again', { concurrency: 1 }, () => {
  for (const scenario of crashScenarios(SIZES))
    test(`${scenario.describe}: nothing half-written or doubled, and it completes`, {
      timeout: 600_000,
    }, async () => {
      const store = await storeFor(scenario.name);
      const lines: string[] = [];
      try {
        const backend = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';
        const r = await runScenario(backend, store, scenario, 1, 20261206, (line) => lines.push(line));
        const problems = r.results.flatMap((k) => [...k.afterKill, ...k.afterRerun]);
        assert.deepEqual(problems, [], lines.join('\n'));
      } finally {
        await store.dispose();
      }
    });
});
