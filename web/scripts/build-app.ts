/**
 * Build the web app with Vite's JS API into web/dist (`npm run web:build`; `npm start` runs this
 * in a child process when the build is missing or stale). The build goes to a scratch folder that
 * replaces web/dist only when complete, so the server never serves half a build.
 */
import { rename, rm } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { build } from 'vite';

const webDir = fileURLToPath(new URL('..', import.meta.url));
const scratch = `${webDir}.dist-building`;
const dist = `${webDir}dist`;

await build({
  configFile: `${webDir}vite.config.ts`,
  logLevel: 'warn',
  build: { outDir: scratch, emptyOutDir: true },
});
await rm(dist, { recursive: true, force: true });
await rename(scratch, dist);
process.stdout.write(`web app built into ${dist}\n`);
