/**
 * Configuration: environment variables and command-line flags, parsed once with Zod.
 * This is the only module that reads `process.env`.
 */
import { resolve } from 'node:path';
import { z } from 'zod';
import type { DatabaseConfig } from './db/client.ts';
import { DEFAULT_RATE_LIMITS, type RateLimits } from './http/rate-limits.ts';
import { type AuditSigningKey, parseAuditSigningKey } from './modules/audit/index.ts';
import { parseRetryDelays } from './modules/messaging/index.ts';
import { DEFAULT_SESSION_POLICY, type SessionPolicy } from './modules/users/index.ts';
import { isKnownCurrency } from './shared/currency.ts';
import { emailAddress } from './shared/email.ts';
import { validationFailed } from './shared/errors.ts';
import { parseSecretKey, type SecretKey, type SecretKeyring } from './shared/secret-box.ts';
import { isTimeZone } from './shared/zoned-time.ts';

/** `off`, `on`, a hop count, or proxy addresses / CIDRs separated by commas. */
const TRUST_PROXY = /^(off|on|\d{1,2}|[0-9A-Fa-f.:/]+(\s*,\s*[0-9A-Fa-f.:/]+)*)$/;
const perMinute = z.coerce.number().int().min(0).max(1_000_000).optional();

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// URL')
    .optional(),
  CASHLOOP_DATA_DIR: z.string().min(1).optional(),
  PORT: z.coerce.number().int().min(1).max(65535).optional(),
  HOST: z.string().min(1).optional(),
  CASHLOOP_BASE_CURRENCY: z.string().refine(isKnownCurrency, 'unknown ISO 4217 currency').optional(),
  CASHLOOP_COMPANY_NAME: z.string().min(1).optional(),
  CASHLOOP_PUBLIC_URL: z
    .string()
    .regex(/^https?:\/\/[^/]+/, 'must be an http(s) URL, e.g. https://ar.example.com')
    .transform((v) => v.replace(/\/+$/, ''))
    .optional(),
  CASHLOOP_LOG: z.enum(['silent', 'info', 'debug']).optional(),
  CASHLOOP_WEB_BUILD: z.enum(['auto', 'off']).optional(),
  CASHLOOP_TENANT: z.uuid('must be a tenant id (UUID)').optional(),
  SMTP_URL: z
    .string()
    .regex(/^smtps?:\/\/[^/]/, 'must be an smtp:// or smtps:// URL, e.g. smtp://user:pass@host:587')
    .optional(),
  CASHLOOP_MAIL_FROM: z
    .string()
    .transform((v) => /<([^<>]+)>\s*$/.exec(v)?.[1]?.trim() ?? v.trim())
    .pipe(emailAddress('must be an email address, e.g. ar@example.com or "AR" <ar@example.com>'))
    .optional(),
  CASHLOOP_OUTBOX_DIR: z.string().min(1).optional(),
  CASHLOOP_MAIL_RETRY_DELAYS: z
    .string()
    .refine((v) => parseRetryDelays(v) !== null, 'must be delays like 1m,5m,30m,2h,12h')
    .optional(),
  CASHLOOP_SCHEDULE_TZ: z
    .string()
    .refine(isTimeZone, 'must be an IANA time zone such as Europe/Berlin')
    .optional(),
  CASHLOOP_SCHEDULER: z.enum(['on', 'off']).optional(),
  CASHLOOP_WEBHOOKS_ALLOW_PRIVATE: z.enum(['true', 'false']).optional(),
  CASHLOOP_WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(32).optional(),
  CASHLOOP_JOBS_POLL_SECONDS: z.coerce.number().min(0.5).max(60).optional(),
  CASHLOOP_ADMIN_EMAIL: emailAddress().optional(),
  CASHLOOP_SESSION_IDLE_MINUTES: z.coerce.number().int().min(1).max(43_200).optional(),
  CASHLOOP_SESSION_ABSOLUTE_HOURS: z.coerce.number().int().min(1).max(8_760).optional(),
  CASHLOOP_AUDIT_SIGNING_KEY: z.string().min(1).optional(),
  CASHLOOP_SECRET_KEY: z.string().min(1).optional(),
  CASHLOOP_SECRET_KEY_PREVIOUS: z.string().min(1).optional(),
  CASHLOOP_TRUST_PROXY: z
    .string()
    .regex(TRUST_PROXY, 'must be off, on, a hop count (1) or a comma-separated list of proxy addresses/CIDRs')
    .optional(),
  CASHLOOP_RATE_LIMIT_PER_IP: perMinute,
  CASHLOOP_RATE_LIMIT_PER_PRINCIPAL: perMinute,
  CASHLOOP_RATE_LIMIT_CREDENTIALS: perMinute,
});

/** `CASHLOOP_SCHEDULE_<JOB>` (e.g. `CASHLOOP_SCHEDULE_DUNNING_RUN`): a cron expression or `off`. */
const SCHEDULE_PREFIX = 'CASHLOOP_SCHEDULE_';
const CRON_OR_OFF = /^(off|\S+(\s+\S+){4,5})$/;

