/**
 * KPI goals: create, replace, delete and list a tenant's targets per KPI (goals.input.ts), each
 * change recorded in the audit trail with before and after. Their attainment is
 * goal-attainment.service.ts.
 */
import { type Db, type Queryable, withTransaction } from '../../db/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { formatScaled } from '../../shared/decimal.ts';
import { notFound } from '../../shared/errors.ts';
import { isUuid, newId } from '../../shared/ids.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { hundredthsOf } from './goal-attainment.ts';
import { type Comparison, type GoalKpi, goalInput, type PeriodKind } from './goals.input.ts';
import * as repo from './goals.repository.ts';

export interface GoalsDeps {
  readonly db: Db;
  readonly clock: Clock;
}

export interface KpiGoal {
  readonly goalId: string;
  readonly name: string;
  readonly kpi: GoalKpi;
  readonly comparison: Comparison;
  /** The target with two decimals (`"35.00"`); exactly `targetHundredths` ÷ 100. */
  readonly target: string;
  readonly targetHundredths: bigint;
  readonly periodKind: PeriodKind;
  /** null: each currency on its own. */
  readonly currency: string | null;
  readonly validFrom: string | null;
  readonly notifyRoles: readonly string[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

function goalOf(row: repo.GoalRow): KpiGoal {
  return {
    goalId: row.goalId,
    name: row.name,
    kpi: row.kpi as GoalKpi,
    comparison: row.comparison as Comparison,
    target: formatScaled(row.targetHundredths, 2),
    targetHundredths: row.targetHundredths,
    periodKind: row.periodKind as PeriodKind,
    currency: row.currency,
    validFrom: row.validFrom,
    notifyRoles: row.notifyRoles,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
  };
}

/** The tenant's goals, by name. */
export async function listGoals(q: Queryable, tenantId: string): Promise<KpiGoal[]> {
  return (await repo.selectGoals(q, tenantId)).map(goalOf);
}

/** One goal; 404 when the tenant has none with that id. */
export async function getGoalOrThrow(q: Queryable, tenantId: string, goalId: string): Promise<KpiGoal> {
  const row = isUuid(goalId) ? await repo.findGoal(q, tenantId, goalId) : null;
  if (!row) throw notFound('goal', goalId);
  return goalOf(row);
}

function rowOf(raw: unknown) {
  const { target, ...rest } = goalInput.parse(raw);
  return { ...rest, targetHundredths: hundredthsOf(target) };
}

function auditView(g: ReturnType<typeof rowOf> | KpiGoal) {
  return {
    name: g.name,
    kpi: g.kpi,
    comparison: g.comparison,
    target: formatScaled(g.targetHundredths, 2),
    periodKind: g.periodKind,
    currency: g.currency,
    validFrom: g.validFrom,
    notifyRoles: g.notifyRoles,
  };
}

/** Create a goal from its input (goals.input.ts); bad input is refused naming the field. */
export async function createGoal(deps: GoalsDeps, tenantId: string, raw: unknown): Promise<KpiGoal> {
  const row = rowOf(raw);
  const now = deps.clock.now();
  const goalId = newId();
  await withTransaction(deps.db, async (tx) => {
    await repo.insertGoal(tx, { tenantId, goalId, ...row, createdAt: now, updatedAt: now });
    await recordAudit(tx, tenantId, {
      kind: 'kpi_goal.created',
      objectType: 'kpi_goal',
      objectId: goalId,
      changes: changedFields({}, auditView(row)),
    });
  });
  return getGoalOrThrow(deps.db, tenantId, goalId);
}

/** Replace a goal (the whole goal). Notices already given for a period are not given again. */
export async function replaceGoal(deps: GoalsDeps, tenantId: string, goalId: string, raw: unknown) {
  const row = rowOf(raw);
  await withTransaction(deps.db, async (tx) => {
    const before = await getGoalOrThrow(tx, tenantId, goalId);
    await repo.updateGoalRow(tx, tenantId, goalId, { ...row, updatedAt: deps.clock.now() });
    await recordAudit(tx, tenantId, {
      kind: 'kpi_goal.updated',
      objectType: 'kpi_goal',
      objectId: goalId,
      changes: changedFields(auditView(before), auditView(row)),
    });
  });
  return getGoalOrThrow(deps.db, tenantId, goalId);
}

/** Delete a goal; the notices it left stay. */
export async function deleteGoal(deps: GoalsDeps, tenantId: string, goalId: string): Promise<void> {
  await withTransaction(deps.db, async (tx) => {
    const before = await getGoalOrThrow(tx, tenantId, goalId);
    await repo.deleteGoalRow(tx, tenantId, goalId);
    await recordAudit(tx, tenantId, {
      kind: 'kpi_goal.deleted',
      objectType: 'kpi_goal',
      objectId: goalId,
      changes: changedFields(auditView(before), {}),
    });
  });
}
