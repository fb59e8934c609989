/**
 * SMTP through nodemailer (`smtp://user:pass@host:587`, `smtps://…:465`). A small pool of
 * connections is reused across messages; every timeout is bounded well below the delivery lease,
 * so a sender never still talks to the server when its claim on the message could have expired.
 */
import { createTransport } from 'nodemailer';
import { envelopeAddress, isEmailAddress } from '../../shared/email.ts';
import type { MailTransport, OutgoingMail, TransportReceipt } from './transport.ts';

/** A server given by its parts (a tenant's own), rather than by an `smtp://` URL. */
export interface SmtpServer {
  readonly host: string;
  readonly port: number;
  readonly security: 'none' | 'starttls' | 'tls';
  readonly auth: { readonly user: string; readonly pass: string } | null;
}

export interface SmtpOptions {
  /** `smtp://user:pass@host:587`; or `server`. */
  readonly url?: string;
  readonly server?: SmtpServer;
  readonly connectionTimeoutMs?: number;
  readonly socketTimeoutMs?: number;
  readonly maxConnections?: number;
}

function redact(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'smtp';
  }
}

const addressText = (a: unknown): string =>
  typeof a === 'string' ? a : String((a as { address?: unknown } | null)?.address ?? a);

/**
 * The envelope form of an address: the domain as its A-label (`ap@xn--mller-bau-q9a.de`), which
 * every server routes; a unicode local part stays, and nodemailer then sends MAIL FROM with
 * SMTPUTF8 (RFC 6531) when the server offers it. An address that is none is passed on unchanged
 * for the server to refuse (addresses are validated where they enter).
 */
function smtpEnvelopeAddress(address: string): string {
  return isEmailAddress(address) ? envelopeAddress(address) : address;
}

function target(options: SmtpOptions): Record<string, unknown> {
  const s = options.server;
  if (!s) return { url: options.url };
  return {
    host: s.host,
    port: s.port,
    secure: s.security === 'tls',
    requireTLS: s.security === 'starttls',
    ignoreTLS: s.security === 'none',
    ...(s.auth ? { auth: { user: s.auth.user, pass: s.auth.pass } } : {}),
  };
}

/** An SMTP transport over `url`; the pool opens connections lazily, on the first message. */
export function smtpTransport(options: SmtpOptions): MailTransport {
  const connectionTimeout = options.connectionTimeoutMs ?? 30_000;
  const transporter = createTransport({
    ...target(options),
    pool: true,
    maxConnections: options.maxConnections ?? 2,
    maxMessages: 100,
    connectionTimeout,
    greetingTimeout: connectionTimeout,
    socketTimeout: options.socketTimeoutMs ?? 60_000,
    dnsTimeout: connectionTimeout,
  });
  return {
    kind: 'smtp',
    description: options.server
      ? `SMTP ${options.server.host}:${options.server.port} (${options.server.security})`
      : `SMTP ${redact(options.url ?? '')}`,
    async send(mail: OutgoingMail): Promise<TransportReceipt> {
      const info = await transporter.sendMail({
        envelope: {
          from: smtpEnvelopeAddress(mail.envelope.from),
          to: mail.envelope.to.map(smtpEnvelopeAddress),
        },
        raw: mail.raw,
      });
      return {
        response: String(info.response ?? ''),
        accepted: (info.accepted ?? []).map(addressText),
        rejected: (info.rejected ?? []).map(addressText),
      };
    },
    async close() {
      transporter.close();
    },
  };
}
