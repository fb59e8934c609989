/**
 * Composition root: config → database → clock and ledger → the default tenant.
 * The CLI and the server both start from here; tests build the same pieces themselves.
 */
import type { Config } from './config.ts';
import { type Database, openDatabase } from './db/client.ts';
import type { CoreDeps } from './modules/core-deps.ts';
import { LedgerService } from './modules/ledger/ledger.service.ts';
import { ensureDefaultTenant, getTenantOrThrow, type Tenant } from './modules/tenants/tenants.service.ts';
import { type Clock, systemClock } from './shared/clock.ts';

export interface Runtime {
  readonly config: Config;
  readonly database: Database;
  readonly deps: CoreDeps;
  /** The tenant the CLI acts on as local administrator. */
  readonly tenant: Tenant;
  /** True when this start created the tenant (an empty data directory or database). */
  readonly freshTenant: boolean;
  close(): Promise<void>;
}

export async function openRuntime(config: Config, clock: Clock = systemClock): Promise<Runtime> {
  const database = await openDatabase(config.database);
  try {
    const deps: CoreDeps = { db: database.db, ledger: new LedgerService(), clock };
    const { tenant, created } = config.tenantId
      ? { tenant: await getTenantOrThrow(database.db, config.tenantId), created: false }
      : await ensureDefaultTenant(database.db, {
          name: config.companyName,
          baseCurrency: config.baseCurrency,
        });
    return { config, database, deps, tenant, freshTenant: created, close: () => database.close() };
  } catch (error) {
    await database.close();
    throw error;
  }
}
