/**
 * The transport an installation uses: SMTP when `SMTP_URL` is set, else `.eml` files in the
 * outbox folder of the data directory. Built once in the composition root (src/main.ts).
 */

import { fileTransport } from './file-transport.ts';
import { smtpTransport } from './smtp-transport.ts';
import type { MailTransport } from './transport.ts';

export function createMailTransport(options: { smtpUrl: string | null; outboxDir: string }): MailTransport {
  return options.smtpUrl ? smtpTransport({ url: options.smtpUrl }) : fileTransport(options.outboxDir);
}
