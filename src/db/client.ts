/**
 * One Drizzle handle over either back end: PGlite (embedded, in a data directory) or a
 * PostgreSQL server. The same schema, migrations and SQL run on both.
 */
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { fileURLToPath } from 'node:url';
import { PGlite, type Transaction } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { lockDataDir } from './data-dir-lock.ts';
import type { JobQueue } from './job-queue.ts';
import * as schema from './schema.ts';
import {
  type DrainableExecutor,
  drainable,
  executorOn,
  pgExecutor,
  pgliteExecutor,
  type SqlExecutor,
} from './sql-executor.ts';

export type Schema = typeof schema;
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];
/** Anything queries can run on: the database handle or an open transaction. */
export type Queryable = Db | Tx;

export type BackendKind = 'pglite' | 'postgres';

export interface Database {
  readonly db: Db;
  readonly kind: BackendKind;
  /** A description safe to print (no password). */
  readonly location: string;
  /** For pg-boss and raw bulk work: run one SQL text with positional parameters. */
  executeSql(text: string, params?: unknown[]): Promise<{ rows: Record<string, unknown>[] }>;
  /** Bulk load CSV text with `COPY <target> FROM … WITH (FORMAT csv)`; `target` is `table (columns)`. */
  copyCsv(target: string, csv: string): Promise<void>;
  /**
   * pg-boss's `db` option: its statements on the process's one PGlite client or on the pool
   * (multi-statement scripts included). `close()` drains it before the database closes.
   */
  readonly jobsExecutor: DrainableExecutor;
  /** An executor on `q`: inside its transaction when `q` is one (pg-boss `send(…, { db })` joins it). */
  executorFor(q: Queryable): SqlExecutor;
  /**
   * Run `fn` while holding the advisory lock `key` across every process on the server (PostgreSQL:
   * a session lock on one pooled connection, so `fn` needs the pool's others; PGlite has a single
   * process and just runs `fn`).
   */
  exclusively<T>(key: bigint, fn: () => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export type DatabaseConfig =
  | { kind: 'pglite'; dataDir: string | null }
  | { kind: 'postgres'; url: string; poolSize?: number };

const MIGRATIONS = fileURLToPath(new URL('./migrations', import.meta.url));
const MIGRATION_LOCK_ID = 0x636173686c6f6fn; // "cashloo"

pg.types.setTypeParser(pg.types.builtins.INT8, (value: string) => BigInt(value));
pg.types.setTypeParser(pg.types.builtins.DATE, (value: string) => value);

const asText = (value: string) => value;

/**
 * Same value shapes as `pg` above: int8 always a bigint, dates as 'YYYY-MM-DD' strings; and the
 * date/time types as text, which is what Drizzle asks PGlite for on every query (see below).
 */
const PGLITE_PARSERS = {
  20: (value: string) => BigInt(value),
  1082: asText, // date
  1114: asText, // timestamp
  1184: asText, // timestamptz
  1186: asText, // interval
  1115: asText, // timestamp[]
  1182: asText, // date[]
  1185: asText, // timestamptz[]
  1187: asText, // interval[]
  1231: asText, // numeric[]
};

type PgliteQueryable = Pick<PGlite, 'query'>;

/** What the one PGlite connection is doing: open transactions, and when a statement last ended. */
interface PgliteActivity {
  openTransactions: number;
  lastStatementAtMs: number;
}

const pgliteActivity = new WeakMap<Db, PgliteActivity>();

/** A statement that ended this recently inside an open transaction proves the database answers. */
export const BUSY_PROOF_MS = 2000;

/**
 * Whether the database answers (the health check): `select 1`. On PGlite a transaction holds the
 * one connection, and a `select 1` would wait for it to end (a 49 MB statement import holds it
 * for seconds): while a transaction is open and one of its statements ended within BUSY_PROOF_MS,
 * that is the answer instead. Throws when the database does not answer.
 */
export async function checkDatabase(db: Db): Promise<void> {
  const activity = pgliteActivity.get(db);
  if (
    activity &&
    activity.openTransactions > 0 &&
    performance.now() - activity.lastStatementAtMs < BUSY_PROOF_MS
  )
    return;
  await db.execute(sql`select 1`);
}

/**
 * Drizzle passes its (fixed) type parsers with every PGlite query, and PGlite rebuilds its parser
 * table each time: that costs ~0.45 ms per query, more than the query itself (measured: the
 * same `select … from tenants` took 0.65 ms with the per-query parsers, 0.21 ms without). The
 * same parsers are set once on the client (PGLITE_PARSERS), so the per-query copy is dropped here.
 */
function withClientParsers<T extends PgliteQueryable>(target: T, activity: PgliteActivity): T {
  return new Proxy(target, {
    get(t, prop) {
      if (prop === 'query')
        return async (text: string, params?: unknown[], options?: { rowMode?: 'array' | 'object' }) => {
          const result = await t.query(
            text,
            params,
            options?.rowMode ? { rowMode: options.rowMode } : undefined,
          );
          activity.lastStatementAtMs = performance.now();
          return result;
        };
      if (prop === 'transaction')
        return async <R>(fn: (tx: Transaction) => Promise<R>) => {
          activity.openTransactions++;
          try {
            return await (t as unknown as PGlite).transaction((tx) => fn(withClientParsers(tx, activity)));
          } finally {
            activity.openTransactions--;
          }
        };
      const value = Reflect.get(t, prop, t);
      return typeof value === 'function' ? value.bind(t) : value;
    },
  });
}

/** Open the database, apply pending migrations, and return the handle. */
export async function openDatabase(config: DatabaseConfig): Promise<Database> {
  return config.kind === 'pglite'
    ? openPglite(config.dataDir)
    : openPostgres(config.url, config.poolSize ?? 10);
}

async function openPglite(dataDir: string | null): Promise<Database> {
  const lock = dataDir ? lockDataDir(dataDir) : null;
  try {
    const client = await PGlite.create({ ...(dataDir ? { dataDir } : {}), parsers: PGLITE_PARSERS });
    const activity: PgliteActivity = { openTransactions: 0, lastStatementAtMs: 0 };
    const db = drizzlePglite(withClientParsers(client, activity), { schema }) as unknown as Db;
    pgliteActivity.set(db, activity);
    await migratePglite(drizzlePglite(client), { migrationsFolder: MIGRATIONS });
    const jobsExecutor = drainable(pgliteExecutor(client));
    return {
      db,
      kind: 'pglite',
      location: dataDir ?? 'in-memory',
      executeSql: async (text, params) => {
        const result = await client.query<Record<string, unknown>>(text, params ?? []);
        return { rows: result.rows };
      },
      copyCsv: async (target, csv) => {
        await client.query(`copy ${target} from '/dev/blob' with (format csv)`, [], {
          blob: new Blob([csv]),
        });
      },
      jobsExecutor,
      executorFor: (q) => executorOn('pglite', q),
      exclusively: (_key, fn) => fn(),
      close: async () => {
        await jobsExecutor.drain();
        await client.close();
        lock?.release();
      },
    };
  } catch (error) {
    lock?.release();
    throw error;
  }
}

async function openPostgres(url: string, poolSize: number): Promise<Database> {
  const pool = new pg.Pool({ connectionString: url, max: poolSize });
  // An idle connection the server closes (restart, admin kill) is dropped and replaced; it must not
  // crash the process. Errors of connections in use reach their queries as usual.
  pool.on('error', () => undefined);
  const db = drizzlePg(pool, { schema }) as unknown as Db;
  await migrateUnderLock(pool);
  const jobsExecutor = drainable(pgExecutor(pool));
  return {
    db,
    kind: 'postgres',
    location: redactUrl(url),
    executeSql: async (text, params) => {
      const result = await pool.query(text, params ?? []);
      return { rows: result.rows as Record<string, unknown>[] };
    },
    copyCsv: async (target, csv) => {
      const client = await pool.connect();
      try {
        const stream = client.query(copyFrom(`copy ${target} from stdin with (format csv)`));
        await pipeline(Readable.from([csv]), stream);
      } finally {
        client.release();
      }
    },
    jobsExecutor,
    executorFor: (q) => executorOn('postgres', q),
    exclusively: (key, fn) => underAdvisoryLock(pool, key, fn),
    close: async () => {
      await jobsExecutor.drain();
      await pool.end();
    },
  };
}

/** Several processes may start at once against one server: one migrates, the others wait. */
async function migrateUnderLock(pool: pg.Pool): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_ID.toString()]);
    await migratePg(drizzlePg(client), { migrationsFolder: MIGRATIONS });
  } finally {
    await client
      .query('select pg_advisory_unlock($1)', [MIGRATION_LOCK_ID.toString()])
      .catch(() => undefined);
    client.release();
  }
}

