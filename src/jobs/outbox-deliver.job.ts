/**
 * `outbox.deliver`, every minute per tenant and on demand right after a transaction queued mail
 * (`jobs.enqueue(tx, 'outbox.deliver', { tenantId })`): send what is due in the tenant's outbox.
 * The outbox keeps each message's own retries and backoff; this job only drains it, so one waits
 * and one runs per tenant however often it is triggered.
 *
 * Wiring (mail module): `run: (ctx, p) => deliverOutbox(ctx.deps, p.tenantId)`.
 * At scale, also `tenantsDue: (ctx) => <the tenants with messages due>(ctx.deps.db)`, so idle
 * tenants get no job every minute.
 */
import { defineJob, drainPerTenant } from './job-spec.ts';

export const outboxDeliverJob = defineJob({
  name: 'outbox.deliver',
  summary: "Send the messages due in the tenant's outbox (every minute and after mail is queued)",
  ...drainPerTenant,
  cron: '* * * * *',
  retry: { limit: 1, delaySeconds: 30, backoff: false },
  timeoutSeconds: 600,
  run: null,
});
