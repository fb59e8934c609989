/** All SQL of KPI goals: the goal rows of a tenant. */
import { and, asc, eq } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { kpiGoals } from './goals.tables.ts';

export type GoalRow = typeof kpiGoals.$inferSelect;

export async function insertGoal(tx: Tx, row: typeof kpiGoals.$inferInsert): Promise<void> {
  await tx.insert(kpiGoals).values(row);
}

export async function updateGoalRow(tx: Tx, tenantId: string, goalId: string, patch: Partial<GoalRow>) {
  await tx
    .update(kpiGoals)
    .set(patch)
    .where(and(eq(kpiGoals.tenantId, tenantId), eq(kpiGoals.goalId, goalId)));
}

export async function deleteGoalRow(tx: Tx, tenantId: string, goalId: string): Promise<void> {
  await tx.delete(kpiGoals).where(and(eq(kpiGoals.tenantId, tenantId), eq(kpiGoals.goalId, goalId)));
}

export async function findGoal(q: Queryable, tenantId: string, goalId: string): Promise<GoalRow | null> {
  const [row] = await q
    .select()
    .from(kpiGoals)
    .where(and(eq(kpiGoals.tenantId, tenantId), eq(kpiGoals.goalId, goalId)));
  return row ?? null;
}

export function selectGoals(q: Queryable, tenantId: string): Promise<GoalRow[]> {
  return q
    .select()
    .from(kpiGoals)
    .where(eq(kpiGoals.tenantId, tenantId))
    .orderBy(asc(kpiGoals.name), asc(kpiGoals.goalId));
}
