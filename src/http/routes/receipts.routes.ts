/** /v1/receipts and /v1/allocations: money in, its allocation to invoices, refunds and write-offs. */

import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { crossCustomerAllocation, receiptRefund, receiptWriteOff } from '../../modules/approvals/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { calendarDate, getInvoicesByIds } from '../../modules/invoices/index.ts';
import {
  allocateInput,
  disburseInput,
  getReceiptDetail,
  listReceipts,
  recordReceiptInput,
  recordReceiptInTx,
  unapplyAllocationInTx,
} from '../../modules/receipts/index.ts';
import { notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { principalOf } from '../auth.ts';
import { respondInTransaction, respondWithStatusInTransaction } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { approvalPending, gatedAnswer } from './approval-gate.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import { receiptDetailJson, receiptDetailSchema, receiptJson, receiptSchema } from './receipts.schemas.ts';
import { invoiceIdOf } from './shared-views.ts';

const tags = ['receipts'];

type ReceiptDetail = Awaited<ReturnType<typeof getReceiptDetail>>;

/** The receipt as the API shows it: allocations carry their invoice's number. */
async function receiptView(q: Queryable, tenantId: string, detail: ReceiptDetail) {
  const ids = [...new Set(detail.allocations.map((a) => a.invoiceId))];
  const rows = await getInvoicesByIds(q, tenantId, ids);
  return receiptDetailJson(detail, new Map(rows.map((r) => [r.invoiceId, r.number])));
}
const receiptId = idParam('receipt id (UUID)');

const listQuery = z.object({
  ...pageQuery,
  customer: z.string().min(1).optional().describe('customer id or external id'),
  unapplied: z.enum(['true', 'false']).optional().describe('true: only receipts with unapplied cash left'),
  invoice: z
    .string()
    .min(1)
    .optional()
    .describe('invoice id or number: the receipts applied to it (now or once)'),
});

const disbursements = [
  {
    path: 'refund',
    operationId: 'refundReceipt',
    summary: 'Pay unapplied cash back to the customer',
    disburse: receiptRefund,
  },
  {
    path: 'write-off',
    operationId: 'writeOffReceipt',
    summary: 'Write off a (small) unapplied balance',
    disburse: receiptWriteOff,
  },
] as const;

/** Registers each route of the module (one small function per route, below). */
export function receiptRoutes(app: Api, deps: CoreDeps): void {
  listReceiptsRoute(app, deps);
  getReceiptRoute(app, deps);
  recordReceiptRoute(app, deps);
  allocateReceiptRoute(app, deps);
  unapplyAllocationRoute(app, deps);
  disbursementRoutes(app, deps);
}

function listReceiptsRoute(app: Api, deps: CoreDeps): void {
  app.get('/receipts', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listReceipts',
      summary: 'List receipts',
      description: 'In creation order; cursor-paginated.',
      querystring: listQuery,
      response: { 200: pageOf(receiptSchema), ...errors },
    },
    handler: async (req) => {
      const q = req.query;
      const cursor = decodeCursor(q.cursor, 'uuid');
      const page = await listReceipts(deps.db, principalOf(req).tenantId, {
        limit: q.limit,
        ...(q.customer ? { customer: q.customer } : {}),
        ...(q.unapplied === 'true' ? { unappliedOnly: true } : {}),
        ...(q.invoice ? { invoiceId: await invoiceIdOf(deps.db, principalOf(req).tenantId, q.invoice) } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return { items: page.receipts.map(receiptJson), nextCursor: encodeCursor(page.nextCursor) };
    },
  });
}

function getReceiptRoute(app: Api, deps: CoreDeps): void {
  app.get('/receipts/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getReceipt',
      summary: 'Get a receipt with its allocations and disbursements',
      params: receiptId,
      response: { 200: receiptDetailSchema, ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      return receiptView(deps.db, tenantId, await getReceiptDetail(deps.db, tenantId, req.params.id));
    },
  });
}

function recordReceiptRoute(app: Api, deps: CoreDeps): void {
  app.post('/receipts', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'recordReceipt',
      summary: 'Record money received, optionally allocating it at once',
      description:
        "Posts Dr bank / Cr AR; what `allocations` do not cover stays unapplied cash on the customer. A parent company's receipt may settle its group members' invoices (and a member's its group's): each allocation debits the receipt's customer and credits the invoice's.",
      headers: idempotencyHeaders,
      body: recordReceiptInput,
      response: { 201: receiptDetailSchema, ...errors },
    },
    handler: (req, reply) =>
      respondInTransaction(req, reply, deps, 201, async (tx) => {
        const { tenantId } = principalOf(req);
        return receiptView(tx, tenantId, await recordReceiptInTx(tx, deps, tenantId, req.body));
      }),
  });
}

function allocateReceiptRoute(app: Api, deps: CoreDeps): void {
  app.post('/receipts/:id/allocate', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'allocateReceipt',
      summary: "Apply a receipt's unapplied cash to invoices",
      description:
        "The receipt's currency; invoices of the receipt's customer or of another customer of its group (parent company paying for its members); at most the open amount of each invoice and the unapplied cash.",
      params: receiptId,
      headers: idempotencyHeaders,
      body: allocateInput,
      response: { 200: receiptDetailSchema, ...approvalPending, ...errors },
    },
    handler: (req, reply) =>
      respondWithStatusInTransaction(req, reply, deps, async (tx) => {
        const { tenantId } = principalOf(req);
        const request = { receipt: req.params.id, input: req.body };
        return gatedAnswer(tx, deps, tenantId, crossCustomerAllocation, request, 200, (detail) =>
          receiptView(tx, tenantId, detail),
        );
      }),
  });
}

function unapplyAllocationRoute(app: Api, deps: CoreDeps): void {
  app.post('/allocations/:id/unapply', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'unapplyAllocation',
      summary: 'Undo an allocation',
      description:
        "Reverses the allocation's journal entry, reopens the invoice and returns the cash to the receipt's unapplied balance. Returns the receipt.",
      params: idParam('allocation id (from a receipt’s allocations[].id)'),
      headers: idempotencyHeaders,
      body: z.object({ date: calendarDate.optional() }).strict().optional(),
      response: { 200: receiptDetailSchema, ...errors },
    },
    handler: (req, reply) => {
      const { tenantId } = principalOf(req);
      if (!isUuid(req.params.id)) throw notFound('allocation', req.params.id);
      return respondInTransaction(req, reply, deps, 200, async (tx) => {
        const receiptId = await unapplyAllocationInTx(tx, deps, tenantId, req.params.id, req.body?.date);
        return receiptView(tx, tenantId, await getReceiptDetail(tx, tenantId, receiptId));
      });
    },
  });
}

function disbursementRoutes(app: Api, deps: CoreDeps): void {
  for (const { path, operationId, summary, disburse } of disbursements)
    app.post(`/receipts/:id/${path}`, {
      config: { access: 'write' },
      schema: {
        tags,
        operationId,
        summary,
        description: 'Default amount: all unapplied cash; more than that is 409 insufficient_funds.',
        params: receiptId,
        headers: idempotencyHeaders,
        body: disburseInput,
        response: { 200: receiptDetailSchema, ...approvalPending, ...errors },
      },
      handler: (req, reply) =>
        respondWithStatusInTransaction(req, reply, deps, async (tx) => {
          const { tenantId } = principalOf(req);
          const request = { receipt: req.params.id, input: req.body };
          return gatedAnswer(tx, deps, tenantId, disburse, request, 200, (detail) =>
            receiptView(tx, tenantId, detail),
          );
        }),
    });
}
