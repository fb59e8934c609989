import { describeScheduler, startProcessScheduler, workerConcurrency } from '../../jobs/processes.ts';
import { validationFailed } from '../../shared/errors.ts';
import { stopOnSignals } from './process-signals.ts';
import { type CommandSpec, stringOption } from './types.ts';

function concurrencyOption(values: Record<string, string | boolean | undefined>): number | undefined {
  const raw = stringOption(values, 'concurrency');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 32)
    throw validationFailed(`--concurrency must be an integer from 1 to 32, got "${raw}"`);
  return n;
}

/**
 * `cashloop worker`: runs the background jobs (and fires the schedules) until SIGINT/SIGTERM,
 * which lets running jobs finish. Any number may run against one PostgreSQL database.
 */
export const worker: CommandSpec = {
  name: 'worker',
  usage: 'cashloop worker [--concurrency N]',
  options: { concurrency: { type: 'string' } },
  positionals: [],
  keepsRunning: true,
  async run({ runtime, io, values }) {
    try {
      const concurrency = workerConcurrency(runtime, 'worker', concurrencyOption(values));
      const scheduler = await startProcessScheduler(runtime, 'worker', { concurrency, log: io.stderr });
      stopOnSignals(io, [() => scheduler.stop(), () => runtime.close()]);
      io.stderr(
        `cashloop worker on ${runtime.database.kind} (${runtime.database.location}), ${concurrency} per queue; ${describeScheduler(runtime, 'worker')}\n`,
      );
      return 0;
    } catch (error) {
      await runtime.close();
      throw error;
    }
  },
};
