/**
 * `npm run fuzz`: mutation and grammar fuzzing of every parser of files from outside — bank
 * statements (camt.052/053/054, MT940/942, BAI2, OFX, the CSV profiles), the customers and
 * invoices CSV imports, remittance advices and e-mail templates (bench/fuzz/targets.ts).
 *
 * Per parser it reports the inputs tried, those accepted, those rejected cleanly (an AppError
 * naming line or field), rejections that do not say where, crashes (any other exception), hangs
 * (an input over 1 s, measured; an input still running after --stall-s is stopped and counted),
 * the slowest input and the peak heap growth. Each parser runs in a worker thread with a
 * watchdog, so one endless loop cannot stop the run. Exit code 1 when anything but clean
 * results was found.
 *
 * Options: --runs N (inputs per parser, default 100000), --seed S (default 1; input i of a run
 * is made from (S, i) alone), --only name[,name] (see --list), --replay I (write input I of
 * --only to bench/out/fuzz-<name>-<I>.txt and run it once), --stall-s N (default 60), --list.
 * Results are written to bench/out/fuzz.json.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import {
  type CampaignStats,
  emptyStats,
  type Finding,
  inputAt,
  runCampaign,
  runOne,
} from './fuzz/campaign.ts';
import { inputArbitrary, TARGETS, targetByName } from './fuzz/targets.ts';

interface WorkerJob {
  readonly parser: string;
  readonly runs: number;
  readonly seed: number;
  readonly from: number;
  /** Int32 slots: the input under way, then the counts (COUNTS), written after each input. */
  readonly shared: SharedArrayBuffer;
}

type WorkerMessage = { readonly done: CampaignStats } | { readonly finding: Finding };

/** The counts a worker keeps in shared memory, so that a worker stopped for a stall loses none. */
const COUNTS = ['tried', 'accepted', 'rejected', 'unlocated', 'crashes', 'hangs'] as const;
const SLOT_INDEX = 0;
const SLOT_SLOWEST = COUNTS.length + 1;
const SLOT_HEAP = COUNTS.length + 2;
const SLOTS = COUNTS.length + 3;

const OUT = new URL('./out/', import.meta.url);

function runInWorker(job: WorkerJob): void {
  const shared = new Int32Array(job.shared);
  let reported = 0;
  const stats = runCampaign(targetByName(job.parser), {
    runs: job.runs,
    seed: job.seed,
    from: job.from,
    onInput: (index) => Atomics.store(shared, SLOT_INDEX, index),
    onCounted: (s) => {
      for (const [i, k] of COUNTS.entries()) Atomics.store(shared, i + 1, s[k]);
      Atomics.store(shared, SLOT_SLOWEST, Math.round(s.slowestMs));
      Atomics.store(shared, SLOT_HEAP, Math.round(s.peakHeapGrowthMb));
      for (; reported < s.findings.length; reported++) {
        const finding = s.findings[reported];
        if (finding) parentPort?.postMessage({ finding } satisfies WorkerMessage);
      }
    },
  });
  parentPort?.postMessage({ done: stats } satisfies WorkerMessage);
}

/** The counts of a worker stopped at input `stuck`, read from shared memory; the stuck input is a hang. */
function countsOf(
  parser: string,
  shared: Int32Array,
  findings: Finding[],
  stuck: number,
  stallMs: number,
): CampaignStats {
  const stats = emptyStats(parser);
  COUNTS.forEach((k, i) => {
    stats[k] = Atomics.load(shared, i + 1);
  });
  stats.tried += 1;
  stats.hangs += 1;
  stats.slowestMs = Math.max(Atomics.load(shared, SLOT_SLOWEST), stallMs);
  stats.peakHeapGrowthMb = Atomics.load(shared, SLOT_HEAP);
  stats.findings.push(...findings, {
    index: stuck,
    kind: 'hang',
    ms: stallMs,
    message: `stopped after ${stallMs / 1000} s`,
    length: -1,
  });
  return stats;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      runs: { type: 'string', default: '100000' },
      seed: { type: 'string', default: '1' },
      only: { type: 'string' },
      replay: { type: 'string' },
      'stall-s': { type: 'string', default: '60' },
      list: { type: 'boolean', default: false },
    },
  });
  if (values.list) {
    for (const t of TARGETS) console.log(`${t.name.padEnd(18)} ${t.what} (${t.seeds().length} seed files)`);
    return;
  }
  const seed = Number(values.seed);
  const names = values.only ? values.only.split(',') : TARGETS.map((t) => t.name);
  if (values.replay !== undefined) return replay(names[0] ?? '', seed, Number(values.replay));
  const runs = Number(values.runs);
  console.log(`fuzzing ${names.length} parser(s), ${runs} inputs each, seed ${seed}; ${machine()}`);
  const results: CampaignStats[] = [];
  for (const name of names) {
    const stats = await fuzzInWorker(targetByName(name).name, runs, seed, Number(values['stall-s']) * 1000);
    results.push(stats);
    printRow(stats, results.length === 1);
  }
  mkdirSync(OUT, { recursive: true });
  writeFileSync(
    new URL('fuzz.json', OUT),
    JSON.stringify({ runs, seed, machine: machine(), results }, null, 2),
  );
  printFindings(results);
  const bad = results.some((r) => r.crashes + r.unlocated + r.hangs > 0);
  process.exitCode = bad ? 1 : 0;
}

