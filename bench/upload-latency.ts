/**
 * `npx tsx bench/upload-latency.ts [--mb 49] [--format camt|mt940]`: how long `GET /health` waits
 * while a large bank statement is uploaded and imported, on PGlite (a data directory on disk), the
 * API listening on a port as under `npm start`. One client polls `/health` every 20 ms from the
 * first byte of the upload until its answer; the figures are the health latencies in that time
 * (max, p99, p50) and the upload's own duration. docs/reliability.md records a run.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { openDatabase } from '../src/db/client.ts';
import { buildApp } from '../src/http/app.ts';
import { startServer } from '../src/http/server.ts';
import { createApiKey } from '../src/modules/apikeys/apikeys.service.ts';
import { coreDeps } from '../src/modules/core-deps.ts';
import { createTenant } from '../src/modules/tenants/tenants.service.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { camt053, type GenReceipt, mt940 } from './cash-application/generate.ts';
import { seededRandom } from './data.ts';

const { values: args } = parseArgs({
  options: { mb: { type: 'string', default: '49' }, format: { type: 'string', default: 'camt' } },
});

function receipt(i: number, random: () => number): GenReceipt {
  return {
    bankReference: `UPL-${String(i).padStart(8, '0')}`,
    amountMinor: BigInt(100 + Math.floor(random() * 1_000_000)),
    payerName: `Kunde ${i} Müller & Söhne GmbH`,
    payerIban: 'DE89370400440532013000',
    ultimateParty: null,
    remittance: `RE INV-${String(i).padStart(6, '0')} Kd-Nr ${i} Rechnung vom 01.06.2026 besten Dank`,
    structuredReference: null,
    truth: { kind: 'not_a_customer_receipt' } as GenReceipt['truth'],
  };
}

/** A statement of about `mb` megabytes in `format`. */
function statementOf(mb: number, format: string): string {
  const random = seededRandom(49);
  const write = (rs: GenReceipt[]) => (format === 'mt940' ? mt940(rs, 'UPLOAD-1') : camt053(rs, 'UPLOAD-1'));
  const one = write([receipt(0, random)]).length;
  const perEntry = write([receipt(0, random), receipt(1, random)]).length - one;
  const count = Math.ceil((mb * 1024 * 1024 - one) / perEntry);
  return write(Array.from({ length: count }, (_, i) => receipt(i, random)));
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
}

/**
 * The poller runs in a worker thread: its own event loop times the requests, so a stalled server
 * loop cannot also stall the clock that measures it (a poller on the server's loop would wait
 * with it and see short latencies).
 */
const POLLER = `
const { parentPort, workerData } = require('node:worker_threads');
let stop = false;
parentPort.on('message', () => { stop = true; });
(async () => {
  const latencies = [];
  while (!stop) {
    const started = performance.now();
    await fetch(workerData.url).then((r) => r.arrayBuffer());
    latencies.push(performance.now() - started);
    await new Promise((r) => setTimeout(r, 20));
  }
  parentPort.postMessage(latencies);
})();`;

async function pollHealth(base: string, until: Promise<unknown>): Promise<number[]> {
  const worker = new Worker(POLLER, { eval: true, workerData: { url: `${base}/health` } });
  const result = new Promise<number[]>((resolve) => worker.once('message', resolve));
  await until.catch(() => undefined);
  worker.postMessage('stop');
  const latencies = await result;
  await worker.terminate();
  return latencies;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(os.tmpdir(), 'cashloop-upload-'));
  const database = await openDatabase({ kind: 'pglite', dataDir: join(dir, 'data') });
  try {
    const deps = coreDeps(database.db, fixedClock('2026-06-20T09:00:00Z'));
    const tenant = await createTenant(deps.db, { name: 'Upload GmbH', baseCurrency: 'EUR' });
    const { key } = await createApiKey(deps.db, tenant.tenantId, 'accountant');
    const app = await buildApp(deps);
    const base = await startServer(app, { port: 0, host: '127.0.0.1' });
    const body = statementOf(Number(args.mb), args.format ?? 'camt');
    const mb = (Buffer.byteLength(body) / 1024 / 1024).toFixed(1);
    const started = performance.now();
    const upload = fetch(`${base}/v1/bank/statements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'text/plain' },
      body,
    }).then(async (r) => ({ status: r.status, text: (await r.text()).slice(0, 300) }));
    const latencies = (await pollHealth(base, upload)).sort((a, b) => a - b);
    const answer = await upload;
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    console.log(`machine: ${os.cpus()[0]?.model} ×${os.cpus().length}, node ${process.version}`);
    console.log(`upload: ${mb} MB ${args.format}, answered ${answer.status} in ${seconds} s`);
    if (answer.status >= 300) console.log(answer.text);
    const ms = (v: number) => `${v.toFixed(0)} ms`;
    console.log(
      `/health during the upload: ${latencies.length} requests, max ${ms(latencies.at(-1) ?? 0)}, p99 ${ms(percentile(latencies, 99))}, p50 ${ms(percentile(latencies, 50))}`,
    );
    await app.close();
  } finally {
    await database.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
