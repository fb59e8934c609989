import { sql } from 'drizzle-orm';
import {
  check,
  foreignKey,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { instant, tenantId } from '../../db/columns.ts';

/** The tenant's own wording of a template slot (kind, level, language); no row = the default applies. */
export const messageTemplates = pgTable(
  'message_templates',
  {
    tenantId: tenantId(),
    kind: text('kind').notNull(),
    level: integer('level').notNull(),
    language: text('language').notNull(),
    subject: text('subject').notNull(),
    body: text('body').notNull(),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.kind, t.level, t.language] }),
    check(
      'message_templates_kind_check',
      sql`${t.kind} in ('invoice','credit_note','statement','dunning','promise_confirmation')`,
    ),
    check(
      'message_templates_level_check',
      sql`(${t.kind} = 'dunning' and ${t.level} between 1 and 9) or (${t.kind} <> 'dunning' and ${t.level} = 0)`,
    ),
  ],
);

/** Per tenant: its language, sender and copy addresses. No row = defaults (English, the tenant name). */
export const messagingSettings = pgTable('messaging_settings', {
  tenantId: uuid('tenant_id').primaryKey(),
  defaultLanguage: text('default_language').notNull(),
  companyName: text('company_name'),
  fromName: text('from_name'),
  fromAddress: text('from_address'),
  replyTo: text('reply_to'),
  bcc: text('bcc'),
  updatedAt: instant('updated_at').notNull(),
});

/**
 * Per tenant: its own SMTP server, used for its messages instead of the installation's SMTP_URL.
 * The password is stored only sealed (`src/shared/secret-box.ts`, purpose `smtp.password`):
 * `v1:<keyId>:<nonce>:<ciphertext>`; null: the server takes no authentication.
 */
