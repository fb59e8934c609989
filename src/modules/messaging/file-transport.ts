/**
 * The embedded set-up's transport: each message becomes an `.eml` file (the exact bytes SMTP
 * would send) in `<outbox dir>/<tenant id>/<message id>.eml`. The file is written under a
 * temporary name and renamed, so a reader never sees half a message; writing the same message
 * again (a resend after a crash) replaces the file with identical bytes.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MailTransport, OutgoingMail, TransportReceipt } from './transport.ts';

/** The path of a message's file in `dir`. */
export function emlPath(dir: string, tenantId: string, messageId: string): string {
  return join(dir, tenantId, `${messageId}.eml`);
}

export function fileTransport(dir: string): MailTransport {
  const made = new Set<string>();
  return {
    kind: 'file',
    description: `files in ${dir}`,
    async send(mail: OutgoingMail): Promise<TransportReceipt> {
      const path = emlPath(dir, mail.tenantId, mail.messageId);
      if (!made.has(mail.tenantId)) {
        await mkdir(join(dir, mail.tenantId), { recursive: true });
        made.add(mail.tenantId);
      }
      const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
      await writeFile(temporary, mail.raw);
      await rename(temporary, path);
      return { response: `written to ${path}`, accepted: [...mail.envelope.to], rejected: [] };
    },
    async close() {},
  };
}
