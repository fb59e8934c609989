/**
 * A user's inbox: the notifications the alert rules left for them, newest first, and reading them.
 * Only the user's own: nobody, an admin included, reads or marks another user's inbox.
 */
import { type Db, type Queryable, withTransaction } from '../../db/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import * as repo from './alerts.repository.ts';

export interface Notification {
  readonly notificationId: string;
  readonly kind: string;
  readonly title: string;
  readonly subject: { type: string; id: string; label: string };
  readonly createdAt: Date;
  readonly readAt: Date | null;
}

function notificationOf(row: repo.NotificationRow): Notification {
  return {
    notificationId: row.notificationId,
    kind: row.kind,
    title: row.title,
    subject: row.subject,
    createdAt: row.createdAt,
    readAt: row.readAt,
  };
}

export interface Inbox {
  readonly notifications: Notification[];
  readonly unread: number;
  readonly nextBeforeId: string | null;
}

export async function listNotifications(
  q: Queryable,
  tenantId: string,
  userId: string,
  filter: { unreadOnly: boolean },
  page: { limit: number; beforeId?: string | undefined },
): Promise<Inbox> {
  const rows = await repo.selectNotifications(
    q,
    tenantId,
    userId,
    { ...filter, beforeId: page.beforeId },
    page.limit + 1,
  );
  const shown = rows.slice(0, page.limit);
  return {
    notifications: shown.map(notificationOf),
    unread: await repo.countUnread(q, tenantId, userId),
    nextBeforeId: rows.length > page.limit ? (shown.at(-1)?.notificationId ?? null) : null,
  };
}

/** Mark one notification read (reading it again changes nothing); 404 when it is not the user's. */
export async function markNotificationRead(
  deps: { db: Db; clock: Clock },
  tenantId: string,
  userId: string,
  notificationId: string,
): Promise<Notification> {
  return withTransaction(deps.db, async (tx) => {
    const found = isUuid(notificationId)
      ? await repo.findNotification(tx, tenantId, userId, notificationId)
      : null;
    if (!found) throw notFound('notification', notificationId);
    await repo.markRead(tx, tenantId, userId, notificationId, deps.clock.now());
    const row = await repo.findNotification(tx, tenantId, userId, notificationId);
    return notificationOf(row ?? found);
  });
}

/** Mark every unread notification of the user read; how many were. */
export async function markAllNotificationsRead(
  deps: { db: Db; clock: Clock },
  tenantId: string,
  userId: string,
) {
  return withTransaction(deps.db, (tx) => repo.markRead(tx, tenantId, userId, null, deps.clock.now()));
}
