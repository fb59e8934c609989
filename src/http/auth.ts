/**
 * API-key authentication and role checks, run in `onRequest` (before the body is parsed or
 * validated): no key or an unknown key is 401, a role below the route's access level is 403.
 *
 * Access levels: `read` (every role); `collect` — collections work that posts no money: activities,
 * promises, disputes and their notes (collector, accountant, credit_manager, admin); `write`
 * (accountant, credit_manager, admin); `credit` — credit limits, holds and overrides
 * (credit_manager, admin); `admin` (admin only); `public` (no key at all).
 *
 * Auth fails closed: every route declares its level in `config.access`, and adding a route that
 * does not (or names an unknown level) throws at once, so `buildApp` cannot start with it. Only
 * routes registered through `publicScope` (Swagger UI's, which take no config) inherit `public`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Db } from '../db/client.ts';
import { type ApiKeyPrincipal, authenticateApiKey, type Role } from '../modules/apikeys/index.ts';
import { AppError, assertUnreachable } from '../shared/errors.ts';

export const ACCESS_LEVELS = ['public', 'read', 'collect', 'write', 'credit', 'admin'] as const;
export type Access = (typeof ACCESS_LEVELS)[number];

/** One route of the app and the level it declared (the table `listRouteAccess` returns). */
export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
  }
  interface FastifyRequest {
    principal: ApiKeyPrincipal | null;
  }
  interface FastifyInstance {
    [ROUTE_ACCESS]: RouteAccess[];
    [PUBLIC_SCOPE]?: true;
  }
}

const ROUTE_ACCESS = Symbol.for('cashloop.routeAccess');
const PUBLIC_SCOPE = Symbol.for('cashloop.publicScope');

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

/**
 * Authenticate every request whose route is not public; reject roles below the route's level.
 * Registers the route guard first: every route added afterwards must declare its level.
 */
export function registerAuth(app: FastifyInstance, db: Db): void {
  guardRoutes(app);
  app.decorateRequest('principal', null);
  app.addHook('onRequest', async (request) => {
    // The not-found handler has no route (and answers 404 to everyone).
    if (request.routeOptions.url === undefined) return;
    const access = request.routeOptions.config?.access;
    if (access === 'public') return;
    if (access === undefined) throw new AppError('forbidden', 'this route declares no access level');
    const key = presentedKey(request);
    if (!key)
      throw new AppError('unauthorized', 'missing API key: send Authorization: Bearer <key> or X-API-Key');
    const principal = await authenticateApiKey(db, key);
    if (!principal) throw new AppError('unauthorized', 'unknown or revoked API key');
    assertMayAccess(principal, access);
    request.principal = principal;
  });
}

/**
 * Check each route as it is added: its `config.access` must be one of ACCESS_LEVELS (or it must be
 * added in a `publicScope`), else adding it throws an error naming the route. Records the table.
 */
function guardRoutes(app: FastifyInstance): void {
  const table: RouteAccess[] = [];
  app.decorate(ROUTE_ACCESS, table);
  app.addHook('onRoute', function checkAccess(route) {
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const name = `${methods.join(',')} ${route.url}`;
    const declared = route.config?.access ?? (this[PUBLIC_SCOPE] ? 'public' : undefined);
    if (declared === undefined)
      throw new Error(
        `route ${name} declares no access level: add config: { access: … } (one of ${ACCESS_LEVELS.join(', ')})`,
      );
    if (!ACCESS_LEVELS.includes(declared))
      throw new Error(`route ${name} declares an unknown access level "${String(declared)}"`);
    route.config = { ...route.config, access: declared };
    for (const method of methods) table.push({ method, url: route.url, access: declared });
  });
}

/**
 * Register `plugin` in a scope whose routes are public unless they say otherwise: for third-party
 * plugins that add routes without config (Swagger UI). Everything else declares its level.
 */
export async function publicScope(app: FastifyInstance, plugin: (scope: FastifyInstance) => Promise<void>) {
  await app.register(async (scope) => {
    scope.decorate(PUBLIC_SCOPE, true);
    await plugin(scope);
  });
}

/**
 * Every route of the app with its method, URL and access level, ordered by URL then method. HEAD
 * routes that mirror a GET (Fastify adds one per GET, with the GET's level) are left out.
 */
export function listRouteAccess(app: FastifyInstance): RouteAccess[] {
  const table = app[ROUTE_ACCESS];
  const gets = new Set(table.filter((r) => r.method === 'GET').map((r) => r.url));
  const own = table.filter((r) => r.method !== 'HEAD' || !gets.has(r.url));
  return own.sort((a, b) => (a.url === b.url ? a.method.localeCompare(b.method) : a.url < b.url ? -1 : 1));
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
