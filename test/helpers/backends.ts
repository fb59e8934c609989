/**
 * One suite, both back ends: PGlite (in memory) by default, the PostgreSQL server named by
 * TEST_DATABASE_URL when it is set. Each test makes its own tenant, so tests never share state.
 */
import pg from 'pg';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { type CoreDeps, coreDeps } from '../../src/modules/core-deps.ts';
import { createTenant, type Tenant } from '../../src/modules/tenants/tenants.service.ts';
import { fixedClock } from '../../src/shared/clock.ts';

export const backendName = process.env.TEST_DATABASE_URL ? 'postgres' : 'pglite';

export function openTestDatabase(): Promise<Database> {
  const url = process.env.TEST_DATABASE_URL;
  return url
    ? openDatabase({ kind: 'postgres', url, poolSize: 12 })
    : openDatabase({ kind: 'pglite', dataDir: null });
}

export interface TestContext {
  database: Database;
  deps: CoreDeps;
}

export async function openTestContext(now = '2026-03-31T12:00:00Z'): Promise<TestContext> {
  const database = await openTestDatabase();
  return { database, deps: coreDeps(database.db, fixedClock(now)) };
}

let tenantSeq = 0;

export function newTenant(ctx: TestContext, baseCurrency = 'EUR'): Promise<Tenant> {
  tenantSeq += 1;
  return createTenant(ctx.deps.db, { name: `Test tenant ${tenantSeq}`, baseCurrency, country: 'DE' });
}

/**
 * Run `fn` with the context's clock at `iso`, then set it back: the app built over `ctx.deps`
 * shares the clock, so a state-changing run "as of" a later day is run on that day.
 */
export async function atTime<T>(ctx: TestContext, iso: string, fn: () => Promise<T>): Promise<T> {
  const clock = ctx.deps.clock as { now: () => Date };
  const before = clock.now;
  clock.now = () => new Date(iso);
  try {
    return await fn();
  } finally {
    clock.now = before;
  }
}

/**
 * A context on a database of the test file's own: on PostgreSQL a fresh database beside the
 * shared one (dropped by `close`), for tests of what walks every tenant — a secret rotation
 * reseals every tenant's SMTP password and webhook secret, and refuses one sealed with another
 * test's key. PGlite is in memory and the file's own anyway.
 */
export async function openPrivateTestContext(
  now?: string,
): Promise<TestContext & { close(): Promise<void> }> {
  const shared = process.env.TEST_DATABASE_URL;
  if (!shared) {
    const ctx = await openTestContext(now);
    return { ...ctx, close: () => ctx.database.close() };
  }
  const url = new URL(shared);
  const name = `${url.pathname.slice(1)}_own_${process.pid}`;
  const admin = new pg.Client({ connectionString: shared });
  await admin.connect();
  try {
    await admin.query(`drop database if exists "${name}" with (force)`);
    await admin.query(`create database "${name}"`);
  } finally {
    await admin.end();
  }
  url.pathname = `/${name}`;
  const database = await openDatabase({ kind: 'postgres', url: url.toString(), poolSize: 4 });
  return {
    database,
    deps: coreDeps(database.db, fixedClock(now ?? '2026-03-31T12:00:00Z')),
    close: async () => {
      await database.close();
      const drop = new pg.Client({ connectionString: shared });
      await drop.connect();
      await drop.query(`drop database if exists "${name}" with (force)`).finally(() => drop.end());
    },
  };
}
