/**
 * The raw RFC 5322 message of an outbox row, built with nodemailer's MailComposer. It is
 * deterministic: the Message-ID derives from the message id, the Date is the time it was queued
 * and the MIME boundaries derive from the id too, so the same row and attachments always give the
 * same bytes — what SMTP sends, what the file transport writes and what `GET …/eml` returns.
 * Content never comes from a file path or URL (both are disabled).
 */
import MailComposer from 'nodemailer/lib/mail-composer';
import { asciiDomain } from '../../shared/email.ts';
import type { OutboxRow } from './outbox.repository.ts';

export interface MimeAttachment {
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
}

/** The domain of an address as A-label (`ar@acme.example` → `acme.example`), or `cashloop.invalid`. */
function domainOf(address: string | null): string {
  const domain = asciiDomain(address?.split('@')[1]?.trim() ?? '');
  return domain ?? 'cashloop.invalid';
}

/** The stable Message-ID header of a message: `<message id@sender domain>`. */
export function messageIdHeader(messageId: string, fromAddress: string | null): string {
  return `<${messageId}@${domainOf(fromAddress)}>`;
}

/** Build the message; `fromAddress` is the sender when the row has none yet. */
export function composeMessage(
  row: OutboxRow,
  attachments: readonly MimeAttachment[],
  fromAddress: string,
): Promise<Buffer> {
  const address = row.fromAddress ?? fromAddress;
  const composer = new MailComposer({
    from: row.fromName ? { name: row.fromName, address } : address,
    to: row.toAddresses,
    ...(row.ccAddresses.length > 0 ? { cc: row.ccAddresses } : {}),
    ...(row.replyTo ? { replyTo: row.replyTo } : {}),
    subject: row.subject,
    messageId: messageIdHeader(row.messageId, address),
    date: row.queuedAt,
    text: row.bodyText,
    ...(row.bodyHtml ? { html: row.bodyHtml } : {}),
    attachments: attachments.map((a) => ({
      filename: a.fileName,
      contentType: a.contentType,
      content: Buffer.from(a.bytes),
      contentDisposition: 'attachment',
    })),
    baseBoundary: row.messageId.replace(/-/g, ''),
    newline: 'win',
    disableFileAccess: true,
    disableUrlAccess: true,
  });
  return new Promise((resolve, reject) => {
    composer.compile().build((error, message) => (error ? reject(error) : resolve(message)));
  });
}
