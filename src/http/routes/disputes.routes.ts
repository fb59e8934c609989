/** /v1/disputes: open a dispute on an invoice, add notes, resolve it by a credit note or reject it. */
import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { getCustomerRowOrThrow } from '../../modules/customers/index.ts';
import {
  addDisputeNote,
  DISPUTE_STATUSES,
  disputeNoteInput,
  getDisputeDetail,
  listDisputes,
  openDispute,
  openDisputeInput,
  rejectDispute,
  rejectDisputeInput,
  resolveDispute,
  resolveDisputeInput,
} from '../../modules/disputes/index.ts';
import { getInvoiceRowOrThrow } from '../../modules/invoices/index.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import { disputeDetailSchema, disputeDetailView, disputeSchema, disputeViews } from './disputes.schemas.ts';
import { actorOf } from './shared-views.ts';

const tags = ['disputes'];
const disputeId = idParam('dispute id (UUID)');

const listQuery = z.object({
  ...pageQuery,
  status: z.enum(DISPUTE_STATUSES).optional(),
  customer: z.string().min(1).optional().describe('customer id or external id'),
  invoice: z.string().min(1).optional().describe('invoice id or number'),
});

async function detail(q: Queryable, tenantId: string, id: string) {
  return disputeDetailView(q, tenantId, await getDisputeDetail(q, tenantId, id));
}

/** Registers each route of the module (one small function per route, below). */
export function disputeRoutes(app: Api, deps: CoreDeps): void {
  listDisputesRoute(app, deps);
  getDisputeRoute(app, deps);
  openDisputeRoute(app, deps);
  addDisputeNoteRoute(app, deps);
  resolveDisputeRoute(app, deps);
  rejectDisputeRoute(app, deps);
}

function listDisputesRoute(app: Api, deps: CoreDeps): void {
  app.get('/disputes', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listDisputes',
      summary: 'List disputes',
      description: 'In the order they were opened; cursor-paginated.',
      querystring: listQuery,
      response: { 200: pageOf(disputeSchema), ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      const q = req.query;
      const cursor = decodeCursor(q.cursor, 'uuid');
      const customerId = q.customer
        ? (await getCustomerRowOrThrow(deps.db, tenantId, q.customer)).customerId
        : undefined;
      const invoiceId = q.invoice
        ? (await getInvoiceRowOrThrow(deps.db, tenantId, q.invoice)).invoiceId
        : undefined;
      const page = await listDisputes(deps.db, tenantId, {
        limit: q.limit,
        ...(q.status ? { status: q.status } : {}),
        ...(customerId ? { customerId } : {}),
        ...(invoiceId ? { invoiceId } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return {
        items: await disputeViews(deps.db, tenantId, page.disputes),
        nextCursor: encodeCursor(page.nextCursor),
      };
    },
  });
}

function getDisputeRoute(app: Api, deps: CoreDeps): void {
  app.get('/disputes/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getDispute',
      summary: 'Get a dispute with its notes',
      params: disputeId,
      response: { 200: disputeDetailSchema, ...errors },
    },
    handler: (req) => detail(deps.db, principalOf(req).tenantId, req.params.id),
  });
}

function openDisputeRoute(app: Api, deps: CoreDeps): void {
  app.post('/disputes', {
    config: { access: 'collect' },
    schema: {
      tags,
      operationId: 'openDispute',
      summary: 'Open a dispute on an invoice',
      description:
        'For the open amount unless `amount` says less; one open dispute per invoice (409). Pauses dunning for the invoice and takes it off the worklist.',
      headers: idempotencyHeaders,
      body: openDisputeInput,
      response: { 201: disputeDetailSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) => {
        const principal = principalOf(req);
        const row = await openDispute(d, principal.tenantId, req.body, actorOf(principal));
        return detail(d.db, principal.tenantId, row.disputeId);
      }),
  });
}

function addDisputeNoteRoute(app: Api, deps: CoreDeps): void {
  app.post('/disputes/:id/notes', {
    config: { access: 'collect' },
    schema: {
      tags,
      operationId: 'addDisputeNote',
      summary: "Add a note to a dispute's thread",
      params: disputeId,
      headers: idempotencyHeaders,
      body: disputeNoteInput,
      response: { 201: disputeDetailSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) => {
        const principal = principalOf(req);
        const out = await addDisputeNote(d, principal.tenantId, req.params.id, req.body, actorOf(principal));
        return disputeDetailView(d.db, principal.tenantId, out);
      }),
  });
}

function resolveDisputeRoute(app: Api, deps: CoreDeps): void {
  app.post('/disputes/:id/resolve', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'resolveDispute',
      summary: 'Resolve a dispute by a credit note',
      description:
        'Issues a credit note for `creditAmount` (default: the disputed amount, at most the open amount), or links `creditNote`, already issued against the invoice. Posts money: accountant, credit_manager or admin.',
      params: disputeId,
      headers: idempotencyHeaders,
      body: resolveDisputeInput.optional(),
      response: { 200: disputeDetailSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) => {
        const principal = principalOf(req);
        const out = await resolveDispute(
          d,
          principal.tenantId,
          req.params.id,
          req.body ?? {},
          actorOf(principal),
        );
        return disputeDetailView(d.db, principal.tenantId, out);
      }),
  });
}

function rejectDisputeRoute(app: Api, deps: CoreDeps): void {
  app.post('/disputes/:id/reject', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'rejectDispute',
      summary: 'Reject a dispute (dunning resumes)',
      params: disputeId,
      headers: idempotencyHeaders,
      body: rejectDisputeInput,
      response: { 200: disputeDetailSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) => {
        const principal = principalOf(req);
        const out = await rejectDispute(d, principal.tenantId, req.params.id, req.body, actorOf(principal));
        return disputeDetailView(d.db, principal.tenantId, out);
      }),
  });
}
