/**
 * `dunning.run`, daily per tenant: plan and queue the reminders due as of the date (the dunning
 * module's run is itself idempotent per day; the once-only key keeps it to one run per tenant and
 * day here). Runs after `promises.check` so a promise broken today is dunned today.
 */
import { dunningSeams } from '../modules/communication/index.ts';
import { runDunning } from '../modules/dunning/index.ts';
import { defineJob, oncePerTenantAndDay } from './job-spec.ts';

export const dunningRunJob = defineJob({
  name: 'dunning.run',
  summary: 'Daily dunning run per tenant: reminders, fees and interest due as of the date',
  ...oncePerTenantAndDay,
  cron: '0 6 * * *',
  retry: { limit: 3, delaySeconds: 300, backoff: true },
  timeoutSeconds: 3600,
  run: (ctx, p) => runDunning(ctx.deps, p.tenantId, { asOf: p.date }, dunningSeams(ctx.deps)),
});
