/** /v1/bank: bank statement import (the file itself is the request body). */
import { z } from 'zod';
import { importBankStatement, STATEMENT_FORMATS } from '../../modules/bank/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { principalOf } from '../auth.ts';
import { UPLOAD_BODY_LIMIT } from '../body-limits.ts';
import { respond } from '../idempotency.ts';
import { importResult } from './bank.schemas.ts';
import { type Api, errors, idempotencyHeaders } from './common.ts';

const tags = ['bank'];

/** Media types a statement file may be sent as; the body is read as text either way. */
export const STATEMENT_MEDIA_TYPES = [
  'application/xml',
  'text/xml',
  'text/plain',
  'text/csv',
  'application/x-ofx',
  'application/octet-stream',
];

/** Registers each route of the module (one small function per route, below). */
export function bankRoutes(app: Api, deps: CoreDeps): void {
  app.addContentTypeParser(
    STATEMENT_MEDIA_TYPES,
    { parseAs: 'string', bodyLimit: UPLOAD_BODY_LIMIT.bytes },
    (_req, body, done) => done(null, typeof body === 'string' ? body : body.toString('utf8')),
  );
  importBankStatementRoute(app, deps);
}

function importBankStatementRoute(app: Api, deps: CoreDeps): void {
  app.post('/bank/statements', {
    config: { access: 'write' },
    bodyLimit: UPLOAD_BODY_LIMIT.bytes,
    schema: {
      tags,
      operationId: 'importBankStatement',
      summary: 'Import a bank statement file (camt.052/053/054, MT940/942, BAI2, OFX, CSV)',
      description:
        'Send the file as the body (e.g. `Content-Type: application/xml` or `text/plain`). The format is detected unless `format` is given; CSV needs `profile`. A file that cannot be read is rejected whole (422 naming the line) and nothing is stored; transactions already imported are skipped and counted.',
      headers: idempotencyHeaders,
      querystring: z.object({
        format: z.enum(STATEMENT_FORMATS).optional(),
        profile: z.string().min(1).max(100).optional().describe('CSV column-mapping profile'),
        dryRun: z.enum(['true', 'false']).optional(),
      }),
      body: z.string().min(1).describe('the statement file'),
      response: { 201: importResult, 200: importResult, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, req.query.dryRun === 'true' ? 200 : 201, (d) =>
        importBankStatement(d, principalOf(req).tenantId, req.body, {
          ...(req.query.format ? { format: req.query.format } : {}),
          ...(req.query.profile ? { csvProfile: req.query.profile } : {}),
          dryRun: req.query.dryRun === 'true',
        }),
      ),
  });
}
