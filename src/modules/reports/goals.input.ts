/**
 * What a KPI goal is made of, checked at every edge (API, CLI): the KPI (only those the KPI report
 * computes), at most / at least, the target as a decimal with at most two decimals (the precision
 * the report shows), month or quarter, one currency or each currency, the first period it counts
 * for, and the roles told when it is missed.
 */
import { z } from 'zod';
import { roleSchema } from '../apikeys/index.ts';
import { currencyCode } from '../customers/index.ts';
import type { KpiValues } from './kpi.service.ts';

/** The KPIs a goal may name, with how a notice names them. All are ratios, days or percentages. */
export const GOAL_KPIS = {
  dso: 'DSO',
  countbackDso: 'countback DSO',
  bestPossibleDso: 'best possible DSO',
  averageDaysDelinquent: 'average days delinquent',
  cei: 'CEI',
  percentCurrent: '% current',
  percentOver90: '% over 90 days',
  badDebtRatio: 'bad-debt ratio',
  turnover: 'receivables turnover',
  paidWithinTermsPct: '% paid within terms',
  paidWithinTermsAmountPct: '% paid within terms (by amount)',
  averageDaysToPay: 'average days to pay',
  averageDaysToPayWeighted: 'average days to pay (weighted)',
  averageDaysLate: 'average days late',
  averageDaysLateWeighted: 'average days late (weighted)',
  unappliedAgeDays: 'unapplied cash age',
  autoApplicationPct: '% auto-applied',
  autoApplicationAmountPct: '% auto-applied (by amount)',
  disputeRatePct: 'dispute rate',
  averageDaysToResolve: 'average days to resolve',
  promiseKeptPct: '% promises kept',
  customerErosionPct: 'customer erosion',
  revenueErosionPct: 'revenue erosion',
  reworkRatePct: 'rework rate',
} as const satisfies Record<keyof KpiValues, string>;
export type GoalKpi = keyof typeof GOAL_KPIS;
const GOAL_KPI_KEYS = Object.keys(GOAL_KPIS) as [GoalKpi, ...GoalKpi[]];

export const COMPARISONS = ['at_most', 'at_least'] as const;
export type Comparison = (typeof COMPARISONS)[number];
export const PERIOD_KINDS = ['month', 'quarter'] as const;
export type PeriodKind = (typeof PERIOD_KINDS)[number];

export const MONTH_PERIOD = /^\d{4}-(0[1-9]|1[0-2])$/;
export const QUARTER_PERIOD = /^\d{4}-Q[1-4]$/;

/** Roles told by default when a goal is missed. */
export const DEFAULT_GOAL_ROLES = ['admin', 'credit_manager'] as const;

export const goalInput = z
  .object({
    name: z.string().trim().min(1).max(200),
    kpi: z.enum(GOAL_KPI_KEYS).describe('a key of the KPI report’s `kpis` (docs/analytics.md, "Goals")'),
    comparison: z.enum(COMPARISONS).describe('at_most: value ≤ target is met; at_least: value ≥ target'),
    target: z
      .string()
      .regex(/^-?\d{1,9}(\.\d{1,2})?$/, 'must be a decimal with at most 2 decimals, like 35 or 90.5')
      .describe('exact decimal, compared with the KPI as the report shows it (2 decimals)'),
    periodKind: z.enum(PERIOD_KINDS),
    currency: currencyCode.nullable().default(null).describe('null: each currency on its own'),
    validFrom: z.string().nullable().default(null).describe('first period it counts for: YYYY-MM or YYYY-Qn'),
    notifyRoles: z
      .array(roleSchema)
      .max(5)
      .default([...DEFAULT_GOAL_ROLES])
      .describe('roles told when a just-closed period misses it'),
  })
  .strict()
  .superRefine((g, ctx) => {
    const pattern = g.periodKind === 'month' ? MONTH_PERIOD : QUARTER_PERIOD;
    if (g.validFrom !== null && !pattern.test(g.validFrom))
      ctx.addIssue({
        code: 'custom',
        path: ['validFrom'],
        message: g.periodKind === 'month' ? 'must be a month YYYY-MM' : 'must be a quarter YYYY-Qn',
      });
    if (g.kpi === 'countbackDso' && g.periodKind !== 'month')
      ctx.addIssue({ code: 'custom', path: ['kpi'], message: 'the countback DSO exists for months only' });
  });
export type GoalInput = z.output<typeof goalInput>;
