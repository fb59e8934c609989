/**
 * `invoices.deliver`, every minute per tenant and on demand right after invoices were issued
 * (the issuing transaction queues it): queue the email of every issued invoice and credit note
 * not delivered yet (see src/modules/communication/invoice-delivery.service.ts), which in turn
 * triggers `outbox.deliver`. One waits and one runs per tenant however often it is triggered.
 */
import { deliverIssuedInvoices } from '../modules/communication/index.ts';
import { defineJob, drainPerTenant } from './job-spec.ts';

export const invoicesDeliverJob = defineJob({
  name: 'invoices.deliver',
  summary: 'Email the invoices and credit notes issued since the last run (every minute and on issue)',
  ...drainPerTenant,
  cron: '* * * * *',
  retry: { limit: 1, delaySeconds: 30, backoff: false },
  timeoutSeconds: 600,
  run: (ctx, p) => deliverIssuedInvoices(ctx.deps, p.tenantId, { limit: 2_000 }),
});
