/**
 * `credit.check`, daily per tenant: customers over their credit limit or more than N days overdue
 * go on credit hold (and off it when no longer). Runs before `dunning.run`.
 *
 * Wiring (credit module): `run: (ctx, p) => checkCreditHolds(ctx.deps, p.tenantId, { asOf: p.date })`.
 */
import { defineJob, oncePerTenantAndDay } from './job-spec.ts';

export const creditCheckJob = defineJob({
  name: 'credit.check',
  summary: 'Daily credit-hold check per tenant: over limit or too long overdue',
  ...oncePerTenantAndDay,
  cron: '15 5 * * *',
  retry: { limit: 3, delaySeconds: 300, backoff: true },
  timeoutSeconds: 900,
  run: null,
});
