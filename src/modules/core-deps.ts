/** What every use case needs: the database, the ledger, and the clock. Built once in main.ts. */
import type { Db } from '../db/client.ts';
import type { JobQueue } from '../db/job-queue.ts';
import type { Clock } from '../shared/clock.ts';
import type { SecretKeyring } from '../shared/secret-box.ts';
import { enforceCreditOnIssue } from './credit/index.ts';
import type { IssueGuard } from './invoices/index.ts';
import { LedgerService } from './ledger/index.ts';
import { type WebhookSettings, webhooksOnPosted } from './webhooks/index.ts';

export interface CoreDeps {
  readonly db: Db;
  readonly ledger: LedgerService;
  readonly clock: Clock;
  /** Asked before invoices are issued, in the issuing transaction: the credit check. */
  readonly issueGuard: IssueGuard;
  /**
   * The process's background jobs, where it runs a scheduler (the server, workers): use cases queue
   * follow-up work in their transaction (e.g. `outbox.deliver` after queueing mail). Absent in
   * processes without one (CLI commands, tests); the scheduled sweeps pick that work up.
   */
  readonly jobs?: JobQueue | undefined;
  /** Seals and opens stored secrets (CASHLOOP_SECRET_KEY); absent or null: storing one is refused. */
  readonly secrets?: SecretKeyring | null | undefined;
  /** Outbound webhooks' delivery policy and transport (defaults: docs/webhooks.md, node:http). */
  readonly webhooks?: WebhookSettings | undefined;
  /**
   * The product's base URL for links sent to customers (config `publicUrl`); absent (tests, CLI
   * without config): `http://localhost:3000`. A tenant's portal setting `publicUrl` wins.
   */
  readonly publicUrl?: string | undefined;
}

/**
 * What a step that runs inside its caller's transaction gets besides the `tx` itself: everything
 * but the database handle. Such a step is written `fooInTx(tx: Tx, deps: TxDeps, tenantId, …)`;
 * it reads and writes through `tx` only and cannot open a transaction of its own or run a query
 * outside the caller's by mistake (there is no `deps.db` to reach for). Only the outermost use
 * case — the one HTTP, the CLI or a job calls, `foo(deps: CoreDeps, tenantId, …)` — opens the
 * transaction (`withTransaction(deps.db, (tx) => fooInTx(tx, deps, tenantId, …))`). A `Db` is no
 * `Tx` to the compiler (it lacks `rollback`), so a step cannot be handed the bare database either.
 */
export type TxDeps = Omit<CoreDeps, 'db'>;

/**
 * The use cases' dependencies as the product wires them: the ledger (telling outbound webhooks of
 * what it posts) and the credit check.
 */
export function coreDeps(db: Db, clock: Clock, jobs?: JobQueue): CoreDeps {
  const ledger = new LedgerService(webhooksOnPosted(() => clock.now()));
  return { db, ledger, clock, issueGuard: enforceCreditOnIssue, jobs };
}
