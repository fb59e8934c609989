/**
 * The transport that honours a tenant's own SMTP server: each message goes to its tenant's
 * server when one is set (settings, `tenant_smtp_settings`), else to the installation's transport
 * (SMTP_URL or files). A tenant's SMTP transport is built once and kept while its settings stay
 * the same: a send reads the tenant's row (one small select) and a changed row — in this process
 * or another — closes the old transport and builds a new one (its password opened once).
 *
 * A delivery batch (`openBatch`, one `deliverOutbox` run of up to a few hundred messages) reads a
 * tenant's row once, at its first message, so 1,000 dunning e-mails cost a handful of reads rather
 * than 1,000. A change of the settings takes effect at the next batch; within a batch, a failed
 * send drops what the batch kept for that tenant, so a password changed mid-batch is read again at
 * the tenant's next message rather than failing the rest of the batch.
 */
import type { Db } from '../../db/client.ts';
import { openSecret, type SecretKeyring } from '../../shared/secret-box.ts';
import { smtpPasswordScope } from './smtp-settings.ts';
import { type SmtpServer, smtpTransport } from './smtp-transport.ts';
import * as repo from './templates.repository.ts';
import type { MailTransport, OutgoingMail } from './transport.ts';

export interface TenantTransportOptions {
  readonly db: Db;
  /** The installation's transport, for tenants without their own server. */
  readonly fallback: MailTransport;
  readonly secrets: SecretKeyring | null;
  /** Builds a tenant's transport (tests shorten the timeouts). */
  readonly build?: (server: SmtpServer) => MailTransport;
}

interface Cached {
  readonly fingerprint: string;
  readonly transport: MailTransport;
}

const fingerprintOf = (row: repo.SmtpRow) =>
  [
    row.host,
    row.port,
    row.security,
    row.username ?? '',
    row.passwordSealed ?? '',
    row.updatedAt.getTime(),
  ].join('\n');

/** The SMTP server of a settings row, its password opened (a configuration problem throws, transient). */
function serverOf(row: repo.SmtpRow, secrets: SecretKeyring | null): SmtpServer {
  let auth: SmtpServer['auth'] = null;
  if (row.username !== null && row.passwordSealed !== null) {
    if (!secrets)
      throw new Error(
        "the tenant's SMTP password cannot be read: CASHLOOP_SECRET_KEY is not set in this process",
      );
    auth = {
      user: row.username,
      pass: openSecret(secrets, smtpPasswordScope(row.tenantId), row.passwordSealed),
    };
  }
  return { host: row.host, port: row.port, security: row.security as SmtpServer['security'], auth };
}

/** One batch's view: each tenant's transport looked up once, forgotten when a send through it fails. */
function batchView(
  fallback: MailTransport,
  transportFor: (tenantId: string) => Promise<MailTransport>,
): MailTransport {
  const kept = new Map<string, MailTransport>();
  return {
    kind: fallback.kind,
    description: fallback.description,
    async send(mail: OutgoingMail) {
      const transport = kept.get(mail.tenantId) ?? (await transportFor(mail.tenantId));
      kept.set(mail.tenantId, transport);
      try {
        return await transport.send(mail);
      } catch (error) {
        kept.delete(mail.tenantId);
        throw error;
      }
    },
    async close() {
      // The transports belong to the installation-wide cache, which closes them.
      kept.clear();
    },
  };
}

export function tenantAwareTransport(options: TenantTransportOptions): MailTransport {
  const build = options.build ?? ((server: SmtpServer) => smtpTransport({ server }));
  const cache = new Map<string, Cached>();
  async function transportFor(tenantId: string): Promise<MailTransport> {
    const row = await repo.findSmtpRow(options.db, tenantId);
    const cached = cache.get(tenantId);
    if (!row) {
      if (cached) {
        cache.delete(tenantId);
        await cached.transport.close();
      }
      return options.fallback;
    }
    const fingerprint = fingerprintOf(row);
    if (cached?.fingerprint === fingerprint) return cached.transport;
    if (cached) await cached.transport.close();
    const transport = build(serverOf(row, options.secrets));
    cache.set(tenantId, { fingerprint, transport });
    return transport;
  }
  return {
    kind: options.fallback.kind,
    description: options.fallback.description,
    async send(mail: OutgoingMail) {
      return (await transportFor(mail.tenantId)).send(mail);
    },
    openBatch: () => batchView(options.fallback, transportFor),
    async close() {
      const open = [...cache.values()];
      cache.clear();
      await Promise.all([...open.map((c) => c.transport.close()), options.fallback.close()]);
    },
  };
}
