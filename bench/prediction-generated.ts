/**
 * Payment-date prediction on a generated history with known behaviour per customer segment
 * (issue 12: the model must cut the customer-mean baseline's MAE by at least 30%), and the speed
 * of training and scoring at the issue's sizes, in memory (the model's own work, no database).
 *
 * Segments (each customer one, drawn with a fixed seed; days late = payment − due):
 * - `early`: −6 ± 2; `on_time`: 0 ± 2; `late`: +15 ± 4;
 * - `erratic`: 1 ± 2, but one invoice in four 30–70 days late;
 * - `amount`: lateness grows with the invoice's size against the customer's usual (big invoices
 *   go through approval): 2 + 12 × log2(amount / usual) ± 2;
 * - `seasonal`: +2 ± 2, but +20 for invoices issued in July, August or December (holidays);
 * - `paperless`: like `late`, but 10 days sooner on electronically delivered invoices (half);
 * - `reminded`: pays only after the first reminder, 1–3 days after it arrives;
 * - `deteriorating`: on time (0 ± 2) until money runs short on a day of its own in the second or
 *   third year, then 45 ± 5 days late — breaking the promises it makes on the way.
 * Every invoice: amount log-normal around the customer's level, terms NET 14/30/60.
 * Reminders and promises (every segment): the tenant's dunning run is weekly; an invoice still
 * open at the run on or after due + 7, + 21 and + 35 days gets a reminder of that level (sent on
 * the run day, so one that reaches a payment made that day crossed it). An invoice still open at
 * its second reminder gets a promise made the next day to pay 7 days later (3 days' grace): kept
 * (judged on the payment day) when paid by then, else broken (judged the day after the grace).
 * `--without-collections` drops them from the facts: the features are then constant, which is
 * the model before reminders and promises were features.
 *
 * Run: `npm run bench -- --only prediction` (after the IBM figures), or
 * `npx tsx bench/prediction-generated.ts [--speed]`.
 */
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import {
  type InvoiceFact,
  type PromiseFact,
  predictCustomerPayments,
  trainPaymentModel,
} from '../src/modules/analytics/index.ts';
import { groupBy } from '../src/shared/group-by.ts';
import { Random } from '../src/shared/random.ts';
import { runPredictionBenchmark, type SplitResult } from './prediction.ts';

const SEGMENTS = [
  'early',
  'on_time',
  'late',
  'erratic',
  'amount',
  'seasonal',
  'paperless',
  'reminded',
  'deteriorating',
] as const;
type Segment = (typeof SEGMENTS)[number];
const START = Date.UTC(2023, 0, 1) / 86_400_000;

export interface GeneratedHistory {
  readonly facts: InvoiceFact[];
  readonly segmentOf: Map<string, Segment>;
}

/** The weekly dunning run's days and the levels' offsets after the due day. */
const RUN_EVERY_DAYS = 7;
const LEVEL_OFFSETS = [7, 21, 35] as const;
const PROMISE_AFTER_DAYS = 7;
const GRACE_DAYS = 3;

/** The first dunning run day on or after `day`. */
function runDayFrom(day: number): number {
  return Math.ceil(day / RUN_EVERY_DAYS) * RUN_EVERY_DAYS;
}

/** The reminders an invoice due on `dueDay` and paid on `settledDay` received. */
function remindersOf(dueDay: number, settledDay: number): number[] {
  return LEVEL_OFFSETS.map((o) => runDayFrom(dueDay + o)).filter((d) => d <= settledDay);
}

/** The promise made after the second reminder, when the invoice was still open then. */
function promisesOf(id: string, reminders: readonly number[], settledDay: number): PromiseFact[] {
  const second = reminders[1];
  if (second === undefined || second >= settledDay) return [];
  const madeDay = second + 1;
  const promisedDay = madeDay + PROMISE_AFTER_DAYS;
  const kept = settledDay <= promisedDay + GRACE_DAYS;
  return [
    {
      promiseId: id,
      madeDay,
      promisedDay,
      judgedDay: kept ? settledDay : promisedDay + GRACE_DAYS + 1,
      outcome: kept ? 'kept' : 'broken',
    },
  ];
}

