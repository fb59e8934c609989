/**
 * Rate limits, in process (one server process per data directory, so its memory is the whole
 * picture): token buckets that hold `perMinute` requests and refill continuously at that rate.
 * Three classes, each counted on its own:
 * - per client IP, before authentication (so that guessing keys costs the guesser, not the
 *   database): every `/v1` request but `GET /v1/status`;
 * - per principal (API key, or signed-in user) after authentication;
 * - sign-in and password routes (`config.rateLimit: 'credentials'`), per client IP, far stricter.
 * `/health`, the web app's files, Swagger UI and the OpenAPI document are never limited. A refused
 * request answers 429 problem+json `rate_limited` with `Retry-After` (whole seconds).
 * The client IP is the socket's, or `X-Forwarded-For`'s when trust-proxy is configured.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { problem, sendProblem } from './problem.ts';

/** Requests per minute of each class; 0 switches a class off. */
export interface RateLimits {
  readonly perIpPerMinute: number;
  readonly perPrincipalPerMinute: number;
  readonly credentialsPerIpPerMinute: number;
}

/** The limits `cashloop start` applies unless the environment says otherwise (docs/api.md). */
export const DEFAULT_RATE_LIMITS: RateLimits = {
  perIpPerMinute: 1200,
  perPrincipalPerMinute: 600,
  credentialsPerIpPerMinute: 10,
};

declare module 'fastify' {
  interface FastifyContextConfig {
    /** `credentials`: the route takes a password (sign-in, password change): the strict limit. */
    rateLimit?: 'credentials';
  }
}

interface Bucket {
  tokens: number;
  updatedAtMs: number;
}

/** Buckets beyond this many trigger a sweep of the full ones (an idle client's bucket is full). */
const SWEEP_ABOVE = 10_000;

/** One class of limit: a bucket per key, `perMinute` deep, refilled at `perMinute` a minute. */
export class TokenBuckets {
  readonly #buckets = new Map<string, Bucket>();
  readonly #perMs: number;

  constructor(
    readonly perMinute: number,
    private readonly nowMs: () => number,
  ) {
    this.#perMs = perMinute / 60_000;
  }

  /** Take one token for `key`: 0 when granted, else the seconds until one is there (≥ 1). */
  take(key: string): number {
    const now = this.nowMs();
    const bucket = this.#refilled(key, now);
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      return 0;
    }
    return Math.max(1, Math.ceil((1 - bucket.tokens) / this.#perMs / 1000));
  }

  /** How many keys hold a bucket now (a test's view of the sweep). */
  get size(): number {
    return this.#buckets.size;
  }

  #refilled(key: string, now: number): Bucket {
    let bucket = this.#buckets.get(key);
    if (!bucket) {
      if (this.#buckets.size >= SWEEP_ABOVE) this.#sweep(now);
      bucket = { tokens: this.perMinute, updatedAtMs: now };
      this.#buckets.set(key, bucket);
      return bucket;
    }
    const elapsed = Math.max(0, now - bucket.updatedAtMs);
    bucket.tokens = Math.min(this.perMinute, bucket.tokens + elapsed * this.#perMs);
    bucket.updatedAtMs = now;
    return bucket;
  }

  /** Drop the buckets that have refilled completely: they hold no information. */
  #sweep(now: number): void {
    for (const [key, bucket] of this.#buckets)
      if (bucket.tokens + (now - bucket.updatedAtMs) * this.#perMs >= this.perMinute)
        this.#buckets.delete(key);
  }
}

/** Whether a path is limited at all: the API, but not its start-up status. */
export function isRateLimitedPath(path: string): boolean {
  return path !== '/v1/status' && (path === '/v1' || path.startsWith('/v1/'));
}

function refuse(request: FastifyRequest, reply: FastifyReply, seconds: number, what: string): FastifyReply {
  reply.header('retry-after', String(seconds));
  return sendProblem(
    reply,
    problem(429, 'rate_limited', `too many requests ${what}; try again in ${seconds} s`, [], request.url),
  );
}

function limiter(perMinute: number, nowMs: () => number): TokenBuckets | null {
  return perMinute > 0 ? new TokenBuckets(perMinute, nowMs) : null;
}

/**
 * The per-IP and credentials limits (`onRequest`, before authentication). Call before
 * `registerAuth`; `registerPrincipalRateLimit` after it.
 */
export function registerIpRateLimit(
  app: FastifyInstance,
  limits: RateLimits,
  nowMs: () => number = () => performance.now(),
): void {
  const perIp = limiter(limits.perIpPerMinute, nowMs);
  const credentials = limiter(limits.credentialsPerIpPerMinute, nowMs);
  app.addHook('onRequest', async (request, reply) => {
    if (!isRateLimitedPath(request.url.split('?')[0] ?? request.url)) return;
    const wait = perIp?.take(request.ip) ?? 0;
    if (wait > 0) return refuse(request, reply, wait, `from ${request.ip}`);
    if (request.routeOptions.config?.rateLimit !== 'credentials') return;
    const waitCredentials = credentials?.take(request.ip) ?? 0;
    if (waitCredentials > 0)
      return refuse(request, reply, waitCredentials, 'with a password from this address');
  });
}

/** The per-principal limit: one bucket per API key, one per signed-in user (all their sessions). */
export function registerPrincipalRateLimit(
  app: FastifyInstance,
  limits: RateLimits,
  nowMs: () => number = () => performance.now(),
): void {
  const perPrincipal = limiter(limits.perPrincipalPerMinute, nowMs);
  if (!perPrincipal) return;
  app.addHook('onRequest', async (request, reply) => {
    const p = request.principal;
    if (!p) return;
    const key = p.kind === 'key' ? `key:${p.keyId}` : `user:${p.userId}`;
    const wait = perPrincipal.take(key);
    if (wait > 0) return refuse(request, reply, wait, `for this ${p.kind === 'key' ? 'API key' : 'user'}`);
  });
}
