/**
 * Delivery: sends what the outbox holds, after the business transactions that queued it.
 *
 * Each message is claimed on its own (`for update skip locked` and a lease with a claim token),
 * then its attachments are resolved and checked against the SHA-256 recorded when it was queued,
 * the stored rendering is composed (nothing is rendered anew) and handed to the transport, and the
 * outcome is committed in its own short transaction right after the transport answered: `sent`;
 * or, on a transient error, `queued` again after the next backoff delay; or `failed` on a permanent
 * error or after the last retry. Only the holder of the claim token may settle a claim.
 *
 * Never twice: two deliverers never hold a claim on one message at once (the row lock and the
 * lease), and a settled message is never claimed again. The one residual window is a crash (or a
 * lost database) between the transport's acceptance and the commit of `sent`: the lease then
 * expires, the message is sent again, with the same Message-ID so the receiving side can tell.
 */
import { createHash } from 'node:crypto';
import { type Db, type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { newId } from '../../shared/ids.ts';
import { DEFAULT_RETRY_DELAYS_SECONDS, nextAttemptAt } from './backoff.ts';
import type { DocumentToRender, StoredAttachment } from './messaging.tables.ts';
import { composeMessage, type MimeAttachment, messageIdHeader } from './mime.ts';
import * as repo from './outbox.repository.ts';
import { classifySendError, type MailTransport, PermanentSendError, type SendFailure } from './transport.ts';

export interface ResolvedAttachment {
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
  readonly sha256: string;
}

/** Fetches a stored document's bytes (the documents module provides it; wired in main.ts). */
export type AttachmentResolver = (
  q: Queryable,
  tenantId: string,
  documentId: string,
) => Promise<ResolvedAttachment>;

export type MessageSettledHook = (
  tx: Tx,
  message: repo.OutboxRow,
  outcome: 'sent' | 'failed',
  at: Date,
  error: string | null,
) => Promise<void>;

/** Renders (and stores, once) a document queued to be rendered at its first attempt. */
export type AttachmentRenderer = (
  q: Queryable,
  tenantId: string,
  spec: DocumentToRender,
) => Promise<ResolvedAttachment & { readonly documentId: string }>;

export interface MessagingDeps {
  readonly transport: MailTransport;
  readonly resolveAttachment: AttachmentResolver;
  readonly renderAttachment: AttachmentRenderer;
  /**
   * Called in the transaction that records a message as finally `sent` or `failed` (not for an
   * attempt that will be retried), so what follows from it — the dunning letter's status, the
   * customer's activity log — commits exactly with it. Wired in main.ts.
   */
  readonly onSettled?: MessageSettledHook;
  /** The sender address for tenants that set none (CASHLOOP_MAIL_FROM). */
  readonly mailFrom: string;
  /** Delays before each retry; after the last, a failing message is `failed`. Default 1 min … 12 h. */
  readonly retryDelaysSeconds?: readonly number[];
  /** How long a claim holds before another deliverer may take the message over. Default 10 min. */
  readonly leaseSeconds?: number;
}

export interface DeliveryDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly messaging: MessagingDeps;
}

export type DeliveryStatus = 'sent' | 'queued' | 'failed' | 'claim_lost';

export interface DeliveredMessage {
  readonly tenantId: string;
  readonly messageId: string;
  readonly attempt: number;
  readonly status: DeliveryStatus;
  readonly error: string | null;
  readonly nextAttemptAt: Date | null;
}

export interface DeliverySummary {
  readonly transport: string;
  readonly claimed: number;
  readonly sent: number;
  /** Failed for now; queued again for a later attempt. */
  readonly retrying: number;
  readonly failed: number;
  readonly messages: DeliveredMessage[];
}

export const DEFAULT_LEASE_SECONDS = 600;

interface Claim {
  readonly row: repo.OutboxRow;
  readonly token: string;
  readonly startedAt: Date;
}

const sha256Hex = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

export interface ResolvedAttachments {
  readonly attachments: MimeAttachment[];
  /** The message's attachment records with the documents rendered now; null when none was. */
  readonly rendered: StoredAttachment[] | null;
  /** Why optional attachments are left out of the message (now or at an earlier attempt). */
  readonly problems: string[];
}

