/**
 * Retry schedule: after the n-th transient failure in a row (n from 0) the next attempt waits
 * `delays[n]` seconds; when the schedule is used up the message fails. With the default, a
 * message is tried 6 times over about 14 h 36 min: at 0, +1 min, +5 min, +30 min, +2 h, +12 h.
 */
export const DEFAULT_RETRY_DELAYS_SECONDS: readonly number[] = [60, 300, 1800, 7200, 43_200];

/**
 * When to try again after a transient failure at `now`, given the failures so far (`step`), or
 * null when no retry is left. `nextAttemptAt(t, 0)` → t + 1 min; `nextAttemptAt(t, 5)` → null.
 */
export function nextAttemptAt(
  now: Date,
  step: number,
  delays: readonly number[] = DEFAULT_RETRY_DELAYS_SECONDS,
): Date | null {
  const delay = delays[step];
  return delay === undefined ? null : new Date(now.getTime() + delay * 1000);
}

/** Parse a schedule like `60,300,1800` (seconds) or `1m,5m,30m,2h,12h`; null when malformed. */
export function parseRetryDelays(text: string): number[] | null {
  const units: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400 };
  const parts = text.split(',').map((p) => p.trim());
  const seconds = parts.map((p) => {
    const m = /^(\d{1,6})([smhd]?)$/.exec(p);
    return m ? Number(m[1]) * (units[m[2] || 's'] ?? 1) : Number.NaN;
  });
  return seconds.length > 0 && seconds.every((s) => Number.isInteger(s) && s > 0) ? seconds : null;
}
