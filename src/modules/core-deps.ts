/** What every use case needs: the database, the ledger, and the clock. Built once in main.ts. */
import type { Db } from '../db/client.ts';
import type { Clock } from '../shared/clock.ts';
import type { LedgerService } from './ledger/ledger.service.ts';

export interface CoreDeps {
  readonly db: Db;
  readonly ledger: LedgerService;
  readonly clock: Clock;
}