type AttachmentSource = Pick<MessagingDeps, 'resolveAttachment' | 'renderAttachment'>;

function attachmentError(ref: StoredAttachment, what: string, error: unknown): Error {
  const failure = classifySendError(error);
  const message = `attachment ${ref.fileName} (${what}): ${failure.message}`;
  return failure.permanent ? new PermanentSendError(message) : new Error(message, { cause: error });
}

/** A stored document, checked against the SHA-256 recorded for it. */
async function storedAttachment(
  q: Queryable,
  source: AttachmentSource,
  tenantId: string,
  ref: StoredAttachment,
) {
  const { documentId, sha256 } = ref;
  if (!documentId || !sha256) throw new PermanentSendError(`attachment ${ref.fileName} names no document`);
  const doc = await source.resolveAttachment(q, tenantId, documentId).catch((error: unknown) => {
    throw attachmentError(ref, `document ${documentId}`, error);
  });
  const actual = sha256Hex(doc.bytes);
  if (actual !== sha256 || doc.sha256 !== sha256)
    throw new PermanentSendError(
      `attachment ${ref.fileName} (document ${documentId}) is not the document queued: SHA-256 ${actual}, expected ${sha256}`,
    );
  return doc.bytes;
}

/**
 * A document to render, rendered (and stored) now: its record then names the stored document. One
 * that cannot be rendered for good (not a transient failure) gives way to its fallback, its record
 * naming the fallback's document and keeping the reason (`fellBack`); without a fallback an
 * optional one is left out, its record keeping the reason (`bytes` null); any other failure fails
 * the attempt.
 */
async function renderedAttachment(
  q: Queryable,
  source: AttachmentSource,
  tenantId: string,
  ref: StoredAttachment & { render: DocumentToRender },
): Promise<{ record: StoredAttachment; bytes: Uint8Array | null }> {
  try {
    const doc = await source.renderAttachment(q, tenantId, ref.render);
    return { record: { ...ref, documentId: doc.documentId, sha256: doc.sha256 }, bytes: doc.bytes };
  } catch (error) {
    const failure = attachmentError(ref, `${ref.render.kind} to render`, error);
    if (!(failure instanceof PermanentSendError)) throw failure;
    if (ref.fallback) {
      const doc = await source.renderAttachment(q, tenantId, ref.fallback).catch((e: unknown) => {
        throw attachmentError(ref, `${ref.fallback?.kind} to render instead`, e);
      });
      const record = { ...ref, documentId: doc.documentId, sha256: doc.sha256, fellBack: failure.message };
      return { record, bytes: doc.bytes };
    }
    if (!ref.optional) throw failure;
    return { record: { ...ref, problem: failure.message }, bytes: null };
  }
}

/**
 * The attachments of a message: stored documents, each checked against the SHA-256 recorded for
 * it, and documents to render, rendered (and stored) now — `rendered` then holds the records to
 * keep on the message, so later attempts send the same stored bytes (and leave out the same
 * optional attachments, `problems` saying why).
 */
export async function resolveAttachments(
  q: Queryable,
  source: AttachmentSource,
  row: Pick<repo.OutboxRow, 'tenantId' | 'attachments'>,
): Promise<ResolvedAttachments> {
  const attachments: MimeAttachment[] = [];
  const records: StoredAttachment[] = [];
  let renderedAny = false;
  for (const ref of row.attachments) {
    if (ref.problem === undefined && ref.documentId === null && ref.render) {
      const { record, bytes } = await renderedAttachment(q, source, row.tenantId, {
        ...ref,
        render: ref.render,
      });
      if (bytes) attachments.push({ fileName: ref.fileName, contentType: ref.contentType, bytes });
      records.push(record);
      renderedAny = true;
      continue;
    }
    if (ref.problem === undefined) {
      const bytes = await storedAttachment(q, source, row.tenantId, ref);
      attachments.push({ fileName: ref.fileName, contentType: ref.contentType, bytes });
    }
    records.push(ref);
  }
  const problems = records.flatMap((r) => {
    if (r.fellBack !== undefined) return [`sent the ${r.fallback?.kind} document instead of ${r.fellBack}`];
    return r.problem === undefined ? [] : [`sent without ${r.problem}`];
  });
  return { attachments, rendered: renderedAny ? records : null, problems };
}

