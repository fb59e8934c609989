/**
 * /v1/findings — what the monitoring found, as a review workflow: list, show, confirm or dismiss
 * with a note — and /v1/monitoring — the tenant's monitoring policy and a scan on demand.
 * Admins only: findings name users, their IP addresses and user agents, and customers' bank
 * details (as the audit trail does, docs/audit.md "Who may read it"), and a dismissal closes a
 * security question.
 */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  decideFinding,
  decisionInput,
  getFindingOrThrow,
  getMonitoringPolicy,
  listFindings,
  monitoringPolicySchema,
  runMonitoringScan,
  setMonitoringPolicy,
} from '../../modules/findings/index.ts';
import { principalOf } from '../auth.ts';
import { decodeCursor, encodeCursor, pageOf } from '../pagination.ts';
import { type Api, errors } from './common.ts';
import {
  findingJson,
  findingListQuery,
  findingSchema,
  monitoringPolicyViewSchema,
  policyViewJson,
  scanSummarySchema,
} from './findings.schemas.ts';

const tags = ['findings'];
const idParam = z.object({ id: z.string().min(1).describe('finding id (UUID)') });

export function findingRoutes(app: Api, deps: CoreDeps): void {
  listFindingsRoute(app, deps);
  getFindingRoute(app, deps);
  decideRoute(app, deps, 'confirm');
  decideRoute(app, deps, 'dismiss');
  monitoringPolicyRoutes(app, deps);
  monitoringScanRoute(app, deps);
}

function listFindingsRoute(app: Api, deps: CoreDeps): void {
  app.get('/findings', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'listFindings',
      summary: 'Findings of the monitoring, newest first',
      description:
        'Invoices issued outside the policy, refunds after a change of bank details, sign-ins from a new place, repeated failed sign-ins (docs/monitoring.md). Filters combine with AND.',
      querystring: findingListQuery,
      response: { 200: pageOf(findingSchema), ...errors },
    },
    handler: async (req) => {
      const { limit, cursor, ...filter } = req.query;
      const page = await listFindings(deps.db, principalOf(req).tenantId, filter, {
        limit,
        beforeId: decodeCursor(cursor, 'uuid'),
      });
      return { items: page.findings.map(findingJson), nextCursor: encodeCursor(page.nextBeforeId) };
    },
  });
}

function getFindingRoute(app: Api, deps: CoreDeps): void {
  app.get('/findings/:id', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'getFinding',
      summary: 'One finding with its evidence and decision',
      params: idParam,
      response: { 200: findingSchema, ...errors },
    },
    handler: async (req) =>
      findingJson(await getFindingOrThrow(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}

function decideRoute(app: Api, deps: CoreDeps, verb: 'confirm' | 'dismiss'): void {
  app.post(`/findings/:id/${verb}`, {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: verb === 'confirm' ? 'confirmFinding' : 'dismissFinding',
      summary:
        verb === 'confirm'
          ? 'Confirm a finding (it was what it looked like)'
          : 'Dismiss a finding (it was fine)',
      description:
        'Only an open finding can be decided (else 409 `invalid_state`); the note is required and is kept with the finding and in the audit trail.',
      params: idParam,
      body: decisionInput,
      response: { 200: findingSchema, ...errors },
    },
    handler: async (req) => {
      const status = verb === 'confirm' ? 'confirmed' : 'dismissed';
      const { tenantId } = principalOf(req);
      return findingJson(await decideFinding(deps, tenantId, req.params.id, status, req.body));
    },
  });
}

function monitoringPolicyRoutes(app: Api, deps: CoreDeps): void {
  app.get('/monitoring/policy', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'getMonitoringPolicy',
      summary: 'The monitoring policy in effect (the defaults until one is set) and the scan’s progress',
      response: { 200: monitoringPolicyViewSchema, ...errors },
    },
    handler: async (req) => policyViewJson(await getMonitoringPolicy(deps.db, principalOf(req).tenantId)),
  });
  app.put('/monitoring/policy', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'setMonitoringPolicy',
      summary: 'Replace the monitoring policy (the whole policy; recorded in the audit trail)',
      body: monitoringPolicySchema,
      response: { 200: monitoringPolicyViewSchema, ...errors },
    },
    handler: async (req) =>
      policyViewJson(await setMonitoringPolicy(deps, principalOf(req).tenantId, req.body)),
  });
}

function monitoringScanRoute(app: Api, deps: CoreDeps): void {
  app.post('/monitoring/scan', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'runMonitoringScan',
      summary: 'Scan the audit records written since the last scan now (as the 15-minute job does)',
      response: { 200: scanSummarySchema, ...errors },
    },
    handler: async (req) => runMonitoringScan(deps, principalOf(req).tenantId),
  });
}
