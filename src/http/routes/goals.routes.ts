/**
 * /v1/analytics/goals — KPI goals ("DSO at most 35", "paid within terms at least 90 %") per month or
 * quarter and currency, and each goal's attainment over the closed periods (docs/analytics.md,
 * "Goals"). Credit managers and admins set goals (as alert rules); every role reads them. A goal
 * missed in its just-closed period is told by the alerts check (docs/alerts.md, `goal_missed`).
 */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  createGoal,
  deleteGoal,
  goalAttainment,
  goalInput,
  listGoals,
  replaceGoal,
} from '../../modules/reports/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { principalOf } from '../auth.ts';
import { attainmentTables } from './analytics-export.ts';
import { type Api, errors } from './common.ts';
import { attainmentJson, attainmentSchema, goalJson, goalSchema } from './goals.schemas.ts';
import { sendExport } from './report-exports.ts';
import { exportFormat, exportResponse } from './reports.schemas.ts';

const tags = ['analytics'];
const idParam = z.object({ id: z.string().min(1).describe('goal id (UUID)') });

/** Registers each route (one small function per route group, below). */
export function goalRoutes(app: Api, deps: CoreDeps): void {
  goalListRoutes(app, deps);
  goalChangeRoutes(app, deps);
  attainmentRoute(app, deps);
  attainmentExportRoute(app, deps);
}

const attainmentQuery = {
  from: z.string().optional().describe('first period, YYYY-MM or YYYY-Qn as the goal'),
  to: z.string().optional().describe('last period; at most the last closed one'),
};

function attainmentExportRoute(app: Api, deps: CoreDeps): void {
  app.get('/analytics/goals/:id/attainment/export', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'exportGoalAttainment',
      summary: 'A KPI goal’s attainment as CSV or XLSX',
      description:
        'The figures of GET /v1/analytics/goals/{id}/attainment (same query): one row per closed period and currency — period, its last day (a date), the combined status, the currency, the KPI value (two decimals; empty when not computable) and its status. XLSX adds a Goal sheet.',
      params: idParam,
      querystring: z.object({ ...attainmentQuery, format: exportFormat }),
      response: { 200: exportResponse, ...errors },
    },
    handler: async (req, reply) => {
      const { from, to, format } = req.query;
      const asOf = todayUtc(deps.clock.now());
      const a = attainmentJson(
        await goalAttainment(deps.db, principalOf(req).tenantId, req.params.id, { from, to, asOf }),
      );
      return sendExport(reply, format, `goal-attainment-${a.goal.id}`, attainmentTables(a));
    },
  });
}

function goalListRoutes(app: Api, deps: CoreDeps): void {
  app.get('/analytics/goals', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listGoals',
      summary: 'The KPI goals, by name',
      response: { 200: z.object({ items: z.array(goalSchema) }), ...errors },
    },
    handler: async (req) => ({ items: (await listGoals(deps.db, principalOf(req).tenantId)).map(goalJson) }),
  });
  app.post('/analytics/goals', {
    config: { access: 'credit' },
    schema: {
      tags,
      operationId: 'createGoal',
      summary: 'Create a KPI goal (recorded in the audit trail)',
      description:
        'A KPI of the KPI report (`kpi`), `at_most` or `at_least` a `target` (a decimal, at most two decimals), per `month` or `quarter`, for one `currency` or (null) each currency on its own, from `validFrom` on. `notifyRoles` are told when a just-closed period misses it (default admin and credit_manager).',
      body: goalInput,
      response: { 201: goalSchema, ...errors },
    },
    handler: async (req, reply) =>
      reply.code(201).send(goalJson(await createGoal(deps, principalOf(req).tenantId, req.body))),
  });
}

function goalChangeRoutes(app: Api, deps: CoreDeps): void {
  app.put('/analytics/goals/:id', {
    config: { access: 'credit' },
    schema: {
      tags,
      operationId: 'replaceGoal',
      summary: 'Replace a KPI goal (the whole goal; before and after in the audit trail)',
      description: 'A period already told as missed is not told again, even when the target changes.',
      params: idParam,
      body: goalInput,
      response: { 200: goalSchema, ...errors },
    },
    handler: async (req) =>
      goalJson(await replaceGoal(deps, principalOf(req).tenantId, req.params.id, req.body)),
  });
  app.delete('/analytics/goals/:id', {
    config: { access: 'credit' },
    schema: {
      tags,
      operationId: 'deleteGoal',
      summary: 'Delete a KPI goal; the notifications it left stay',
      params: idParam,
      response: { 204: z.null().describe('deleted'), ...errors },
    },
    handler: async (req, reply) => {
      await deleteGoal(deps, principalOf(req).tenantId, req.params.id);
      return reply.code(204).send(null);
    },
  });
}

function attainmentRoute(app: Api, deps: CoreDeps): void {
  app.get('/analytics/goals/:id/attainment', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getGoalAttainment',
      summary: 'A KPI goal’s attainment per closed period: the KPI, met, missed or not computable',
      description:
        'For each period of the goal’s kind from `from` to `to` (default: the last 12 months or 4 quarters closed as of today), not before the goal’s `validFrom`: the KPI as GET /v1/reports/kpis computes and shows it (two decimals) per currency, judged against the target — on the target is met; no value (no sales, no receivables) is not_computable. A period is closed when its last day is before today.',
      params: idParam,
      querystring: z.object(attainmentQuery),
      response: { 200: attainmentSchema, ...errors },
    },
    handler: async (req) => {
      const { from, to } = req.query;
      const asOf = todayUtc(deps.clock.now());
      return attainmentJson(
        await goalAttainment(deps.db, principalOf(req).tenantId, req.params.id, { from, to, asOf }),
      );
    },
  });
}
