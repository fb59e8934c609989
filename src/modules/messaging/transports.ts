/**
 * The transport an installation uses: SMTP when `SMTP_URL` is set, else `.eml` files in the
 * outbox folder of the data directory. Built once in the composition root (src/main.ts).
 */

import type { AttachmentResolver } from './delivery.service.ts';
import { fileTransport } from './file-transport.ts';
import { smtpTransport } from './smtp-transport.ts';
import type { MailTransport } from './transport.ts';

export function createMailTransport(options: { smtpUrl: string | null; outboxDir: string }): MailTransport {
  return options.smtpUrl ? smtpTransport({ url: options.smtpUrl }) : fileTransport(options.outboxDir);
}

/**
 * The resolver until a document store is connected: every attachment fails as a transient error,
 * so such messages wait in the queue (and fail visibly after the last retry) instead of going out
 * without their documents.
 */
export const noDocumentStore: AttachmentResolver = async (_q, _tenantId, documentId) => {
  throw new Error(`no document store is connected: cannot read document ${documentId}`);
};
