/**
 * `credit.check`, daily per tenant: customers over their credit limit or more than N days overdue
 * go on credit hold (and off it when no longer); with the tenant's risk-score rule on, also those
 * whose risk score reaches N (the scores are measured here, by collections). Runs before `dunning.run`.
 */
import { evaluateCreditHoldsWithRisk } from '../modules/collections/index.ts';
import { defineJob, oncePerTenantAndDay } from './job-spec.ts';

export const creditCheckJob = defineJob({
  name: 'credit.check',
  summary: 'Daily credit-hold check per tenant: over limit or too long overdue',
  ...oncePerTenantAndDay,
  cron: '15 5 * * *',
  retry: { limit: 3, delaySeconds: 300, backoff: true },
  timeoutSeconds: 900,
  run: (ctx, p) => evaluateCreditHoldsWithRisk(ctx.deps, p.tenantId, p.date),
});
