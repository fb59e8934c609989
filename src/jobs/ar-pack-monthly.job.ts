/**
 * `ar-pack.monthly`, on the 2nd per tenant: the AR pack (PDF) of the month that ended, e-mailed to
 * the recipients of the delivery settings when the tenant turned it on. Once per tenant and month
 * (key `YYYY-MM` of the date; and the outbox's dedupe key `ar_pack:<month>` across restarts).
 */
import { sendMonthlyArPack } from '../modules/communication/index.ts';
import { defineJob, oncePerTenantAndMonth } from './job-spec.ts';

export const arPackMonthlyJob = defineJob({
  name: 'ar-pack.monthly',
  summary: 'The monthly AR pack per tenant, on the 2nd, for the month that ended, by e-mail',
  ...oncePerTenantAndMonth,
  cron: '0 6 2 * *',
  retry: { limit: 3, delaySeconds: 600, backoff: true },
  timeoutSeconds: 1800,
  run: (ctx, p) => sendMonthlyArPack(ctx.deps, p.tenantId, p.date),
});
