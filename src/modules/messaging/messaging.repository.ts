/** All SQL of the messaging module: template overrides, settings, the outbox and its attempts. */
import { and, asc, desc, eq, inArray, lt, type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';
import { chunks } from '../../shared/chunks.ts';
import {
  type AttemptOutcome,
  messageTemplates,
  messagingSettings,
  type OutboxStatus,
  outboxAttempts,
  outboxMessages,
} from './messaging.tables.ts';

export type TemplateRow = typeof messageTemplates.$inferSelect;
export type SettingsRow = typeof messagingSettings.$inferSelect;
export type OutboxRow = typeof outboxMessages.$inferSelect;
export type NewOutboxRow = typeof outboxMessages.$inferInsert;
export type AttemptRow = typeof outboxAttempts.$inferSelect;

export function listTemplateRows(q: Queryable, tenantId: string): Promise<TemplateRow[]> {
  return q
    .select()
    .from(messageTemplates)
    .where(eq(messageTemplates.tenantId, tenantId))
    .orderBy(asc(messageTemplates.kind), asc(messageTemplates.level), asc(messageTemplates.language));
}

export async function upsertTemplateRow(tx: Tx, row: TemplateRow): Promise<void> {
  await tx
    .insert(messageTemplates)
    .values(row)
    .onConflictDoUpdate({
      target: [
        messageTemplates.tenantId,
        messageTemplates.kind,
        messageTemplates.level,
        messageTemplates.language,
      ],
      set: { subject: row.subject, body: row.body, updatedAt: row.updatedAt },
    });
}

export async function deleteTemplateRow(
  tx: Tx,
  tenantId: string,
  kind: string,
  level: number,
  language: string,
): Promise<void> {
  await tx
    .delete(messageTemplates)
    .where(
      and(
        eq(messageTemplates.tenantId, tenantId),
        eq(messageTemplates.kind, kind),
        eq(messageTemplates.level, level),
        eq(messageTemplates.language, language),
      ),
    );
}

export async function findSettingsRow(q: Queryable, tenantId: string): Promise<SettingsRow | null> {
  const [row] = await q.select().from(messagingSettings).where(eq(messagingSettings.tenantId, tenantId));
  return row ?? null;
}

export async function upsertSettingsRow(tx: Tx, row: SettingsRow): Promise<void> {
  const { tenantId: _tenant, ...set } = row;
  await tx
    .insert(messagingSettings)
    .values(row)
    .onConflictDoUpdate({ target: messagingSettings.tenantId, set });
}

/** Insert messages; a row whose dedupe key exists already is skipped. Returns the ids inserted. */
export async function insertOutboxRows(tx: Tx, rows: readonly NewOutboxRow[]): Promise<Set<string>> {
  const inserted = new Set<string>();
  for (const chunk of chunks(rows, 500)) {
    const returned = await tx
      .insert(outboxMessages)
      .values(chunk)
      .onConflictDoNothing({ target: [outboxMessages.tenantId, outboxMessages.dedupeKey] })
      .returning({ messageId: outboxMessages.messageId });
    for (const r of returned) inserted.add(r.messageId);
  }
  return inserted;
}

export async function findByDedupeKeys(q: Queryable, tenantId: string, keys: readonly string[]) {
  if (keys.length === 0) return [];
  return q
    .select({
      messageId: outboxMessages.messageId,
      dedupeKey: outboxMessages.dedupeKey,
      status: outboxMessages.status,
    })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.tenantId, tenantId), inArray(outboxMessages.dedupeKey, [...keys])));
}

export async function findOutboxRow(
  q: Queryable,
  tenantId: string,
  messageId: string,
): Promise<OutboxRow | null> {
  const [row] = await q
    .select()
    .from(outboxMessages)
    .where(and(eq(outboxMessages.tenantId, tenantId), eq(outboxMessages.messageId, messageId)));
  return row ?? null;
}

export function attemptRowsOf(q: Queryable, tenantId: string, messageId: string): Promise<AttemptRow[]> {
  return q
    .select()
    .from(outboxAttempts)
    .where(and(eq(outboxAttempts.tenantId, tenantId), eq(outboxAttempts.messageId, messageId)))
    .orderBy(asc(outboxAttempts.attemptNo));
}

export interface OutboxListFilter {
  readonly limit: number;
  readonly beforeId?: string | undefined;
  readonly status?: OutboxStatus | undefined;
  readonly kind?: string | undefined;
  readonly customerId?: string | undefined;
}

/** Newest first; `beforeId` continues after the last id of the previous page. */
export function listOutboxRows(q: Queryable, tenantId: string, f: OutboxListFilter): Promise<OutboxRow[]> {
  const conditions: SQL[] = [eq(outboxMessages.tenantId, tenantId)];
  if (f.beforeId) conditions.push(lt(outboxMessages.messageId, f.beforeId));
  if (f.status) conditions.push(eq(outboxMessages.status, f.status));
  if (f.kind) conditions.push(eq(outboxMessages.kind, f.kind));
  if (f.customerId) conditions.push(eq(outboxMessages.customerId, f.customerId));
  return q
    .select()
    .from(outboxMessages)
    .where(and(...conditions))
    .orderBy(desc(outboxMessages.messageId))
    .limit(f.limit);
}

