/**
 * `promises.check`, daily per tenant: promises to pay not kept by their date plus grace are marked
 * broken, which reopens dunning and flags the customer on the worklist. Runs before `dunning.run`.
 */
import { evaluatePromises } from '../modules/collections/index.ts';
import { defineJob, oncePerTenantAndDay } from './job-spec.ts';

export const promisesCheckJob = defineJob({
  name: 'promises.check',
  summary: 'Daily check of promises to pay per tenant: broken promises reopen dunning',
  ...oncePerTenantAndDay,
  cron: '0 5 * * *',
  retry: { limit: 3, delaySeconds: 300, backoff: true },
  timeoutSeconds: 900,
  run: (ctx, p) => evaluatePromises(ctx.deps, p.tenantId, p.date),
});
