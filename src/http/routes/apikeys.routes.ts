/** /v1/api-keys (admin only): list, create (the clear key is returned once), revoke. */
import { z } from 'zod';
import {
  createApiKeyInput,
  createScopedApiKey,
  listApiKeys,
  revokeApiKey,
} from '../../modules/apikeys/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { apiKeySchema } from './apikeys.schemas.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';

const tags = ['api keys'];

/** The body's shape for the schema; the service checks it again against the clock. */
const createKeyInput = createApiKeyInput(new Date(0));

/** Registers each route of the module (one small function per route, below). */
export function apiKeyRoutes(app: Api, deps: CoreDeps): void {
  listApiKeysRoute(app, deps);
  createApiKeyRoute(app, deps);
  revokeApiKeyRoute(app, deps);
}

function listApiKeysRoute(app: Api, deps: CoreDeps): void {
  app.get('/api-keys', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'listApiKeys',
      summary: "List the tenant's API keys (never the keys themselves)",
      response: { 200: z.object({ items: z.array(apiKeySchema) }), ...errors },
    },
    handler: async (req) => {
      const rows = await listApiKeys(deps.db, principalOf(req).tenantId);
      return {
        items: rows
          .sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime())
          .map((k) => ({
            id: k.keyId,
            prefix: k.prefix,
            role: k.role,
            label: k.label,
            scope: k.scope,
            expiresAt: k.expiresAt ? k.expiresAt.toISOString() : null,
            createdAt: k.createdAt.toISOString(),
            revokedAt: k.revokedAt ? k.revokedAt.toISOString() : null,
            lastUsedAt: k.lastUsedAt ? k.lastUsedAt.toISOString() : null,
          })),
      };
    },
  });
}

function createApiKeyRoute(app: Api, deps: CoreDeps): void {
  app.post('/api-keys', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'createApiKey',
      summary: 'Create an API key',
      description:
        'The response carries the clear key once; only its SHA-256 is stored. `scope` keeps the key below its role (an accountant key scoped to `read` only reads); after `expiresAt` the key answers 401 `api_key_expired`. A replay of the same Idempotency-Key creates no second key and returns `key: null` (the clear key is never stored).',
      headers: idempotencyHeaders,
      body: createKeyInput,
      response: {
        201: z.object({
          id: z.string(),
          key: z.string().nullable().describe('the clear key: shown only now (null on an idempotent replay)'),
          prefix: z.string(),
          role: z.string(),
          label: z.string().nullable(),
          scope: z.string().nullable(),
          expiresAt: z.string().nullable(),
        }),
        ...errors,
      },
    },
    handler: (req, reply) =>
      respond(
        req,
        reply,
        deps,
        201,
        async (d) => {
          const created = await createScopedApiKey(
            d.db,
            principalOf(req).tenantId,
            apiKeyBody(req.body),
            deps.clock.now(),
          );
          return {
            id: created.keyId,
            key: created.key as string | null,
            prefix: created.prefix,
            role: created.role,
            label: created.label,
            scope: created.scope,
            expiresAt: created.expiresAt ? created.expiresAt.toISOString() : null,
          };
        },
        (body) => ({ ...(body as object), key: null }),
      ),
  });
}

function revokeApiKeyRoute(app: Api, deps: CoreDeps): void {
  app.post('/api-keys/:id/revoke', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'revokeApiKey',
      summary: 'Revoke an API key at once',
      params: idParam('API key id'),
      headers: idempotencyHeaders,
      response: { 200: z.object({ id: z.string(), revoked: z.literal(true) }), ...errors },
    },
    handler: (req, reply) => {
      const { tenantId } = principalOf(req);
      const id = req.params.id;
      if (!isUuid(id)) throw notFound('API key', id);
      return respond(req, reply, deps, 200, async (d) => {
        if (!(await revokeApiKey(d.db, tenantId, id))) throw notFound('active API key', id);
        return { id, revoked: true as const };
      });
    },
  });
}

/** The parsed body back in its input form (the service parses it again, against the clock). */
function apiKeyBody(body: z.output<typeof createKeyInput>) {
  return {
    role: body.role,
    ...(body.label !== undefined ? { label: body.label } : {}),
    ...(body.scope !== undefined ? { scope: body.scope } : {}),
    ...(body.expiresAt !== undefined ? { expiresAt: body.expiresAt.toISOString() } : {}),
  };
}
