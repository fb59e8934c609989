/**
 * Mail transports: where a composed message goes. Each takes the raw bytes and the SMTP envelope
 * and either accepts the message or throws; `classifySendError` then decides whether trying again
 * can help (a 4xx reply, a refused, dropped or timed-out connection) or not (a 5xx reply, a
 * malformed message, an attachment that changed).
 */
import { AppError } from '../../shared/errors.ts';

export interface Envelope {
  readonly from: string;
  readonly to: readonly string[];
}

export interface OutgoingMail {
  readonly tenantId: string;
  readonly messageId: string;
  readonly envelope: Envelope;
  readonly raw: Buffer;
}

export interface TransportReceipt {
  /** What the transport answered: the SMTP reply (`250 2.0.0 Ok: queued as …`) or the file written. */
  readonly response: string;
  readonly accepted: readonly string[];
  readonly rejected: readonly string[];
}

export interface MailTransport {
  readonly kind: 'smtp' | 'file';
  /** Where messages go, safe to print (no password). */
  readonly description: string;
  send(mail: OutgoingMail): Promise<TransportReceipt>;
  close(): Promise<void>;
  /**
   * A view of this transport for one delivery batch, closed when the batch ends: it may keep what
   * it looked up per message (a tenant's SMTP settings) until then. Absent: nothing to keep.
   */
  openBatch?(): MailTransport;
}

/** A failure that no retry can fix (raised before anything is sent, e.g. a changed attachment). */
export class PermanentSendError extends Error {
  override readonly name = 'PermanentSendError';
}

export interface SendFailure {
  readonly permanent: boolean;
  readonly message: string;
}

/** Errors nodemailer raises about the message itself rather than the server or the network. */
const MESSAGE_ERRORS = new Set(['EENVELOPE', 'EMESSAGE', 'ESTREAM', 'EOTP']);

/**
 * Transient or permanent? An SMTP reply code decides when there is one (5xx permanent, 4xx
 * transient); a connection that was refused, dropped or timed out, failed TLS or authentication
 * (a configuration problem, not the message's) is transient; a malformed message is permanent.
 */
export function classifySendError(error: unknown): SendFailure {
  if (error instanceof PermanentSendError) return { permanent: true, message: error.message };
  if (error instanceof AppError)
    return { permanent: error.code !== 'data_dir_locked', message: error.message };
  const e = (error ?? {}) as {
    responseCode?: unknown;
    code?: unknown;
    response?: unknown;
    message?: unknown;
  };
  const message = describe(e);
  if (typeof e.responseCode === 'number' && e.responseCode >= 400)
    return { permanent: e.responseCode >= 500, message };
  if (typeof e.code === 'string' && MESSAGE_ERRORS.has(e.code)) return { permanent: true, message };
  return { permanent: false, message };
}

function describe(e: {
  responseCode?: unknown;
  code?: unknown;
  response?: unknown;
  message?: unknown;
}): string {
  const text =
    typeof e.response === 'string' && e.response !== '' ? e.response : String(e.message ?? 'unknown error');
  const code = typeof e.code === 'string' ? `${e.code}: ` : '';
  return `${code}${text}`.slice(0, 1000);
}
