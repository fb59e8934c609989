/**
 * KPI goals: a target per KPI of the report ("DSO at most 35", "paid within terms at least 90 %"),
 * per period kind and currency scope. The target is an exact decimal kept as a scaled integer
 * (hundredths: "35.5" → 3550), the precision the KPI report shows its figures in.
 */
import { sql } from 'drizzle-orm';
import { bigint, check, jsonb, pgTable, primaryKey, text, uuid } from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';

export const kpiGoals = pgTable(
  'kpi_goals',
  {
    tenantId: tenantId(),
    goalId: uuid('goal_id').notNull(),
    name: text('name').notNull(),
    /** A key of the KPI report's `kpis` (goal-attainment.ts, GOAL_KPIS). */
    kpi: text('kpi').notNull(),
    comparison: text('comparison').notNull(),
    /** The target × 100, exactly ("35" → 3500, "90.5" → 9050). */
    targetHundredths: bigint('target_hundredths', { mode: 'bigint' }).notNull(),
    periodKind: text('period_kind').notNull(),
    /** ISO 4217; null: each currency with receivables, on its own. */
    currency: text('currency'),
    /** The first period it counts for (`YYYY-MM` or `YYYY-Qn`, as its kind); null: every period. */
    validFrom: text('valid_from'),
    /** Roles told when it is missed. */
    notifyRoles: jsonb('notify_roles').$type<string[]>().notNull(),
    createdAt: instant('created_at').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.goalId] }),
    check('kpi_goals_comparison_check', sql`${t.comparison} in ('at_most','at_least')`),
    check('kpi_goals_period_kind_check', sql`${t.periodKind} in ('month','quarter')`),
  ],
);
