/**
 * `kpi.snapshots`, daily per tenant: builds the KPI report's month-end snapshots of the last 13
 * month ends that are missing or stale (a new month end, or a posting back-dated into one since),
 * so a report does not build them on its first call (docs/analytics.md, "Speed").
 */
import { warmKpiSnapshots } from '../modules/reports/index.ts';
import { defineJob, oncePerTenantAndDay } from './job-spec.ts';

export const kpiSnapshotsJob = defineJob({
  name: 'kpi.snapshots',
  summary: 'Daily per tenant: the KPI report month-end snapshots built where missing or stale',
  ...oncePerTenantAndDay,
  cron: '30 4 * * *',
  retry: { limit: 2, delaySeconds: 600, backoff: true },
  timeoutSeconds: 3600,
  run: async (ctx, p) => {
    await warmKpiSnapshots(ctx.deps.db, p.tenantId, p.date);
  },
});
