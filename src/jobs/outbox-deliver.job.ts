/**
 * `outbox.deliver`, every minute per tenant and on demand right after a transaction queued mail
 * (`jobs.enqueue(tx, 'outbox.deliver', { tenantId })`): send what is due in the tenant's outbox.
 * The outbox keeps each message's own retries and backoff; this job only drains it, so one waits
 * and one runs per tenant however often it is triggered. It sends in batches until nothing is due
 * (a dunning run queues thousands at once) or the job is stopped.
 */
import { deliverAllDue } from '../modules/messaging/index.ts';
import { defineJob, drainPerTenant, type JobContext } from './job-spec.ts';

function drainOutbox(ctx: JobContext, tenantId: string) {
  const messaging = ctx.deps.messaging;
  if (!messaging) throw new Error('this process has no mail transport: outbox.deliver cannot run here');
  return deliverAllDue({ ...ctx.deps, messaging }, { tenantId, signal: ctx.signal });
}

export const outboxDeliverJob = defineJob({
  name: 'outbox.deliver',
  summary: "Send the messages due in the tenant's outbox (every minute and after mail is queued)",
  ...drainPerTenant,
  cron: '* * * * *',
  retry: { limit: 1, delaySeconds: 30, backoff: false },
  timeoutSeconds: 600,
  run: (ctx, p) => drainOutbox(ctx, p.tenantId),
});
