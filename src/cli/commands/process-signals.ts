/** Graceful shutdown of a long-running command (`start`, `worker`) on SIGINT or SIGTERM. */
import type { CliIo } from '../io.ts';

/**
 * On the first SIGINT or SIGTERM run `steps` in order (each awaited, a failing one reported and
 * skipped), then exit 0; a second signal exits 1 at once.
 */
export function stopOnSignals(io: CliIo, steps: readonly (() => Promise<unknown>)[]): void {
  let stopping = false;
  const stop = async (signal: NodeJS.Signals) => {
    if (stopping) {
      io.stderr(`${signal} again: exiting without waiting\n`);
      process.exit(1);
    }
    stopping = true;
    io.stderr(`${signal}: stopping (running jobs finish first; ${signal} again to exit at once)\n`);
    let code = 0;
    for (const step of steps) {
      try {
        await step();
      } catch (error) {
        code = 1;
        io.stderr(`error while stopping: ${error instanceof Error ? error.message : String(error)}\n`);
      }
    }
    process.exit(code);
  };
  process.on('SIGINT', (s) => void stop(s));
  process.on('SIGTERM', (s) => void stop(s));
}
