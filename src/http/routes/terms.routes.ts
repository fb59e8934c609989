/** /v1/payment-terms: the codes customers and invoices may use. */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { createPaymentTerms, listPaymentTerms } from '../../modules/terms/index.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { type Api, errors, idempotencyHeaders } from './common.ts';
import { termsSchema, withKind } from './terms.schemas.ts';

const createTermsInput = z
  .object({
    code: z
      .string()
      .min(1)
      .max(50)
      .describe('DUE_ON_RECEIPT, PREPAY, NET{n}, EOM, NET{n} EOM or {pct}/{days} NET{n}'),
    description: z.string().trim().min(1).max(200).optional().describe('default: generated English text'),
  })
  .strict();

/** Registers each route of the module (one small function per route, below). */
export function termsRoutes(app: Api, deps: CoreDeps): void {
  listPaymentTermsRoute(app, deps);
  createPaymentTermsRoute(app, deps);
}

function listPaymentTermsRoute(app: Api, deps: CoreDeps): void {
  app.get('/payment-terms', {
    config: { access: 'read' },
    schema: {
      tags: ['payment terms'],
      operationId: 'listPaymentTerms',
      summary: 'List payment terms',
      description: 'The seeded codes and any custom ones, by code. Not paginated (a short list).',
      response: { 200: z.object({ items: z.array(termsSchema) }), ...errors },
    },
    handler: async (req) => ({
      items: (await listPaymentTerms(deps.db, principalOf(req).tenantId)).map(withKind),
    }),
  });
}

function createPaymentTermsRoute(app: Api, deps: CoreDeps): void {
  app.post('/payment-terms', {
    config: { access: 'write' },
    schema: {
      tags: ['payment terms'],
      operationId: 'createPaymentTerms',
      summary: 'Add a custom payment terms code',
      description:
        'The code must follow the grammar (422 otherwise) and is stored canonically; an existing code is 409.',
      headers: idempotencyHeaders,
      body: createTermsInput,
      response: { 201: termsSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) =>
        withKind(
          await createPaymentTerms(d.db, principalOf(req).tenantId, req.body.code, req.body.description),
        ),
      ),
  });
}
