/**
 * `anomalies.scan`, daily per tenant: the anomaly detectors over the last 31 days (duplicate
 * invoices and payments, lapping, credits after a receipt applied elsewhere, credits under the
 * approval threshold, unusual issuers, Benford, payment-behaviour change); new findings are stored
 * once and alert the admins. After `audit.verify`, before the working day.
 */
import { runAnomalyScan } from '../modules/findings/index.ts';
import { defineJob, oncePerTenantAndDay } from './job-spec.ts';

export const anomaliesScanJob = defineJob({
  name: 'anomalies.scan',
  summary: 'Daily anomaly and fraud detection per tenant; new findings alert the admins',
  ...oncePerTenantAndDay,
  cron: '0 4 * * *',
  retry: { limit: 2, delaySeconds: 300, backoff: true },
  timeoutSeconds: 1800,
  run: (ctx, p) => runAnomalyScan(ctx.deps, p.tenantId),
});
