/**
 * Once-only claims of background jobs: one row per tenant, job and key (a daily run's date). The
 * run that inserts the row runs the service; any other job with the same key completes as
 * skipped. A failed run gives the key back for its retry; a run that died holding it (worker
 * killed) is taken over once it is older than the job's timeout.
 */
import { sql } from 'drizzle-orm';
import { check, foreignKey, integer, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../db/columns.ts';
import { tenants } from '../modules/tenants/tenants.tables.ts';

export const jobClaims = pgTable(
  'job_claims',
  {
    tenantId: tenantId(),
    jobName: text('job_name').notNull(),
    runKey: text('run_key').notNull(),
    state: text('state').notNull(),
    /** The pg-boss job holding (or last holding) the claim. */
    bossJobId: uuid('boss_job_id').notNull(),
    attempts: integer('attempts').notNull().default(1),
    claimedAt: instant('claimed_at').notNull().defaultNow(),
    finishedAt: instant('finished_at'),
    output: jsonb('output'),
    error: text('error'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.jobName, t.runKey] }),
    foreignKey({ name: 'job_claims_tenant_fk', columns: [t.tenantId], foreignColumns: [tenants.tenantId] }),
    check('job_claims_state_check', sql`${t.state} in ('running','completed','failed')`),
  ],
);
