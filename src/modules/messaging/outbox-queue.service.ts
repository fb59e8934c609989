/**
 * Queueing: the outbox pattern. A message is rendered and written inside the caller's business
 * transaction, so it exists exactly when the business fact does (an issued invoice, a dunning
 * letter); delivery happens after commit (`deliverOutbox`). The dedupe key is unique per tenant:
 * queueing the same logical message again returns the first one and writes nothing.
 */
import type { Tx } from '../../db/client.ts';
import { type Clock, systemClock } from '../../shared/clock.ts';
import { type ErrorDetail, validationFailed } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CustomerRow } from '../customers/index.ts';
import { findCustomersByIdOrExternalId } from '../customers/index.ts';
import { chooseTemplate, renderContextOf } from './message-context.ts';
import { localeFor } from './message-format.ts';
import { renderMessage } from './message-render.ts';
import { type QueueMessageData, type QueueMessageInput, queueMessageInput } from './messaging.input.ts';
import type { OutboxStatus } from './messaging.tables.ts';
import * as repo from './outbox.repository.ts';
import { getMessagingSettings, type MessagingSettings } from './settings.service.ts';
import type { TemplateRef } from './template-catalog.ts';
import { loadOverrides, type Overrides } from './templates.service.ts';

export interface QueuedMessage {
  readonly messageId: string;
  readonly dedupeKey: string;
  readonly status: OutboxStatus;
  /** False when a message with this dedupe key existed already (nothing was written). */
  readonly created: boolean;
}

interface QueueContext {
  readonly tenantId: string;
  readonly settings: MessagingSettings;
  readonly overrides: Overrides;
  readonly customers: ReadonlyMap<string, CustomerRow>;
  readonly now: Date;
}

function parseInputs(inputs: readonly QueueMessageInput[]): QueueMessageData[] {
  const errors: ErrorDetail[] = [];
  const parsed = inputs.map((input, i) => {
    const result = queueMessageInput.safeParse(input);
    if (result.success) return result.data;
    const prefix = inputs.length > 1 ? `[${i}].` : '';
    for (const issue of result.error.issues)
      errors.push({ field: `${prefix}${issue.path.map(String).join('.')}`, message: issue.message });
    return null;
  });
  if (errors.length > 0) throw validationFailed('the message to queue is not valid', errors);
  return parsed.filter((p): p is QueueMessageData => p !== null);
}

function recipientsOf(customer: CustomerRow, data: QueueMessageData): string[] {
  if (data.to) return [...new Set(data.to)];
  const own =
    customer.emails.length > 0
      ? customer.emails
      : customer.contacts.flatMap((c) => (c.email ? [c.email] : []));
  if (own.length === 0)
    throw validationFailed(`customer ${customer.externalId} has no email address: give "to" or add one`, [
      { field: 'to', message: 'no recipient' },
    ]);
  return [...new Set(own)];
}

function buildRow(ctx: QueueContext, data: QueueMessageData): repo.NewOutboxRow {
  const customer = ctx.customers.get(data.customerId);
  if (!customer)
    throw validationFailed(`customer ${data.customerId} not found`, [
      { field: 'customerId', message: 'not found' },
    ]);
  const content = data.content;
  const ref: TemplateRef = { kind: content.kind, level: content.kind === 'dunning' ? content.level : 0 };
  const template = chooseTemplate(ctx.settings, ctx.overrides, ref, customer, data.language ?? null);
  const country = customer.country ?? ctx.settings.tenant.country;
  const locale = localeFor(template.language, customer.language, country);
  const rendered = renderMessage(
    template,
    content,
    renderContextOf(ctx.settings, customer, template.language, locale, data.payment),
  );
  const listed =
    'invoices' in content ? (content.invoices ?? []).flatMap((i) => (i.invoiceId ? [i.invoiceId] : [])) : [];
  const bcc = [...(data.bcc ?? []), ...(ctx.settings.bcc ? [ctx.settings.bcc] : [])];
  return {
    tenantId: ctx.tenantId,
    messageId: newId(),
    dedupeKey: data.dedupeKey,
    kind: ref.kind,
    level: ref.level,
    language: template.language,
    templateSource: template.source,
    fromName: ctx.settings.fromName,
    fromAddress: ctx.settings.fromAddress,
    replyTo: ctx.settings.replyTo,
    toAddresses: recipientsOf(customer, data),
    ccAddresses: [...new Set(data.cc ?? [])],
    bccAddresses: [...new Set(bcc)],
    subject: rendered.subject,
    bodyText: rendered.text,
    bodyHtml: rendered.html,
    attachments: (data.attachments ?? []).map((a) =>
      'render' in a
        ? {
            documentId: null,
            fileName: a.fileName,
            contentType: a.contentType,
            sha256: null,
            render: a.render,
            ...(a.optional ? { optional: a.optional } : {}),
            ...(a.fallback ? { fallback: a.fallback } : {}),
          }
        : { ...a },
    ),
    customerId: customer.customerId,
    invoiceIds: [...new Set([...(data.related?.invoiceIds ?? []), ...listed])],
    dunningLetterId: data.related?.dunningLetterId ?? null,
    statementId: data.related?.statementId ?? null,
    status: 'queued',
    nextAttemptAt: ctx.now,
    queuedAt: ctx.now,
    updatedAt: ctx.now,
  };
}

