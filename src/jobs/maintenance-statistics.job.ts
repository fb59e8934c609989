/**
 * `maintenance.statistics`, nightly: on PGlite, which runs no autovacuum, `VACUUM (ANALYZE)` of
 * the tables past autovacuum's thresholds (the business tables after a day of writes, and
 * pg-boss's own queue tables, which take an insert, an update and a delete per job). On
 * PostgreSQL autovacuum does this, so the job completes at once with `skipped`.
 */
import { maintainStatistics } from '../db/statistics.ts';
import { defineJob, perInstallation } from './job-spec.ts';

export const maintenanceStatisticsJob = defineJob({
  name: 'maintenance.statistics',
  summary: 'VACUUM (ANALYZE) of the busy tables on PGlite (no autovacuum there); nothing on PostgreSQL',
  ...perInstallation,
  cron: '30 3 * * *',
  retry: { limit: 1, delaySeconds: 600, backoff: false },
  timeoutSeconds: 3600,
  run: (ctx) => maintainStatistics(ctx.deps.db, ctx.database.kind),
});
