/**
 * Authentication and role checks, run in `onRequest` (before the body is parsed or validated).
 * A request authenticates with an API key (`Authorization: Bearer`, `X-API-Key`) or with the
 * session cookie of a signed-in user (`cashloop_session`); a key wins when both are sent. No
 * credential, an unknown key or an ended session is 401; a role below the route's level is 403.
 * Under the cookie, every request but GET/HEAD/OPTIONS must carry `X-CSRF-Token` (403
 * `csrf_failed` otherwise), and a user who must change a generated password may only read and
 * change their session (403 `password_change_required`). Each handler runs acting as its
 * principal and from the client's address and user agent (shared/acting-as.ts), so what it posts
 * to the journal and the audit trail names its author and where it came from.
 *
 * Access levels and the roles that hold them are declared once in modules/apikeys/access-rules.ts;
 * `public` needs no credential. An API key holds its role's levels up to its scope; an expired key
 * is 401 `api_key_expired`.
 *
 * Routes of the `portal` level (`/v1/portal/…`) take only a customer's portal link,
 * `Authorization: Portal <token>` (docs/portal.md): anything else there is 401, a bad link 401
 * `portal_link_invalid`; their handlers act as the customer ("Customer ACME GmbH (portal)"). A
 * portal link on any other route is refused (401): it is no staff credential.
 *
 * Auth fails closed: every route declares its level in `config.access`, and adding a route that
 * does not (or names an unknown level) throws at once, so `buildApp` cannot start with it. Only
 * routes registered through `publicScope` (Swagger UI's, which take no config) inherit `public`.
 */
import type { FastifyInstance, FastifyRequest, RouteHandlerMethod } from 'fastify';
import { keyActor, portalActor, userActor } from '../modules/activities/index.ts';
import {
  ACCESS_LEVELS,
  type Access,
  authenticateApiKey,
  type GrantedAccess,
  grantsInclude,
  grantsOf,
  type Role,
  refusalOf,
} from '../modules/apikeys/index.ts';
import { authenticatePortalToken, type PortalPrincipal } from '../modules/portal/index.ts';
import {
  authenticateSession,
  csrfTokenMatches,
  type SessionDeps,
  type SessionPrincipal,
} from '../modules/users/index.ts';
import { runActingAs, runFromOrigin } from '../shared/acting-as.ts';
import { AppError } from '../shared/errors.ts';

export { ACCESS_LEVELS, type Access };

/** One route of the app and the level it declared (the table `listRouteAccess` returns). */
export interface RouteAccess {
  readonly method: string;
  readonly url: string;
  readonly access: Access;
}

/** An API key acting (machines). */
export interface KeyPrincipal {
  readonly kind: 'key';
  readonly tenantId: string;
  readonly role: Role;
  /** The levels the key holds: its role's up to its scope. */
  readonly permissions: readonly GrantedAccess[];
  readonly keyId: string;
  readonly userId: null;
  /** The key's label, or its id when it has none (shown as the author of what the key does). */
  readonly name: string;
  readonly label: string | null;
}

/** A signed-in user acting through their session cookie. */
export interface UserPrincipal {
  readonly kind: 'user';
  readonly tenantId: string;
  readonly role: Role;
  /** The levels the user's role holds. */
  readonly permissions: readonly GrantedAccess[];
  readonly keyId: null;
  readonly userId: string;
  /** The user's name (shown as the author of what they do). */
  readonly name: string;
  readonly email: string;
  readonly session: SessionPrincipal;
  /** The session's token as the cookie carried it (to check the CSRF token against). */
  readonly sessionToken: string;
}

/** Who a request acts for. */
export type Principal = KeyPrincipal | UserPrincipal;

/** The cookie that carries a session's token. */
export const SESSION_COOKIE = 'cashloop_session';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    access?: Access;
    /** The route stays open to a user who must change their password (the session routes). */
    beforePasswordChange?: true;
  }
  interface FastifyRequest {
    principal: Principal | null;
    /** The customer a portal route acts for (set only on `portal` routes). */
    portal: PortalPrincipal | null;
  }
  interface FastifyInstance {
    [ROUTE_ACCESS]: RouteAccess[];
    [PUBLIC_SCOPE]?: true;
  }
}

const ROUTE_ACCESS = Symbol.for('cashloop.routeAccess');
const PUBLIC_SCOPE = Symbol.for('cashloop.publicScope');

/** True when the role holds `access` (declared in access-rules.ts). */
export function roleMayAccess(role: Role, access: Access): boolean {
  return grantsInclude(grantsOf(role), access);
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

/** The session token from the `Cookie` header, or null (no cookie plugin: one name is all we read). */
export function presentedSessionToken(request: FastifyRequest): string | null {
  const header = request.headers.cookie;
  if (typeof header !== 'string') return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== SESSION_COOKIE) continue;
    const value = part.slice(eq + 1).trim();
    return value === '' ? null : value;
  }
  return null;
}

/**
 * Authenticate every request whose route is not public; reject roles below the route's level.
 * Registers the route guard first: every route added afterwards must declare its level.
 */
export function registerAuth(app: FastifyInstance, deps: SessionDeps): void {
  guardRoutes(app);
  app.decorateRequest('principal', null);
  app.decorateRequest('portal', null);
  app.addHook('onRequest', async (request) => {
    // The not-found handler has no route (and answers 404 to everyone).
    if (request.routeOptions.url === undefined) return;
    const access = request.routeOptions.config?.access;
    if (access === 'public') return;
    if (access === undefined) throw new AppError('forbidden', 'this route declares no access level');
    if (access === 'portal') {
      request.portal = await authenticatePortal(request, deps);
      return;
    }
    if (presentedPortalToken(request) !== null)
      throw new AppError('unauthorized', 'a portal link opens only the portal (/v1/portal/…)');
    const principal = await authenticate(request, deps);
    if (principal.kind === 'user') assertSessionMayProceed(request, principal);
    assertMayAccess(principal, access);
    request.principal = principal;
  });
}

