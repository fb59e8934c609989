/** /v1/dunning: policies, assignments, holds; runs and letters are in dunning-runs.ts. */
import { z } from 'zod';
import { dunningSeams } from '../../modules/communication/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import type { DunningSeams } from '../../modules/dunning/index.ts';
import {
  assignmentInput,
  assignPolicy,
  type CustomerDunning,
  createPolicy,
  getCustomerDunning,
  getPolicyOrThrow,
  holdInput,
  listAssignments,
  listPolicies,
  policyInput,
  policyJson,
  policyPatch,
  releaseHold,
  setHold,
  updatePolicy,
} from '../../modules/dunning/index.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import { policyPresetRoutes } from './dunning-presets.ts';
import { letterPrintingRoutes } from './dunning-printing.ts';
import { runRoutes } from './dunning-runs.ts';
import { assignmentsSchema, customerDunningSchema, policySchema } from './dunning-schemas.ts';

const tags = ['dunning'];

function customerDunningJson(c: CustomerDunning) {
  return {
    customerId: c.customerId,
    externalId: c.externalId,
    policy: c.policy ? { id: c.policy.policyId, name: c.policy.name, source: c.policy.source } : null,
    hold: c.hold
      ? { reason: c.hold.reason, until: c.hold.until, since: c.hold.since?.toISOString() ?? null }
      : null,
    handedOver: c.handedOver,
  };
}

/**
 * The dunning routes; `seams` are the collections exclusions and the outbox hook (by default the
 * real ones: disputed and promised invoices left out, email letters queued with their statement).
 */
export function dunningRoutes(app: Api, deps: CoreDeps, seams: DunningSeams = dunningSeams(deps)): void {
  policyPresetRoutes(app, deps);
  policyRoutes(app, deps);
  customerRoutes(app, deps);
  runRoutes(app, deps, seams);
  letterPrintingRoutes(app, deps);
}

function policyRoutes(app: Api, deps: CoreDeps): void {
  listDunningPoliciesRoute(app, deps);
  getDunningPolicyRoute(app, deps);
  createDunningPolicyRoute(app, deps);
  updateDunningPolicyRoute(app, deps);
  listDunningAssignmentsRoute(app, deps);
  assignDunningPolicyRoute(app, deps);
}

function listDunningPoliciesRoute(app: Api, deps: CoreDeps): void {
  app.get('/dunning/policies', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listDunningPolicies',
      summary: 'List dunning policies',
      description: 'By name; cursor-paginated.',
      querystring: z.object(pageQuery),
      response: { 200: pageOf(policySchema), ...errors },
    },
    handler: async (req) => {
      const after = decodeCursor(req.query.cursor, 'text');
      const all = (await listPolicies(deps.db, principalOf(req).tenantId)).filter(
        (p) => !after || p.name > after,
      );
      const page = all.slice(0, req.query.limit);
      const more = all.length > req.query.limit;
      return {
        items: page.map(policyJson),
        nextCursor: encodeCursor(more ? (page.at(-1)?.name ?? null) : null),
      };
    },
  });
}

function getDunningPolicyRoute(app: Api, deps: CoreDeps): void {
  app.get('/dunning/policies/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getDunningPolicy',
      summary: 'Get a dunning policy by id or name',
      params: idParam('policy id or name'),
      response: { 200: policySchema, ...errors },
    },
    handler: async (req) =>
      policyJson(await getPolicyOrThrow(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}

function createDunningPolicyRoute(app: Api, deps: CoreDeps): void {
  app.post('/dunning/policies', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createDunningPolicy',
      summary: 'Create a dunning policy',
      description:
        'Levels in strictly increasing offsetDays; fees and minimums per currency; statutory interest as base rates (with effective dates) + margin. 422 names every bad field; 409 on a duplicate name.',
      headers: idempotencyHeaders,
      body: policyInput,
      response: { 201: policySchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) =>
        policyJson(await createPolicy(d, principalOf(req).tenantId, req.body)),
      ),
  });
}

function updateDunningPolicyRoute(app: Api, deps: CoreDeps): void {
  app.patch('/dunning/policies/:id', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'updateDunningPolicy',
      summary: 'Change a dunning policy',
      description:
        'Given fields replace the stored ones; `levels` replaces every level; `interest: null` removes interest.',
      params: idParam('policy id or name'),
      body: policyPatch,
      response: { 200: policySchema, ...errors },
    },
    handler: async (req) =>
      policyJson(await updatePolicy(deps, principalOf(req).tenantId, req.params.id, req.body)),
  });
}

function listDunningAssignmentsRoute(app: Api, deps: CoreDeps): void {
  app.get('/dunning/assignments', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listDunningAssignments',
      summary: 'Policies assigned to categories and customers, and the default',
      response: { 200: assignmentsSchema, ...errors },
    },
    handler: async (req) => listAssignments(deps.db, principalOf(req).tenantId),
  });
}

function assignDunningPolicyRoute(app: Api, deps: CoreDeps): void {
  app.post('/dunning/assignments', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'assignDunningPolicy',
      summary: 'Assign a policy to a customer or a (sub)category',
      description:
        'A customer’s own policy wins over its subcategory’s, which wins over its category’s, then the default.',
      headers: idempotencyHeaders,
      body: assignmentInput,
      response: {
        200: z.object({
          target: z.enum(['customer', 'category']),
          id: z.string(),
          policyId: z.string().nullable(),
        }),
        ...errors,
      },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) => assignPolicy(d, principalOf(req).tenantId, req.body)),
  });
}

const params = idParam('customer id (UUID) or external id');

function customerRoutes(app: Api, deps: CoreDeps): void {
  getCustomerDunningRoute(app, deps);
  holdCustomerDunningRoute(app, deps);
  releaseCustomerDunningHoldRoute(app, deps);
}

function getCustomerDunningRoute(app: Api, deps: CoreDeps): void {
  app.get('/dunning/customers/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getCustomerDunning',
      summary: "A customer's dunning profile: policy and where it comes from, hold, hand-over",
      params,
      response: { 200: customerDunningSchema, ...errors },
    },
    handler: async (req) =>
      customerDunningJson(await getCustomerDunning(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}

function holdCustomerDunningRoute(app: Api, deps: CoreDeps): void {
  app.post('/dunning/customers/:id/hold', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'holdCustomerDunning',
      summary: 'Put a customer on hold from dunning',
      description:
        '`until` is the last day of the hold (inclusive); without it the hold lasts until released.',
      params,
      headers: idempotencyHeaders,
      body: holdInput,
      response: { 200: customerDunningSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) =>
        customerDunningJson(await setHold(d, principalOf(req).tenantId, req.params.id, req.body)),
      ),
  });
}

function releaseCustomerDunningHoldRoute(app: Api, deps: CoreDeps): void {
  app.delete('/dunning/customers/:id/hold', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'releaseCustomerDunningHold',
      summary: "Release a customer's dunning hold",
      params,
      response: { 200: customerDunningSchema, ...errors },
    },
    handler: async (req) =>
      customerDunningJson(await releaseHold(deps, principalOf(req).tenantId, req.params.id)),
  });
}
