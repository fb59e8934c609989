/**
 * One fuzz campaign: `runs` inputs of one parser, each reproducible from (seed, index), each run
 * and classified — accepted, rejected cleanly (an AppError of the import family whose every
 * detail names a line or a field), rejected without naming where, or crashed (any other
 * exception) — and timed in CPU time of the process (a hang is an input that takes more than
 * HANG_MS twice). The heap is sampled as it goes.
 */
import fc from 'fast-check';
import { AppError } from '../../src/shared/errors.ts';
import { type FuzzTarget, inputArbitrary } from './targets.ts';

export const HANG_MS = 1000;

export type Verdict = 'accepted' | 'rejected' | 'unlocated' | 'crash';

export interface Outcome {
  readonly verdict: Verdict;
  readonly ms: number;
  readonly error?: unknown;
}

export interface Finding {
  readonly index: number;
  readonly kind: 'crash' | 'unlocated' | 'hang';
  readonly ms: number;
  readonly message: string;
  readonly length: number;
}

export interface CampaignStats {
  readonly parser: string;
  tried: number;
  accepted: number;
  rejected: number;
  unlocated: number;
  crashes: number;
  hangs: number;
  slowestMs: number;
  /** Peak heap in use above the heap before the campaign, sampled every 50 inputs (MB). */
  peakHeapGrowthMb: number;
  totalMs: number;
  readonly findings: Finding[];
}

const REJECTION_CODES = new Set(['import_rejected', 'validation_failed']);

/** Whether `error` is a rejection the product reports well: typed, and saying where. */
export function isCleanRejection(error: unknown): boolean {
  if (!(error instanceof AppError) || !REJECTION_CODES.has(error.code)) return false;
  return (
    error.details.length > 0 && error.details.every((d) => d.line !== undefined || d.field !== undefined)
  );
}

/**
 * Runs one input through the parser and times it; never throws. An input over HANG_MS is run and
 * timed once more and the faster time counts: a cold JIT, a garbage collection or a neighbour on
 * a shared machine can hold one run up, a quadratic parser is slow both times.
 */
export function runOne(target: FuzzTarget, input: string): Outcome {
  const outcome = runTimed(target, input);
  if (outcome.ms <= HANG_MS) return outcome;
  const again = runTimed(target, input);
  return again.ms < outcome.ms ? again : outcome;
}

/** CPU milliseconds of this process (user + system): on a shared machine, wall time measures the neighbours. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

function runTimed(target: FuzzTarget, input: string): Outcome {
  const started = cpuMs();
  try {
    target.run(input);
    return { verdict: 'accepted', ms: cpuMs() - started };
  } catch (error) {
    const ms = cpuMs() - started;
    if (isCleanRejection(error)) return { verdict: 'rejected', ms };
    return { verdict: error instanceof AppError ? 'unlocated' : 'crash', ms, error };
  }
}

/** The seed of input `index` of a campaign seeded `seed`: every input can be made again alone. */
function inputSeed(seed: number, index: number): number {
  return (Math.imul(seed ^ 0x5bd1e995, 0x01000193) + Math.imul(index + 1, 0x9e3779b1)) | 0;
}

/** Input `index` of the campaign of `target` seeded `seed`. */
export function inputAt(
  target: FuzzTarget,
  arbitrary: fc.Arbitrary<string>,
  seed: number,
  index: number,
): string {
  const [input] = fc.sample(arbitrary, { seed: inputSeed(seed, index), numRuns: 1 });
  if (input === undefined) throw new Error(`no input ${index} for ${target.name}`);
  return input;
}

export interface CampaignOptions {
  readonly runs: number;
  readonly seed: number;
  readonly from?: number;
  /** Called before each input with its index (a watchdog's heartbeat). */
  readonly onInput?: (index: number) => void;
  /** Called after each input with the counts so far. */
  readonly onCounted?: (stats: CampaignStats) => void;
}

export function emptyStats(parser: string): CampaignStats {
  return {
    parser,
    tried: 0,
    accepted: 0,
    rejected: 0,
    unlocated: 0,
    crashes: 0,
    hangs: 0,
    slowestMs: 0,
    peakHeapGrowthMb: 0,
    totalMs: 0,
    findings: [],
  };
}

const MAX_FINDINGS = 20;

function message(error: unknown): string {
  if (error instanceof Error) return `${error.name}: ${error.message}`.slice(0, 300);
  return String(error).slice(0, 300);
}

/** Runs inputs [from, runs) of `target` into `stats`. */
export function runCampaign(
  target: FuzzTarget,
  opts: CampaignOptions,
  stats = emptyStats(target.name),
): CampaignStats {
  const arbitrary = inputArbitrary(target);
  const heapBefore = process.memoryUsage().heapUsed;
  const started = performance.now();
  for (let index = opts.from ?? 0; index < opts.runs; index++) {
    opts.onInput?.(index);
    const input = inputAt(target, arbitrary, opts.seed, index);
    const outcome = runOne(target, input);
    record(stats, outcome, index, input.length);
    if (index % 50 === 0) {
      const growth = (process.memoryUsage().heapUsed - heapBefore) / 1e6;
      stats.peakHeapGrowthMb = Math.max(stats.peakHeapGrowthMb, Math.round(growth * 10) / 10);
    }
    opts.onCounted?.(stats);
  }
  stats.totalMs += performance.now() - started;
  return stats;
}

function record(stats: CampaignStats, outcome: Outcome, index: number, length: number): void {
  stats.tried += 1;
  stats.slowestMs = Math.max(stats.slowestMs, Math.round(outcome.ms * 10) / 10);
  if (outcome.verdict === 'accepted') stats.accepted += 1;
  else if (outcome.verdict === 'rejected') stats.rejected += 1;
  else if (outcome.verdict === 'unlocated') stats.unlocated += 1;
  else stats.crashes += 1;
  const found = (kind: Finding['kind'], text: string) => {
    if (stats.findings.length < MAX_FINDINGS)
      stats.findings.push({ index, kind, ms: Math.round(outcome.ms), message: text, length });
  };
  if (outcome.verdict === 'crash' || outcome.verdict === 'unlocated')
    found(outcome.verdict, message(outcome.error));
  if (outcome.ms > HANG_MS) {
    stats.hangs += 1;
    found('hang', `took ${Math.round(outcome.ms)} ms`);
  }
}
