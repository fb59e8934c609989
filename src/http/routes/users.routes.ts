/** /v1/users (admin only): list, create, change (name, role, disabled), reset a password. */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  createUser,
  createUserInput,
  listUsers,
  resetPassword,
  updateUser,
  updateUserInput,
} from '../../modules/users/index.ts';
import { notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { type Api, errors, idempotencyHeaders } from './common.ts';
import { userJson, userSchema } from './users.schemas.ts';

const tags = ['users'];
const userIdParam = z.object({ userId: z.string().min(1).describe('user id (UUID)') });

/** Registers each route of the module (one small function per route, below). */
export function userRoutes(app: Api, deps: CoreDeps): void {
  listUsersRoute(app, deps);
  createUserRoute(app, deps);
  updateUserRoute(app, deps);
  resetPasswordRoute(app, deps);
}

function listUsersRoute(app: Api, deps: CoreDeps): void {
  app.get('/users', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'listUsers',
      summary: "The tenant's users, by e-mail",
      response: { 200: z.object({ items: z.array(userSchema) }), ...errors },
    },
    handler: async (req) => ({ items: (await listUsers(deps.db, principalOf(req).tenantId)).map(userJson) }),
  });
}

function createUserRoute(app: Api, deps: CoreDeps): void {
  app.post('/users', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'createUser',
      summary: 'Create a user',
      description:
        'Without `password` one is generated, returned once as `password`, and the user must change it at first sign-in. The e-mail is unique per tenant, case-insensitively (409). A replay of the same Idempotency-Key returns `password: null`.',
      headers: idempotencyHeaders,
      body: createUserInput,
      response: {
        201: userSchema.extend({
          password: z.string().nullable().describe('the generated password: shown only now'),
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
        async () => {
          const created = await createUser(deps, principalOf(req).tenantId, req.body);
          return { ...userJson(created.user), password: created.password };
        },
        (body) => ({ ...(body as object), password: null }),
      ),
  });
}

function updateUserRoute(app: Api, deps: CoreDeps): void {
  app.patch('/users/:userId', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'updateUser',
      summary: 'Rename a user, change their role, disable or re-enable them',
      description: "A role change or disabling ends the user's sessions at once.",
      params: userIdParam,
      body: updateUserInput,
      response: { 200: userSchema, ...errors },
    },
    handler: async (req) => {
      const { userId } = req.params;
      if (!isUuid(userId)) throw notFound('user', userId);
      return userJson(await updateUser(deps, principalOf(req).tenantId, userId, req.body));
    },
  });
}

function resetPasswordRoute(app: Api, deps: CoreDeps): void {
  app.post('/users/:userId/reset-password', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'resetUserPassword',
      summary: 'Give a user a new generated password (returned once)',
      description:
        "Ends the user's sessions and lifts a lock-out; the user must change the password at the next sign-in. A replay of the same Idempotency-Key returns `password: null`.",
      params: userIdParam,
      headers: idempotencyHeaders,
      response: {
        200: z.object({ userId: z.string(), password: z.string().nullable().describe('shown only now') }),
        ...errors,
      },
    },
    handler: (req, reply) => {
      const { userId } = req.params;
      if (!isUuid(userId)) throw notFound('user', userId);
      return respond(
        req,
        reply,
        deps,
        200,
        async () => {
          const reset = await resetPassword(deps, principalOf(req).tenantId, userId);
          return { userId, password: reset.password as string | null };
        },
        (body) => ({ ...(body as object), password: null }),
      );
    },
  });
}
