/**
 * Documents over HTTP: the tenant's letterhead, invoice and credit-note PDFs, customer statements,
 * and stored documents by id. PDFs answer with `ETag` = their SHA-256 (so `If-None-Match` gets a
 * 304), `X-Document-SHA256`, `X-Document-Id` (when stored) and a `Content-Disposition` naming the file.
 */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  EINVOICE_OUTPUTS,
  ensureInvoiceDocument,
  getDocumentInfo,
  getStoredDocument,
  readEinvoice,
  renderStatementDocument,
} from '../../modules/documents/index.ts';
import { calendarDate } from '../../modules/invoices/index.ts';
import { getLetterhead, letterheadPatch, updateLetterhead } from '../../modules/tenants/index.ts';
import { principalOf } from '../auth.ts';
import { type Api, errors, idParam } from './common.ts';
import {
  binaryResponses,
  documentJson,
  documentSchema,
  einvoiceResponses,
  letterheadJson,
  letterheadSchema,
  sendDocument,
} from './documents.schemas.ts';

/** Registers each route of the module (one small function per route, below). */
export function documentRoutes(app: Api, deps: CoreDeps): void {
  letterheadRoutes(app, deps);
  pdfRoutes(app, deps);
  storedDocumentRoutes(app, deps);
}

function letterheadRoutes(app: Api, deps: CoreDeps): void {
  getLetterheadRoute(app, deps);
  updateLetterheadRoute(app, deps);
}

function getLetterheadRoute(app: Api, deps: CoreDeps): void {
  app.get('/tenant/letterhead', {
    config: { access: 'read' },
    schema: {
      tags: ['documents'],
      operationId: 'getLetterhead',
      summary: 'The letterhead documents print: names, address, tax id, bank account, contact, footer',
      description:
        '`warnings` says what invoices would lack (address, tax id, IBAN), and which fields to set here.',
      response: { 200: letterheadSchema, ...errors },
    },
    handler: async (req) => letterheadJson(await getLetterhead(deps.db, principalOf(req).tenantId)),
  });
}

function updateLetterheadRoute(app: Api, deps: CoreDeps): void {
  app.patch('/tenant/letterhead', {
    config: { access: 'admin' },
    schema: {
      tags: ['documents'],
      operationId: 'updateLetterhead',
      summary: 'Change the letterhead (admin); documents issued before keep the one they were issued under',
      description: 'Fields given replace the current ones; `null` clears one. A change raises `version`.',
      body: letterheadPatch,
      response: { 200: letterheadSchema, ...errors },
    },
    handler: async (req) => letterheadJson(await updateLetterhead(deps, principalOf(req).tenantId, req.body)),
  });
}

function pdfRoutes(app: Api, deps: CoreDeps): void {
  getInvoicePdfRoute(app, deps);
  getInvoiceEinvoiceRoute(app, deps);
  getCustomerStatementPdfRoute(app, deps);
}

function getInvoicePdfRoute(app: Api, deps: CoreDeps): void {
  app.get('/invoices/:id/pdf', {
    config: { access: 'read' },
    schema: {
      tags: ['documents'],
      operationId: 'getInvoicePdf',
      summary: 'The PDF of an issued invoice or credit note (rendered once, then always the same bytes)',
      params: idParam('invoice id (UUID) or number'),
      response: binaryResponses,
    },
    handler: async (req, reply) =>
      sendDocument(req, reply, await ensureInvoiceDocument(deps, principalOf(req).tenantId, req.params.id)),
  });
}

function getInvoiceEinvoiceRoute(app: Api, deps: CoreDeps): void {
  app.get('/invoices/:id/einvoice', {
    config: { access: 'read' },
    schema: {
      tags: ['documents'],
      operationId: 'getInvoiceEinvoice',
      summary:
        'The EN 16931 e-invoice (UBL 2.1 or UN/CEFACT CII XML, or Factur-X PDF/A-3) of an issued invoice or credit note',
      description:
        "The copy e-mailed to the customer in that format when there is one (`X-Document-Id` names it: the document sent is the document kept, whatever changed since in the customer's settings); otherwise generated for the request from what was fixed at issue and the customer's e-invoice settings, and not stored (a read stores nothing): the same request gives the same bytes. `facturx` is the invoice PDF as PDF/A-3b with the `cii` XML embedded as factur-x.xml (application/pdf). 409 names what the format needs and is missing (e.g. a Leitweg-ID for XRechnung, VAT ids for reverse charge). See docs/einvoice.md.",
      params: idParam('invoice id (UUID) or number'),
      querystring: z.object({
        format: z
          .enum(EINVOICE_OUTPUTS)
          .optional()
          .describe("default: the customer's preferred format, else ubl"),
      }),
      response: einvoiceResponses,
    },
    handler: async (req, reply) => {
      const doc = await readEinvoice(deps.db, principalOf(req).tenantId, req.params.id, req.query.format);
      return sendDocument(req, reply, doc);
    },
  });
}

function getCustomerStatementPdfRoute(app: Api, deps: CoreDeps): void {
  app.get('/customers/:id/statement.pdf', {
    config: { access: 'read' },
    schema: {
      tags: ['documents'],
      operationId: 'getCustomerStatementPdf',
      summary: 'A customer statement as of a date: open items, aging, unapplied cash, total due',
      description:
        'Rendered for this request and not stored (a read stores nothing): `X-Document-Id` names the stored document with the same bytes when one exists (`cashloop documents statement`, a statement run or a print batch stored it), and is absent otherwise.',
      params: idParam('customer id (UUID) or external id'),
      querystring: z.object({ asOf: calendarDate.optional().describe('default: today') }),
      response: binaryResponses,
    },
    handler: async (req, reply) => {
      const options = req.query.asOf ? { asOf: req.query.asOf } : {};
      const doc = await renderStatementDocument(deps, principalOf(req).tenantId, req.params.id, options);
      return sendDocument(req, reply, doc);
    },
  });
}

const documentId = z.object({ id: z.uuid().describe('document id') });

function storedDocumentRoutes(app: Api, deps: CoreDeps): void {
  getDocumentRoute(app, deps);
  getDocumentContentRoute(app, deps);
}

function getDocumentRoute(app: Api, deps: CoreDeps): void {
  app.get('/documents/:id', {
    config: { access: 'read' },
    schema: {
      tags: ['documents'],
      operationId: 'getDocument',
      summary: 'A stored document’s metadata (kind, file name, size, SHA-256)',
      params: documentId,
      response: { 200: documentSchema, ...errors },
    },
    handler: async (req) =>
      documentJson(await getDocumentInfo(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}

function getDocumentContentRoute(app: Api, deps: CoreDeps): void {
  app.get('/documents/:id/content', {
    config: { access: 'read' },
    schema: {
      tags: ['documents'],
      operationId: 'getDocumentContent',
      summary: 'A stored document’s bytes, exactly as stored',
      params: documentId,
      response: binaryResponses,
    },
    handler: async (req, reply) =>
      sendDocument(req, reply, await getStoredDocument(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}
