/**
 * `documents.render`, every five minutes per tenant: render and store the PDFs of invoices and
 * credit notes issued in the last 30 days that have none yet, so the first download or email does
 * not wait for rendering (a billing run issues without rendering). One waits and one runs per tenant.
 */
import { renderPendingInvoiceDocuments } from '../modules/documents/index.ts';
import { defineJob, drainPerTenant } from './job-spec.ts';

export const documentsRenderJob = defineJob({
  name: 'documents.render',
  summary: 'Render the PDFs of issued documents that have none yet',
  ...drainPerTenant,
  cron: '*/5 * * * *',
  retry: { limit: 2, delaySeconds: 60, backoff: true },
  timeoutSeconds: 900,
  run: (ctx, p) => renderPendingInvoiceDocuments(ctx.deps, p.tenantId, 500),
});
