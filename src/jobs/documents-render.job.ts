/**
 * `documents.render`, every five minutes per tenant: render the PDFs of issued documents that
 * have none yet (invoices and credit notes are rendered at issue; this catches what a failure or
 * a bulk issue left behind). One waits and one runs per tenant.
 *
 * Wiring (documents module): `run: (ctx, p) => renderPendingDocuments(ctx.deps, p.tenantId)`.
 * At scale, also `tenantsDue: (ctx) => <the tenants with documents to render>(ctx.deps.db)`.
 */
import { defineJob, drainPerTenant } from './job-spec.ts';

export const documentsRenderJob = defineJob({
  name: 'documents.render',
  summary: 'Render the PDFs of issued documents that have none yet',
  ...drainPerTenant,
  cron: '*/5 * * * *',
  retry: { limit: 2, delaySeconds: 60, backoff: true },
  timeoutSeconds: 900,
  run: null,
});
