/** All SQL of the users module: users and their sessions. Every function takes its Queryable. */
import { and, asc, desc, eq, isNull, ne, type SQL } from 'drizzle-orm';
import type { Queryable } from '../../db/client.ts';
import { roleSchema } from '../apikeys/index.ts';
import type { LockState } from './sign-in-rules.ts';
import { sessions, users } from './users.tables.ts';
import type { SessionRecord, StoredUser } from './users.types.ts';

type UserRow = typeof users.$inferSelect;

function toUser(row: UserRow): StoredUser {
  return {
    tenantId: row.tenantId,
    userId: row.userId,
    email: row.email,
    name: row.name,
    role: roleSchema.parse(row.role),
    mustChangePassword: row.mustChangePassword,
    disabled: row.disabledAt !== null,
    lockedUntil: row.lockedUntil,
    failedSignIns: row.failedSignIns,
    createdAt: row.createdAt,
    passwordHash: row.passwordHash,
  };
}

export async function insertUser(q: Queryable, row: typeof users.$inferInsert): Promise<void> {
  await q.insert(users).values(row);
}

/** Users with this e-mail key, in one tenant or (tenantId null) in every tenant, oldest first. */
export async function findUsersByEmailKey(q: Queryable, emailKey: string, tenantId: string | null) {
  const where: SQL[] = [eq(users.emailKey, emailKey)];
  if (tenantId) where.push(eq(users.tenantId, tenantId));
  const rows = await q
    .select()
    .from(users)
    .where(and(...where))
    .orderBy(asc(users.createdAt), asc(users.tenantId));
  return rows.map(toUser);
}

export async function findUser(q: Queryable, tenantId: string, userId: string): Promise<StoredUser | null> {
  const [row] = await q
    .select()
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.userId, userId)));
  return row ? toUser(row) : null;
}

export async function selectUsers(q: Queryable, tenantId: string): Promise<StoredUser[]> {
  const rows = await q.select().from(users).where(eq(users.tenantId, tenantId)).orderBy(asc(users.emailKey));
  return rows.map(toUser);
}

export type UserPatch = Partial<
  Pick<
    typeof users.$inferInsert,
    'name' | 'role' | 'disabledAt' | 'passwordHash' | 'mustChangePassword' | 'passwordChangedAt'
  >
>;

export async function updateUserRow(q: Queryable, tenantId: string, userId: string, patch: UserPatch) {
  await q
    .update(users)
    .set(patch)
    .where(and(eq(users.tenantId, tenantId), eq(users.userId, userId)));
}

export async function storeLockState(q: Queryable, tenantId: string, userId: string, state: LockState) {
  await q
    .update(users)
    .set({ failedSignIns: state.failedSignIns, lockedUntil: state.lockedUntil })
    .where(and(eq(users.tenantId, tenantId), eq(users.userId, userId)));
}

export async function insertSession(q: Queryable, row: typeof sessions.$inferInsert): Promise<void> {
  await q.insert(sessions).values(row);
}

/** The unrevoked session with this token hash and its user, or null. */
export async function findLiveSession(
  q: Queryable,
  tokenHash: string,
): Promise<{ session: SessionRecord; user: StoredUser } | null> {
  const [row] = await q
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, and(eq(users.tenantId, sessions.tenantId), eq(users.userId, sessions.userId)))
    .where(and(eq(sessions.tokenHash, tokenHash), isNull(sessions.revokedAt)));
  if (!row) return null;
  const s = row.session;
  return {
    session: {
      tenantId: s.tenantId,
      sessionId: s.sessionId,
      userId: s.userId,
      createdAt: s.createdAt,
      lastSeenAt: s.lastSeenAt,
      ip: s.ip,
      userAgent: s.userAgent,
    },
    user: toUser(row.user),
  };
}

export async function touchSession(q: Queryable, tenantId: string, sessionId: string, at: Date) {
  await q
    .update(sessions)
    .set({ lastSeenAt: at })
    .where(and(eq(sessions.tenantId, tenantId), eq(sessions.sessionId, sessionId)));
}

export async function revokeSessionRow(
  q: Queryable,
  tenantId: string,
  sessionId: string,
  at: Date,
  reason: string,
) {
  await q
    .update(sessions)
    .set({ revokedAt: at, revokedReason: reason })
    .where(
      and(eq(sessions.tenantId, tenantId), eq(sessions.sessionId, sessionId), isNull(sessions.revokedAt)),
    );
}

/** Revoke every live session of the user (but `keep`, the one making the change, when given). */
export async function revokeUserSessions(
  q: Queryable,
  tenantId: string,
  userId: string,
  at: Date,
  reason: string,
  keep: string | null = null,
): Promise<number> {
  const where = [eq(sessions.tenantId, tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt)];
  if (keep) where.push(ne(sessions.sessionId, keep));
  const rows = await q
    .update(sessions)
    .set({ revokedAt: at, revokedReason: reason })
    .where(and(...where))
    .returning({ sessionId: sessions.sessionId });
  return rows.length;
}

/** The user's unrevoked sessions, latest use first (expired ones included: the caller decides). */
export async function selectUnrevokedSessions(
  q: Queryable,
  tenantId: string,
  userId: string,
): Promise<SessionRecord[]> {
  const rows = await q
    .select()
    .from(sessions)
    .where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt)))
    .orderBy(desc(sessions.lastSeenAt), asc(sessions.sessionId));
  return rows.map((s) => ({
    tenantId: s.tenantId,
    sessionId: s.sessionId,
    userId: s.userId,
    createdAt: s.createdAt,
    lastSeenAt: s.lastSeenAt,
    ip: s.ip,
    userAgent: s.userAgent,
  }));
}

/** Revoke one live session of the user; false when there is none with this id. */
export async function revokeUserSessionRow(
  q: Queryable,
  key: { tenantId: string; userId: string; sessionId: string },
  at: Date,
  reason: string,
): Promise<boolean> {
  const rows = await q
    .update(sessions)
    .set({ revokedAt: at, revokedReason: reason })
    .where(
      and(
        eq(sessions.tenantId, key.tenantId),
        eq(sessions.userId, key.userId),
        eq(sessions.sessionId, key.sessionId),
        isNull(sessions.revokedAt),
      ),
    )
    .returning({ sessionId: sessions.sessionId });
  return rows.length > 0;
}

/** True when the tenant has at least one user. */
export async function tenantHasUsers(q: Queryable, tenantId: string): Promise<boolean> {
  const [row] = await q
    .select({ userId: users.userId })
    .from(users)
    .where(eq(users.tenantId, tenantId))
    .limit(1);
  return row !== undefined;
}

/** The one tenant that has users, or null when none or several do (where an unknown e-mail is recorded). */
export async function soleUserTenant(q: Queryable): Promise<string | null> {
  const rows = await q.selectDistinct({ tenantId: users.tenantId }).from(users).limit(2);
  const [only] = rows;
  return rows.length === 1 && only ? only.tenantId : null;
}
