/** All SQL of the outbox: queued messages, claims and their settlement, the attempt log. */
import { and, asc, count, desc, eq, getTableColumns, inArray, lt, lte, type SQL, sql } from 'drizzle-orm';
import { type BulkColumn, insertByUnnestReturning } from '../../db/bulk-insert.ts';
import type { Queryable, Tx } from '../../db/client.ts';
import { isAnyOf } from '../../db/conditions.ts';
import {
  type AttemptOutcome,
  type OutboxStatus,
  outboxAttempts,
  outboxMessages,
  type StoredAttachment,
} from './messaging.tables.ts';

export type OutboxRow = typeof outboxMessages.$inferSelect;
export type NewOutboxRow = typeof outboxMessages.$inferInsert;
export type AttemptRow = typeof outboxAttempts.$inferSelect;

/** A text array column, sent as a JSON array (the arrays of arrays `unnest` cannot take). */
const textArray = (v: string) => `array(select jsonb_array_elements_text(${v}))`;
const uuidArray = (v: string) => `array(select jsonb_array_elements_text(${v})::uuid)`;

/** The columns a queued message is written with, and the array type each travels in. */
const OUTBOX_COLUMNS: readonly BulkColumn<NewOutboxRow>[] = [
  { name: 'tenant_id', type: 'uuid', value: (r) => r.tenantId },
  { name: 'message_id', type: 'uuid', value: (r) => r.messageId },
  { name: 'dedupe_key', type: 'text', value: (r) => r.dedupeKey },
  { name: 'kind', type: 'text', value: (r) => r.kind },
  { name: 'level', type: 'int', value: (r) => r.level },
  { name: 'language', type: 'text', value: (r) => r.language },
  { name: 'template_source', type: 'text', value: (r) => r.templateSource },
  { name: 'from_name', type: 'text', value: (r) => r.fromName ?? null },
  { name: 'from_address', type: 'text', value: (r) => r.fromAddress ?? null },
  { name: 'reply_to', type: 'text', value: (r) => r.replyTo ?? null },
  { name: 'to_addresses', type: 'jsonb', value: (r) => JSON.stringify(r.toAddresses), select: textArray },
  {
    name: 'cc_addresses',
    type: 'jsonb',
    value: (r) => JSON.stringify(r.ccAddresses ?? []),
    select: textArray,
  },
  {
    name: 'bcc_addresses',
    type: 'jsonb',
    value: (r) => JSON.stringify(r.bccAddresses ?? []),
    select: textArray,
  },
  { name: 'subject', type: 'text', value: (r) => r.subject },
  { name: 'body_text', type: 'text', value: (r) => r.bodyText },
  { name: 'body_html', type: 'text', value: (r) => r.bodyHtml ?? null },
  { name: 'attachments', type: 'jsonb', value: (r) => JSON.stringify(r.attachments ?? []) },
  { name: 'customer_id', type: 'uuid', value: (r) => r.customerId ?? null },
  { name: 'invoice_ids', type: 'jsonb', value: (r) => JSON.stringify(r.invoiceIds ?? []), select: uuidArray },
  { name: 'dunning_letter_id', type: 'uuid', value: (r) => r.dunningLetterId ?? null },
  { name: 'statement_id', type: 'uuid', value: (r) => r.statementId ?? null },
  { name: 'status', type: 'text', value: (r) => r.status ?? 'queued' },
  { name: 'next_attempt_at', type: 'timestamptz', value: (r) => r.nextAttemptAt?.toISOString() ?? null },
  { name: 'queued_at', type: 'timestamptz', value: (r) => r.queuedAt.toISOString() },
  { name: 'updated_at', type: 'timestamptz', value: (r) => r.updatedAt.toISOString() },
];

/**
 * Insert messages, 500 per statement through `insertByUnnest` (a run of thousands of letters is a
 * few statements, not thousands). A row whose dedupe key exists is skipped. Returns the ids inserted.
 */
export async function insertOutboxRows(tx: Tx, rows: readonly NewOutboxRow[]): Promise<Set<string>> {
  const returned = await insertByUnnestReturning<NewOutboxRow, { message_id: string }>(
    tx,
    'outbox_messages',
    OUTBOX_COLUMNS,
    rows,
    sql`on conflict (tenant_id, dedupe_key) do nothing returning message_id`,
    500,
  );
  return new Set(returned.map((r) => r.message_id));
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
    .where(and(eq(outboxMessages.tenantId, tenantId), isAnyOf(outboxMessages.dedupeKey, keys, 'text')));
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
  readonly invoiceId?: string | undefined;
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
  if (f.invoiceId) conditions.push(sql`${f.invoiceId}::uuid = any(${outboxMessages.invoiceIds})`);
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
  readonly row: OutboxRow;
  /** 'sending' when the previous sender's lease had expired (it crashed or hung). */
  readonly previousStatus: OutboxStatus;
  readonly previousClaimAt: Date;
}

