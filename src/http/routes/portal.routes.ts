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
  PORTAL_INVOICE_STATES,
  portalEinvoice,
  portalInvoicePdf,
  portalStatement,
  portalStatementPdf,
} from '../../modules/portal/index.ts';
import { portalOf } from '../auth.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { type Api, errors, idParam } from './common.ts';
import { binaryResponses, einvoiceResponses, sendDocument } from './documents.schemas.ts';
import {
  portalInvoiceSchema,
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
      return sendDocument(req, reply, { ...doc, bytes: doc.content, documentId: null });
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