/** `customers` customers over `years` years, about `perYear` invoices each a year. */
export function generateHistory(
  customers: number,
  years: number,
  perYear: number,
  seed = 7,
  withCollections = true,
): GeneratedHistory {
  const random = new Random(seed);
  const facts: InvoiceFact[] = [];
  const segmentOf = new Map<string, Segment>();
  for (let c = 0; c < customers; c++) {
    const customerId = `C${c}`;
    const segment = SEGMENTS[c % SEGMENTS.length] as Segment;
    segmentOf.set(customerId, segment);
    const level = 200 * 2 ** (random.next() * 8);
    const terms = [14, 30, 60][random.int(0, 2)] ?? 30;
    const shortOfMoneyFrom = START + 365 * (1 + random.next() * Math.max(1, years - 1));
    const gap = 365 / perYear;
    for (
      let day = START + random.next() * gap;
      day < START + years * 365;
      day += gap * (0.5 + random.next())
    ) {
      const issueDay = Math.floor(day);
      const size = 2 ** (gauss(random) * 0.8);
      const electronic = segment === 'paperless' ? random.chance(0.5) : random.chance(0.3);
      const dueDay = issueDay + terms;
      const invoice = { size, issueDay, dueDay, electronic, shortOfMoneyFrom };
      const settledDay = Math.max(issueDay, dueDay + Math.round(daysLateOf(segment, random, invoice)));
      const reminderDays = remindersOf(dueDay, settledDay);
      facts.push({
        customerId,
        issueDay,
        dueDay,
        settledDay,
        amountMinor: BigInt(Math.round(level * size * 100)),
        currency: 'EUR',
        electronic,
        disputed: false,
        ...(withCollections
          ? { reminderDays, promises: promisesOf(`${customerId}-${issueDay}`, reminderDays, settledDay) }
          : {}),
      });
    }
  }
  return { facts, segmentOf };
}

function daysLateOf(
  segment: Segment,
  random: Random,
  invoice: { size: number; issueDay: number; dueDay: number; electronic: boolean; shortOfMoneyFrom: number },
): number {
  const noise = (sd: number) => gauss(random) * sd;
  switch (segment) {
    case 'early':
      return -6 + noise(2);
    case 'on_time':
      return noise(2);
    case 'late':
      return 15 + noise(4);
    case 'erratic':
      return random.chance(0.25) ? 30 + random.next() * 40 : 1 + noise(2);
    case 'amount':
      return 2 + 12 * Math.log2(invoice.size) + noise(2);
    case 'seasonal': {
      const month = new Date(invoice.issueDay * 86_400_000).getUTCMonth() + 1;
      return (month === 7 || month === 8 || month === 12 ? 20 : 2) + noise(2);
    }
    case 'paperless':
      return 15 - (invoice.electronic ? 10 : 0) + noise(2);
    case 'reminded':
      return runDayFrom(invoice.dueDay + (LEVEL_OFFSETS[0] ?? 7)) - invoice.dueDay + random.int(1, 3);
    case 'deteriorating':
      return invoice.dueDay >= invoice.shortOfMoneyFrom ? 45 + noise(5) : noise(2);
  }
}

function gauss(random: Random): number {
  const u = Math.max(random.next(), 1e-12);
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random.next());
}

export interface GeneratedResult {
  readonly customers: number;
  readonly invoices: number;
  readonly split: SplitResult;
  /** MAE of seed 1's model per segment, on the test invoices of the segment's customers. */
  readonly bySegment: readonly {
    readonly segment: Segment;
    readonly invoices: number;
    readonly mae: number;
  }[];
}

/**
 * 200 customers × 3 years, about 50 invoices a year each; train on years 1–2, test on year 3.
 * `withCollections` false: no reminders or promises in the facts (the model before they were features).
 */
export function runGeneratedPrediction(withCollections = true): GeneratedResult {
  const { facts, segmentOf } = generateHistory(200, 3, 50, 7, withCollections);
  const split = START + 2 * 365;
  return {
    customers: 200,
    invoices: facts.length,
    split: runPredictionBenchmark(facts, split, [1, 2, 3]),
    bySegment: segmentErrors(facts, segmentOf, split),
  };
}

/** Seed 1's model (trained as `runPredictionBenchmark` trains it) judged per segment. */
function segmentErrors(
  facts: readonly InvoiceFact[],
  segmentOf: ReadonlyMap<string, Segment>,
  splitDay: number,
): GeneratedResult['bySegment'] {
  const model = trainPaymentModel(
    facts.filter((f) => f.issueDay < splitDay),
    { lateThresholdDays: 5, tree: { seed: 1 } },
  );
  const sums = new Map<Segment, { invoices: number; error: number }>();
  for (const [customerId, invoices] of groupBy(facts, (f) => f.customerId)) {
    const test = invoices.filter((f) => f.issueDay >= splitDay && f.settledDay !== null);
    const queries = test.map((invoice) => ({ invoice, asOfDay: invoice.issueDay }));
    const predictions = predictCustomerPayments(model, invoices, queries);
    const segment = segmentOf.get(customerId) as Segment;
    const sum = sums.get(segment) ?? { invoices: 0, error: 0 };
    test.forEach((f, i) => {
      sum.invoices++;
      sum.error += Math.abs((predictions[i]?.daysLate ?? 0) - ((f.settledDay ?? 0) - f.dueDay));
    });
    sums.set(segment, sum);
  }
  return SEGMENTS.map((segment) => {
    const sum = sums.get(segment) ?? { invoices: 0, error: 0 };
    return { segment, invoices: sum.invoices, mae: sum.invoices ? sum.error / sum.invoices : 0 };
  });
}

