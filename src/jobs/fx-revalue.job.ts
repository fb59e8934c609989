/**
 * `fx.revalue`, 06:30 on the 1st to the 5th per tenant: the FX revaluation of the month end just
 * passed (docs/fx.md), once — the days after the 1st catch up a tenant whose rates came late or a
 * scheduler that was down, and find it done (the revaluation's once-per-month-end rule). A tenant
 * without a rate in force for a currency is skipped and its admins are told which currency is missing
 * (in-product notification, once per month end). Once per tenant and day.
 */
import { notifyAdminsOfSkippedRevaluation } from '../modules/alerts/index.ts';
import { revaluePassedMonthEnd } from '../modules/fx-revaluation/index.ts';
import { defineJob, oncePerTenantAndDay } from './job-spec.ts';

export const fxRevalueJob = defineJob({
  name: 'fx.revalue',
  summary: 'FX revaluation of the month end just passed per tenant, on the 1st to the 5th, once',
  ...oncePerTenantAndDay,
  cron: '30 6 1-5 * *',
  retry: { limit: 3, delaySeconds: 600, backoff: true },
  timeoutSeconds: 1800,
  run: async (ctx, p) => {
    const outcome = await revaluePassedMonthEnd(ctx.deps, p.tenantId, p.date);
    if (outcome.status === 'missing_rates')
      await notifyAdminsOfSkippedRevaluation(ctx.deps, p.tenantId, outcome);
    return outcome.status === 'revalued'
      ? { status: outcome.status, asOf: outcome.asOf, entryId: outcome.revaluation.entryId }
      : outcome;
  },
});
