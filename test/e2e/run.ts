/**
 * `npm run test:e2e`: start one real server for the whole run (test/e2e/helpers.ts), then run
 * every test/e2e/*.e2e.ts with node:test against it, one file at a time, and stop the server.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { run } from 'node:test';
import { spec } from 'node:test/reporters';
import { fileURLToPath } from 'node:url';
import { startE2eServer } from './helpers.ts';

const dir = fileURLToPath(new URL('.', import.meta.url));
const files = readdirSync(dir)
  .filter((name) => name.endsWith('.e2e.ts'))
  .sort()
  .map((name) => join(dir, name));

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
process.exitCode = failed ? 1 : 0;