export interface SpeedResult {
  readonly trainInvoices: number;
  readonly trainMs: number;
  /** CPU time of the process (user + system) while training: the machine is shared. */
  readonly trainCpuMs: number;
  readonly scoreInvoices: number;
  readonly scoreMs: number;
  readonly scoreCpuMs: number;
}

function cpuMs(since?: NodeJS.CpuUsage): number {
  const u = process.cpuUsage(since);
  return (u.user + u.system) / 1000;
}

/**
 * Training on `trainInvoices` settled invoices (features as of each issue day, both models) and
 * scoring `scoreInvoices` open ones as of a day (features, days late, probability, reasons).
 */
export function runPredictionSpeed(trainInvoices = 1_000_000, scoreInvoices = 100_000): SpeedResult {
  const customers = Math.round(trainInvoices / 150);
  const { facts } = generateHistory(customers, 3, 50, 11);
  const history = facts.slice(0, trainInvoices);
  let started = performance.now();
  let cpu = process.cpuUsage();
  const model = trainPaymentModel(history);
  const trainMs = performance.now() - started;
  const trainCpuMs = cpuMs(cpu);
  const today = START + 3 * 365;
  const byCustomer = groupBy(history, (f) => f.customerId);
  const open = Array.from({ length: scoreInvoices }, (_, i) => {
    const base = history[(i * 7919) % history.length] as InvoiceFact;
    return { ...base, issueDay: today - 10, dueDay: today + 20, settledDay: null };
  });
  started = performance.now();
  cpu = process.cpuUsage();
  let sum = 0;
  for (const [customerId, invoices] of groupBy(open, (f) => f.customerId)) {
    const queries = invoices.map((invoice) => ({ invoice, asOfDay: today }));
    for (const p of predictCustomerPayments(model, byCustomer.get(customerId) ?? [], queries))
      sum += p.daysLate;
  }
  const scoreMs = performance.now() - started;
  const scoreCpuMs = cpuMs(cpu);
  if (!Number.isFinite(sum)) throw new Error('a prediction was not a number');
  return { trainInvoices: history.length, trainMs, trainCpuMs, scoreInvoices, scoreMs, scoreCpuMs };
}

export function printGenerated(result: GeneratedResult): void {
  const s = result.split;
  const best = Math.min(...s.baselines.slice(0, 2).map((b) => b.mae));
  console.log(
    `\npayment-date prediction — generated history: ${result.customers} customers × 3 years, ${result.invoices} invoices, ${SEGMENTS.length} segments; train years 1–2 | test year 3`,
  );
  console.log(`  ${s.train} invoices to train on, ${s.test} to test on`);
  for (const b of s.baselines)
    console.log(`  baseline ${b.name.padEnd(46)} MAE ${b.mae.toFixed(3)} days  AUC ${b.auc.toFixed(4)}`);
  for (const r of s.seeds)
    console.log(
      `  model, seed ${r.seed}${' '.repeat(39)} MAE ${r.mae.toFixed(3)} days (${(((r.mae - best) / best) * 100).toFixed(1)}% vs the better baseline; goal ≤ −30%)  AUC ${r.auc.toFixed(4)}  (${(r.ms / 1000).toFixed(1)} s)`,
    );
  console.log(
    `  seed 1 per segment: ${result.bySegment.map((b) => `${b.segment} ${b.mae.toFixed(2)} (${b.invoices})`).join(', ')}`,
  );
}

export function printSpeed(r: SpeedResult): void {
  console.log(
    `\npayment-date prediction — speed, in memory: training on ${r.trainInvoices} invoices ${(r.trainMs / 1000).toFixed(1)} s (goal < 60 s; CPU ${(r.trainCpuMs / 1000).toFixed(1)} s); scoring ${r.scoreInvoices} open invoices ${(r.scoreMs / 1000).toFixed(2)} s (goal < 5 s; CPU ${(r.scoreCpuMs / 1000).toFixed(2)} s)`,
  );
  console.log(
    `  load average ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(' ')}`,
  );
  console.log(
    `  machine: ${os.cpus()[0]?.model ?? 'unknown CPU'} × ${os.cpus().length}, Node ${process.version}`,
  );
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const speedOnly = process.argv.includes('--speed-only');
  if (!speedOnly) printGenerated(runGeneratedPrediction(!process.argv.includes('--without-collections')));
  if (speedOnly || process.argv.includes('--speed')) {
    // --size N: train on N invoices and score N / 10 (default 1,000,000; --small: 100,000).
    const sizeAt = process.argv.indexOf('--size');
    const n =
      sizeAt > 0 ? Number(process.argv[sizeAt + 1]) : process.argv.includes('--small') ? 100_000 : 1_000_000;
    if (!Number.isInteger(n) || n < 1000)
      throw new Error(`--size needs a whole number of invoices ≥ 1000, not ${process.argv[sizeAt + 1]}`);
    printSpeed(runPredictionSpeed(n, n / 10));
  }
}
