/**
 * The named numbers of webhook delivery (STYLE 17): when a failed attempt is tried again, when an
 * endpoint that keeps failing is switched off, how long an attempt may take, how much of an answer
 * is kept. Defaults are the documented schedule (docs/webhooks.md); tests shorten the delays.
 */

export interface WebhookPolicy {
  /** Seconds to wait after attempt 1, 2, … failed; after the last, the delivery is `failed`. */
  readonly retryDelaysSeconds: readonly number[];
  /** An endpoint is disabled after at least this many failed attempts in a row … */
  readonly disableAfterFailures: number;
  /** … spanning at least this long since the first of them (one outage of minutes never disables). */
  readonly disableAfterSeconds: number;
  /** An attempt taking longer is aborted and counts as failed. */
  readonly timeoutMs: number;
  /** Deliveries tried per batch. */
  readonly batchSize: number;
  /** Whether URLs may point at private, loopback and link-local addresses (off: SSRF guard). */
  readonly allowPrivateAddresses: boolean;
}

/** 8 attempts over about 1.6 days: now, 30 s, 2 min, 10 min, 1 h, 3 h, 8 h, 24 h after the one before. */
export const DEFAULT_WEBHOOK_POLICY: WebhookPolicy = {
  retryDelaysSeconds: [30, 120, 600, 3_600, 10_800, 28_800, 86_400],
  disableAfterFailures: 20,
  disableAfterSeconds: 5 * 86_400,
  timeoutMs: 10_000,
  batchSize: 50,
  allowPrivateAddresses: false,
};

/** When to try again after failed attempt number `attempt` (1-based), or null: no attempt left. */
export function nextAttemptAt(policy: WebhookPolicy, attempt: number, now: Date): Date | null {
  const delay = policy.retryDelaysSeconds[attempt - 1];
  return delay === undefined ? null : new Date(now.getTime() + delay * 1000);
}

/** Whether an endpoint with `failures` failures in a row since `failingSince` is to be disabled. */
export function shouldDisable(
  policy: WebhookPolicy,
  failures: number,
  failingSince: Date,
  now: Date,
): boolean {
  return (
    failures >= policy.disableAfterFailures &&
    now.getTime() - failingSince.getTime() >= policy.disableAfterSeconds * 1000
  );
}

/** At most 1,000 characters of an answer's body, for the delivery log. */
export function truncatedBody(text: string): string {
  return text.length > 1000 ? `${text.slice(0, 1000)}…` : text;
}
