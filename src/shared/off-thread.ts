/**
 * Run one pure, synchronous function of a module in a worker thread, so that seconds of CPU (the
 * parse of a 50 MB bank statement) do not hold up every other request of the process. The
 * function's arguments and result cross the thread by structured clone (strings, plain objects,
 * arrays, bigints, Dates); an AppError thrown there is thrown here again with its code, message
 * and details (its subclass is not kept); any other error becomes an Error with its message.
 *
 * The worker loads the TypeScript module through tsx, which it registers itself: on Node 20 a
 * worker inherits neither `--import tsx` (tests, npm scripts) nor the bin's `register()`.
 */
import { Worker } from 'node:worker_threads';
import { AppError, type ErrorCode, type ErrorDetail } from './errors.ts';

interface WorkerAnswer {
  readonly ok: boolean;
  readonly value?: unknown;
  readonly error?: {
    readonly app: boolean;
    readonly code: string;
    readonly message: string;
    readonly details: ErrorDetail[];
  };
}

const TSX_API = import.meta.resolve('tsx/esm/api');

function bootstrap(moduleUrl: string, exportName: string): string {
  return `
import { parentPort, workerData } from 'node:worker_threads';
(await import(${JSON.stringify(TSX_API)})).register();
const fn = (await import(${JSON.stringify(moduleUrl)}))[${JSON.stringify(exportName)}];
try {
  parentPort.postMessage({ ok: true, value: fn(...workerData) });
} catch (e) {
  const app = e && e.name === 'AppError';
  parentPort.postMessage({ ok: false, error: { app, code: app ? e.code : '', message: String(e?.message ?? e), details: app ? [...e.details] : [] } });
}`;
}

/**
 * `fn(...args)` in a new worker thread, where `fn` is the export `exportName` of the module at
 * `moduleUrl` (a `file:` URL, e.g. `new URL('./parse.ts', import.meta.url).href`).
 */
export function runOffThread<T>(moduleUrl: string, exportName: string, args: readonly unknown[]): Promise<T> {
  const source = `data:text/javascript,${encodeURIComponent(bootstrap(moduleUrl, exportName))}`;
  const worker = new Worker(new URL(source), { workerData: args });
  return new Promise<T>((resolve, reject) => {
    worker.once('message', (answer: WorkerAnswer) => {
      void worker.terminate();
      if (answer.ok) return resolve(answer.value as T);
      const e = answer.error;
      if (e?.app) return reject(new AppError(e.code as ErrorCode, e.message, e.details));
      reject(new Error(e?.message ?? 'the worker failed'));
    });
    worker.once('error', reject);
    worker.once('exit', (code) => {
      if (code !== 0) reject(new Error(`the worker stopped with exit code ${code}`));
    });
  });
}
