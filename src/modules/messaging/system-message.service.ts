/**
 * System messages: mail to the tenant's own people (a security alert to the admins), queued in the
 * caller's transaction like every message (the outbox pattern) and delivered by the same outbox,
 * with the same dedupe key rule. Unlike customer messages they are not rendered from a template a
 * tenant edits: the caller gives the finished subject and text, in the tenant's default language
 * (`getMessagingSettings(…).defaultLanguage`). Why not a template: the template catalog's
 * placeholders are a customer's (name, number, payment instructions), and whoever may edit the
 * wording of an alert could blunt it.
 */
import type { Tx } from '../../db/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { validationFailed } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { StoredDocumentRef } from './messaging.input.ts';
import type { OutboxStatus } from './messaging.tables.ts';
import * as repo from './outbox.repository.ts';
import type { QueuedMessage } from './outbox-queue.service.ts';
import { getMessagingSettings } from './settings.service.ts';
import type { SystemMessageKind } from './template-catalog.ts';

export interface SystemMessageInput {
  readonly kind: SystemMessageKind;
  /** Unique per tenant: a second message with the same key is not queued (`created: false`). */
  readonly dedupeKey: string;
  readonly to: readonly string[];
  readonly language: string;
  readonly subject: string;
  readonly text: string;
  /** Stored documents to attach (each sent after its SHA-256 is checked), e.g. the monthly AR pack. */
  readonly attachments?: readonly StoredDocumentRef[];
}

/**
 * Queue one system message in `tx`; the existing one when its dedupe key was queued before.
 * Example: `queueSystemMessage(tx, tenantId, { kind: 'security_alert', dedupeKey:
 * 'security_alert:<findingId>', to: ['admin@example.com'], language: 'de', subject, text }, clock)`.
 */
export async function queueSystemMessage(
  tx: Tx,
  tenantId: string,
  input: SystemMessageInput,
  clock: Clock,
): Promise<QueuedMessage> {
  const to = [...new Set(input.to)];
  if (to.length === 0)
    throw validationFailed('a system message needs a recipient', [{ field: 'to', message: 'no recipient' }]);
  const [known] = await repo.findByDedupeKeys(tx, tenantId, [input.dedupeKey]);
  if (known) return { ...known, status: known.status as OutboxStatus, created: false };
  const settings = await getMessagingSettings(tx, tenantId);
  const now = clock.now();
  const messageId = newId();
  const inserted = await repo.insertOutboxRows(tx, [
    {
      tenantId,
      messageId,
      dedupeKey: input.dedupeKey,
      kind: input.kind,
      level: 0,
      language: input.language,
      templateSource: 'default',
      fromName: settings.fromName,
      fromAddress: settings.fromAddress,
      replyTo: null,
      toAddresses: to,
      subject: input.subject.slice(0, 250),
      bodyText: input.text,
      bodyHtml: null,
      attachments: (input.attachments ?? []).map((a) => ({ ...a })),
      status: 'queued',
      nextAttemptAt: now,
      queuedAt: now,
      updatedAt: now,
    },
  ]);
  return { messageId, dedupeKey: input.dedupeKey, status: 'queued', created: inserted.has(messageId) };
}
