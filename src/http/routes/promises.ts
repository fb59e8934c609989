/** /v1/promises: promises to pay — record, cancel, list, and the evaluation that settles them. */
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import {
  cancelPromise,
  cancelPromiseInput,
  evaluatePromises,
  getPromiseOrThrow,
  listPromises,
  makePromise,
  makePromiseInput,
  PROMISE_STATUSES,
  type PromiseView,
} from '../../modules/collections/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { getCustomerRowOrThrow } from '../../modules/customers/index.ts';
import { calendarDate } from '../../modules/invoices/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { promiseEvaluationSchema, promiseSchema } from './collections-schemas.ts';
import { actorOf, promiseEvaluationView, promiseViews } from './collections-views.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';

const tags = ['promises'];
const promiseId = idParam('promise id (UUID)');

const listQuery = z.object({
  ...pageQuery,
  status: z.enum(PROMISE_STATUSES).optional(),
  customer: z.string().min(1).optional().describe('customer id or external id'),
});

async function view(q: Queryable, tenantId: string, promise: PromiseView) {
  const [out] = await promiseViews(q, tenantId, [promise]);
  return out;
}

export function promiseRoutes(app: Api, deps: CoreDeps): void {
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
      tags,
      operationId: 'listPromises',
      summary: 'List promises to pay',
      description: 'In the order they were made; cursor-paginated.',
      querystring: listQuery,
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
      tags,
      operationId: 'getPromise',
      summary: 'Get a promise to pay',
      params: promiseId,
      response: { 200: promiseSchema, ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      return view(deps.db, tenantId, await getPromiseOrThrow(deps.db, tenantId, req.params.id));
    },
  });
}

function makePromiseRoute(app: Api, deps: CoreDeps): void {
  app.post('/promises', {
    config: { access: 'collect' },
    schema: {
      tags,
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
        return view(d.db, principal.tenantId, row);
      }),
  });
}

function cancelPromiseRoute(app: Api, deps: CoreDeps): void {
  app.post('/promises/:id/cancel', {
    config: { access: 'collect' },
    schema: {
      tags,
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
        return view(d.db, principal.tenantId, row);
      }),
  });
}

function checkPromisesRoute(app: Api, deps: CoreDeps): void {
  app.post('/promises/check', {
    config: { access: 'collect' },
    schema: {
      tags,
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
