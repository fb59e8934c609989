/**
 * /v1/portal: the customer's own page, opened by a portal link (`Authorization: Portal <token>`,
 * access level `portal`; docs/portal.md). Every id must be the link's customer's: anything else
 * answers 404 exactly like an id that does not exist.
 */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { EINVOICE_OUTPUTS } from '../../modules/documents/index.ts';
import { calendarDate } from '../../modules/invoices/index.ts';
import {
  getPortalSession,
  listPortalInvoices,
  makePortalPromise,
  PORTAL_INVOICE_STATES,
  portalDisputeInput,
  portalEinvoice,
  portalInvoicePdf,
  portalPaymentInput,
  portalPromiseInput,
  portalStatement,
  portalStatementPdf,
  raisePortalDispute,
  startPortalPayment,
} from '../../modules/portal/index.ts';
import { formatAmount } from '../../shared/money.ts';
import { portalOf } from '../auth.ts';
import { ATTACHMENT_BODY_LIMIT } from '../body-limits.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import { binaryResponses, einvoiceResponses, sendDocument } from './documents.schemas.ts';
import {
  portalDisputeSchema,
  portalInvoiceSchema,
  portalPaymentSchema,
  portalPromiseSchema,
  portalSecurity,
  portalSessionJson,
  portalSessionSchema,
  portalStatementJson,
  portalStatementSchema,
} from './portal.schemas.ts';

const tags = ['portal'];
const access = 'portal' as const;

/** Registers the portal's read routes (one small function per route, below). */
export function portalRoutes(app: Api, deps: CoreDeps): void {
  sessionRoute(app, deps);
  invoicesRoute(app, deps);
  invoicePdfRoute(app, deps);
  einvoiceRoute(app, deps);
  statementRoutes(app, deps);
  paymentRoute(app, deps);
  disputeRoute(app, deps);
  promiseRoute(app, deps);
}

function sessionRoute(app: Api, deps: CoreDeps): void {
  app.get('/portal/session', {
    config: { access },
    schema: {
      tags,
      security: portalSecurity,
      operationId: 'getPortalSession',
      summary: "The link's customer, the company's letterhead, what the portal offers, when the link ends",
      description:
        'Any refused link (tampered, expired, withdrawn, portal switched off) is 401 `portal_link_invalid` with one message; when the link was signed by this server, `errors[0]` is `{field: "company", message: <company name>}` so the page can say whom to ask for a new one.',
      response: { 200: portalSessionSchema, ...errors },
    },
    handler: async (req) => portalSessionJson(await getPortalSession(deps, portalOf(req))),
  });
}

function invoicesRoute(app: Api, deps: CoreDeps): void {
  app.get('/portal/invoices', {
    config: { access },
    schema: {
      tags,
      security: portalSecurity,
      operationId: 'listPortalInvoices',
      summary: "The customer's invoices and credit notes, newest first",
      querystring: z.object({
        status: z.enum(PORTAL_INVOICE_STATES).default('open').describe('open (default), closed or all'),
        ...pageQuery,
      }),
      response: { 200: pageOf(portalInvoiceSchema), ...errors },
    },
    handler: async (req) => {
      const { status, limit, cursor } = req.query;
      const page = await listPortalInvoices(deps, portalOf(req), {
        state: status,
        cursor: decodeCursor(cursor, 'uuid'),
        limit,
      });
      return {
        items: page.items.map((i) => ({ ...i, kind: i.kind as 'invoice' | 'credit_note' })),
        nextCursor: encodeCursor(page.nextCursor),
      };
    },
  });
}

function invoicePdfRoute(app: Api, deps: CoreDeps): void {
  app.get('/portal/invoices/:id/pdf', {
    config: { access },
    schema: {
      tags,
      security: portalSecurity,
      operationId: 'getPortalInvoicePdf',
      summary: 'The PDF of one of the customer’s invoices or credit notes (the stored one)',
      params: idParam('invoice id or number'),
      response: binaryResponses,
    },
    handler: async (req, reply) => {
      const doc = await portalInvoicePdf(deps, portalOf(req), req.params.id);
      return sendDocument(req, reply, { ...doc, documentId: null });
    },
  });
}

