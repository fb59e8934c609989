/** What every use case needs: the database, the ledger, and the clock. Built once in main.ts. */
import type { Db } from '../db/client.ts';
import type { JobQueue } from '../db/job-queue.ts';
import type { Clock } from '../shared/clock.ts';
import type { LedgerService } from './ledger/ledger.service.ts';

export interface CoreDeps {
  readonly db: Db;
  readonly ledger: LedgerService;
  readonly clock: Clock;
  /**
   * The process's background jobs, where it runs a scheduler (the server, workers): use cases queue
   * follow-up work in their transaction (e.g. `outbox.deliver` after queueing mail). Absent in
   * processes without one (CLI commands, tests); the scheduled sweeps pick that work up.
   */
  readonly jobs?: JobQueue | undefined;
}
