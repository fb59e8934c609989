/**
 * `npm run test:e2e`: start one real server for the whole run (test/e2e/helpers.ts), then run
 * every test/e2e/*.e2e.ts with node:test against it, one file at a time, and stop the server.
 */
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { fileURLToPath } from 'node:url';
import { budgetsAreStrict, readTimings, startE2eServer, TIMINGS_FILE } from './helpers.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
/** `npm run test:e2e -- cash shell` runs only the files whose names start with those words. */
const only = process.argv.slice(2);
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.e2e.ts'))
  .filter((name) => only.length === 0 || only.some((word) => name.startsWith(word)))
  .sort()
  .map((name) => join(dir, name));

rmSync(TIMINGS_FILE, { force: true });
const started = Date.now();
const server = await startE2eServer();
process.stdout.write(
  `e2e: server ready at ${server.baseUrl} in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
);
process.env.E2E_BASE_URL = server.baseUrl;
process.env.E2E_API_KEY = server.apiKey;
let failed = false;
try {
  const stream = run({ files, concurrency: 1 });
  stream.on('test:fail', () => {
    failed = true;
  });
  await new Promise<void>((resolve) => {
    stream.compose(new spec()).pipe(process.stdout);
    stream.on('end', resolve);
  });
} finally {
  await server.stop();
}
printTimings();
process.exitCode = failed ? 1 : 0;

/** The run's timings against their budgets; over-budget ones fail the run only with E2E_BUDGET=strict. */
function printTimings(): void {
  const timings = readTimings();
  const over = timings.filter((t) => t.ms >= t.budgetMs);
  const mode = budgetsAreStrict()
    ? 'strict: an overrun fails'
    : 'reported only (E2E_BUDGET=strict to enforce)';
  process.stdout.write(`\ne2e timings, ${timings.length} taken, ${over.length} over budget — ${mode}\n`);
  for (const t of timings) {
    const mark = t.ms >= t.budgetMs ? '  OVER' : '';
    process.stdout.write(
      `  ${t.label.padEnd(48)} ${String(t.ms).padStart(7)} ms  (budget ${t.budgetMs} ms)${mark}\n`,
    );
  }
}
