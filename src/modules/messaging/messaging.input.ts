/**
 * Inputs of the messaging module, checked with Zod at its edge: what a caller queues (per kind,
 * the facts the template's placeholders are made of), template edits, and the tenant's settings.
 * Amounts are Money (bigint minor units + currency); dates 'YYYY-MM-DD'.
 */
import { z } from 'zod';
import { ACCEPTED_DATE_MESSAGE, isAcceptedDate } from '../../shared/calendar-date.ts';
import { isKnownCurrency } from '../../shared/currency.ts';
import { emailAddress } from '../../shared/email.ts';
import { LANGUAGE_CODE, MAX_DUNNING_LEVEL } from './template-catalog.ts';
import { MAX_BODY_LENGTH, MAX_SUBJECT_LENGTH } from './template-check.ts';

const date = z.string().refine(isAcceptedDate, ACCEPTED_DATE_MESSAGE);
const uuid = z.uuid();
const text = (max: number) => z.string().trim().min(1).max(max);
export const languageCode = z.string().regex(LANGUAGE_CODE, 'ISO 639-1 language code like en, de, fr');

export const moneyInput = z
  .object({
    amountMinor: z.bigint(),
    currency: z.string().refine(isKnownCurrency, 'unknown ISO 4217 currency'),
  })
  .strict();

/** One invoice in a table (dunning letter, statement, promise). */
export const listedInvoice = z
  .object({
    invoiceId: uuid.optional(),
    number: text(100),
    issueDate: date.nullable().optional(),
    dueDate: date.nullable().optional(),
    total: moneyInput,
    open: moneyInput,
  })
  .strict();

const invoiceContent = z
  .object({
    kind: z.literal('invoice'),
    invoiceNumber: text(100),
    issueDate: date,
    dueDate: date.nullable(),
    total: moneyInput,
    open: moneyInput.optional().describe('default: the total'),
    paymentReference: z.string().max(100).nullable().optional(),
    poNumber: z.string().max(100).nullable().optional(),
  })
  .strict();

const creditNoteContent = z
  .object({
    kind: z.literal('credit_note'),
    creditNoteNumber: text(100),
    issueDate: date,
    total: moneyInput,
    invoiceNumber: z.string().max(100).nullable().optional(),
    reason: z.string().max(500).nullable().optional(),
  })
  .strict();

const statementContent = z
  .object({
    kind: z.literal('statement'),
    asOf: date,
    invoices: z.array(listedInvoice).max(10_000),
    unapplied: z.array(moneyInput).max(20).optional().describe('unapplied cash per currency'),
  })
  .strict();

const dunningContent = z
  .object({
    kind: z.literal('dunning'),
    level: z.number().int().min(1).max(MAX_DUNNING_LEVEL),
    letterDate: date,
    invoices: z.array(listedInvoice).min(1).max(10_000),
    fee: moneyInput.optional(),
    interest: moneyInput.optional(),
    interestRatePct: z
      .string()
      .regex(/^\d{1,3}(\.\d{1,4})?$/, 'a percentage like 10.27')
      .optional(),
    payBy: date.optional(),
  })
  .strict();

const promiseContent = z
  .object({
    kind: z.literal('promise_confirmation'),
    promisedDate: date,
    amount: moneyInput,
    invoices: z.array(listedInvoice).max(10_000).optional(),
  })
  .strict();

export const messageContent = z.discriminatedUnion('kind', [
  invoiceContent,
  creditNoteContent,
  statementContent,
  dunningContent,
  promiseContent,
]);
export type MessageContent = z.infer<typeof messageContent>;

const fileName = text(200).refine((n) => !/[\\/\r\n]/.test(n), 'a file name without path or line breaks');
const contentType = z.string().regex(/^[a-z]+\/[a-z0-9.+-]+$/i, 'a MIME type like application/pdf');

/** A stored document (its SHA-256 is checked before sending). */
const storedDocumentRef = z
  .object({
    documentId: uuid,
    fileName,
    contentType,
    sha256: z.string().regex(/^[0-9a-f]{64}$/, 'the SHA-256 as 64 lower-case hex digits'),
  })
  .strict();

