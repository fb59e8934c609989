/** /v1/activities: the customers' activity log — read it, log a call, email, note, meeting or letter. */
import { z } from 'zod';
import {
  ACTIVITY_EVENTS,
  ACTIVITY_KINDS,
  listActivities,
  logActivityInput,
  recordActivity,
} from '../../modules/activities/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { activitySchema, activityViews } from './activities.schemas.ts';
import { type Api, errors, idempotencyHeaders } from './common.ts';
import { actorOf } from './shared-views.ts';

const tags = ['activities'];

const listQuery = z.object({
  ...pageQuery,
  customer: z.string().min(1).optional().describe('customer id or external id'),
  kind: z.enum(ACTIVITY_KINDS).optional(),
  event: z.enum(ACTIVITY_EVENTS).optional().describe('a system event'),
});

/** Registers each route of the module (one small function per route, below). */
export function activityRoutes(app: Api, deps: CoreDeps): void {
  listActivitiesRoute(app, deps);
  logActivityRoute(app, deps);
}

function listActivitiesRoute(app: Api, deps: CoreDeps): void {
  app.get('/activities', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listActivities',
      summary: 'The activity log, newest first',
      description: 'Calls, emails, notes, meetings, letters and system events, by when they happened.',
      querystring: listQuery,
      response: { 200: pageOf(activitySchema), ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      const q = req.query;
      const cursor = decodeCursor(q.cursor, 'text');
      const page = await listActivities(deps.db, tenantId, {
        limit: q.limit,
        ...(q.customer ? { customer: q.customer } : {}),
        ...(q.kind ? { kinds: [q.kind] } : {}),
        ...(q.event ? { event: q.event } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return {
        items: await activityViews(deps.db, tenantId, page.activities),
        nextCursor: encodeCursor(page.nextCursor),
      };
    },
  });
}

function logActivityRoute(app: Api, deps: CoreDeps): void {
  app.post('/activities', {
    config: { access: 'collect' },
    schema: {
      tags,
      operationId: 'logActivity',
      summary: 'Log a call, email, note, meeting or letter on a customer',
      description: 'The author is the API key (its label, or its id); `occurredAt` defaults to now.',
      headers: idempotencyHeaders,
      body: logActivityInput,
      response: { 201: activitySchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) => {
        const principal = principalOf(req);
        const row = await recordActivity(d, principal.tenantId, req.body, actorOf(principal));
        const [view] = await activityViews(d.db, principal.tenantId, [row]);
        return view;
      }),
  });
}
