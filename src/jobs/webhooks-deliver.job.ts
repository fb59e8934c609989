/**
 * `webhooks.deliver`, queued in the transaction that records an event, every minute per tenant with
 * deliveries due (retries, and what a process without a scheduler recorded), and on a replay: send
 * the tenant's due webhook deliveries. Each delivery keeps its own retries and backoff
 * (docs/webhooks.md); this job only drains, so one waits and one runs per tenant.
 */
import { deliverWebhooks, tenantsWithDueWebhooks } from '../modules/webhooks/index.ts';
import { defineJob, drainPerTenant } from './job-spec.ts';

export const webhooksDeliverJob = defineJob({
  name: 'webhooks.deliver',
  summary:
    'Send the outbound webhook deliveries due for the tenant (as events are recorded, every minute, after a replay)',
  ...drainPerTenant,
  cron: '* * * * *',
  retry: { limit: 1, delaySeconds: 30, backoff: false },
  timeoutSeconds: 600,
  tenantsDue: (ctx) => tenantsWithDueWebhooks(ctx.deps.db, ctx.deps.clock.now()),
  run: (ctx, p) => deliverWebhooks(ctx.deps, { tenantId: p.tenantId, signal: ctx.signal }),
});
