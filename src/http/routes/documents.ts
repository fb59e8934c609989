/**
 * Documents over HTTP: the tenant's letterhead, invoice and credit-note PDFs, customer statements,
 * and stored documents by id. PDFs answer with `ETag` = their SHA-256 (so `If-None-Match` gets a
 * 304), `X-Document-SHA256`, `X-Document-Id` and a `Content-Disposition` naming the file.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  createStatementDocument,
  type DocumentInfo,
  ensureInvoiceDocument,
  getDocumentInfo,
  getStoredDocument,
  type StoredDocument,
} from '../../modules/documents/index.ts';
import { calendarDate } from '../../modules/invoices/index.ts';
import {
  getLetterhead,
  type Letterhead,
  type LetterheadWarning,
  letterheadGaps,
  letterheadPatch,
  updateLetterhead,
} from '../../modules/tenants/index.ts';
import { principalOf } from '../auth.ts';
import { type Api, errors, idParam } from './common.ts';

const nullableText = z.string().nullable();

/** What a document lacks of the seller: the answer of issue and send, and of the letterhead. */
export const warningsSchema = z
  .array(
    z
      .object({
        code: z.enum(['seller_address_missing', 'seller_tax_id_missing', 'seller_payment_account_missing']),
        message: z.string().describe('what is missing and where to fill it in'),
        fields: z.array(z.string()).describe('the fields of PATCH /v1/tenant/letterhead that fill the gap'),
      })
      .meta({ id: 'DocumentWarning' }),
  )
  .describe('what the documents customers receive lack of the seller; empty when nothing is missing');

export const warningsJson = (warnings: readonly LetterheadWarning[]) =>
  warnings.map((w) => ({ code: w.code, message: w.message, fields: [...w.fields] }));

const letterheadSchema = z
  .object({
    version: z.number().int().describe('goes up with every change; issued documents keep theirs'),
    name: z.string(),
    legalName: nullableText,
    address: z.record(z.string(), z.string()).nullable(),
    country: nullableText,
    taxId: nullableText,
    iban: nullableText,
    bic: nullableText,
    bankName: nullableText,
    email: nullableText,
    phone: nullableText,
    website: nullableText,
    registration: nullableText,
    footer: nullableText,
    warnings: warningsSchema,
  })
  .meta({ id: 'Letterhead' });

const documentSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['invoice', 'credit_note', 'statement', 'dunning_letter']),
    invoiceId: z.string().nullable(),
    letterId: z.string().nullable().describe('the dunning letter a `dunning_letter` document prints'),
    customerId: z.string(),
    asOf: z.string().nullable().describe('a statement’s or dunning letter’s date (YYYY-MM-DD)'),
    fileName: z.string(),
    contentType: z.string(),
    byteSize: z.number().int(),
    sha256: z.string().describe('lower-case hex SHA-256 of the content'),
    language: z.string(),
    createdAt: z.string().describe('ISO 8601 instant'),
    contentUrl: z.string(),
  })
  .meta({ id: 'Document' });

/** A PDF body in the OpenAPI document (the route sends bytes, never JSON). */
export const pdfResponse = z
  .string()
  .meta({ content: { 'application/pdf': { schema: { type: 'string', format: 'binary' } } } })
  .describe('the PDF; ETag and X-Document-SHA256 carry its SHA-256 (If-None-Match with the ETag → 304)');

function letterheadJson(l: Letterhead) {
  return {
    version: l.version,
    name: l.name,
    legalName: l.legalName,
    address: l.address,
    country: l.country,
    taxId: l.taxId,
    iban: l.iban,
    bic: l.bic,
    bankName: l.bankName,
    email: l.email,
    phone: l.phone,
    website: l.website,
    registration: l.registration,
    footer: l.footer,
    warnings: warningsJson(letterheadGaps(l)),
  };
}

function documentJson(d: DocumentInfo) {
  return {
    id: d.documentId,
    kind: d.kind,
    invoiceId: d.invoiceId,
    letterId: d.letterId,
    customerId: d.customerId,
    asOf: d.asOf,
    fileName: d.fileName,
    contentType: d.contentType,
    byteSize: d.byteSize,
    sha256: d.sha256,
    language: d.language,
    createdAt: d.createdAt.toISOString(),
    contentUrl: `/v1/documents/${d.documentId}/content`,
  };
}

/** Send stored bytes with their hash headers; 304 when the client has them already. */
export function sendDocument(request: FastifyRequest, reply: FastifyReply, doc: StoredDocument) {
  const etag = `"${doc.sha256}"`;
  reply
    .header('etag', etag)
    .header('x-document-sha256', doc.sha256)
    .header('x-document-id', doc.documentId)
    .header('cache-control', 'private, max-age=0, must-revalidate');
  const presented = request.headers['if-none-match'];
  if (
    typeof presented === 'string' &&
    presented.split(',').some((t) => t.trim().replace(/^W\//, '') === etag)
  )
    return reply.code(304).send();
  return reply
    .type(doc.contentType)
    .header('content-disposition', `inline; filename="${doc.fileName}"`)
    .send(Buffer.from(doc.bytes.buffer, doc.bytes.byteOffset, doc.bytes.byteLength));
}

/** 200 with the bytes; a 304 without body answers an `If-None-Match` that names the ETag. */
export const binaryResponses = { 200: pdfResponse, ...errors };

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

function getCustomerStatementPdfRoute(app: Api, deps: CoreDeps): void {
  app.get('/customers/:id/statement.pdf', {
    config: { access: 'read' },
    schema: {
      tags: ['documents'],
      operationId: 'getCustomerStatementPdf',
      summary: 'A customer statement as of a date: open items, aging, unapplied cash, total due',
      description: 'Stored as a document (the same content again is the same document, see X-Document-Id).',
      params: idParam('customer id (UUID) or external id'),
      querystring: z.object({ asOf: calendarDate.optional().describe('default: today') }),
      response: binaryResponses,
    },
    handler: async (req, reply) => {
      const options = req.query.asOf ? { asOf: req.query.asOf } : {};
      const doc = await createStatementDocument(deps, principalOf(req).tenantId, req.params.id, options);
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
