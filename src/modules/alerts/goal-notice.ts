/**
 * The notice of a KPI goal missed in a just-closed period — pure. Keyed `goal_missed:<goal>:<period>`,
 * so each goal is told once per period, whatever later checks or a changed target find.
 */
import { GOAL_KPIS, type GoalPeriodResult, type KpiGoal } from '../reports/index.ts';
import type { AlertEvent } from './alert-rules.ts';

const COMPARED = { at_most: 'at most', at_least: 'at least' } as const;

/** The event of `goal` missed in `result`'s period; null when the period was not missed. */
export function goalMissedEvent(goal: KpiGoal, result: GoalPeriodResult): AlertEvent | null {
  if (result.status !== 'missed') return null;
  const values = result.currencies
    .filter((c) => c.status === 'missed')
    .map((c) => `${c.value} in ${c.currency}`)
    .join(', ');
  const kpi = GOAL_KPIS[goal.kpi];
  return {
    eventKey: `goal_missed:${goal.goalId}:${result.period}`,
    ruleId: goal.goalId,
    kind: 'goal_missed',
    title: `Goal "${goal.name}" missed for ${result.period}: ${kpi} ${values} (target ${COMPARED[goal.comparison]} ${goal.target})`,
    subject: { type: 'goal', id: goal.goalId, label: result.period },
    collectorEmail: null,
  };
}