async function authenticate(request: FastifyRequest, deps: SessionDeps): Promise<Principal> {
  const key = presentedKey(request);
  if (key) {
    const found = await authenticateApiKey(deps.db, key, deps.clock.now());
    if (!found) throw new AppError('unauthorized', 'unknown or revoked API key');
    const { name } = keyActor(found.keyId, found.label);
    return { kind: 'key', ...found, userId: null, name };
  }
  const token = presentedSessionToken(request);
  if (!token)
    throw new AppError(
      'unauthorized',
      'not signed in: sign in (POST /v1/session) or send an API key (Authorization: Bearer <key>)',
    );
  const session = await authenticateSession(deps, token);
  if (!session) throw new AppError('unauthorized', 'your session has ended: sign in again');
  const { user } = session;
  return {
    kind: 'user',
    tenantId: user.tenantId,
    role: user.role,
    permissions: grantsOf(user.role),
    keyId: null,
    userId: user.userId,
    name: user.name,
    email: user.email,
    session,
    sessionToken: token,
  };
}

/** The token of `Authorization: Portal <token>`, or null. */
export function presentedPortalToken(request: FastifyRequest): string | null {
  const auth = request.headers.authorization;
  if (typeof auth !== 'string') return null;
  return /^Portal\s+(\S+)\s*$/i.exec(auth)?.[1] ?? null;
}

/**
 * A portal route's customer, from the portal link only (a staff key or session is no credential
 * here). A refused link is logged with the client's address, never with its token.
 */
async function authenticatePortal(request: FastifyRequest, deps: SessionDeps): Promise<PortalPrincipal> {
  const token = presentedPortalToken(request);
  if (!token)
    throw new AppError(
      'unauthorized',
      "the portal takes the customer's portal link: Authorization: Portal <token> (staff credentials do not open it)",
    );
  try {
    return await authenticatePortalToken(deps, token);
  } catch (error) {
    if (error instanceof AppError && error.code === 'portal_link_invalid')
      request.log.warn({ ip: request.ip, route: request.routeOptions.url }, 'portal link refused');
    throw error;
  }
}

/** CSRF for writes under the cookie; a generated password must be changed before anything else. */
function assertSessionMayProceed(request: FastifyRequest, principal: UserPrincipal): void {
  if (!SAFE_METHODS.has(request.method)) {
    const presented = request.headers['x-csrf-token'];
    if (typeof presented !== 'string' || !csrfTokenMatches(principal.sessionToken, presented))
      throw new AppError(
        'csrf_failed',
        'missing or wrong X-CSRF-Token: send the csrfToken of POST or GET /v1/session with every write',
      );
  }
  if (principal.session.user.mustChangePassword && !request.routeOptions.config?.beforePasswordChange)
    throw new AppError(
      'password_change_required',
      'your password was generated: change it first (POST /v1/session/password)',
    );
}

/** The route's handler, run acting as the request's principal (the journal records it). */
function actingAsPrincipal(handler: RouteHandlerMethod): RouteHandlerMethod {
  return function actingHandler(this: FastifyInstance, request, reply) {
    const p = request.principal;
    if (request.portal)
      return runActingAs(portalActor(request.portal), () => handler.call(this, request, reply));
    if (!p) return handler.call(this, request, reply);
    const actor = p.kind === 'user' ? userActor(p.userId, p.name) : keyActor(p.keyId, p.label);
    return runActingAs(actor, () => handler.call(this, request, reply));
  };
}

/** The route's handler, run as coming from the client's address and user agent (the audit trail records them). */
function fromRequestOrigin(handler: RouteHandlerMethod): RouteHandlerMethod {
  return function originHandler(this: FastifyInstance, request, reply) {
    const agent = request.headers['user-agent'];
    const origin = {
      channel: 'http',
      ip: request.ip ?? null,
      agent: typeof agent === 'string' ? agent : null,
    } as const;
    return runFromOrigin(origin, () => handler.call(this, request, reply));
  };
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
    route.handler = fromRequestOrigin(
      declared === 'public' ? route.handler : actingAsPrincipal(route.handler),
    );
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

/** Throws 403 unless the principal holds `access` (for checks that depend on the body). */
export function assertMayAccess(principal: Principal, access: Access): void {
  if (grantsInclude(principal.permissions, access)) return;
  const who =
    principal.kind === 'key' && roleMayAccess(principal.role, access)
      ? `this API key (role ${principal.role}) is scoped to ${principal.permissions.at(-1) ?? 'nothing'} and`
      : `role ${principal.role}`;
  throw new AppError('forbidden', `${who} may not ${refusalOf(access)}`);
}

/** The customer of a portal route (the auth hook guarantees one there). */
export function portalOf(request: FastifyRequest): PortalPrincipal {
  if (!request.portal) throw new AppError('unauthorized', 'not a portal request');
  return request.portal;
}

/** The authenticated principal of a /v1 route (the auth hook guarantees one). */
export function principalOf(request: FastifyRequest): Principal {
  if (!request.principal) throw new AppError('unauthorized', 'not authenticated');
  return request.principal;
}