/**
 * Queue many messages in the caller's transaction `tx` (one query per step, for runs of
 * thousands). Each input is rendered now, with the customer's language (else the tenant's,
 * else English) and the tenant's wording where it has its own. Any invalid input rejects all.
 * Inputs whose dedupe key was queued before (or repeats within the call) come back with
 * `created: false` and the existing message's id.
 */
export async function queueMessages(
  tx: Tx,
  tenantId: string,
  inputs: readonly QueueMessageInput[],
  clock: Clock = systemClock,
): Promise<QueuedMessage[]> {
  const data = parseInputs(inputs);
  if (data.length === 0) return [];
  const existing = await repo.findByDedupeKeys(tx, tenantId, [...new Set(data.map((d) => d.dedupeKey))]);
  const known = new Map(existing.map((e) => [e.dedupeKey, e]));
  const firstIndex = new Map<string, number>();
  data.forEach((d, i) => {
    if (!firstIndex.has(d.dedupeKey)) firstIndex.set(d.dedupeKey, i);
  });
  const fresh = data.filter((d, i) => !known.has(d.dedupeKey) && firstIndex.get(d.dedupeKey) === i);
  const ctx: QueueContext = {
    tenantId,
    settings: await getMessagingSettings(tx, tenantId),
    overrides: await loadOverrides(tx, tenantId),
    customers: new Map(
      (await findCustomersByIdOrExternalId(tx, tenantId, [...new Set(fresh.map((d) => d.customerId))])).map(
        (c) => [c.customerId, c],
      ),
    ),
    now: clock.now(),
  };
  const rows = fresh.map((d) => buildRow(ctx, d));
  const inserted = await repo.insertOutboxRows(tx, rows);
  const byKey = new Map<string, QueuedMessage>();
  for (const e of existing)
    byKey.set(e.dedupeKey, { ...e, status: e.status as OutboxStatus, created: false });
  for (const r of rows)
    if (inserted.has(r.messageId))
      byKey.set(r.dedupeKey, {
        messageId: r.messageId,
        dedupeKey: r.dedupeKey,
        status: 'queued',
        created: true,
      });
  const late = rows.filter((r) => !inserted.has(r.messageId)).map((r) => r.dedupeKey);
  for (const e of await repo.findByDedupeKeys(tx, tenantId, late))
    byKey.set(e.dedupeKey, { ...e, status: e.status as OutboxStatus, created: false });
  return data.map((d, i) => {
    const queued = byKey.get(d.dedupeKey);
    if (!queued) throw new Error(`message ${d.dedupeKey} neither inserted nor found`);
    return firstIndex.get(d.dedupeKey) === i ? queued : { ...queued, created: false };
  });
}

/**
 * Queue one message in the caller's business transaction (the outbox pattern): see
 * `queueMessages`. Pass the use case's `deps.clock`.
 *
 * @example
 * await queueMessage(tx, tenantId, {
 *   dedupeKey: `invoice:${invoice.invoiceId}`,
 *   customerId: invoice.customerId,
 *   content: { kind: 'invoice', invoiceNumber: 'INV-000042', issueDate: '2026-03-01', dueDate: '2026-03-31',
 *              total: { amountMinor: 119000n, currency: 'EUR' }, paymentReference: 'RF18539007547034' },
 *   attachments: [{ documentId, fileName: 'INV-000042.pdf', contentType: 'application/pdf', sha256 }],
 *   related: { invoiceIds: [invoice.invoiceId] },
 * }, deps.clock);
 */
export async function queueMessage(
  tx: Tx,
  tenantId: string,
  input: QueueMessageInput,
  clock: Clock = systemClock,
): Promise<QueuedMessage> {
  const [queued] = await queueMessages(tx, tenantId, [input], clock);
  if (!queued) throw new Error('queueMessages returned nothing');
  return queued;
}