/** Runs one parser's campaign in a worker; an input stuck past `stallMs` is a hang, and the run goes on after it. */
async function fuzzInWorker(
  parser: string,
  runs: number,
  seed: number,
  stallMs: number,
): Promise<CampaignStats> {
  let stats = emptyStats(parser);
  let from = 0;
  while (from < runs) {
    const shared = new Int32Array(new SharedArrayBuffer(SLOTS * 4));
    // -1 until the worker has loaded and starts its first input: loading is not a stall.
    Atomics.store(shared, SLOT_INDEX, -1);
    const job: WorkerJob = { parser, runs, seed, from, shared: shared.buffer as SharedArrayBuffer };
    const worker = new Worker(new URL('./fuzz/worker.mjs', import.meta.url), { workerData: job });
    const findings: Finding[] = [];
    worker.on('message', (m: WorkerMessage) => {
      if ('finding' in m) findings.push(m.finding);
    });
    const result = await watch(worker, shared, stallMs);
    if ('done' in result) return merge(stats, result.done);
    stats = merge(stats, countsOf(parser, shared, findings, result.stuckAt, stallMs));
    from = result.stuckAt + 1;
  }
  return stats;
}

function watch(
  worker: Worker,
  shared: Int32Array,
  stallMs: number,
): Promise<{ done: CampaignStats } | { stuckAt: number }> {
  return new Promise((resolve, reject) => {
    let last = Atomics.load(shared, SLOT_INDEX);
    let since = Date.now();
    const timer = setInterval(() => {
      const now = Atomics.load(shared, SLOT_INDEX);
      if (now !== last || now === -1) {
        last = now;
        since = Date.now();
      } else if (Date.now() - since > stallMs) {
        clearInterval(timer);
        void worker.terminate().then(() => resolve({ stuckAt: now }));
      }
    }, 250);
    worker.on('message', (m: WorkerMessage) => {
      if (!('done' in m)) return;
      clearInterval(timer);
      resolve({ done: m.done });
    });
    worker.once('error', (e) => {
      clearInterval(timer);
      reject(e);
    });
  });
}

/** `a` with the counts of `b` added (the pieces of a campaign cut by a stall). */
function merge(a: CampaignStats, b: CampaignStats): CampaignStats {
  return {
    parser: a.parser,
    tried: a.tried + b.tried,
    accepted: a.accepted + b.accepted,
    rejected: a.rejected + b.rejected,
    unlocated: a.unlocated + b.unlocated,
    crashes: a.crashes + b.crashes,
    hangs: a.hangs + b.hangs,
    slowestMs: Math.max(a.slowestMs, b.slowestMs),
    peakHeapGrowthMb: Math.max(a.peakHeapGrowthMb, b.peakHeapGrowthMb),
    totalMs: a.totalMs + b.totalMs,
    findings: [...a.findings, ...b.findings].slice(0, 20),
  };
}

function replay(name: string, seed: number, index: number): void {
  const target = targetByName(name);
  const input = inputAt(target, inputArbitrary(target), seed, index);
  mkdirSync(OUT, { recursive: true });
  const file = new URL(`fuzz-${name}-${index}.txt`, OUT);
  writeFileSync(file, input);
  const outcome = runOne(target, input);
  console.log(`${name} input ${index} (${input.length} characters) → ${file.pathname}`);
  console.log(`${outcome.verdict} in ${outcome.ms.toFixed(1)} ms`);
  if (outcome.error !== undefined) console.log(outcome.error);
}

const COLUMNS = [
  'parser',
  'tried',
  'accepted',
  'rejected',
  'unlocated',
  'crashes',
  'hangs',
  'slowest ms',
  'peak heap +MB',
  'inputs/s',
];

function printRow(s: CampaignStats, first: boolean): void {
  if (first) console.log(`| ${COLUMNS.join(' | ')} |\n|${COLUMNS.map(() => '---').join('|')}|`);
  const perSecond = s.totalMs > 0 ? Math.round((s.tried * 1000) / s.totalMs) : 0;
  const cells = [
    s.parser,
    s.tried,
    s.accepted,
    s.rejected,
    s.unlocated,
    s.crashes,
    s.hangs,
    s.slowestMs,
    s.peakHeapGrowthMb,
    perSecond,
  ];
  console.log(`| ${cells.join(' | ')} |`);
}

function printFindings(results: readonly CampaignStats[]): void {
  for (const r of results)
    for (const f of r.findings)
      console.log(
        `${r.parser} input ${f.index} (${f.length} chars): ${f.kind}, ${f.ms} ms: ${f.message}\n  replay: npm run fuzz -- --only ${r.parser} --seed <seed> --replay ${f.index}`,
      );
}

function machine(): string {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  return `${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GB RAM, Node ${process.version}, ${os.platform()} ${os.release()}`;
}

if (!isMainThread) runInWorker(workerData as WorkerJob);
else await main();