export const tenantSmtpSettings = pgTable(
  'tenant_smtp_settings',
  {
    tenantId: uuid('tenant_id').primaryKey(),
    host: text('host').notNull(),
    port: integer('port').notNull(),
    security: text('security').notNull(),
    username: text('username'),
    passwordSealed: text('password_sealed'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    check('tenant_smtp_settings_security_check', sql`${t.security} in ('none', 'starttls', 'tls')`),
    check('tenant_smtp_settings_port_check', sql`${t.port} between 1 and 65535`),
    check(
      'tenant_smtp_settings_sealed_check',
      sql`${t.passwordSealed} is null or ${t.passwordSealed} like 'v1:%'`,
    ),
  ],
);

/**
 * A document rendered when the message is first sent rather than when it is queued (a dunning run
 * queues thousands of statements; rendering them all inside the run would take minutes): an
 * invoice's PDF, an invoice's e-invoice XML in a format, or a customer's statement as of a date.
 * Once rendered, the attachment records the stored document and its SHA-256, and every later
 * attempt sends those same bytes.
 */
export type DocumentToRender =
  | { kind: 'invoice'; invoiceId: string }
  | { kind: 'einvoice'; invoiceId: string; format: string }
  | { kind: 'statement'; customerId: string; asOf: string };

export interface StoredAttachment {
  /** Null until a `render` attachment is rendered at its first attempt. */
  documentId: string | null;
  fileName: string;
  contentType: string;
  sha256: string | null;
  render?: DocumentToRender;
  /** The message goes without this attachment when it cannot be rendered (a permanent failure). */
  optional?: true;
  /** Rendered instead when `render` cannot be, for good (an invoice's plain PDF for its Factur-X). */
  fallback?: DocumentToRender;
  /** Why `fallback` was sent instead of `render` (set at the attempt that rendered it; final). */
  fellBack?: string;
  /** Why an optional attachment was left out (set at the attempt that tried to render it; final). */
  problem?: string;
}

export const OUTBOX_STATUSES = ['queued', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * The outbox: every message as rendered when it was queued, with its delivery state.
 * queued → sending (claimed under a lease) → sent; or back to queued with a later
 * next_attempt_at after a transient failure; failed after a permanent one or the last retry.
 */
export const outboxMessages = pgTable(
  'outbox_messages',
  {
    tenantId: tenantId(),
    messageId: uuid('message_id').notNull(),
    dedupeKey: text('dedupe_key').notNull(),
    kind: text('kind').notNull(),
    level: integer('level').notNull(),
    language: text('language').notNull(),
    templateSource: text('template_source').notNull(),
    fromName: text('from_name'),
    fromAddress: text('from_address'),
    replyTo: text('reply_to'),
    toAddresses: text('to_addresses').array().notNull(),
    ccAddresses: text('cc_addresses').array().notNull().default(sql`'{}'`),
    bccAddresses: text('bcc_addresses').array().notNull().default(sql`'{}'`),
    subject: text('subject').notNull(),
    bodyText: text('body_text').notNull(),
    bodyHtml: text('body_html'),
    attachments: jsonb('attachments').$type<StoredAttachment[]>().notNull().default(sql`'[]'::jsonb`),
    customerId: uuid('customer_id'),
    invoiceIds: uuid('invoice_ids').array().notNull().default(sql`'{}'`),
    dunningLetterId: uuid('dunning_letter_id'),
    statementId: uuid('statement_id'),
    status: text('status').notNull().default('queued'),
    attempts: integer('attempts').notNull().default(0),
    /** Transient failures since the last manual retry: the index into the backoff schedule. */
    backoffStep: integer('backoff_step').notNull().default(0),
    /** When the message is due: queued, its next attempt; sending, the end of the lease; else null. */
    nextAttemptAt: instant('next_attempt_at'),
    leaseExpiresAt: instant('lease_expires_at'),
    claimToken: uuid('claim_token'),
    lastError: text('last_error'),
    messageIdHeader: text('message_id_header'),
    transport: text('transport'),
    transportResponse: text('transport_response'),
    queuedAt: instant('queued_at').notNull(),
    sentAt: instant('sent_at'),
    /** The last time someone put the message back in the queue by hand. */
    retriedAt: instant('retried_at'),
    updatedAt: instant('updated_at').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.messageId] }),
    uniqueIndex('outbox_messages_dedupe_uq').on(t.tenantId, t.dedupeKey),
    index('outbox_messages_due_idx').on(t.nextAttemptAt).where(sql`${t.status} in ('queued','sending')`),
    index('outbox_messages_tenant_due_idx')
      .on(t.tenantId, t.nextAttemptAt)
      .where(sql`${t.status} in ('queued','sending')`),
    index('outbox_messages_status_idx').on(t.tenantId, t.status, t.messageId),
    index('outbox_messages_customer_idx').on(t.tenantId, t.customerId, t.messageId),
    check('outbox_messages_status_check', sql`${t.status} in ('queued','sending','sent','failed')`),
    check(
      'outbox_messages_kind_check',
      sql`${t.kind} in ('invoice','credit_note','statement','dunning','promise_confirmation','security_alert','receivables_alert','ar_pack')`,
    ),
    check('outbox_messages_template_source_check', sql`${t.templateSource} in ('default','tenant')`),
    check('outbox_messages_attempts_check', sql`${t.attempts} >= 0 and ${t.backoffStep} >= 0`),
    check('outbox_messages_recipients_check', sql`cardinality(${t.toAddresses}) >= 1`),
  ],
);

export const ATTEMPT_OUTCOMES = ['sent', 'retry', 'failed', 'lease_expired'] as const;
export type AttemptOutcome = (typeof ATTEMPT_OUTCOMES)[number];

/** Every delivery attempt of a message, in order (attempt_no = the message's attempt count at the claim). */
export const outboxAttempts = pgTable(
  'outbox_attempts',
  {
    tenantId: tenantId(),
    messageId: uuid('message_id').notNull(),
    attemptNo: integer('attempt_no').notNull(),
    startedAt: instant('started_at').notNull(),
    finishedAt: instant('finished_at').notNull(),
    outcome: text('outcome').notNull(),
    error: text('error'),
    response: text('response'),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.messageId, t.attemptNo] }),
    foreignKey({
      columns: [t.tenantId, t.messageId],
      foreignColumns: [outboxMessages.tenantId, outboxMessages.messageId],
    }),
    check('outbox_attempts_outcome_check', sql`${t.outcome} in ('sent','retry','failed','lease_expired')`),
  ],
);
