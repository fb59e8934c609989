/**
 * The demo company's KPI goals and alert rules, so the Goals tab, the bell and the alert check
 * show something on a fresh demo: DSO at most 35 days and at least 60% of invoices paid within
 * terms (EUR, per month), at most 5% over 90 days past due (each currency, per quarter); an overdue
 * invoice over 10,000.00 EUR more than 15 days late, a broken promise (to the collector), unapplied
 * cash older than 5 days (to the accountants) and a predicted lateness that jumped by 7 days (to the
 * credit managers). Added through the ordinary services, and only where the tenant has none yet
 * (loading the demo again keeps what a user changed).
 */
import { createAlertRule, listAlertRules } from '../alerts/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { createGoal, listGoals } from '../reports/index.ts';

const DEMO_GOALS = [
  {
    name: 'DSO at most 35 days',
    kpi: 'dso',
    comparison: 'at_most',
    target: '35',
    periodKind: 'month',
    currency: 'EUR',
  },
  {
    name: 'At least 60% of invoices paid within terms',
    kpi: 'paidWithinTermsPct',
    comparison: 'at_least',
    target: '60',
    periodKind: 'month',
    currency: 'EUR',
  },
  {
    name: 'At most 5% over 90 days past due',
    kpi: 'percentOver90',
    comparison: 'at_most',
    target: '5',
    periodKind: 'quarter',
    currency: null,
  },
] as const;

const DEMO_ALERT_RULES = [
  {
    name: 'Over EUR 10,000 and 15 days late',
    notifyCollector: true,
    notifyRoles: ['credit_manager'],
    params: { kind: 'invoice_overdue', currency: 'EUR', minAmount: '10000.00', minDaysLate: 15 },
  },
  { name: 'Promise broken', notifyCollector: true, params: { kind: 'promise_broken' } },
  {
    name: 'Unapplied cash older than 5 days',
    notifyCollector: false,
    notifyRoles: ['accountant'],
    params: { kind: 'unapplied_cash', minDaysOld: 5 },
  },
  {
    name: 'Predicted lateness up 7 days',
    notifyCollector: false,
    notifyRoles: ['credit_manager'],
    params: { kind: 'predicted_lateness_jump', minIncreaseDays: 7 },
  },
] as const;

/** The demo's goals and alert rules, each set only if the tenant has none of its kind. */
export async function ensureDemoTargets(deps: CoreDeps, tenantId: string): Promise<void> {
  if ((await listGoals(deps.db, tenantId)).length === 0)
    for (const goal of DEMO_GOALS) await createGoal(deps, tenantId, goal);
  if ((await listAlertRules(deps.db, tenantId)).length === 0)
    for (const rule of DEMO_ALERT_RULES) await createAlertRule(deps, tenantId, rule);
}
