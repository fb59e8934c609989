/**
 * `monitoring.scan`, every 15 minutes per tenant: judge the audit records written since the last
 * scan (invoices issued outside the policy, refunds after a bank-detail change, sign-ins from a new
 * place, repeated failed sign-ins), store findings and alert the admins. A sign-in runs the same
 * scan right after it commits; this job catches everything else (and whatever a sign-in's scan missed).
 */
import { runMonitoringScan } from '../modules/findings/index.ts';
import { defineJob, drainPerTenant } from './job-spec.ts';

export const monitoringScanJob = defineJob({
  name: 'monitoring.scan',
  summary: 'Scan the audit trail for unauthorised and unusual entries; findings alert the admins',
  ...drainPerTenant,
  cron: '*/15 * * * *',
  retry: { limit: 2, delaySeconds: 60, backoff: true },
  timeoutSeconds: 900,
  run: (ctx, p) => runMonitoringScan(ctx.deps, p.tenantId),
});
