/**
 * What the request log never shows (docs/security.md): credentials in headers (API keys, session
 * cookies, CSRF tokens), any field named like a password or secret at the first levels of a
 * logged object (a request body, should one ever be logged: the SMTP password of the messaging
 * settings among them), and the password of a URL with credentials (`smtp://user:pass@host`) in
 * any logged text. Fastify's own request serializer logs method, URL and addresses, no body.
 */
import type { FastifyServerOptions } from 'fastify';

const SECRET_FIELDS = [
  'authorization',
  'cookie',
  'password',
  'newPassword',
  'currentPassword',
  'secret',
  'key',
  'smtpUrl',
  'token',
];

export const LOG_REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
  ...SECRET_FIELDS.flatMap((f) => [f, `*.${f}`, `*.*.${f}`, `*.*.*.${f}`]),
];

/** `scheme://user:password@` → `scheme://user:***@`, anywhere in a text. */
export function redactUrlCredentials(text: string): string {
  return text.replace(/([a-z][a-z0-9+.-]*:\/\/[^\s:/@]*:)[^\s@/]+@/gi, '$1***@');
}

export type LoggerOption =
  | boolean
  | { readonly stream: { write(line: string): void }; readonly level?: string };

/** Fastify's `logger` option for `logger`, with the redaction above. */
export function loggerOptions(logger: LoggerOption): Exclude<FastifyServerOptions['logger'], undefined> {
  if (logger === false) return false;
  return {
    ...(typeof logger === 'object' ? { stream: logger.stream, level: logger.level ?? 'info' } : {}),
    redact: { paths: [...LOG_REDACT_PATHS], censor: '[redacted]' },
    hooks: {
      logMethod(args, method) {
        const scrubbed = args.map((a) => {
          if (typeof a === 'string') return redactUrlCredentials(a);
          if (a instanceof Error) a.message = redactUrlCredentials(a.message);
          return a;
        });
        method.apply(this, scrubbed as Parameters<typeof method>);
      },
    },
  };
}
