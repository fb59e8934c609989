/**
 * `payment-model.train`, weekly per tenant (Sunday 04:00): retrain the tenant's payment-date model
 * on its history as of the day (docs/analytics.md), replacing the last one.
 */

import { paymentFactSources } from '../modules/collections/index.ts';
import { trainPaymentModelOfTenant } from '../modules/predictions/index.ts';
import { defineJob, oncePerTenantAndDay } from './job-spec.ts';

export const paymentModelTrainJob = defineJob({
  name: 'payment-model.train',
  summary: "Weekly retraining of each tenant's payment-date model on its own history",
  ...oncePerTenantAndDay,
  cron: '0 4 * * 0',
  retry: { limit: 2, delaySeconds: 600, backoff: true },
  timeoutSeconds: 1800,
  run: async (ctx, p) => {
    const s = await trainPaymentModelOfTenant(ctx.deps, p.tenantId, p.date, paymentFactSources);
    return { status: s.status, paidInvoices: s.paidInvoices, holdout: s.holdout };
  },
});