const documentToRender = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('invoice'), invoiceId: uuid }).strict(),
  z.object({ kind: z.literal('einvoice'), invoiceId: uuid, format: text(40) }).strict(),
  z
    .object({
      kind: z.literal('statement'),
      customerId: uuid,
      asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a date YYYY-MM-DD'),
    })
    .strict(),
]);

/**
 * A document to render at the first attempt (an invoice PDF, an invoice's e-invoice in a format, a
 * statement as of a date); `optional`: sent without it when it cannot be rendered; `fallback`:
 * this one is rendered and sent instead (an invoice's plain PDF for its Factur-X).
 */
const documentToRenderRef = z
  .object({
    render: documentToRender,
    fileName,
    contentType,
    optional: z.literal(true).optional(),
    fallback: documentToRender.optional(),
  })
  .strict();

export type StoredDocumentRef = z.infer<typeof storedDocumentRef>;

export const attachmentRef = z.union([storedDocumentRef, documentToRenderRef]);
export type AttachmentRef = z.infer<typeof attachmentRef>;

const addresses = z.array(emailAddress()).max(50);

export const paymentDetails = z
  .object({
    iban: z.string().max(34).optional(),
    bic: z.string().max(11).optional(),
    accountHolder: z.string().max(200).optional(),
    reference: z.string().max(140).optional(),
  })
  .strict();

export const queueMessageInput = z
  .object({
    /** The same key (per tenant) is never queued twice: the second call returns the first message. */
    dedupeKey: text(200),
    customerId: uuid,
    content: messageContent,
    /** Forces the language (else: the customer's, else the tenant's, else English). */
    language: languageCode.optional(),
    to: addresses.min(1).optional().describe("default: the customer's email addresses"),
    cc: addresses.optional(),
    bcc: addresses.optional(),
    attachments: z.array(attachmentRef).max(20).optional(),
    related: z
      .object({
        invoiceIds: z.array(uuid).max(10_000).optional(),
        dunningLetterId: uuid.optional(),
        statementId: uuid.optional(),
      })
      .strict()
      .optional(),
    /** Payment instructions (default: the tenant's IBAN; the invoice's RF reference for an invoice). */
    payment: paymentDetails.optional(),
  })
  .strict();
export type QueueMessageInput = z.input<typeof queueMessageInput>;
export type QueueMessageData = z.output<typeof queueMessageInput>;

export const templateEditInput = z
  .object({
    subject: z.string().max(MAX_SUBJECT_LENGTH),
    body: z.string().max(MAX_BODY_LENGTH),
  })
  .strict();
export type TemplateEditInput = z.infer<typeof templateEditInput>;

/** The tenant's own SMTP server. */
export const smtpServerInput = z
  .object({
    host: z.string().trim().min(1).max(253).describe('e.g. smtp.example.com'),
    port: z.number().int().min(1).max(65535).describe('587 (starttls), 465 (tls), 25'),
    security: z
      .enum(['none', 'starttls', 'tls'])
      .describe('tls: TLS from the start (465); starttls: upgrade required (587); none: plain'),
    user: z.string().min(1).max(320).nullable().optional().describe('null or left out: no authentication'),
    password: z
      .string()
      .min(1)
      .max(1000)
      .nullable()
      .optional()
      .describe('write-only; left out: keep the stored one; null: remove it. Stored encrypted'),
  })
  .strict();
export type SmtpServerInput = z.infer<typeof smtpServerInput>;

export const messagingSettingsInput = z
  .object({
    defaultLanguage: languageCode.describe("the tenant's language: used when a customer's has no templates"),
    fromName: z.string().trim().min(1).max(200).nullable().optional().describe('default: the company name'),
    fromAddress: emailAddress().nullable().optional().describe('default: CASHLOOP_MAIL_FROM'),
    replyTo: emailAddress().nullable().optional(),
    bcc: emailAddress().nullable().optional().describe('a copy of every message, e.g. the AR mailbox'),
    companyName: z.string().trim().min(1).max(200).nullable().optional().describe('default: the tenant name'),
    smtp: smtpServerInput
      .nullable()
      .optional()
      .describe("the tenant's own SMTP server; left out: keep it as it is; null: use the installation's"),
  })
  .strict();
export type MessagingSettingsInput = z.infer<typeof messagingSettingsInput>;
