/**
 * /v1/session: sign in with e-mail and password (sets the session cookie), see who is signed in,
 * sign out, change one's password. docs/api.md "Authentication" describes cookie, CSRF,
 * lock-out and expiry.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { grantsOf } from '../../modules/apikeys/index.ts';
import {
  changePassword,
  changePasswordInput,
  type SessionDeps,
  type SessionPrincipal,
  signIn,
  signInInput,
  signOut,
} from '../../modules/users/index.ts';
import { invalidState } from '../../shared/errors.ts';
import { type Principal, principalOf, SESSION_COOKIE } from '../auth.ts';
import { type Api, errors } from './common.ts';
import { sessionSchema } from './users.schemas.ts';

const tags = ['session'];

/** Registers each route of the module (one small function per route, below). */
export function sessionRoutes(app: Api, deps: SessionDeps): void {
  signInRoute(app, deps);
  currentSessionRoute(app);
  signOutRoute(app, deps);
  changePasswordRoute(app, deps);
}

/** True when the client reached us over https (directly, or as a proxy's X-Forwarded-Proto says). */
function overHttps(request: FastifyRequest): boolean {
  const forwarded = request.headers['x-forwarded-proto'];
  const first = (Array.isArray(forwarded) ? forwarded[0] : forwarded)?.split(',')[0]?.trim().toLowerCase();
  return first === 'https' || request.protocol === 'https';
}

function setSessionCookie(request: FastifyRequest, reply: FastifyReply, value: string, clear = false): void {
  const attributes = ['HttpOnly', 'SameSite=Strict', 'Path=/'];
  if (clear) attributes.push('Max-Age=0', 'Expires=Thu, 01 Jan 1970 00:00:00 GMT');
  if (overHttps(request)) attributes.push('Secure');
  reply.header('set-cookie', `${SESSION_COOKIE}=${value}; ${attributes.join('; ')}`);
}

function sessionBody(session: SessionPrincipal): z.infer<typeof sessionSchema> {
  const { user } = session;
  return {
    user: {
      userId: user.userId,
      email: user.email,
      name: user.name,
      role: user.role,
      mustChangePassword: user.mustChangePassword,
    },
    role: user.role,
    permissions: [...grantsOf(user.role)],
    csrfToken: session.csrfToken,
    expiresAt: session.expiresAt.toISOString(),
  };
}

function principalBody(principal: Principal): z.infer<typeof sessionSchema> {
  if (principal.kind === 'user') return sessionBody(principal.session);
  return {
    user: null,
    role: principal.role,
    permissions: [...principal.permissions],
    csrfToken: null,
    expiresAt: null,
  };
}

function signInRoute(app: Api, deps: SessionDeps): void {
  app.post('/session', {
    config: { access: 'public', rateLimit: 'credentials' },
    schema: {
      tags,
      operationId: 'signIn',
      summary: 'Sign in with e-mail and password',
      description:
        'Sets the `cashloop_session` cookie (HttpOnly, SameSite=Strict, Secure over https). A wrong or unknown e-mail or password is 401 `invalid_credentials` (the same answer, in the same time). Five failures in a row lock the user for 15 minutes: 423 `account_locked` with `Retry-After`.',
      security: [],
      body: signInInput,
      response: { 200: sessionSchema, ...errors },
    },
    handler: async (req, reply) => {
      const origin = { ip: req.ip ?? null, userAgent: req.headers['user-agent'] ?? null };
      const { token, principal } = await signIn(deps, req.body, origin);
      setSessionCookie(req, reply, token);
      return sessionBody(principal);
    },
  });
}

function currentSessionRoute(app: Api): void {
  app.get('/session', {
    config: { access: 'read', beforePasswordChange: true },
    schema: {
      tags,
      operationId: 'getSession',
      summary: 'Who is signed in, with the role, permissions and CSRF token',
      description: "For an API key: `user: null`, the key's role and permissions, no CSRF token.",
      response: { 200: sessionSchema, ...errors },
    },
    handler: async (req) => principalBody(principalOf(req)),
  });
}

function signOutRoute(app: Api, deps: SessionDeps): void {
  app.delete('/session', {
    config: { access: 'read', beforePasswordChange: true },
    schema: {
      tags,
      operationId: 'signOut',
      summary: 'Sign out: the session is revoked and the cookie cleared',
      response: { 204: z.null().describe('signed out'), ...errors },
    },
    handler: async (req, reply) => {
      const principal = principalOf(req);
      if (principal.kind === 'user')
        await signOut(deps, {
          tenantId: principal.tenantId,
          userId: principal.userId,
          sessionId: principal.session.sessionId,
        });
      setSessionCookie(req, reply, '', true);
      return reply.code(204).send(null);
    },
  });
}

function changePasswordRoute(app: Api, deps: SessionDeps): void {
  app.post('/session/password', {
    config: { access: 'read', beforePasswordChange: true, rateLimit: 'credentials' },
    schema: {
      tags,
      operationId: 'changePassword',
      summary: 'Change your own password',
      description:
        'The current password must match (a wrong one counts towards the lock-out, 422 on `currentPassword`). Your other sessions end; this one stays.',
      body: changePasswordInput,
      response: { 204: z.null().describe('changed'), ...errors },
    },
    handler: async (req, reply) => {
      const principal = principalOf(req);
      if (principal.kind !== 'user') throw invalidState('an API key has no password to change');
      await changePassword(
        deps,
        { tenantId: principal.tenantId, userId: principal.userId, sessionId: principal.session.sessionId },
        req.body,
      );
      return reply.code(204).send(null);
    },
  });
}
