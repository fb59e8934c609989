/**
 * What the request log never shows (docs/security.md): credentials in headers (API keys, session
 * cookies, CSRF tokens), any field named like a password, secret, token or key at any depth of a
 * logged object (arrays and errors included: an error whose `config` holds a password), the
 * password of a URL with credentials (`postgres://user:pass@host`) and the value of a `token=`,
 * `key=`, `password=` or `secret=` query parameter in any logged text, the request URL included.
 *
 * Two tools, each for what it can do. pino's `redact` censors fixed paths after the serializers
 * ran: the headers of a serialized request or reply. It cannot reach a field at any depth (no
 * recursive wildcard: `*.*.password` misses a fourth level and the arrays below it) nor a part of a
 * string (a URL's password, a query parameter) — `src/http/log-redaction.test.ts` shows both. What
 * it cannot do, `scrubLogValue` does on each logged argument (a copy; the caller's objects are left
 * as they are), and the request serializer does on the URL.
 */
import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/** A field whose value is a credential, by its name (any case). */
const SECRET_FIELD = /password|secret|token|^(authorization|cookie|set-cookie|key|api[-_]?key|smtpurl)$/i;

export const LOG_REDACT_PATHS: readonly string[] = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-csrf-token"]',
  'res.headers["set-cookie"]',
];

const CENSOR = '[redacted]';
/** Bounded quantifiers keep the scan linear on long texts (no retrying a run at every start). */
const URL_CREDENTIALS = /([a-z][a-z0-9+.-]{0,31}:\/\/[^\s:/@]{0,256}:)[^\s/]{1,1024}@/gi;
const SECRET_QUERY = /([?&;](?:[a-z_]{0,32}token|key|api[-_]?key|password|secret)=)[^&;#\s]+/gi;

/**
 * `scheme://user:password@` → `scheme://user:***@` and `?token=…` → `?token=***`, anywhere in a text.
 * @example redactUrlCredentials('postgres://u:pw@h/db?x=1&token=abc') // 'postgres://u:***@h/db?x=1&token=***'
 */
export function redactUrlCredentials(text: string): string {
  return text.replace(URL_CREDENTIALS, '$1***@').replace(SECRET_QUERY, '$1***');
}

const isPlainObject = (v: object) => {
  const proto = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
};

/** A copy of an error with its message, stack and own fields scrubbed, still an Error of its class. */
function scrubError(error: Error, seen: WeakSet<object>): Error {
  const copy = Object.create(Object.getPrototypeOf(error)) as Error;
  for (const name of Object.getOwnPropertyNames(error)) {
    const value = (error as unknown as Record<string, unknown>)[name];
    Object.defineProperty(copy, name, {
      value: SECRET_FIELD.test(name) ? CENSOR : scrub(value, seen),
      enumerable: Object.prototype.propertyIsEnumerable.call(error, name),
      writable: true,
      configurable: true,
    });
  }
  return copy;
}

function scrub(value: unknown, seen: WeakSet<object>): unknown {
  if (typeof value === 'string') return redactUrlCredentials(value);
  if (typeof value !== 'object' || value === null) return value;
  const walked = value instanceof Error || Array.isArray(value) || isPlainObject(value);
  // Class instances (a request, a buffer, a date) are left to their serializers.
  if (!walked) return value;
  // A cycle (or a second path to the same object) is not followed into the original's secrets.
  if (seen.has(value)) return '[Circular]';
  seen.add(value);
  if (value instanceof Error) return scrubError(value, seen);
  if (Array.isArray(value)) return value.map((v) => scrub(v, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = SECRET_FIELD.test(k) ? CENSOR : scrub(v, seen);
  return out;
}

/**
 * A logged argument without credentials: texts scrubbed of URL passwords and secret query
 * parameters; plain objects, arrays and errors copied with every field named like a secret
 * censored, at any depth. Other objects are returned as they are (their serializers decide).
 */
export function scrubLogValue(value: unknown): unknown {
  return scrub(value, new WeakSet());
}

/** Fastify's request fields (method, URL, host, addresses), the URL's secrets scrubbed. */
function requestSerializer(request: FastifyRequest) {
  const version = request.headers?.['accept-version'];
  const remotePort = request.socket?.remotePort;
  return {
    method: request.method,
    url: redactUrlCredentials(request.url),
    ...(typeof version === 'string' ? { version } : {}),
    host: request.host,
    remoteAddress: request.ip,
    ...(remotePort !== undefined ? { remotePort } : {}),
  };
}

export type LoggerOption =
  | boolean
  | { readonly stream: { write(line: string): void }; readonly level?: string };

/** Fastify's `logger` option for `logger`, with the redaction above. */
export function loggerOptions(logger: LoggerOption): Exclude<FastifyServerOptions['logger'], undefined> {
  if (logger === false) return false;
  return {
    ...(typeof logger === 'object' ? { stream: logger.stream, level: logger.level ?? 'info' } : {}),
    redact: { paths: [...LOG_REDACT_PATHS], censor: CENSOR },
    serializers: { req: requestSerializer },
    hooks: {
      logMethod(args, method) {
        method.apply(this, args.map(scrubLogValue) as Parameters<typeof method>);
      },
    },
  };
}
