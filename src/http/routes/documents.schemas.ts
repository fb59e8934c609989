/**
 * Documents as the API shows them: the letterhead and its warnings, stored documents, and PDFs sent
 * with `ETag` = their SHA-256 (`If-None-Match` gets a 304), `X-Document-SHA256`, `X-Document-Id`.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { DocumentInfo, StoredDocument } from '../../modules/documents/index.ts';
import { type Letterhead, type LetterheadWarning, letterheadGaps } from '../../modules/tenants/index.ts';
import { errors } from './common.ts';

export const nullableText = z.string().nullable();

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

export const letterheadSchema = z
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
    electronicAddress: nullableText.describe(
      'e-invoices: the seller\'s electronic address (BT-34) as "scheme:id"',
    ),
    warnings: warningsSchema,
  })
  .meta({ id: 'Letterhead' });

export const documentSchema = z
  .object({
    id: z.string(),
    kind: z
      .enum(['invoice', 'credit_note', 'einvoice', 'statement', 'dunning_letter', 'ar_pack'])
      .describe('einvoice: the e-invoice XML attached to the invoice e-mail (docs/einvoice.md)'),
    invoiceId: z.string().nullable(),
    letterId: z.string().nullable().describe('the dunning letter a `dunning_letter` document prints'),
    customerId: z
      .string()
      .nullable()
      .describe('null for an `ar_pack` (the monthly AR pack, about the tenant)'),
    asOf: z
      .string()
      .nullable()
      .describe('a statement’s or dunning letter’s date, an AR pack’s month end (YYYY-MM-DD)'),
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

export function letterheadJson(l: Letterhead) {
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
    electronicAddress: l.electronicAddress,
    warnings: warningsJson(letterheadGaps(l)),
  };
}

export function documentJson(d: DocumentInfo) {
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
export function sendDocument(
  request: FastifyRequest,
  reply: FastifyReply,
  doc: Pick<StoredDocument, 'sha256' | 'contentType' | 'fileName' | 'bytes'> & { documentId: string | null },
) {
  const etag = `"${doc.sha256}"`;
  reply
    .header('etag', etag)
    .header('x-document-sha256', doc.sha256)
    .header('cache-control', 'private, max-age=0, must-revalidate');
  if (doc.documentId) reply.header('x-document-id', doc.documentId);
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

/** An e-invoice body (UBL or CII XML, or a Factur-X PDF) in the OpenAPI document. */
export const einvoiceResponse = z
  .string()
  .meta({
    content: {
      'application/xml': { schema: { type: 'string' } },
      'application/pdf': { schema: { type: 'string', format: 'binary' } },
    },
  })
  .describe(
    'the EN 16931 XML, or for facturx the PDF; ETag and X-Document-SHA256 carry its SHA-256 (If-None-Match with the ETag → 304)',
  );

/** 200 with the e-invoice; a 304 without body answers an `If-None-Match` that names the ETag. */
export const einvoiceResponses = { 200: einvoiceResponse, ...errors };

/** 200 with the bytes; a 304 without body answers an `If-None-Match` that names the ETag. */
export const binaryResponses = { 200: pdfResponse, ...errors };
