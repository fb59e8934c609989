/**
 * `webhooks.overdue`, daily per tenant: the `invoice.overdue` webhook events of the invoices that
 * are open and past due as of the day, once per invoice (docs/webhooks.md). Nothing is read for a
 * tenant without an endpoint taking that event.
 */
import { announceOverdueInvoices } from '../modules/invoices/index.ts';
import { defineJob, oncePerTenantAndDay } from './job-spec.ts';

export const webhooksOverdueJob = defineJob({
  name: 'webhooks.overdue',
  summary: 'Daily per tenant: invoice.overdue webhook events for invoices that fell past due',
  ...oncePerTenantAndDay,
  cron: '45 5 * * *',
  retry: { limit: 3, delaySeconds: 300, backoff: true },
  timeoutSeconds: 900,
  run: (ctx, p) => announceOverdueInvoices(ctx.deps, p.tenantId, p.date),
});
