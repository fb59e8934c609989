import { foreignKey, pgTable, primaryKey, uuid } from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';
import { tenants } from '../tenants/tenants.tables.ts';

/**
 * The cash application run in progress, one row per tenant at most: runs of a tenant exclude each
 * other. A run claims the row when it starts, renews `heartbeat_at` after each booked batch and
 * deletes it when it ends; a row whose heartbeat is older than the lease (a crashed process) may be
 * taken over by the next run.
 */
export const cashApplicationRuns = pgTable(
  'cash_application_runs',
  {
    tenantId: tenantId(),
    runId: uuid('run_id').notNull(),
    startedAt: instant('started_at').notNull().defaultNow(),
    heartbeatAt: instant('heartbeat_at').notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId] }),
    foreignKey({ columns: [t.tenantId], foreignColumns: [tenants.tenantId] }).onDelete('cascade'),
  ],
);
