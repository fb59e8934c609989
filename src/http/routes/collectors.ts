/** /v1/collectors, /v1/assignments and /v1/collections/settings: who works which customers, and how. */
import { z } from 'zod';
import {
  assignmentInput,
  collectionSettingsPatch,
  createCollector,
  createCollectorInput,
  getCollectionSettings,
  getCollectorOrThrow,
  listAssignments,
  listCollectors,
  setAssignments,
  updateCollectionSettings,
  updateCollector,
  updateCollectorInput,
} from '../../modules/collections/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { assignmentSchema, collectorSchema } from './collections-schemas.ts';
import { collectorJson } from './collections-views.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';

const tags = ['collectors'];
const collectorId = idParam('collector id (UUID)');
const settingsSchema = z
  .object({
    promiseGraceDays: z
      .number()
      .int()
      .describe('days after the promised date a payment still keeps a promise'),
  })
  .meta({ id: 'CollectionSettings' });

export function collectorRoutes(app: Api, deps: CoreDeps): void {
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
      tags,
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
      tags,
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
      tags,
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
      tags,
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
      tags,
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
      tags,
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
      tags,
      operationId: 'getCollectionSettings',
      summary: 'Collection settings of the tenant',
      response: { 200: settingsSchema, ...errors },
    },
    handler: (req) => getCollectionSettings(deps.db, principalOf(req).tenantId),
  });
}

function updateCollectionSettingsRoute(app: Api, deps: CoreDeps): void {
  app.patch('/collections/settings', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'updateCollectionSettings',
      summary: 'Change collection settings',
      description: 'The grace days apply to promises made from now on (each promise keeps the date it got).',
      body: collectionSettingsPatch,
      response: { 200: settingsSchema, ...errors },
    },
    handler: (req) => updateCollectionSettings(deps.db, principalOf(req).tenantId, req.body),
  });
}
