/**
 * Who the current request acts for, as an async context: the HTTP layer runs each route handler
 * inside `runActingAs(principal's actor, …)`, and the ledger stamps every entry it posts with it.
 *
 * Why a context and not a parameter: a journal entry is posted deep inside some fifteen use cases
 * (issue, credit note, receipt, refund, cash rules, imports…), and each already receives the
 * request's author where it records one (activities, notes, holds). Threading it through all
 * posting paths only for the journal would change every signature without changing a decision;
 * the context carries it to the one place that writes it. Outside a request (CLI, jobs) there is
 * none and the entry is the system's (null).
 */
import { AsyncLocalStorage } from 'node:async_hooks';

export interface ActingAs {
  /** The API key that acts, if a key does. */
  readonly keyId: string | null;
  /** The user who acts, if one signed in. */
  readonly userId: string | null;
  /** Shown as the author: the user's name, the key's label or id, or `system`. */
  readonly name: string;
}

const context = new AsyncLocalStorage<ActingAs>();

/** Run `fn` (and everything it awaits) acting as `who`. */
export function runActingAs<T>(who: ActingAs, fn: () => T): T {
  return context.run(who, fn);
}

/** The author of the running request, or null outside one (CLI, jobs: the system). */
export function actingAs(): ActingAs | null {
  return context.getStore() ?? null;
}

/**
 * Where the running work came from: an HTTP request (client IP and user agent), the command line
 * (the operating-system user), a background job (its name), or nothing known (`system`). The audit
 * trail records it beside the author. HTTP sets it per request, the CLI per command, the job runner
 * per job; a later `runFromOrigin` inside an earlier one wins.
 */
export interface Origin {
  readonly channel: 'http' | 'cli' | 'job' | 'system';
  /** The client's address (HTTP; behind a proxy, what Fastify's `trustProxy` makes of it). */
  readonly ip: string | null;
  /** HTTP: the User-Agent header (cut to 300 characters); CLI: the OS user; job: the job's name. */
  readonly agent: string | null;
}

export const SYSTEM_ORIGIN: Origin = { channel: 'system', ip: null, agent: null };

const origins = new AsyncLocalStorage<Origin>();

/** Run `fn` (and everything it awaits) as coming from `origin`. */
export function runFromOrigin<T>(origin: Origin, fn: () => T): T {
  return origins.run(origin, fn);
}

/** Where the running work came from; `system` outside any request, command or job. */
export function currentOrigin(): Origin {
  return origins.getStore() ?? SYSTEM_ORIGIN;
}