async function claimNext(deps: DeliveryDeps, tenantId: string | undefined): Promise<Claim | null> {
  const now = deps.clock.now();
  const token = newId();
  const lease = (deps.messaging.leaseSeconds ?? DEFAULT_LEASE_SECONDS) * 1000;
  const claimed = await repo.claimNextDue(deps.db, {
    now,
    leaseUntil: new Date(now.getTime() + lease),
    claimToken: token,
    defaultFrom: deps.messaging.mailFrom,
    tenantId,
  });
  if (!claimed) return null;
  const row =
    claimed.previousStatus === 'sending'
      ? await takeOver(deps, claimed.row, token, claimed.previousClaimAt)
      : claimed.row;
  return { row, token, startedAt: now };
}

/**
 * A message whose sender's lease expired: the lost attempt is logged and counts on the retry
 * schedule like a transient failure, so a message that crashes its sender every time ends as
 * `failed` instead of being taken over forever.
 */
async function takeOver(deps: DeliveryDeps, row: repo.OutboxRow, token: string, previousClaimAt: Date) {
  return withTransaction(deps.db, async (tx) => {
    await repo.recordAttempt(tx, {
      tenantId: row.tenantId,
      messageId: row.messageId,
      attemptNo: row.attempts - 1,
      startedAt: previousClaimAt,
      finishedAt: deps.clock.now(),
      outcome: 'lease_expired',
      error:
        'the sender did not report back before its lease expired (crash or hang); sent again with the same Message-ID',
    });
    const backoffStep = await repo.countLeaseExpiry(tx, row.tenantId, row.messageId, token);
    return { ...row, backoffStep };
  });
}

async function send(deps: DeliveryDeps, claim: Claim) {
  const { row } = claim;
  const from = row.fromAddress ?? deps.messaging.mailFrom;
  const { attachments, rendered, problems } = await resolveAttachments(deps.db, deps.messaging, row);
  if (rendered)
    await repo.setRenderedAttachments(deps.db, row.tenantId, row.messageId, claim.token, rendered);
  const raw = await composeMessage(row, attachments, from);
  const receipt = await deps.messaging.transport.send({
    tenantId: row.tenantId,
    messageId: row.messageId,
    envelope: { from, to: [...row.toAddresses, ...row.ccAddresses, ...row.bccAddresses] },
    raw,
  });
  return { receipt, problem: problems.length > 0 ? problems.join('; ') : null };
}

/** Commit one attempt's outcome: the message's state (if the claim still holds) and the attempt log. */
async function settle(
  deps: DeliveryDeps,
  claim: Claim,
  outcome: repo.ClaimOutcome,
  logged: { outcome: 'sent' | 'retry' | 'failed'; error: string | null; response: string | null },
): Promise<boolean> {
  const { row } = claim;
  return withTransaction(deps.db, async (tx) => {
    const held = await repo.settleClaim(tx, row.tenantId, row.messageId, claim.token, outcome);
    if (held && (outcome.status === 'sent' || outcome.status === 'failed'))
      await deps.messaging.onSettled?.(tx, row, outcome.status, outcome.now, outcome.error ?? null);
    await repo.recordAttempt(tx, {
      tenantId: row.tenantId,
      messageId: row.messageId,
      attemptNo: row.attempts,
      startedAt: claim.startedAt,
      finishedAt: outcome.now,
      outcome: logged.outcome,
      error: held ? logged.error : `${logged.error ?? logged.outcome}; the claim had expired meanwhile`,
      response: logged.response,
    });
    return held;
  });
}

