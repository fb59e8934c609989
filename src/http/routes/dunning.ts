/** /v1/dunning: policies, assignments, holds, runs and letters. */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  assignmentInput,
  holdInput,
  policyInput,
  policyPatch,
  runInput,
} from '../../modules/dunning/dunning.input.ts';
import { LETTER_STATUSES } from '../../modules/dunning/dunning.types.ts';
import {
  dunningRunJson,
  letterDetailJson,
  letterJson,
  policyJson,
} from '../../modules/dunning/dunning-json.ts';
import type { DunningRun } from '../../modules/dunning/letters.service.ts';
import {
  getLetterOrThrow,
  getRunOrThrow,
  listLetters,
  listRuns,
} from '../../modules/dunning/letters.service.ts';
import {
  assignPolicy,
  type CustomerDunning,
  createPolicy,
  getCustomerDunning,
  getPolicyOrThrow,
  listAssignments,
  listPolicies,
  releaseHold,
  setHold,
  updatePolicy,
} from '../../modules/dunning/policies.service.ts';
import { type DunningSeams, noDunningSeams, runDunning } from '../../modules/dunning/run.service.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import {
  assignmentsSchema,
  customerDunningSchema,
  letterDetailSchema,
  letterSchema,
  policySchema,
  runResultSchema,
  runSchema,
} from './dunning-schemas.ts';

const tags = ['dunning'];

function runJson(r: DunningRun) {
  return {
    id: r.runId,
    asOf: r.asOf,
    letters: r.letterCount,
    invoices: r.noticeCount,
    skippedInvoices: r.skippedCount,
    createdAt: r.createdAt.toISOString(),
  };
}

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

/** The dunning routes; `seams` are the collections exclusions and the outbox hook (default: none). */
export function dunningRoutes(app: Api, deps: CoreDeps, seams: DunningSeams = noDunningSeams): void {
  policyRoutes(app, deps);
  customerRoutes(app, deps);
  runRoutes(app, deps, seams);
}

function policyRoutes(app: Api, deps: CoreDeps): void {
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

function customerRoutes(app: Api, deps: CoreDeps): void {
  const params = idParam('customer id (UUID) or external id');
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

function runRoutes(app: Api, deps: CoreDeps, seams: DunningSeams): void {
  app.post('/dunning/runs', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'runDunning',
      summary: 'Run dunning for a day (or preview it)',
      description:
        'Plans the letters due on `asOf` (default today) and, unless `dryRun`, records them with their notices and fee/interest open items (201). A second run for the same day records no new letter. Dry run: 200, nothing recorded.',
      headers: idempotencyHeaders,
      body: runInput,
      response: { 200: runResultSchema, 201: runResultSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, req.body.dryRun ? 200 : 201, async (d) =>
        dunningRunJson(await runDunning(d, principalOf(req).tenantId, req.body, seams)),
      ),
  });

  app.get('/dunning/runs', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listDunningRuns',
      summary: 'Recorded dunning runs, newest first',
      querystring: z.object(pageQuery),
      response: { 200: pageOf(runSchema), ...errors },
    },
    handler: async (req) => {
      const cursor = decodeCursor(req.query.cursor, 'uuid');
      const page = await listRuns(deps.db, principalOf(req).tenantId, {
        limit: req.query.limit,
        ...(cursor ? { cursor } : {}),
      });
      return { items: page.runs.map(runJson), nextCursor: encodeCursor(page.nextCursor) };
    },
  });

  app.get('/dunning/runs/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getDunningRun',
      summary: 'One recorded run (its letters: /v1/dunning/letters?run=)',
      params: idParam('run id'),
      response: { 200: runSchema, ...errors },
    },
    handler: async (req) => runJson(await getRunOrThrow(deps.db, principalOf(req).tenantId, req.params.id)),
  });

  app.get('/dunning/letters', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listDunningLetters',
      summary: 'Dunning letters, newest first',
      querystring: z.object({
        ...pageQuery,
        customer: z.string().min(1).optional().describe('customer id or external id'),
        run: z.uuid().optional().describe('run id'),
        status: z.enum(LETTER_STATUSES).optional(),
      }),
      response: { 200: pageOf(letterSchema), ...errors },
    },
    handler: async (req) => {
      const q = req.query;
      const cursor = decodeCursor(q.cursor, 'uuid');
      const page = await listLetters(deps.db, principalOf(req).tenantId, {
        limit: q.limit,
        ...(q.customer ? { customer: q.customer } : {}),
        ...(q.run ? { runId: q.run } : {}),
        ...(q.status ? { status: q.status } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return { items: page.letters.map(letterJson), nextCursor: encodeCursor(page.nextCursor) };
    },
  });

  app.get('/dunning/letters/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getDunningLetter',
      summary: 'One letter with its invoices and the interest arithmetic per invoice',
      params: idParam('letter id'),
      response: { 200: letterDetailSchema, ...errors },
    },
    handler: async (req) =>
      letterDetailJson(await getLetterOrThrow(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}
