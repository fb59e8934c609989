/**
 * API-key authentication and role checks, run in `onRequest` (before the body is parsed or
 * validated): no key or an unknown key is 401, a role below the route's access level is 403.
 *
 * Access levels: `read` (every role); `collect` — collections work that posts no money: activities,
 * promises, disputes and their notes (collector, accountant, credit_manager, admin); `write`
 * (accountant, credit_manager, admin); `credit` — credit limits, holds and overrides
 * (credit_manager, admin); `admin` (admin only). Every route under /v1 declares its level in
 * `config.access`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { type ApiKeyPrincipal, authenticateApiKey, type Role } from '../modules/apikeys/apikeys.service.ts';
import { AppError, assertUnreachable } from '../shared/errors.ts';

export type Access = 'public' | 'read' | 'collect' | 'write' | 'credit' | 'admin';

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: ApiKeyPrincipal | null;
  }
}

const GRANTS: Record<Role, readonly Access[]> = {
  viewer: ['read'],
  collector: ['read', 'collect'],
  accountant: ['read', 'collect', 'write'],
  credit_manager: ['read', 'collect', 'write', 'credit'],
  admin: ['read', 'collect', 'write', 'credit', 'admin'],
};

export function roleMayAccess(role: Role, access: Access): boolean {
  return access === 'public' || GRANTS[role].includes(access);
}

/** The key from `Authorization: Bearer <key>` or `X-API-Key: <key>`, or null. */
export function presentedKey(request: FastifyRequest): string | null {
  const auth = request.headers.authorization;
  if (typeof auth === 'string') {
    const m = /^Bearer\s+(\S+)\s*$/i.exec(auth);
    return m?.[1] ?? null;
  }
  const header = request.headers['x-api-key'];
  return typeof header === 'string' && header.trim() !== '' ? header.trim() : null;
}

/** Authenticate every request whose route is not public; reject roles below the route's level. */
export function registerAuth(app: FastifyInstance, db: Db): void {
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    const access = request.routeOptions.config?.access ?? 'public';
    if (access === 'public' || request.routeOptions.url === undefined) return;
    const key = presentedKey(request);
    if (!key)
      throw new AppError('unauthorized', 'missing API key: send Authorization: Bearer <key> or X-API-Key');
    const principal = await authenticateApiKey(db, key);
    if (!principal) throw new AppError('unauthorized', 'unknown or revoked API key');
    assertMayAccess(principal, access);
    request.principal = principal;
  });
}

function describe(access: Access): string {
  switch (access) {
    case 'admin':
      return 'manage API keys';
    case 'credit':
      return 'change credit limits or holds, or override them';
    case 'write':
      return 'change data';
    case 'collect':
      return 'log collections work';
    case 'read':
    case 'public':
      return 'read data';
    default:
      return assertUnreachable(access);
  }
}

/** Throws 403 unless the principal's role grants `access` (for checks that depend on the body). */
export function assertMayAccess(principal: ApiKeyPrincipal, access: Access): void {
  if (!roleMayAccess(principal.role, access))
    throw new AppError('forbidden', `role ${principal.role} may not ${describe(access)}`);
}

/** The authenticated principal of a /v1 route (the auth hook guarantees one). */
export function principalOf(request: FastifyRequest): ApiKeyPrincipal {
  if (!request.principal) throw new AppError('unauthorized', 'not authenticated');
  return request.principal;
}
