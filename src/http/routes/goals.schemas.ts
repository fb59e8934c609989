/** The JSON of /v1/analytics/goals: KPI goals and their attainment per closed period. */
import { z } from 'zod';
import { ROLES } from '../../modules/apikeys/index.ts';
import {
  COMPARISONS,
  GOAL_KPIS,
  type GoalAttainment,
  type GoalPeriodResult,
  type KpiGoal,
  PERIOD_KINDS,
} from '../../modules/reports/index.ts';

const STATUSES = ['met', 'missed', 'not_computable'] as const;

export const goalSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    kpi: z.enum(Object.keys(GOAL_KPIS) as [keyof typeof GOAL_KPIS]),
    comparison: z.enum(COMPARISONS),
    target: z.string().describe('exact, two decimals'),
    periodKind: z.enum(PERIOD_KINDS),
    currency: z.string().nullable().describe('null: each currency on its own'),
    validFrom: z.string().nullable().describe('first period it counts for; null: every period'),
    notifyRoles: z.array(z.enum(ROLES)),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'KpiGoal' });

export function goalJson(g: KpiGoal): z.infer<typeof goalSchema> {
  return {
    id: g.goalId,
    name: g.name,
    kpi: g.kpi,
    comparison: g.comparison,
    target: g.target,
    periodKind: g.periodKind,
    currency: g.currency,
    validFrom: g.validFrom,
    notifyRoles: g.notifyRoles.filter((role): role is (typeof ROLES)[number] =>
      (ROLES as readonly string[]).includes(role),
    ),
    createdAt: g.createdAt.toISOString(),
    updatedAt: g.updatedAt.toISOString(),
  };
}

const periodSchema = z.object({
  period: z.string().describe('YYYY-MM or YYYY-Qn'),
  end: z.string().describe('its last day'),
  status: z
    .enum(STATUSES)
    .describe(
      'over the currencies: missed if any missed, met if one met and none missed, else not_computable',
    ),
  currencies: z.array(
    z.object({
      currency: z.string(),
      value: z
        .string()
        .nullable()
        .describe('the KPI as the KPI report shows it, two decimals; null: not computable'),
      status: z.enum(STATUSES).describe('met: on or better than the target; not_computable: no value'),
    }),
  ),
});

export const attainmentSchema = z
  .object({
    goal: goalSchema,
    asOf: z.string(),
    periods: z.array(periodSchema).describe('closed periods (their last day before asOf), oldest first'),
  })
  .meta({ id: 'GoalAttainment' });

function periodJson(p: GoalPeriodResult): z.infer<typeof periodSchema> {
  return { period: p.period, end: p.end, status: p.status, currencies: p.currencies.map((c) => ({ ...c })) };
}

export function attainmentJson(a: GoalAttainment): z.infer<typeof attainmentSchema> {
  return { goal: goalJson(a.goal), asOf: a.asOf, periods: a.periods.map(periodJson) };
}