/** 8 h idle, 24 h absolute unless set; the idle limit never exceeds the absolute one. */
function sessionPolicy(idleMinutes: number | undefined, absoluteHours: number | undefined): SessionPolicy {
  const absoluteMinutes = (absoluteHours ?? DEFAULT_SESSION_POLICY.absoluteMinutes / 60) * 60;
  const idle = idleMinutes ?? DEFAULT_SESSION_POLICY.idleMinutes;
  return { idleMinutes: Math.min(idle, absoluteMinutes), absoluteMinutes };
}

/** Background jobs (see docs/scheduler.md). */
export interface JobsConfig {
  /** Whether this process registers the cron schedules and fires them (`CASHLOOP_SCHEDULER`). */
  readonly scheduler: boolean;
  /** The time zone of the schedules and of the business date a scheduled run is for. */
  readonly timeZone: string;
  /** Cron overrides by variable name (`CASHLOOP_SCHEDULE_DUNNING_RUN` → `0 7 * * *` or `off`). */
  readonly schedules: Readonly<Record<string, string>>;
  /** Seconds between polls of an idle queue; null: the back end's default. */
  readonly pollSeconds: number | null;
  /** Jobs of each queue a `cashloop worker` runs at once (`--concurrency` overrides). */
  readonly concurrency: number;
}

function scheduleOverrides(env: NodeJS.ProcessEnv): Record<string, string> {
  const overrides: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    if (!name.startsWith(SCHEDULE_PREFIX) || name === 'CASHLOOP_SCHEDULE_TZ' || value === undefined) continue;
    const text = value.trim();
    if (!CRON_OR_OFF.test(text))
      throw validationFailed(
        `invalid environment: ${name}: must be a cron expression such as "0 6 * * *", or off`,
      );
    overrides[name] = text;
  }
  return overrides;
}

export interface MailConfig {
  /** SMTP server; null: messages are written as .eml files into `outboxDir`. */
  readonly smtpUrl: string | null;
  /** Sender address for tenants that set none. */
  readonly from: string;
  readonly outboxDir: string;
  /** Seconds before each retry; null: the default schedule. */
  readonly retryDelaysSeconds: readonly number[] | null;
}

/** What the HTTP server trusts and allows (docs/api.md, "Limits and security"). */
export interface HttpConfig {
  /**
   * Fastify's `trustProxy`: false (default: the socket's address and protocol count), true (any
   * proxy), a hop count, or the proxies' addresses. Set it only behind a proxy that overwrites
   * `X-Forwarded-For` and `X-Forwarded-Proto`: the client IP of the rate limits and HSTS follow it.
   */
  readonly trustProxy: boolean | number | string[];
  readonly rateLimits: RateLimits;
}

function trustProxyOf(value: string | undefined): HttpConfig['trustProxy'] {
  if (value === undefined || value === 'off') return false;
  if (value === 'on') return true;
  if (/^\d+$/.test(value)) return Number(value);
  return value.split(',').map((v) => v.trim());
}

export interface Config {
  readonly database: DatabaseConfig;
  readonly port: number;
  readonly host: string;
  readonly baseCurrency: string;
  readonly companyName: string;
  readonly log: 'silent' | 'info' | 'debug';
  /** `auto`: `start` builds web/dist when missing or stale; `off`: serve what is there. */
  readonly webBuild: 'auto' | 'off';
  /** The tenant the CLI acts on; default: the installation's first tenant. */
  readonly tenantId: string | null;
  readonly mail: MailConfig;
  readonly jobs: JobsConfig;
  /** Signed-in sessions: idle (sliding) and absolute limits (docs/api.md, "Authentication"). */
  readonly sessions: SessionPolicy;
  /** The e-mail of the admin user the first start creates on an installation without users. */
  readonly firstAdminEmail: string;
  /** Signs and checks audit checkpoints (`CASHLOOP_AUDIT_SIGNING_KEY`); null: none configured. */
  readonly auditSigningKey: AuditSigningKey | null;
  /**
   * Encrypts stored secrets such as a tenant's SMTP password (`CASHLOOP_SECRET_KEY`, and
   * `CASHLOOP_SECRET_KEY_PREVIOUS` while rotating); null: none set, storing a secret is refused.
   */
  readonly secrets: SecretKeyring | null;
  readonly http: HttpConfig;
  /**
   * Whether webhook endpoints may be http:// and point at private, loopback or link-local
   * addresses (`CASHLOOP_WEBHOOKS_ALLOW_PRIVATE=true`; default false: the SSRF guard).
   */
  readonly webhooksAllowPrivate: boolean;
  /**
   * The product's base URL as customers reach it, for the portal links e-mails carry
   * (`CASHLOOP_PUBLIC_URL`; default `http://localhost:<port>`). A tenant's portal setting wins.
   */
  readonly publicUrl: string;
}

