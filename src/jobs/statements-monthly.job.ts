/**
 * `statements.monthly`, on the 1st per tenant: customer statements for the month that ended,
 * sent by email. Once per tenant and month (key `YYYY-MM` of the date).
 */
import { sendMonthlyStatements } from '../modules/communication/index.ts';
import { defineJob, oncePerTenantAndMonth } from './job-spec.ts';

export const statementsMonthlyJob = defineJob({
  name: 'statements.monthly',
  summary: 'Monthly customer statements per tenant, on the 1st, for the month that ended',
  ...oncePerTenantAndMonth,
  cron: '0 7 1 * *',
  retry: { limit: 3, delaySeconds: 600, backoff: true },
  timeoutSeconds: 3600,
  run: (ctx, p) => sendMonthlyStatements(ctx.deps, p.tenantId, p.date),
});
