/**
 * Who is signed in where: a user lists and ends their other sessions (/v1/session/sessions,
 * /v1/session/sign-out-others); an admin lists and ends any user's sessions
 * (/v1/users/{userId}/sessions…). Never a token, only where and when.
 */
import { z } from 'zod';
import {
  listUserSessions,
  revokeAllUserSessions,
  revokeUserSession,
  type SessionDeps,
  type SessionView,
  signOutOtherSessions,
} from '../../modules/users/index.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { principalOf } from '../auth.ts';
import { type Api, errors, instant } from './common.ts';

const sessionSchema = z
  .object({
    id: z.string(),
    current: z.boolean().describe('the session making this request'),
    createdAt: instant.describe('sign-in'),
    lastSeenAt: instant,
    expiresAt: instant.describe('when it ends unless used again'),
    ip: z.string().nullable(),
    userAgent: z.string().nullable(),
  })
  .meta({ id: 'UserSession' });
const sessionList = z.object({ items: z.array(sessionSchema) });
const revokedCount = z.object({ revoked: z.number().int().describe('sessions ended') });
const userIdParam = z.object({ userId: z.string().min(1).describe('user id (UUID)') });

function sessionJson(s: SessionView, currentId: string | null): z.infer<typeof sessionSchema> {
  return {
    id: s.sessionId,
    current: s.sessionId === currentId,
    createdAt: s.createdAt.toISOString(),
    lastSeenAt: s.lastSeenAt.toISOString(),
    expiresAt: s.expiresAt.toISOString(),
    ip: s.ip,
    userAgent: s.userAgent,
  };
}

function userIdOrThrow(userId: string): string {
  if (!isUuid(userId)) throw notFound('user', userId);
  return userId;
}

/** Registers each route (one small function per route, below). */
export function sessionListRoutes(app: Api, deps: SessionDeps): void {
  ownSessionsRoute(app, deps);
  signOutOthersRoute(app, deps);
  userSessionsRoute(app, deps);
  revokeUserSessionsRoute(app, deps);
  revokeOneUserSessionRoute(app, deps);
}

function ownSessionsRoute(app: Api, deps: SessionDeps): void {
  app.get('/session/sessions', {
    config: { access: 'read' },
    schema: {
      tags: ['session'],
      operationId: 'listOwnSessions',
      summary: 'The signed-in user’s sessions that still work (409 for an API key)',
      response: { 200: sessionList, ...errors },
    },
    handler: async (req) => {
      const p = principalOf(req);
      if (p.kind !== 'user') throw new AppError('invalid_state', 'an API key has no sessions');
      const items = await listUserSessions(deps, p.tenantId, p.userId);
      return { items: items.map((s) => sessionJson(s, p.session.sessionId)) };
    },
  });
}

function signOutOthersRoute(app: Api, deps: SessionDeps): void {
  app.post('/session/sign-out-others', {
    config: { access: 'read' },
    schema: {
      tags: ['session'],
      operationId: 'signOutOtherSessions',
      summary: 'End every session of the signed-in user but this one',
      response: { 200: revokedCount, ...errors },
    },
    handler: async (req) => {
      const p = principalOf(req);
      const sessionId = p.kind === 'user' ? p.session.sessionId : null;
      const userId = p.kind === 'user' ? p.userId : '';
      return { revoked: await signOutOtherSessions(deps, { tenantId: p.tenantId, userId, sessionId }) };
    },
  });
}

function userSessionsRoute(app: Api, deps: SessionDeps): void {
  app.get('/users/:userId/sessions', {
    config: { access: 'admin' },
    schema: {
      tags: ['users'],
      operationId: 'listUserSessions',
      summary: 'A user’s sessions that still work: sign-in, last use, IP and browser',
      params: userIdParam,
      response: { 200: sessionList, ...errors },
    },
    handler: async (req) => {
      const p = principalOf(req);
      const items = await listUserSessions(deps, p.tenantId, userIdOrThrow(req.params.userId));
      return { items: items.map((s) => sessionJson(s, p.kind === 'user' ? p.session.sessionId : null)) };
    },
  });
}

function revokeUserSessionsRoute(app: Api, deps: SessionDeps): void {
  app.post('/users/:userId/sessions/revoke', {
    config: { access: 'admin' },
    schema: {
      tags: ['users'],
      operationId: 'revokeUserSessions',
      summary: 'End every session of a user at once',
      params: userIdParam,
      response: { 200: revokedCount, ...errors },
    },
    handler: async (req) => ({
      revoked: await revokeAllUserSessions(deps, principalOf(req).tenantId, userIdOrThrow(req.params.userId)),
    }),
  });
}

function revokeOneUserSessionRoute(app: Api, deps: SessionDeps): void {
  app.post('/users/:userId/sessions/:sessionId/revoke', {
    config: { access: 'admin' },
    schema: {
      tags: ['users'],
      operationId: 'revokeUserSession',
      summary: 'End one session of a user',
      params: userIdParam.extend({ sessionId: z.string().min(1).describe('session id (UUID)') }),
      response: { 200: z.object({ id: z.string(), revoked: z.literal(true) }), ...errors },
    },
    handler: async (req) => {
      const { sessionId } = req.params;
      const key = {
        tenantId: principalOf(req).tenantId,
        userId: userIdOrThrow(req.params.userId),
        sessionId,
      };
      await revokeUserSession(deps, key);
      return { id: sessionId, revoked: true as const };
    },
  });
}