export interface ConfigFlags {
  dataDir?: string | undefined;
  port?: string | undefined;
  host?: string | undefined;
}

export function loadConfig(flags: ConfigFlags, env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw validationFailed(`invalid environment: ${issue?.path.join('.')}: ${issue?.message}`);
  }
  const e = parsed.data;
  const port = flags.port !== undefined ? Number(flags.port) : (e.PORT ?? 3000);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw validationFailed(`--port must be a port number, got "${flags.port}"`);
  const dataDir = resolve(flags.dataDir ?? e.CASHLOOP_DATA_DIR ?? './.cashloop');
  return {
    database: e.DATABASE_URL ? { kind: 'postgres', url: e.DATABASE_URL } : { kind: 'pglite', dataDir },
    port,
    host: flags.host ?? e.HOST ?? '127.0.0.1',
    baseCurrency: e.CASHLOOP_BASE_CURRENCY ?? 'EUR',
    companyName: e.CASHLOOP_COMPANY_NAME ?? 'My Company',
    log: e.CASHLOOP_LOG ?? 'info',
    webBuild: e.CASHLOOP_WEB_BUILD ?? 'auto',
    tenantId: e.CASHLOOP_TENANT ?? null,
    mail: {
      smtpUrl: e.SMTP_URL ?? null,
      from: e.CASHLOOP_MAIL_FROM ?? 'cashloop@localhost',
      outboxDir: resolve(e.CASHLOOP_OUTBOX_DIR ?? `${dataDir}/outbox`),
      retryDelaysSeconds: e.CASHLOOP_MAIL_RETRY_DELAYS
        ? parseRetryDelays(e.CASHLOOP_MAIL_RETRY_DELAYS)
        : null,
    },
    jobs: {
      scheduler: (e.CASHLOOP_SCHEDULER ?? 'on') === 'on',
      timeZone: e.CASHLOOP_SCHEDULE_TZ ?? 'UTC',
      schedules: scheduleOverrides(env),
      pollSeconds: e.CASHLOOP_JOBS_POLL_SECONDS ?? null,
      concurrency: e.CASHLOOP_WORKER_CONCURRENCY ?? 2,
    },
    firstAdminEmail: e.CASHLOOP_ADMIN_EMAIL ?? 'admin@cashloop.local',
    sessions: sessionPolicy(e.CASHLOOP_SESSION_IDLE_MINUTES, e.CASHLOOP_SESSION_ABSOLUTE_HOURS),
    auditSigningKey: e.CASHLOOP_AUDIT_SIGNING_KEY ? auditSigningKey(e.CASHLOOP_AUDIT_SIGNING_KEY) : null,
    secrets: secretKeyring(e.CASHLOOP_SECRET_KEY, e.CASHLOOP_SECRET_KEY_PREVIOUS),
    webhooksAllowPrivate: e.CASHLOOP_WEBHOOKS_ALLOW_PRIVATE === 'true',
    publicUrl: e.CASHLOOP_PUBLIC_URL ?? `http://localhost:${port}`,
    http: {
      trustProxy: trustProxyOf(e.CASHLOOP_TRUST_PROXY),
      rateLimits: {
        perIpPerMinute: e.CASHLOOP_RATE_LIMIT_PER_IP ?? DEFAULT_RATE_LIMITS.perIpPerMinute,
        perPrincipalPerMinute:
          e.CASHLOOP_RATE_LIMIT_PER_PRINCIPAL ?? DEFAULT_RATE_LIMITS.perPrincipalPerMinute,
        credentialsPerIpPerMinute:
          e.CASHLOOP_RATE_LIMIT_CREDENTIALS ?? DEFAULT_RATE_LIMITS.credentialsPerIpPerMinute,
      },
    },
  };
}

/** The audit checkpoint key, or a one-line error naming the variable (the key itself never printed). */
function auditSigningKey(text: string): AuditSigningKey {
  try {
    return parseAuditSigningKey(text);
  } catch (error) {
    throw validationFailed(`invalid environment: CASHLOOP_AUDIT_SIGNING_KEY: ${(error as Error).message}`);
  }
}

/** The keys of stored secrets, or a one-line error naming the variable (never the key). */
function secretKeyring(current: string | undefined, previous: string | undefined): SecretKeyring | null {
  const key = (name: string, text: string): SecretKey => {
    try {
      return parseSecretKey(text);
    } catch (error) {
      throw validationFailed(`invalid environment: ${name}: ${(error as Error).message}`);
    }
  };
  if (current === undefined) {
    if (previous !== undefined)
      throw validationFailed(
        'invalid environment: CASHLOOP_SECRET_KEY_PREVIOUS is set without CASHLOOP_SECRET_KEY (the new key)',
      );
    return null;
  }
  const ring = {
    current: key('CASHLOOP_SECRET_KEY', current),
    previous: previous === undefined ? null : key('CASHLOOP_SECRET_KEY_PREVIOUS', previous),
  };
  if (ring.previous?.id === ring.current.id) return { current: ring.current, previous: null };
  return ring;
}
