/**
 * `alerts.check`, daily per tenant: each enabled alert rule's new events as of the day, and each
 * KPI goal missed in its just-closed period — told once to the people the rule or goal names
 * (docs/alerts.md). Runs after `promises.check`, so a promise broken that morning is alerted the
 * same day.
 */
import { runAlertCheck } from '../modules/alerts/index.ts';
import { defineJob, oncePerTenantAndDay } from './job-spec.ts';

export const alertsCheckJob = defineJob({
  name: 'alerts.check',
  summary: 'Daily check of the alert rules per tenant: overdue invoices, broken promises, unapplied cash',
  ...oncePerTenantAndDay,
  cron: '30 5 * * *',
  retry: { limit: 3, delaySeconds: 300, backoff: true },
  timeoutSeconds: 900,
  run: (ctx, p) => runAlertCheck(ctx.deps, p.tenantId, p.date),
});