export interface ClaimRequest {
  readonly now: Date;
  readonly leaseUntil: Date;
  readonly claimToken: string;
  readonly defaultFrom: string;
  readonly tenantId?: string | undefined;
}

export interface Claimed {
  readonly tenantId: string;
  readonly messageId: string;
  /** 'sending' when the previous sender's lease had expired (it crashed or hung). */
  readonly previousStatus: OutboxStatus;
  readonly previousClaimAt: Date;
}

/**
 * Claim the most overdue deliverable message: queued and due, or sending with an expired lease.
 * One statement: the row is locked with `for update skip locked`, so concurrent deliverers claim
 * different rows; the claim counts the attempt and sets the lease and the claim token.
 */
export async function claimNextDue(q: Queryable, r: ClaimRequest): Promise<Claimed | null> {
  const tenantFilter = r.tenantId ? sql`and tenant_id = ${r.tenantId}` : sql``;
  const now = r.now.toISOString();
  const rows = await queryRows<{
    tenant_id: string;
    message_id: string;
    prev_status: string;
    prev_ms: number;
  }>(
    q,
    sql`with due as (
          select tenant_id, message_id, status as prev_status,
                 (extract(epoch from updated_at) * 1000)::float8 as prev_ms
          from outbox_messages
          where ((status = 'queued' and next_attempt_at <= ${now}::timestamptz)
              or (status = 'sending' and lease_expires_at <= ${now}::timestamptz))
            ${tenantFilter}
          order by next_attempt_at
          limit 1
          for update skip locked
        )
        update outbox_messages m
           set status = 'sending', claim_token = ${r.claimToken}::uuid,
               lease_expires_at = ${r.leaseUntil.toISOString()}::timestamptz,
               attempts = m.attempts + 1,
               from_address = coalesce(m.from_address, ${r.defaultFrom}),
               updated_at = ${now}::timestamptz
          from due
         where m.tenant_id = due.tenant_id and m.message_id = due.message_id
     returning m.tenant_id, m.message_id, due.prev_status, due.prev_ms`,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    tenantId: row.tenant_id,
    messageId: row.message_id,
    previousStatus: row.prev_status as OutboxStatus,
    previousClaimAt: new Date(Number(row.prev_ms)),
  };
}

export interface ClaimOutcome {
  readonly status: 'sent' | 'queued' | 'failed';
  readonly now: Date;
  readonly nextAttemptAt?: Date | null;
  readonly error?: string | null;
  readonly transport?: string | null;
  readonly response?: string | null;
  readonly messageIdHeader?: string | null;
}

/** Settle a claim: only the holder of `claimToken` may; false when the claim was lost meanwhile. */
export async function settleClaim(
  tx: Tx,
  tenantId: string,
  messageId: string,
  claimToken: string,
  o: ClaimOutcome,
): Promise<boolean> {
  const rows = await tx
    .update(outboxMessages)
    .set({
      status: o.status,
      claimToken: null,
      leaseExpiresAt: null,
      nextAttemptAt: o.status === 'queued' ? (o.nextAttemptAt ?? o.now) : null,
      ...(o.status === 'queued' ? { backoffStep: sql`${outboxMessages.backoffStep} + 1` } : {}),
      ...(o.status === 'sent'
        ? {
            sentAt: o.now,
            lastError: null,
            transport: o.transport ?? null,
            transportResponse: o.response ?? null,
          }
        : { lastError: o.error ?? null }),
      ...(o.messageIdHeader ? { messageIdHeader: o.messageIdHeader } : {}),
      updatedAt: o.now,
    })
    .where(
      and(
        eq(outboxMessages.tenantId, tenantId),
        eq(outboxMessages.messageId, messageId),
        eq(outboxMessages.claimToken, claimToken),
      ),
    )
    .returning({ messageId: outboxMessages.messageId });
  return rows.length > 0;
}

export interface AttemptEntry {
  readonly tenantId: string;
  readonly messageId: string;
  readonly attemptNo: number;
  readonly startedAt: Date;
  readonly finishedAt: Date;
  readonly outcome: AttemptOutcome;
  readonly error?: string | null;
  readonly response?: string | null;
}

/** Record an attempt; a late report of the same attempt (its lease had expired) replaces the guess. */
export async function recordAttempt(q: Queryable, a: AttemptEntry): Promise<void> {
  const row = { ...a, error: a.error ?? null, response: a.response ?? null };
  await q
    .insert(outboxAttempts)
    .values(row)
    .onConflictDoUpdate({
      target: [outboxAttempts.tenantId, outboxAttempts.messageId, outboxAttempts.attemptNo],
      set: { finishedAt: row.finishedAt, outcome: row.outcome, error: row.error, response: row.response },
    });
}

/** Back to queued, due now, with a fresh backoff schedule: only from failed or queued. */
export async function requeueRow(
  tx: Tx,
  tenantId: string,
  messageId: string,
  now: Date,
): Promise<OutboxRow | null> {
  const [row] = await tx
    .update(outboxMessages)
    .set({ status: 'queued', nextAttemptAt: now, backoffStep: 0, retriedAt: now, updatedAt: now })
    .where(
      and(
        eq(outboxMessages.tenantId, tenantId),
        eq(outboxMessages.messageId, messageId),
        inArray(outboxMessages.status, ['failed', 'queued']),
      ),
    )
    .returning();
  return row ?? null;
}