async function underAdvisoryLock<T>(pool: pg.Pool, key: bigint, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect();
  try {
    await client.query('select pg_advisory_lock($1)', [key.toString()]);
    return await fn();
  } finally {
    await client.query('select pg_advisory_unlock($1)', [key.toString()]).catch(() => undefined);
    client.release();
  }
}

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres';
  }
}

/** Run `fn` in one database transaction: the only way use cases write. */
export function withTransaction<T>(db: Db, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.transaction(async (tx) => {
    const hooks: BeforeCommit[] = [];
    BEFORE_COMMIT.set(tx, hooks);
    const jobs = JOB_QUEUES.get(db);
    if (jobs) TX_JOB_QUEUE.set(tx, jobs);
    const result = await fn(tx);
    for (let i = 0; i < hooks.length; i++) await hooks[i]?.(tx);
    return result;
  });
}

/** Work deferred to the end of a transaction, after the use case's own writes. */
export type BeforeCommit = (tx: Tx) => Promise<void>;
const BEFORE_COMMIT = new WeakMap<Tx, BeforeCommit[]>();

/**
 * Run `hook` at the end of `tx`, after everything the use case wrote and before the commit (the
 * audit trail takes its per-tenant chain head there, last, so it holds that lock only briefly and
 * never waits for another while holding it). Returns false when `tx` was not opened by
 * `withTransaction` (then nothing is deferred and the caller must do the work itself).
 */
