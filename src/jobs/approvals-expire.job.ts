/**
 * `approvals.expire`, every 15 minutes per tenant: pending approval requests whose time ran out
 * become `expired` (with an `approval.expired` audit record). A decision checks the expiry too, so
 * an expired request is never approved, whether or not the sweep has run.
 */
import { expireRequests } from '../modules/approvals/index.ts';
import { defineJob, drainPerTenant } from './job-spec.ts';

export const approvalsExpireJob = defineJob({
  name: 'approvals.expire',
  summary: 'Mark pending approval requests whose time ran out as expired',
  ...drainPerTenant,
  cron: '*/15 * * * *',
  retry: { limit: 1, delaySeconds: 60, backoff: false },
  timeoutSeconds: 300,
  run: async (ctx, p) => {
    await expireRequests(ctx.deps, p.tenantId);
  },
});
