/**
 * /v1/remittance-advices: the breakdowns customers send apart from a lump-sum payment (a CSV or
 * e-mail list, a camt.054), which the cash application run matches to their bank lines and
 * applies per advice line. The file is the request body, as with bank statements.
 */
import { z } from 'zod';
import {
  ADVICE_FORMATS,
  ADVICE_STATUSES,
  getRemittanceAdvice,
  importRemittanceAdvice,
  listRemittanceAdvices,
} from '../../modules/cash-application/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { principalOf } from '../auth.ts';
import { UPLOAD_BODY_LIMIT } from '../body-limits.ts';
import { respond } from '../idempotency.ts';
import { decodeCursor, encodeCursor, pageOf, pageQuery } from '../pagination.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import { adviceImportResult, adviceView } from './remittance-advices.schemas.ts';

const tags = ['cash application'];

/** Registers the remittance advice routes (in the scope whose body parsers read files as text). */
export function remittanceAdviceRoutes(app: Api, deps: CoreDeps): void {
  importRemittanceAdviceRoute(app, deps);
  listRemittanceAdvicesRoute(app, deps);
  getRemittanceAdviceRoute(app, deps);
}

function importRemittanceAdviceRoute(app: Api, deps: CoreDeps): void {
  app.post('/remittance-advices', {
    config: { access: 'write' },
    bodyLimit: UPLOAD_BODY_LIMIT.bytes,
    schema: {
      tags,
      operationId: 'importRemittanceAdvice',
      summary: 'Import a remittance advice file (CSV / e-mail list or camt.054)',
      description:
        'Send the file as the body (`Content-Type: text/csv`, `text/plain` or `application/xml`). XML is read as camt.054 (one advice per entry: the transfer and the documents it pays), anything else as CSV: a table with an invoice and an amount column (`invoice;amount;reason`, `Rechnungsnummer;Betrag`), the payer, IBAN, payment reference, date, currency and total in lines above it or in columns. A file that cannot be read is rejected whole (422 naming the line and field) and nothing is stored; an advice imported before is skipped and counted. The next cash application run matches each advice to its bank line and applies it per advice line.',
      headers: idempotencyHeaders,
      querystring: z.object({
        format: z.enum(ADVICE_FORMATS).optional(),
        currency: z
          .string()
          .regex(/^[A-Z]{3}$/)
          .optional()
          .describe('currency of an advice that states none (default: the base currency)'),
      }),
      body: z.string().min(1).describe('the advice file'),
      response: { 201: adviceImportResult, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, (d) =>
        importRemittanceAdvice(d, principalOf(req).tenantId, req.body, {
          format: req.query.format,
          currency: req.query.currency,
        }),
      ),
  });
}

function listRemittanceAdvicesRoute(app: Api, deps: CoreDeps): void {
  app.get('/remittance-advices', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listRemittanceAdvices',
      summary: 'Remittance advices, oldest first, optionally by status',
      querystring: z.object({ status: z.enum(ADVICE_STATUSES).optional(), ...pageQuery }),
      response: { 200: pageOf(adviceView), ...errors },
    },
    handler: async (req) => {
      const cursor = decodeCursor(req.query.cursor, 'uuid');
      const page = await listRemittanceAdvices(deps.db, principalOf(req).tenantId, {
        limit: req.query.limit,
        ...(req.query.status ? { status: req.query.status } : {}),
        ...(cursor ? { cursor } : {}),
      });
      return { items: page.items, nextCursor: encodeCursor(page.nextCursor) };
    },
  });
}

function getRemittanceAdviceRoute(app: Api, deps: CoreDeps): void {
  app.get('/remittance-advices/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getRemittanceAdvice',
      summary: 'One remittance advice with its lines and status',
      params: idParam('remittance advice id (UUID)'),
      response: { 200: adviceView, ...errors },
    },
    handler: (req) => getRemittanceAdvice(deps.db, principalOf(req).tenantId, req.params.id),
  });
}
