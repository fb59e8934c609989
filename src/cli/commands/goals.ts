/**
 * `cashloop goals add|list|attainment`: KPI goals as /v1/analytics/goals keeps them (the same
 * services), and a goal's attainment per closed period — the KPI as the KPI report shows it,
 * met, missed or not computable (docs/analytics.md, "Goals").
 */

import { attainmentTables } from '../../http/routes/analytics-export.ts';
import { attainmentJson } from '../../http/routes/goals.schemas.ts';
import {
  createGoal,
  GOAL_KPIS,
  goalAttainment,
  type KpiGoal,
  listGoals,
} from '../../modules/reports/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { table, toJson } from '../io.ts';
import { EXPORT_OPTIONS, EXPORT_USAGE, exportRequest, writeExport } from './export-option.ts';
import { readJsonFile } from './json-file.ts';
import { type CommandSpec, stringOption } from './types.ts';

const COMPARED = { at_most: '≤', at_least: '≥' } as const;

function goalView(g: KpiGoal) {
  return {
    goalId: g.goalId,
    name: g.name,
    kpi: g.kpi,
    comparison: g.comparison,
    target: g.target,
    periodKind: g.periodKind,
    currency: g.currency,
    validFrom: g.validFrom,
    notifyRoles: g.notifyRoles,
  };
}

export const goalsAdd: CommandSpec = {
  name: 'goals add',
  usage: 'cashloop goals add FILE [--json]   (FILE: the goal as JSON, as POST /v1/analytics/goals takes it)',
  options: { json: { type: 'boolean' } },
  positionals: ['FILE'],
  async run({ runtime, io, values, positionals }) {
    const goal = await createGoal(
      runtime.deps,
      runtime.tenant.tenantId,
      await readJsonFile(positionals[0] ?? ''),
    );
    io.stdout(values.json ? toJson(goalView(goal)) : `goal "${goal.name}" created: ${goal.goalId}\n`);
    return 0;
  },
};

export const goalsList: CommandSpec = {
  name: 'goals list',
  usage: 'cashloop goals list [--json]',
  options: { json: { type: 'boolean' } },
  positionals: [],
  async run({ runtime, io, values }) {
    const goals = await listGoals(runtime.deps.db, runtime.tenant.tenantId);
    if (values.json) {
      io.stdout(toJson({ goals: goals.map(goalView) }));
      return 0;
    }
    io.stdout(
      table(
        ['ID', 'NAME', 'GOAL', 'PER', 'CUR', 'FROM'],
        goals.map((g) => [
          g.goalId,
          g.name,
          `${GOAL_KPIS[g.kpi]} ${COMPARED[g.comparison]} ${g.target}`,
          g.periodKind,
          g.currency ?? 'each',
          g.validFrom ?? '—',
        ]),
      ),
    );
    return 0;
  },
};

export const goalsAttainment: CommandSpec = {
  name: 'goals attainment',
  usage: `cashloop goals attainment ID [--from PERIOD] [--to PERIOD] [--json] ${EXPORT_USAGE}`,
  options: { ...EXPORT_OPTIONS, from: { type: 'string' }, to: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['ID'],
  async run({ runtime, io, values, positionals }) {
    const exporting = exportRequest(values);
    const asOf = todayUtc(runtime.deps.clock.now());
    const range = { from: stringOption(values, 'from'), to: stringOption(values, 'to'), asOf };
    const a = await goalAttainment(runtime.deps.db, runtime.tenant.tenantId, positionals[0] ?? '', range);
    if (exporting) return writeExport(io, exporting, attainmentTables(attainmentJson(a)));
    if (values.json) {
      io.stdout(toJson({ goal: goalView(a.goal), asOf: a.asOf, periods: a.periods }));
      return 0;
    }
    const rows = a.periods.flatMap((p) =>
      p.currencies.length === 0
        ? [[p.period, '—', '—', p.status]]
        : p.currencies.map((c) => [p.period, c.currency, c.value ?? '—', c.status]),
    );
    const g = a.goal;
    io.stdout(
      `${g.name}: ${GOAL_KPIS[g.kpi]} ${COMPARED[g.comparison]} ${g.target} per ${g.periodKind}, as of ${a.asOf}\n${table(['PERIOD', 'CUR', 'VALUE', 'STATUS'], rows, [2])}`,
    );
    return 0;
  },
};
