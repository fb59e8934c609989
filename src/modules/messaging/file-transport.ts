/**
 * The embedded set-up's transport: each message becomes an `.eml` file (the exact bytes SMTP
 * would send) in `<outbox dir>/<tenant id>/<message id>.eml`. The file is written under a
 * temporary name and renamed, so a reader never sees half a message; writing the same message
 * again (a resend after a crash) replaces the file with identical bytes. What it reports (its
 * description, a delivery's response, a failure) names no path: those land in message attempts
 * and job outputs that tenant admins read, and the installation's directories are not theirs.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { MailTransport, OutgoingMail, TransportReceipt } from './transport.ts';

/** The path of a message's file in `dir`. */
export function emlPath(dir: string, tenantId: string, messageId: string): string {
  return join(dir, tenantId, `${messageId}.eml`);
}

/** A file system error as its code and call only (`EACCES on open`): its message names the path. */
function withoutPath(error: unknown): Error {
  const e = error as NodeJS.ErrnoException;
  if (typeof e?.code !== 'string') return error instanceof Error ? error : new Error(String(error));
  return new Error(
    `could not write the message file in the outbox directory: ${e.code}${e.syscall ? ` on ${e.syscall}` : ''}`,
  );
}

export function fileTransport(dir: string): MailTransport {
  const made = new Set<string>();
  return {
    kind: 'file',
    description: 'files in the outbox directory (CASHLOOP_OUTBOX_DIR)',
    async send(mail: OutgoingMail): Promise<TransportReceipt> {
      const path = emlPath(dir, mail.tenantId, mail.messageId);
      try {
        if (!made.has(mail.tenantId)) {
          await mkdir(join(dir, mail.tenantId), { recursive: true });
          made.add(mail.tenantId);
        }
        const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
        await writeFile(temporary, mail.raw);
        await rename(temporary, path);
      } catch (error) {
        throw withoutPath(error);
      }
      const name = `${mail.tenantId}/${mail.messageId}.eml`;
      return {
        response: `written to ${name} in the outbox directory`,
        accepted: [...mail.envelope.to],
        rejected: [],
      };
    },
    async close() {},
  };
}
