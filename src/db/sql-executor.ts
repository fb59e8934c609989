/**
 * Plain SQL executors over the drivers under Drizzle, shaped as pg-boss's `db` option
 * (`executeSql(text, values) → { rows }`). pg-boss runs on them instead of a pool of its own, so
 * on PGlite it shares the process's one client, and a job can be sent inside a business
 * transaction (`executorFor(tx)`), committing or rolling back with it.
 *
 * PGlite: a text without parameters goes through `exec` (simple protocol: pg-boss's migration and
 * maintenance scripts hold several statements, which `query` refuses with "cannot insert multiple
 * commands into a prepared statement") and yields the rows of its last statement; a text with
 * parameters goes through `query(text, values)`. PostgreSQL: `query(text, values)` on the pool or
 * the transaction's client (node-postgres sends a text without values by the simple protocol too).
 */
import type { BackendKind, Queryable } from './client.ts';

export type SqlRow = Record<string, unknown>;

export interface SqlExecutor {
  executeSql(text: string, values?: unknown[]): Promise<{ rows: SqlRow[] }>;
}

/** An executor that can wait for the statements it started: shutdown drains it before closing. */
export interface DrainableExecutor extends SqlExecutor {
  /** Resolves once no statement started through this executor is still running. */
  drain(): Promise<void>;
}

/** What PGlite's client and its transactions offer (both have `exec` and `query`). */
export interface PgliteLike {
  query<T>(text: string, params?: unknown[]): Promise<{ rows: T[] }>;
  exec(text: string): Promise<{ rows: unknown[] }[]>;
}

/** What a node-postgres pool or client offers. */
export interface PgQueryable {
  query(text: string, values?: unknown[]): Promise<{ rows: unknown[] }>;
}

/** The executor over a PGlite client or transaction. */
export function pgliteExecutor(client: PgliteLike): SqlExecutor {
  return {
    async executeSql(text, values) {
      if (!values || values.length === 0) {
        const results = await client.exec(text);
        return { rows: (results.at(-1)?.rows ?? []) as SqlRow[] };
      }
      return { rows: (await client.query<SqlRow>(text, values)).rows };
    },
  };
}

/** The executor over a node-postgres pool or client. */
export function pgExecutor(client: PgQueryable): SqlExecutor {
  return {
    async executeSql(text, values) {
      return { rows: (await client.query(text, values ?? [])).rows as SqlRow[] };
    },
  };
}

/** Wrap `inner` so that `drain()` can wait for every statement it started. */
export function drainable(inner: SqlExecutor): DrainableExecutor {
  const running = new Set<Promise<unknown>>();
  return {
    executeSql(text, values) {
      const statement = inner.executeSql(text, values);
      const settled = statement.then(
        () => undefined,
        () => undefined,
      );
      running.add(settled);
      void settled.then(() => running.delete(settled));
      return statement;
    },
    async drain() {
      while (running.size > 0) await Promise.all([...running]);
    },
  };
}

/**
 * The driver client under a Drizzle database handle or transaction: the pool or the pooled client
 * of the transaction (node-postgres), the PGlite client or its transaction. Drizzle keeps it as
 * `session.client` on both (drizzle-orm 0.45); a missing one fails loudly here, and the tests of
 * `enqueue(tx, …)` on both back ends pin it.
 */
function driverOf(q: Queryable): unknown {
  const client = (q as unknown as { session?: { client?: unknown } }).session?.client;
  if (!client || typeof (client as { query?: unknown }).query !== 'function')
    throw new Error('no driver client under this Drizzle handle (drizzle-orm internals changed?)');
  return client;
}

/** The executor running on `q`: inside its transaction when `q` is one. */
export function executorOn(kind: BackendKind, q: Queryable): SqlExecutor {
  const client = driverOf(q);
  return kind === 'pglite' ? pgliteExecutor(client as PgliteLike) : pgExecutor(client as PgQueryable);
}
