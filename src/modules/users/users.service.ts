/**
 * Users of a tenant: create (with a given or a generated password), list, rename, change role,
 * disable, and reset a password. Changing the role, disabling and resetting end the user's
 * sessions at once, so a changed right takes effect on the next request.
 */

import { type Db, type Queryable, withTransaction } from '../../db/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { emailKey } from './email-key.ts';
import { generatePassword, hashPassword } from './password-hash.ts';
import {
  type CreateUserInput,
  createUserInput,
  type UpdateUserInput,
  updateUserInput,
} from './users.input.ts';
import * as repo from './users.repository.ts';
import type { StoredUser, User } from './users.types.ts';

export interface UsersDeps {
  readonly db: Db;
  readonly clock: Clock;
}

/** A user without what only the module sees. */
export function publicUser(stored: StoredUser): User {
  const { passwordHash: _hash, failedSignIns: _failures, ...user } = stored;
  return user;
}

/**
 * Create a user. Without `password` one is generated, returned once as `password`, and the user
 * must change it at first sign-in. The e-mail is unique per tenant, case-insensitively (409).
 */
export async function createUser(
  deps: UsersDeps,
  tenantId: string,
  raw: CreateUserInput,
): Promise<{ user: User; password: string | null }> {
  const input = createUserInput.parse(raw);
  const generated = input.password === undefined ? generatePassword() : null;
  const passwordHash = await hashPassword(input.password ?? generated ?? '');
  const userId = newId();
  const now = deps.clock.now();
  const name = input.name ?? input.email.slice(0, input.email.lastIndexOf('@'));
  await withTransaction(deps.db, async (tx) => {
    await repo.insertUser(tx, {
      tenantId,
      userId,
      email: input.email,
      emailKey: emailKey(input.email),
      name,
      role: input.role,
      passwordHash,
      mustChangePassword: generated !== null,
      createdAt: now,
      passwordChangedAt: now,
    });
    await recordAudit(tx, tenantId, {
      kind: 'user.created',
      objectType: 'user',
      objectId: userId,
      changes: changedFields(null, { email: input.email, name, role: input.role }),
      details: { passwordGenerated: generated !== null },
    });
  });
  return { user: await getUserOrThrow(deps.db, tenantId, userId), password: generated };
}

export async function getUserOrThrow(q: Queryable, tenantId: string, userId: string): Promise<User> {
  const found = await repo.findUser(q, tenantId, userId);
  if (!found) throw notFound('user', userId);
  return publicUser(found);
}

/** The tenant's user with this e-mail (matched as at sign-in), or a 404. */
export async function getUserByEmailOrThrow(q: Queryable, tenantId: string, email: string): Promise<User> {
  const [found] = await repo.findUsersByEmailKey(q, emailKey(email), tenantId);
  if (!found) throw notFound('user', email);
  return publicUser(found);
}

/** The tenant's users by e-mail. */
export async function listUsers(q: Queryable, tenantId: string): Promise<User[]> {
  return (await repo.selectUsers(q, tenantId)).map(publicUser);
}

export { tenantHasUsers } from './users.repository.ts';

/** The tenant's admins who may sign in (not disabled): whom security alerts go to. */
export async function listActiveAdmins(q: Queryable, tenantId: string): Promise<User[]> {
  return (await listUsers(q, tenantId)).filter((u) => u.role === 'admin' && !u.disabled);
}

/**
 * Rename, change the role of, disable or re-enable a user. A role change or disabling revokes the
 * user's sessions (the next request with the old cookie is 401).
 */
export async function updateUser(
  deps: UsersDeps,
  tenantId: string,
  userId: string,
  raw: UpdateUserInput,
): Promise<User> {
  const input = updateUserInput.parse(raw);
  const now = deps.clock.now();
  await withTransaction(deps.db, async (tx) => {
    const current = await repo.findUser(tx, tenantId, userId);
    if (!current) throw notFound('user', userId);
    const disabling = input.disabled === true && !current.disabled;
    const roleChanged = input.role !== undefined && input.role !== current.role;
    await repo.updateUserRow(tx, tenantId, userId, {
      ...(input.name !== undefined ? { name: input.name } : {}),
      ...(input.role !== undefined ? { role: input.role } : {}),
      ...disabledPatch(input.disabled, current.disabled, now),
    });
    if (disabling || roleChanged)
      await repo.revokeUserSessions(tx, tenantId, userId, now, disabling ? 'user disabled' : 'role changed');
    const before = { name: current.name, role: current.role, disabled: current.disabled };
    const changes = changedFields(before, { ...before, ...stripUndefined(input) }, Object.keys(before));
    if (Object.keys(changes).length > 0)
      await recordAudit(tx, tenantId, {
        kind: 'user.updated',
        objectType: 'user',
        objectId: userId,
        changes,
      });
  });
  return getUserOrThrow(deps.db, tenantId, userId);
}

function stripUndefined(o: object): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined));
}

/** `disabled_at` for a request: kept when unchanged (a second disable keeps the first date). */
function disabledPatch(
  wanted: boolean | undefined,
  disabled: boolean,
  now: Date,
): { disabledAt?: Date | null } {
  if (wanted === undefined || wanted === disabled) return {};
  return { disabledAt: wanted ? now : null };
}

/**
 * Give the user a new generated password (returned once), which they must change at their next
 * sign-in; ends their sessions and lifts a lock-out.
 */
export async function resetPassword(
  deps: UsersDeps,
  tenantId: string,
  userId: string,
): Promise<{ user: User; password: string }> {
  const password = generatePassword();
  const passwordHash = await hashPassword(password);
  const now = deps.clock.now();
  await withTransaction(deps.db, async (tx) => {
    if (!(await repo.findUser(tx, tenantId, userId))) throw notFound('user', userId);
    await repo.updateUserRow(tx, tenantId, userId, {
      passwordHash,
      mustChangePassword: true,
      passwordChangedAt: now,
    });
    await repo.storeLockState(tx, tenantId, userId, { failedSignIns: 0, lockedUntil: null });
    await repo.revokeUserSessions(tx, tenantId, userId, now, 'password reset');
    await recordAudit(tx, tenantId, { kind: 'user.password_reset', objectType: 'user', objectId: userId });
  });
  return { user: await getUserOrThrow(deps.db, tenantId, userId), password };
}