/**
 * Claim the most overdue deliverable message: queued and due, or sending with an expired lease
 * (a claim sets next_attempt_at to the lease's end, so both are "next_attempt_at <= now", read
 * in order from one partial index). One statement: the row is locked with `for update skip
 * locked`, so concurrent deliverers claim different rows; the claim counts the attempt and sets
 * the lease and the claim token, and returns the claimed row.
 */
export async function claimNextDue(q: Queryable, r: ClaimRequest): Promise<Claimed | null> {
  const m = outboxMessages;
  const due = q.$with('due').as(
    q
      .select({
        dueTenantId: sql<string>`${m.tenantId}`.as('due_tenant_id'),
        dueMessageId: sql<string>`${m.messageId}`.as('due_message_id'),
        previousStatus: sql<string>`${m.status}`.as('previous_status'),
        previousClaimMs: sql<number>`(extract(epoch from ${m.updatedAt}) * 1000)::float8`.as(
          'previous_claim_ms',
        ),
      })
      .from(m)
      .where(
        and(
          inArray(m.status, ['queued', 'sending']),
          lte(m.nextAttemptAt, r.now),
          ...(r.tenantId ? [eq(m.tenantId, r.tenantId)] : []),
        ),
      )
      .orderBy(asc(m.nextAttemptAt))
      .limit(1)
      .for('update', { skipLocked: true }),
  );
  const [claimed] = await q
    .with(due)
    .update(m)
    .set({
      status: 'sending',
      claimToken: r.claimToken,
      leaseExpiresAt: r.leaseUntil,
      nextAttemptAt: r.leaseUntil,
      attempts: sql`${m.attempts} + 1`,
      fromAddress: sql`coalesce(${m.fromAddress}, ${r.defaultFrom})`,
      updatedAt: r.now,
    })
    .from(due)
    .where(and(eq(m.tenantId, due.dueTenantId), eq(m.messageId, due.dueMessageId)))
    .returning({
      ...getTableColumns(m),
      previousStatus: due.previousStatus,
      previousClaimMs: due.previousClaimMs,
    });
  if (!claimed) return null;
  const { previousStatus, previousClaimMs, ...row } = claimed;
  return {
    row,
    previousStatus: previousStatus as OutboxStatus,
    previousClaimAt: new Date(Number(previousClaimMs)),
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

/** Keep the documents rendered for a message's first attempt on it (only the claim's holder may). */
export async function setRenderedAttachments(
  q: Queryable,
  tenantId: string,
  messageId: string,
  claimToken: string,
  attachments: readonly StoredAttachment[],
): Promise<void> {
  await q
    .update(outboxMessages)
    .set({ attachments: [...attachments] })
    .where(
      and(
        eq(outboxMessages.tenantId, tenantId),
        eq(outboxMessages.messageId, messageId),
        eq(outboxMessages.claimToken, claimToken),
      ),
    );
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
            transport: o.transport ?? null,
            transportResponse: o.response ?? null,
          }
        : {}),
      // On `sent`: null, or why an optional attachment was left out.
      lastError: o.error ?? null,
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

/** A lease expired: it counts as a transient failure on the retry schedule. Returns the new step. */
export async function countLeaseExpiry(
  tx: Tx,
  tenantId: string,
  messageId: string,
  claimToken: string,
): Promise<number> {
  const [row] = await tx
    .update(outboxMessages)
    .set({ backoffStep: sql`${outboxMessages.backoffStep} + 1` })
    .where(
      and(
        eq(outboxMessages.tenantId, tenantId),
        eq(outboxMessages.messageId, messageId),
        eq(outboxMessages.claimToken, claimToken),
      ),
    )
    .returning({ backoffStep: outboxMessages.backoffStep });
  return row?.backoffStep ?? 0;
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

/** How many messages have `status` (e.g. failed: given up after the last retry). */
export async function countOutboxRows(q: Queryable, tenantId: string, status: OutboxStatus): Promise<number> {
  const [row] = await q
    .select({ n: count() })
    .from(outboxMessages)
    .where(and(eq(outboxMessages.tenantId, tenantId), eq(outboxMessages.status, status)));
  return row?.n ?? 0;
}
