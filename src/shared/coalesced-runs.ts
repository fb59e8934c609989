/**
 * Runs of a piece of work per key (a tenant) that coalesce: at most one runs per key at a time, and
 * the requests that arrive while one waits or runs are served by a single run after it. A burst of
 * 100 requests for one key costs two runs at most, not 100, and none of them runs inside the
 * requester's call — `request` returns at once.
 */

export interface CoalescedRuns {
  /** Ask for a run for `key`: it starts `delayMs` from now, or after the run in progress. Never throws. */
  request(key: string): void;
  /** Resolves when no run waits or runs for any key (for shutting down and for tests). */
  idle(): Promise<void>;
}

type State = { phase: 'waiting' } | { phase: 'running'; again: boolean };

/**
 * Coalesce calls of `run` per key. `run` should handle its own errors (a rejection is passed to
 * `onError`, and later requests run as usual). Example: `coalescedRuns(scan, 250)`; 100 calls of
 * `request('t1')` within 250 ms → one `scan('t1')`.
 */
export function coalescedRuns(
  run: (key: string) => Promise<void>,
  delayMs: number,
  onError: (error: unknown, key: string) => void = () => {},
): CoalescedRuns {
  const states = new Map<string, State>();
  let waiters: (() => void)[] = [];
  const settle = () => {
    if (states.size > 0) return;
    for (const w of waiters) w();
    waiters = [];
  };
  const schedule = (key: string) => {
    states.set(key, { phase: 'waiting' });
    setTimeout(() => void start(key), delayMs);
  };
  const start = async (key: string) => {
    const state: State = { phase: 'running', again: false };
    states.set(key, state);
    try {
      await run(key);
    } catch (error) {
      onError(error, key);
    }
    if (state.again) schedule(key);
    else states.delete(key);
    settle();
  };
  return {
    request(key) {
      const state = states.get(key);
      if (!state) schedule(key);
      else if (state.phase === 'running') state.again = true;
    },
    idle: () => (states.size === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve))),
  };
}