async function deliverOne(deps: DeliveryDeps, claim: Claim): Promise<DeliveredMessage> {
  const { row } = claim;
  const header = messageIdHeader(row.messageId, row.fromAddress ?? deps.messaging.mailFrom);
  const base = { tenantId: row.tenantId, messageId: row.messageId, attempt: row.attempts };
  const delays = deps.messaging.retryDelaysSeconds ?? DEFAULT_RETRY_DELAYS_SECONDS;
  let failure: SendFailure;
  try {
    if (row.backoffStep > delays.length)
      throw new PermanentSendError(
        `its sender's lease expired ${row.backoffStep} times in a row; not sent again`,
      );
    const { receipt, problem } = await send(deps, claim);
    const rejected = receipt.rejected.length > 0 ? ` (rejected: ${receipt.rejected.join(', ')})` : '';
    const response = `${receipt.response}${rejected}`;
    const now = deps.clock.now();
    const transport = deps.messaging.transport.kind;
    // Sent, yet an optional attachment was left out: the message and the attempt keep the reason.
    const held = await settle(
      deps,
      claim,
      { status: 'sent', now, transport, response, error: problem, messageIdHeader: header },
      {
        outcome: 'sent',
        error: problem,
        response,
      },
    );
    return { ...base, status: held ? 'sent' : 'claim_lost', error: problem, nextAttemptAt: null };
  } catch (error) {
    failure = classifySendError(error);
  }
  const now = deps.clock.now();
  const next = failure.permanent ? null : nextAttemptAt(now, row.backoffStep, delays);
  const status = next ? 'queued' : 'failed';
  const error = failure.permanent ? `permanent: ${failure.message}` : failure.message;
  const held = await settle(
    deps,
    claim,
    { status, now, nextAttemptAt: next, error, messageIdHeader: header },
    {
      outcome: next ? 'retry' : 'failed',
      error,
      response: null,
    },
  );
  return { ...base, status: held ? status : 'claim_lost', error, nextAttemptAt: next };
}

/**
 * Deliver the messages that are due now (queued with their next attempt due, or claimed by a
 * sender whose lease expired), up to `limit` (default 100), of one tenant or of all, as one batch
 * of the transport (`openBatch`: a tenant's SMTP settings read once per batch).
 * Safe to run in several processes at once: each message is delivered by one of them.
 */
export async function deliverOutbox(
  deps: DeliveryDeps,
  options: { limit?: number; tenantId?: string } = {},
): Promise<DeliverySummary> {
  const limit = options.limit ?? 100;
  const messages: DeliveredMessage[] = [];
  const batch = deps.messaging.transport.openBatch?.();
  const batchDeps = batch ? { ...deps, messaging: { ...deps.messaging, transport: batch } } : deps;
  try {
    while (messages.length < limit) {
      const claim = await claimNext(batchDeps, options.tenantId);
      if (!claim) break;
      messages.push(await deliverOne(batchDeps, claim));
    }
  } finally {
    await batch?.close();
  }
  const count = (s: DeliveryStatus) => messages.filter((m) => m.status === s).length;
  return {
    transport: deps.messaging.transport.description,
    claimed: messages.length,
    sent: count('sent'),
    retrying: count('queued'),
    failed: count('failed'),
    messages,
  };
}

/**
 * Deliver until nothing is due (in batches of `batch`, default 200) or `signal` aborts: after a
 * run that queued thousands of messages. Returns the totals over all batches.
 */
export async function deliverAllDue(
  deps: DeliveryDeps,
  options: { tenantId?: string; batch?: number; signal?: AbortSignal } = {},
): Promise<Omit<DeliverySummary, 'messages'>> {
  const batch = options.batch ?? 200;
  const total = {
    transport: deps.messaging.transport.description,
    claimed: 0,
    sent: 0,
    retrying: 0,
    failed: 0,
  };
  while (!options.signal?.aborted) {
    const r = await deliverOutbox(deps, {
      limit: batch,
      ...(options.tenantId ? { tenantId: options.tenantId } : {}),
    });
    total.claimed += r.claimed;
    total.sent += r.sent;
    total.retrying += r.retrying;
    total.failed += r.failed;
    if (r.claimed < batch) break;
  }
  return total;
}
