/**
 * Reading the outbox and acting on it by hand: list and inspect messages (every attempt
 * included), put a failed message back in the queue, and fetch the raw message as sent.
 */
export { OUTBOX_STATUSES, type OutboxStatus } from './messaging.tables.ts';
export type { OutboxRow } from './outbox.repository.ts';

import { type Db, type Queryable, withTransaction } from '../../db/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { invalidState, notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import { type DeliveryDeps, resolveAttachments } from './delivery.service.ts';
import type { OutboxStatus, StoredAttachment } from './messaging.tables.ts';
import { composeMessage, messageIdHeader } from './mime.ts';
import * as repo from './outbox.repository.ts';
import { type OutboxKind, templateName } from './template-catalog.ts';
import { PermanentSendError } from './transport.ts';

export interface MessageSummary {
  readonly id: string;
  readonly status: OutboxStatus;
  readonly kind: OutboxKind;
  readonly level: number;
  readonly template: string;
  readonly language: string;
  readonly templateSource: 'default' | 'tenant';
  readonly to: readonly string[];
  readonly subject: string;
  readonly customerId: string | null;
  readonly attachments: readonly StoredAttachment[];
  readonly attempts: number;
  readonly nextAttemptAt: Date | null;
  readonly lastError: string | null;
  readonly queuedAt: Date;
  readonly sentAt: Date | null;
}

export interface MessageDetail extends MessageSummary {
  readonly dedupeKey: string;
  readonly from: { readonly name: string | null; readonly address: string | null };
  readonly replyTo: string | null;
  readonly cc: readonly string[];
  readonly bcc: readonly string[];
  readonly bodyText: string;
  readonly bodyHtml: string | null;
  readonly invoiceIds: readonly string[];
  readonly dunningLetterId: string | null;
  readonly statementId: string | null;
  readonly messageIdHeader: string | null;
  readonly transport: string | null;
  readonly transportResponse: string | null;
  readonly leaseExpiresAt: Date | null;
  readonly retriedAt: Date | null;
  readonly history: readonly {
    readonly attempt: number;
    readonly startedAt: Date;
    readonly finishedAt: Date;
    readonly outcome: string;
    readonly error: string | null;
    readonly response: string | null;
  }[];
}

function summary(row: repo.OutboxRow): MessageSummary {
  const kind = row.kind as OutboxKind;
  return {
    id: row.messageId,
    status: row.status as OutboxStatus,
    kind,
    level: row.level,
    template: templateName({ kind, level: row.level }),
    language: row.language,
    templateSource: row.templateSource as 'default' | 'tenant',
    to: row.toAddresses,
    subject: row.subject,
    customerId: row.customerId,
    attachments: row.attachments,
    attempts: row.attempts,
    nextAttemptAt: row.nextAttemptAt,
    lastError: row.lastError,
    queuedAt: row.queuedAt,
    sentAt: row.sentAt,
  };
}

async function getRowOrThrow(q: Queryable, tenantId: string, messageId: string): Promise<repo.OutboxRow> {
  const row = isUuid(messageId) ? await repo.findOutboxRow(q, tenantId, messageId) : null;
  if (!row) throw notFound('message', messageId);
  return row;
}

export interface MessageListQuery {
  readonly limit: number;
  readonly cursor?: string | undefined;
  readonly status?: OutboxStatus | undefined;
  readonly kind?: OutboxKind | undefined;
  /** Customer id or external id. */
  readonly customer?: string | undefined;
  /** Messages about this invoice (id): its own document, reminders and letters naming it. */
  readonly invoiceId?: string | undefined;
}

/** A page of messages, newest first; `nextCursor` (the last id) is null on the last page. */
export async function listMessages(q: Queryable, tenantId: string, query: MessageListQuery) {
  const customerId = query.customer
    ? (await getCustomerRowOrThrow(q, tenantId, query.customer)).customerId
    : undefined;
  const rows = await repo.listOutboxRows(q, tenantId, {
    limit: query.limit + 1,
    beforeId: query.cursor,
    status: query.status,
    kind: query.kind,
    customerId,
    invoiceId: query.invoiceId,
  });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(summary),
    nextCursor: rows.length > query.limit ? (page[page.length - 1]?.messageId ?? null) : null,
  };
}

/** Everything recorded about one message, its attempts included. */
export async function getMessage(q: Queryable, tenantId: string, messageId: string): Promise<MessageDetail> {
  const row = await getRowOrThrow(q, tenantId, messageId);
  const attempts = await repo.attemptRowsOf(q, tenantId, row.messageId);
  return {
    ...summary(row),
    dedupeKey: row.dedupeKey,
    from: { name: row.fromName, address: row.fromAddress },
    replyTo: row.replyTo,
    cc: row.ccAddresses,
    bcc: row.bccAddresses,
    bodyText: row.bodyText,
    bodyHtml: row.bodyHtml,
    invoiceIds: row.invoiceIds,
    dunningLetterId: row.dunningLetterId,
    statementId: row.statementId,
    messageIdHeader:
      row.messageIdHeader ?? (row.fromAddress ? messageIdHeader(row.messageId, row.fromAddress) : null),
    transport: row.transport,
    transportResponse: row.transportResponse,
    leaseExpiresAt: row.leaseExpiresAt,
    retriedAt: row.retriedAt,
    history: attempts.map((a) => ({
      attempt: a.attemptNo,
      startedAt: a.startedAt,
      finishedAt: a.finishedAt,
      outcome: a.outcome,
      error: a.error,
      response: a.response,
    })),
  };
}

/**
 * Put a failed message back in the queue, due now, with a fresh retry schedule (a queued one
 * waiting for its next attempt is brought forward). Sent or sending messages are refused.
 */
export async function retryMessage(
  db: Db,
  clock: Clock,
  tenantId: string,
  messageId: string,
): Promise<MessageDetail> {
  const row = await getRowOrThrow(db, tenantId, messageId);
  const requeued = await withTransaction(db, (tx) =>
    repo.requeueRow(tx, tenantId, row.messageId, clock.now()),
  );
  if (!requeued) {
    const current = await getRowOrThrow(db, tenantId, messageId);
    throw invalidState(
      current.status === 'sent'
        ? `message ${messageId} was sent at ${current.sentAt?.toISOString()}; it is not sent again`
        : `message ${messageId} is being sent right now; try again when the attempt is over`,
    );
  }
  return getMessage(db, tenantId, row.messageId);
}

/** The raw RFC 5322 message (what was or will be sent), attachments resolved and checked. */
export async function rawMessage(deps: DeliveryDeps, tenantId: string, messageId: string): Promise<Buffer> {
  const row = await getRowOrThrow(deps.db, tenantId, messageId);
  try {
    const { attachments } = await resolveAttachments(deps.db, deps.messaging, row);
    return await composeMessage(row, attachments, deps.messaging.mailFrom);
  } catch (error) {
    if (error instanceof PermanentSendError) throw invalidState(error.message);
    throw error;
  }
}

/** How many messages failed (given up; the messages list with status=failed, each may be retried). */
export function countFailedMessages(q: Queryable, tenantId: string): Promise<number> {
  return repo.countOutboxRows(q, tenantId, 'failed');
}