function einvoiceRoute(app: Api, deps: CoreDeps): void {
  app.get('/portal/invoices/:id/einvoice', {
    config: { access },
    schema: {
      tags,
      security: portalSecurity,
      operationId: 'getPortalInvoiceEinvoice',
      summary: 'The EN 16931 e-invoice of one of the customer’s documents',
      description: '409 names what the format needs and is missing (as `GET /v1/invoices/{id}/einvoice`).',
      params: idParam('invoice id or number'),
      querystring: z.object({
        format: z
          .enum(EINVOICE_OUTPUTS)
          .optional()
          .describe("default: the customer's preferred format, else ubl"),
      }),
      response: einvoiceResponses,
    },
    handler: async (req, reply) => {
      const doc = await portalEinvoice(deps, portalOf(req), req.params.id, req.query.format);
      return sendDocument(req, reply, doc);
    },
  });
}

const asOfQuery = z.object({ asOf: calendarDate.optional().describe('YYYY-MM-DD; default today') });

function statementRoutes(app: Api, deps: CoreDeps): void {
  app.get('/portal/statement', {
    config: { access },
    schema: {
      tags,
      security: portalSecurity,
      operationId: 'getPortalStatement',
      summary: "The customer's statement as of a date: open items, unapplied payments, balance per currency",
      querystring: asOfQuery,
      response: { 200: portalStatementSchema, ...errors },
    },
    handler: async (req) => portalStatementJson(await portalStatement(deps, portalOf(req), req.query.asOf)),
  });
  app.get('/portal/statement.pdf', {
    config: { access },
    schema: {
      tags,
      security: portalSecurity,
      operationId: 'getPortalStatementPdf',
      summary: "The customer's statement as of a date as a PDF (rendered, not stored)",
      querystring: asOfQuery,
      response: binaryResponses,
    },
    handler: async (req, reply) => {
      const doc = await portalStatementPdf(deps, portalOf(req), req.query.asOf);
      return sendDocument(req, reply, { ...doc, documentId: null });
    },
  });
}

function paymentRoute(app: Api, deps: CoreDeps): void {
  app.post('/portal/payments', {
    config: { access },
    schema: {
      tags,
      security: portalSecurity,
      operationId: 'startPortalPayment',
      summary: 'Pay one or several open invoices online: a Stripe checkout, answered with its URL',
      description:
        "Each item is paid in full, or — when the company allows partial payments (session `settings.partialPayments`) — one item may name a smaller `amount` (422 on `items[i].amount` otherwise). Stripe sends the customer back to `returnUrl` with `?payment=success` or `?payment=cancelled`. 409 when online payment is not set up. The money reaches the ledger when Stripe's webhook reports the payment.",
      headers: idempotencyHeaders,
      body: portalPaymentInput,
      response: { 201: portalPaymentSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) => {
        const c = await startPortalPayment(d, portalOf(req), req.body);
        return {
          checkoutId: c.checkoutId,
          url: c.url,
          amount: c.amount,
          currency: c.currency,
          invoiceIds: c.invoiceIds,
        };
      }),
  });
}

function disputeRoute(app: Api, deps: CoreDeps): void {
  app.post('/portal/disputes', {
    config: { access },
    bodyLimit: ATTACHMENT_BODY_LIMIT.bytes,
    schema: {
      tags,
      security: portalSecurity,
      operationId: 'raisePortalDispute',
      summary: 'Dispute an invoice: a reason, a message, optionally one PDF, PNG or JPEG (≤ 5 MB, base64)',
      description:
        'Opens a dispute (it pauses dunning and shows in the dispute list and the worklist) with the message as its first note; staff read the file at `GET /v1/disputes/{id}/attachments/{n}`. 409 when the invoice already has an open dispute.',
      headers: idempotencyHeaders,
      body: portalDisputeInput,
      response: { 201: portalDisputeSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) => {
        const row = await raisePortalDispute(d, portalOf(req), req.body);
        return {
          disputeId: row.disputeId,
          invoiceId: row.invoiceId,
          reason: row.reasonCode,
          amount: formatAmount(row.amountMinor, row.currency),
          currency: row.currency,
          status: row.status,
          openedAt: row.openedAt.toISOString(),
        };
      }),
  });
}

function promiseRoute(app: Api, deps: CoreDeps): void {
  app.post('/portal/promises', {
    config: { access },
    schema: {
      tags,
      security: portalSecurity,
      operationId: 'makePortalPromise',
      summary: 'Promise to pay invoices by a date (today or later); default amount: what they have open',
      headers: idempotencyHeaders,
      body: portalPromiseInput,
      response: { 201: portalPromiseSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) => {
        const p = await makePortalPromise(d, portalOf(req), req.body);
        return {
          promiseId: p.promiseId,
          promisedDate: p.promisedOn,
          amount: formatAmount(p.amountMinor, p.currency),
          currency: p.currency,
          invoiceIds: p.invoiceIds,
          status: p.status,
        };
      }),
  });
}