export function deferToCommit(tx: Tx, hook: BeforeCommit): boolean {
  const hooks = BEFORE_COMMIT.get(tx);
  if (!hooks) return false;
  hooks.push(hook);
  return true;
}

const JOB_QUEUES = new WeakMap<Db, JobQueue>();
const TX_JOB_QUEUE = new WeakMap<Tx, JobQueue>();

/**
 * Make `jobs` (the process's scheduler, bound when it starts; `null` unbinds) the job queue of
 * every transaction `withTransaction` opens on `db`. Work recorded deep inside some use case — an
 * outbound webhook event told by a ledger posting or the activity log — queues its follow-up job
 * in that transaction through `jobQueueOf(tx)`, without every use case on the way passing
 * `deps.jobs` (the same reasoning as shared/acting-as.ts). A process without a scheduler binds
 * none: the scheduled sweeps pick the work up.
 */
export function bindJobQueue(db: Db, jobs: JobQueue | null): void {
  if (jobs) JOB_QUEUES.set(db, jobs);
  else JOB_QUEUES.delete(db);
}

/** The job queue bound to the database `tx` was opened on, if any (see `bindJobQueue`). */
export function jobQueueOf(tx: Tx): JobQueue | undefined {
  return TX_JOB_QUEUE.get(tx);
}

/** True when `q` is an open transaction rather than the database handle. */
export function isTransaction(q: Queryable): q is Tx {
  return 'rollback' in q;
}

/**
 * `fn` over one consistent view of the data: the caller's transaction when `q` is one, else a
 * read-only repeatable-read transaction of its own (so several reads cannot see different states).
 */
export function inSnapshot<T>(q: Queryable, fn: (tx: Tx) => Promise<T>): Promise<T> {
  if (isTransaction(q)) return fn(q);
  return q.transaction(fn, { isolationLevel: 'repeatable read', accessMode: 'read only' });
}

/** Rows of a raw SQL query (Drizzle `sql` template), typed by the caller. */
export async function queryRows<T>(q: Queryable, query: ReturnType<typeof sql>): Promise<T[]> {
  const result = (await q.execute(query)) as unknown as { rows: T[] };
  return result.rows;
}
