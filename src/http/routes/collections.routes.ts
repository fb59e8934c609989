/**
 * Collections over HTTP: /v1/collectors, /v1/assignments and /v1/collections/settings (who works
 * which customers, and how), /v1/promises (promises to pay and their evaluation) and /v1/worklist
 * (the customers to contact today, best first, with the reasons).
 */
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import {
  assignmentInput,
  cancelPromise,
  cancelPromiseInput,
  collectionSettingsPatch,
  collectorForEmail,
  collectorForKey,
  createCollector,
  createCollectorInput,
  evaluatePromises,
  getCollectionSettings,
  getCollectorOrThrow,
  getPromiseOrThrow,
  getWorklist,
  listAssignments,
  listCollectors,
  listPromises,
  makePromise,
  makePromiseInput,
  PROMISE_STATUSES,
  type PromiseView,
  setAssignments,
  updateCollectionSettings,
  updateCollector,
  updateCollectorInput,
} from '../../modules/collections/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { getCustomerRowOrThrow } from '../../modules/customers/index.ts';
import { calendarDate } from '../../modules/invoices/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { validationFailed } from '../../shared/errors.ts';
import { type Principal, principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import {
  assignmentSchema,
  collectionSettingsSchema,
  collectorJson,
  collectorSchema,
  promiseEvaluationSchema,
  promiseEvaluationView,
  promiseSchema,
  promiseViews,
  worklistItemJson,
  worklistItemSchema,
} from './collections.schemas.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import { actorOf } from './shared-views.ts';

const collectorTags = ['collectors'];

const collectorId = idParam('collector id (UUID)');

/** Registers the collections routes: collectors and assignments, promises, the worklist. */
export function collectionRoutes(app: Api, deps: CoreDeps): void {
  collectorRoutes(app, deps);
  promiseRoutes(app, deps);
  worklistRoutes(app, deps);
}

function collectorRoutes(app: Api, deps: CoreDeps): void {
  listCollectorsRoute(app, deps);
  getCollectorRoute(app, deps);
  createCollectorRoute(app, deps);
  updateCollectorRoute(app, deps);
  listAssignmentsRoute(app, deps);
  assignCustomersRoute(app, deps);
  getCollectionSettingsRoute(app, deps);
  updateCollectionSettingsRoute(app, deps);
}

function listCollectorsRoute(app: Api, deps: CoreDeps): void {
  app.get('/collectors', {
    config: { access: 'read' },
    schema: {
      tags: collectorTags,
      operationId: 'listCollectors',
      summary: 'List collectors with their number of customers',
      description: 'By name. Not paginated (a short list).',
      response: { 200: z.object({ items: z.array(collectorSchema) }), ...errors },
    },
    handler: async (req) => ({
      items: (await listCollectors(deps.db, principalOf(req).tenantId)).map(collectorJson),
    }),
  });
}

function getCollectorRoute(app: Api, deps: CoreDeps): void {
  app.get('/collectors/:id', {
    config: { access: 'read' },
    schema: {
      tags: collectorTags,
      operationId: 'getCollector',
      summary: 'Get a collector',
      params: collectorId,
      response: { 200: collectorSchema, ...errors },
    },
    handler: async (req) =>
      collectorJson(await getCollectorOrThrow(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}

function createCollectorRoute(app: Api, deps: CoreDeps): void {
  app.post('/collectors', {
    config: { access: 'write' },
    schema: {
      tags: collectorTags,
      operationId: 'createCollector',
      summary: 'Create a collector',
      description:
        'The email is unique in the tenant (409). `apiKey` links the key the collector works with (`?collector=me`).',
      headers: idempotencyHeaders,
      body: createCollectorInput,
      response: { 201: collectorSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) =>
        collectorJson(await createCollector(d.db, principalOf(req).tenantId, req.body)),
      ),
  });
}

function updateCollectorRoute(app: Api, deps: CoreDeps): void {
  app.patch('/collectors/:id', {
    config: { access: 'write' },
    schema: {
      tags: collectorTags,
      operationId: 'updateCollector',
      summary: 'Change a collector',
      description: '`active: false` also unassigns its customers; `apiKey: null` unlinks the key.',
      params: collectorId,
      body: updateCollectorInput,
      response: { 200: collectorSchema, ...errors },
    },
    handler: async (req) =>
      collectorJson(await updateCollector(deps.db, principalOf(req).tenantId, req.params.id, req.body)),
  });
}

function listAssignmentsRoute(app: Api, deps: CoreDeps): void {
  app.get('/assignments', {
    config: { access: 'read' },
    schema: {
      tags: collectorTags,
      operationId: 'listAssignments',
      summary: 'Customers with their collector',
      description: 'By customer external id; `collector=unassigned` lists the customers nobody works.',
      querystring: z.object({
        ...pageQuery,
        collector: z.union([z.uuid(), z.literal('unassigned')]).optional(),
      }),
      response: { 200: pageOf(assignmentSchema), ...errors },
    },
    handler: async (req) => {
      const cursor = decodeCursor(req.query.cursor, 'text');
      const page = await listAssignments(deps.db, principalOf(req).tenantId, {
        limit: req.query.limit,
        ...(req.query.collector ? { collector: req.query.collector } : {}),
        ...(cursor !== undefined ? { cursor } : {}),
      });
      return {
        items: page.assignments.map((a) => ({
          customerId: a.customer_id,
          customerExternalId: a.external_id,
          customerName: a.name,
          collectorId: a.collector_id,
          collectorName: a.collector_name,
        })),
        nextCursor: encodeCursor(page.nextCursor),
      };
    },
  });
}

function assignCustomersRoute(app: Api, deps: CoreDeps): void {
  app.post('/assignments', {
    config: { access: 'write' },
    schema: {
      tags: collectorTags,
      operationId: 'assignCustomers',
      summary: 'Assign customers to a collector (or unassign them), in bulk',
      description:
        'Up to 10,000 customers (ids or external ids) per request; an earlier assignment is replaced.',
      headers: idempotencyHeaders,
      body: assignmentInput,
      response: {
        200: z.object({ collectorId: z.string().nullable(), customers: z.number().int() }),
        ...errors,
      },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) => setAssignments(d.db, principalOf(req).tenantId, req.body)),
  });
}

function getCollectionSettingsRoute(app: Api, deps: CoreDeps): void {
  app.get('/collections/settings', {
    config: { access: 'read' },
    schema: {
      tags: collectorTags,
      operationId: 'getCollectionSettings',
      summary: 'Collection settings of the tenant',
      response: { 200: collectionSettingsSchema, ...errors },
    },
    handler: (req) => getCollectionSettings(deps.db, principalOf(req).tenantId),
  });
}

function updateCollectionSettingsRoute(app: Api, deps: CoreDeps): void {
  app.patch('/collections/settings', {
    config: { access: 'write' },
    schema: {
      tags: collectorTags,
      operationId: 'updateCollectionSettings',
      summary: 'Change collection settings',
      description: 'The grace days apply to promises made from now on (each promise keeps the date it got).',
      body: collectionSettingsPatch,
      response: { 200: collectionSettingsSchema, ...errors },
    },
    handler: (req) => updateCollectionSettings(deps.db, principalOf(req).tenantId, req.body),
  });
}

const promiseTags = ['promises'];

const promiseId = idParam('promise id (UUID)');

const promiseListQuery = z.object({
  ...pageQuery,
  status: z.enum(PROMISE_STATUSES).optional(),
  customer: z.string().min(1).optional().describe('customer id or external id'),
  promisedBy: calendarDate
    .optional()
    .describe('only promises whose promised date is on or before this day (with status=open: those due)'),
});

async function promiseDetailView(q: Queryable, tenantId: string, promise: PromiseView) {
  const [out] = await promiseViews(q, tenantId, [promise]);
  return out;
}

function promiseRoutes(app: Api, deps: CoreDeps): void {
  listPromisesRoute(app, deps);
  getPromiseRoute(app, deps);
  makePromiseRoute(app, deps);
  cancelPromiseRoute(app, deps);
  checkPromisesRoute(app, deps);
}

function listPromisesRoute(app: Api, deps: CoreDeps): void {
  app.get('/promises', {
    config: { access: 'read' },
    schema: {
      tags: promiseTags,
      operationId: 'listPromises',
      summary: 'List promises to pay',
      description: 'In the order they were made; cursor-paginated.',
      querystring: promiseListQuery,
      response: { 200: pageOf(promiseSchema), ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      const q = req.query;
      const cursor = decodeCursor(q.cursor, 'uuid');
      const customerId = q.customer
        ? (await getCustomerRowOrThrow(deps.db, tenantId, q.customer)).customerId
        : undefined;
      const page = await listPromises(deps.db, tenantId, {
        limit: q.limit,
        ...(q.status ? { status: q.status } : {}),
        ...(customerId ? { customerId } : {}),
        ...(q.promisedBy ? { promisedBy: q.promisedBy } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return {
        items: await promiseViews(deps.db, tenantId, page.promises),
        nextCursor: encodeCursor(page.nextCursor),
      };
    },
  });
}

function getPromiseRoute(app: Api, deps: CoreDeps): void {
  app.get('/promises/:id', {
    config: { access: 'read' },
    schema: {
      tags: promiseTags,
      operationId: 'getPromise',
      summary: 'Get a promise to pay',
      params: promiseId,
      response: { 200: promiseSchema, ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      return promiseDetailView(deps.db, tenantId, await getPromiseOrThrow(deps.db, tenantId, req.params.id));
    },
  });
}

function makePromiseRoute(app: Api, deps: CoreDeps): void {
  app.post('/promises', {
    config: { access: 'collect' },
    schema: {
      tags: promiseTags,
      operationId: 'makePromise',
      summary: 'Record a promise to pay',
      description:
        "For the invoices named (amount defaults to their open amount) or, without invoices, the customer overall (amount required). Kept when paid by the promised date + the tenant's grace days; until then the invoices are left out of dunning and of the worklist's overdue amount.",
      headers: idempotencyHeaders,
      body: makePromiseInput,
      response: { 201: promiseSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) => {
        const principal = principalOf(req);
        const row = await makePromise(d, principal.tenantId, req.body, actorOf(principal));
        return promiseDetailView(d.db, principal.tenantId, row);
      }),
  });
}

function cancelPromiseRoute(app: Api, deps: CoreDeps): void {
  app.post('/promises/:id/cancel', {
    config: { access: 'collect' },
    schema: {
      tags: promiseTags,
      operationId: 'cancelPromise',
      summary: 'Cancel an open promise',
      params: promiseId,
      headers: idempotencyHeaders,
      body: cancelPromiseInput.optional(),
      response: { 200: promiseSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) => {
        const principal = principalOf(req);
        const row = await cancelPromise(
          d,
          principal.tenantId,
          req.params.id,
          req.body ?? {},
          actorOf(principal),
        );
        return promiseDetailView(d.db, principal.tenantId, row);
      }),
  });
}

function checkPromisesRoute(app: Api, deps: CoreDeps): void {
  app.post('/promises/check', {
    config: { access: 'collect' },
    schema: {
      tags: promiseTags,
      operationId: 'checkPromises',
      summary: 'Settle the open promises as of a date (kept or broken)',
      description:
        'What the daily job runs (the CLI: `cashloop promises check`). Idempotent: a second run for the same day changes nothing. Broken promises are logged and flagged on the worklist.',
      headers: idempotencyHeaders,
      body: z
        .object({ asOf: calendarDate.optional().describe('default: today') })
        .strict()
        .optional(),
      response: { 200: promiseEvaluationSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) => {
        const { tenantId } = principalOf(req);
        const asOf = req.body?.asOf ?? todayUtc(d.clock.now());
        return promiseEvaluationView(d.db, tenantId, await evaluatePromises(d, tenantId, asOf));
      }),
  });
}

const worklistQuery = z.object({
  ...pageQuery,
  collector: z
    .union([z.uuid(), z.enum(['me', 'unassigned'])])
    .optional()
    .describe('a collector id, `me` (the collector linked to this API key) or `unassigned`'),
  asOf: calendarDate.optional().describe('default: today'),
});

function worklistRoutes(app: Api, deps: CoreDeps): void {
  getWorklistRoute(app, deps);
}

function getWorklistRoute(app: Api, deps: CoreDeps): void {
  app.get('/worklist', {
    config: { access: 'read' },
    schema: {
      tags: ['worklist'],
      operationId: 'getWorklist',
      summary: 'The collector worklist',
      description:
        'Customers with collectible overdue amounts, ordered by the expected value of a contact today (overdue × lateness × payment history × broken promise; see docs/collections.md), with the reasons in words. Cursor-paginated.',
      querystring: worklistQuery,
      response: {
        200: z.object({
          asOf: z.string(),
          total: z.number().int().describe('customers on the worklist (all pages)'),
          items: z.array(worklistItemSchema),
          nextCursor: z.string().nullable(),
        }),
        ...errors,
      },
    },
    handler: async (req) => {
      const principal = principalOf(req);
      const q = req.query;
      const cursor = decodeCursor(q.cursor, 'text');
      const collector = q.collector === 'me' ? await myCollector(deps, principal) : q.collector;
      const asOf = q.asOf ?? todayUtc(deps.clock.now());
      const page = await getWorklist(deps.db, principal.tenantId, {
        asOf,
        limit: q.limit,
        ...(collector ? { collector } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return {
        asOf: page.asOf,
        total: page.total,
        items: page.items.map((item, i) => worklistItemJson(item, page.firstRank + i)),
        nextCursor: encodeCursor(page.nextCursor),
      };
    },
  });
}

/** `me`: the collector linked to the API key, or for a signed-in user the one with their e-mail. */
async function myCollector(deps: CoreDeps, principal: Principal): Promise<string> {
  if (principal.kind === 'user') {
    const collector = await collectorForEmail(deps.db, principal.tenantId, principal.email);
    if (!collector)
      throw validationFailed('no collector has your e-mail address', [
        { field: 'collector', message: `add a collector with the e-mail ${principal.email}` },
      ]);
    return collector.collectorId;
  }
  const collector = await collectorForKey(deps.db, principal.tenantId, principal.keyId);
  if (!collector)
    throw validationFailed('this API key is not linked to a collector', [
      { field: 'collector', message: 'link the key to a collector (PATCH /v1/collectors/{id} {apiKey})' },
    ]);
  return collector.collectorId;
}
