/**
 * Accuracy of the matching engine on the labelled benchmark: the generated receipts are written
 * as camt.053 and MT940 files, parsed back with `parseStatementFile` (so the parsers are part of
 * the measurement), decided by the pure engine against a MatchContext built from the generated
 * customers and open invoices, and compared with the truth — per case and overall — beside the
 * plain baseline of an ERP (the invoice number verbatim in the text and the amount equal).
 *
 * Run: `npx tsx bench/cash-application/evaluate.ts [--seed N] [--receipts N] [--customers N] [--json]`;
 * the large look-alike case of issue 9 with `--large [--customers N] [--invoices N] [--lines N]`.
 */
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import { parseStatementFile } from '../../src/modules/bank/parse-statement.ts';
import type { ParsedEntry } from '../../src/modules/bank/statement.ts';
import type { RemittanceAdvice } from '../../src/modules/cash-application/advices.ts';
import {
  type BankLine,
  DEFAULT_ENGINE_CONFIG,
  type Decision,
  decide,
  MatchContext,
  type Proposal,
} from '../../src/modules/cash-application/engine.ts';
import {
  camt053,
  type Dataset,
  type GenerateOptions,
  generate,
  mt940,
  OWN_IBAN,
  type Truth,
} from './generate.ts';

export const OWN_TRANSFER_IBAN = 'DE02120300000000202051';

export interface CaseStats {
  receipts: number;
  withMatch: number;
  applied: number;
  appliedCorrect: number;
  /** Applied correctly, or the right answer among the top 3 suggestions (no match: not applied). */
  correctInTop3: number;
  baselineApplied: number;
  baselineCorrect: number;
}

export interface Evaluation {
  format: string;
  lines: number;
  byCase: Record<string, CaseStats>;
  overall: CaseStats;
  precision: number;
  appliedCorrectShare: number;
  top3Share: number;
  baselinePrecision: number;
  baselineAppliedCorrectShare: number;
  errors: { bankReference: string; kind: Truth['kind']; truth: string; got: string }[];
  /** Wrong automatic applications by who got the cash instead of the right customer. */
  wrongApplied: Record<string, number>;
}

function emptyStats(): CaseStats {
  return {
    receipts: 0,
    withMatch: 0,
    applied: 0,
    appliedCorrect: 0,
    correctInTop3: 0,
    baselineApplied: 0,
    baselineCorrect: 0,
  };
}

export function contextOf(data: Dataset): MatchContext {
  const idOf = new Map(data.customers.map((c) => [c.externalId, c.id]));
  const ctx = new MatchContext(
    data.customers.map((c) => ({
      customerId: c.id,
      externalId: c.externalId,
      names: [c.name, ...(c.legalName ? [c.legalName] : [])],
      parentId: c.parentExternalId ? (idOf.get(c.parentExternalId) ?? null) : null,
    })),
    data.invoices.map((i) => ({
      invoiceId: i.id,
      number: i.number,
      customerId: idOf.get(i.customerExternalId) ?? '',
      currency: 'EUR',
      openMinor: i.openMinor,
      totalMinor: i.totalMinor,
      dueDate: i.dueDate,
      discountDate: i.discountDate,
      discountPct: i.discountPct,
      paymentReference: i.paymentReference,
      poNumber: i.poNumber,
    })),
    data.customers.flatMap((c) => c.knownIbans.map((iban) => ({ iban, customerId: c.id }))),
    [OWN_IBAN, OWN_TRANSFER_IBAN],
    data.paidInvoices.map((i) => ({ number: i.number, totalMinor: i.totalMinor })),
  );
  for (const a of data.advices) ctx.advices.add(adviceOf(a));
  return ctx;
}

/** A generated advice as the engine knows a stored one. */
function adviceOf(a: Dataset['advices'][number]): RemittanceAdvice {
  return {
    adviceId: `advice-${a.bankReference}`,
    payerName: a.payerName,
    payerIban: a.payerIban,
    paymentReference: a.paymentReference,
    date: a.date,
    currency: 'EUR',
    totalMinor: a.lines.reduce((s, l) => s + l.amountMinor, 0n),
    lines: a.lines.map((l, i) => ({ ...l, sourceLine: i + 2 })),
    sourceLine: 1,
  };
}

export function bankLineOf(e: ParsedEntry): BankLine {
  return {
    id: e.bankReference ?? String(e.line),
    amountMinor: e.amountMinor,
    currency: e.currency,
    bookingDate: e.bookingDate,
    counterpartyName: e.counterparty.name,
    counterpartyIban: e.counterparty.iban,
    ultimateParty: e.ultimateParty,
    remittance: e.remittance.join('\n'),
    structuredReferences: [...e.structuredReferences],
    endToEndId: e.endToEndId,
    transactionCode: e.transactionCode,
    reversal: e.reversal,
  };
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const s = new Set(a);
  return b.every((x) => s.has(x));
}

/** Does a proposal apply the receipt as the truth says (customer and invoice set)? */
function proposalRight(p: Proposal, truth: Truth, externalOf: Map<string, string>): boolean {
  if (truth.invoices.length === 0) return false;
  return (
    (truth.customers ?? [truth.customer]).includes(externalOf.get(p.customerId) ?? '') &&
    sameSet(
      p.allocations.map((a) => a.number),
      truth.invoices,
    )
  );
}

function describe(d: Decision, externalOf: Map<string, string>): string {
  const show = (p: Proposal) =>
    `${externalOf.get(p.customerId)} [${p.allocations.map((a) => a.number).join(',')}] ${p.confidence}`;
  if (d.status === 'applied') return `applied ${show(d.proposal)}`;
  if (d.status === 'suggested') return `suggested ${d.suggestions.map(show).join(' | ')}`;
  return `${d.status}: ${d.reasons.join('; ')}`;
}

/** Who got a wrongly applied receipt: the right customer (other invoices), a look-alike, … */
function wrongKind(
  truth: Truth,
  applied: string | undefined,
  byExternal: Map<string, Dataset['customers'][number]>,
): string {
  if (truth.customer === null) return 'applied, but not a customer receipt';
  if ((truth.customers ?? [truth.customer]).includes(applied ?? '')) return 'right customer, wrong invoices';
  const right = byExternal.get(truth.customer);
  const got = byExternal.get(applied ?? '');
  if (right?.tradingName && right.tradingName === got?.tradingName)
    return right.parentExternalId && right.parentExternalId === (got?.parentExternalId ?? got?.externalId)
      ? 'other customer: same group'
      : 'other customer: look-alike (same trading name)';
  if (
    right &&
    got &&
    (right.parentExternalId ?? right.externalId) === (got.parentExternalId ?? got.externalId)
  )
    return 'other customer: same group';
  return 'other customer: unrelated name';
}

/** The ERP baseline: an open invoice's number verbatim in the text and its open amount paid. */
function baseline(line: BankLine, byNumber: Map<string, Dataset['invoices'][number]>) {
  const text = [line.remittance, ...line.structuredReferences].join(' ');
  for (const m of text.matchAll(/[A-Z]+-\d+/g)) {
    const inv = byNumber.get(m[0]);
    if (inv && inv.openMinor === line.amountMinor) return inv;
  }
  return null;
}

/** Every decision as one line of JSON (`--dump FILE`): to check that a change decides the same. */
export type DecisionSink = (format: string, bankReference: string, decision: Decision) => void;

export function evaluate(
  data: Dataset,
  format: 'camt.053' | 'mt940',
  keepErrors = 50,
  sink?: DecisionSink,
): Evaluation {
  const text = format === 'camt.053' ? camt053(data.receipts) : mt940(data.receipts);
  const parsed = parseStatementFile(text, { format });
  const entries = parsed.statements.flatMap((s) => s.entries);
  const truthOf = new Map(data.receipts.map((r) => [r.bankReference, r.truth]));
  const externalOf = new Map(data.customers.map((c) => [c.id, c.externalId]));
  const byNumber = new Map(data.invoices.map((i) => [i.number, i]));
  const ctx = contextOf(data);
  ctx.advices.seeLines(entries.map(bankLineOf));
  const byCase: Record<string, CaseStats> = {};
  const overall = emptyStats();
  const errors: Evaluation['errors'] = [];
  const wrongApplied: Record<string, number> = {};
  const byExternal = new Map(data.customers.map((c) => [c.externalId, c]));
  for (const entry of entries) {
    const truth = truthOf.get(entry.bankReference ?? '');
    if (!truth) throw new Error(`no truth for ${entry.bankReference}`);
    const line = bankLineOf(entry);
    const decision = decide(line, ctx, DEFAULT_ENGINE_CONFIG);
    sink?.(format, line.id, decision);
    const stats = byCase[truth.kind] ?? emptyStats();
    byCase[truth.kind] = stats;
    const hasMatch = truth.invoices.length > 0;
    const applied = decision.status === 'applied';
    const appliedRight = applied && proposalRight(decision.proposal, truth, externalOf);
    const top3 = hasMatch
      ? appliedRight ||
        (decision.status === 'suggested' &&
          decision.suggestions.slice(0, 3).some((p) => proposalRight(p, truth, externalOf)))
      : !applied;
    const base = baseline(line, byNumber);
    const baseRight = base !== null && truth.invoices.length === 1 && truth.invoices[0] === base.number;
    if (applied && !appliedRight) {
      const kind = wrongKind(truth, externalOf.get(decision.proposal.customerId), byExternal);
      wrongApplied[kind] = (wrongApplied[kind] ?? 0) + 1;
    }
    for (const s of [stats, overall]) {
      s.receipts += 1;
      if (hasMatch) s.withMatch += 1;
      if (applied) s.applied += 1;
      if (appliedRight) s.appliedCorrect += 1;
      if (top3) s.correctInTop3 += 1;
      if (base) s.baselineApplied += 1;
      if (baseRight) s.baselineCorrect += 1;
    }
    if ((!top3 || (applied && !appliedRight) || (hasMatch && !appliedRight)) && errors.length < keepErrors)
      errors.push({
        bankReference: entry.bankReference ?? '',
        kind: truth.kind,
        truth: `${truth.customer} [${truth.invoices.join(',')}] «${line.remittance.replace(/\n/g, ' | ')}» ${line.counterpartyName}/${line.ultimateParty ?? ''} ${line.amountMinor}`,
        got: describe(decision, externalOf),
      });
  }
  const withMatchTotal = overall.withMatch || 1;
  return {
    format,
    lines: entries.length,
    byCase,
    overall,
    precision: overall.applied ? overall.appliedCorrect / overall.applied : 1,
    appliedCorrectShare: overall.appliedCorrect / withMatchTotal,
    top3Share:
      Object.values(byCase).reduce((s, c) => s + (c.withMatch > 0 ? c.correctInTop3 : 0), 0) / withMatchTotal,
    baselinePrecision: overall.baselineApplied ? overall.baselineCorrect / overall.baselineApplied : 1,
    baselineAppliedCorrectShare: overall.baselineCorrect / withMatchTotal,
    errors,
    wrongApplied,
  };
}

export function machine() {
  const cpus = os.cpus();
  return `${cpus[0]?.model ?? 'unknown'} × ${cpus.length}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ${os.type()} ${os.release()} ${os.arch()}, Node ${process.version}`;
}

const pct = (n: number, d: number) => (d === 0 ? '   —  ' : `${((n / d) * 100).toFixed(1).padStart(5)}%`);

export function formatEvaluation(e: Evaluation): string {
  const rows = [
    `${e.format}: ${e.lines} receipts`,
    `${'case'.padEnd(28)} ${'n'.padStart(5)} ${'applied'.padStart(8)} ${'correct'.padStart(8)} ${'precision'.padStart(9)} ${'auto ok'.padStart(8)} ${'top-3 ok'.padStart(8)} ${'baseline ok'.padStart(11)}`,
  ];
  const row = (name: string, s: CaseStats) =>
    `${name.padEnd(28)} ${String(s.receipts).padStart(5)} ${String(s.applied).padStart(8)} ${String(s.appliedCorrect).padStart(8)} ${pct(s.appliedCorrect, s.applied).padStart(9)} ${pct(s.appliedCorrect, s.withMatch).padStart(8)} ${pct(s.correctInTop3, s.receipts).padStart(8)} ${pct(s.baselineCorrect, s.withMatch).padStart(11)}`;
  for (const [name, s] of Object.entries(e.byCase).sort()) rows.push(row(name, s));
  rows.push(row('ALL', e.overall));
  rows.push(
    `auto-apply precision ${(e.precision * 100).toFixed(2)}% (target ≥ 99.5%) · applied correctly without a human ${(e.appliedCorrectShare * 100).toFixed(2)}% of receipts with a true match (target ≥ 90%) · right among applied or top-3 ${(e.top3Share * 100).toFixed(2)}% (target ≥ 98%)`,
    `wrong automatic applications: ${
      Object.entries(e.wrongApplied)
        .sort(([, a], [, b]) => b - a)
        .map(([k, n]) => `${k} ${n}`)
        .join(' · ') || 'none'
    }`,
    `baseline (number verbatim + equal amount): precision ${(e.baselinePrecision * 100).toFixed(2)}%, applied correctly ${(e.baselineAppliedCorrectShare * 100).toFixed(2)}% of receipts with a true match`,
  );
  return rows.join('\n');
}

export function runAccuracy(opts: GenerateOptions = {}, sink?: DecisionSink) {
  const data = generate(opts);
  return [evaluate(data, 'camt.053', 50, sink), evaluate(data, 'mt940', 50, sink)];
}

/** Sizes of the large look-alike case of issue 9 (`--large`). */
export const LARGE_SIZES = { customers: 20_000, invoices: 500_000, lines: 50_000 } as const;

export interface LargeRun {
  seed: number;
  customers: number;
  invoices: number;
  lines: number;
  generateSeconds: number;
  evaluateSeconds: number;
  /** CPU time of this process while evaluating (user + system): less sensitive to a busy machine. */
  evaluateCpuSeconds: number;
  /** Peak resident set size of the process, MiB (process.resourceUsage().maxRSS). */
  peakRssMib: number;
  evaluations: Evaluation[];
}

/** The large case: look-alike customers, both formats, timed, with the process's peak memory. */
export function runLargeAccuracy(
  opts: { seed?: number; customers?: number; invoices?: number; lines?: number } = {},
  sink?: DecisionSink,
): LargeRun {
  const seed = opts.seed ?? 2026;
  const sizes = { ...LARGE_SIZES, ...opts };
  let t = performance.now();
  const data = generate({
    seed,
    lookalike: true,
    customers: sizes.customers,
    invoices: sizes.invoices,
    receipts: sizes.lines,
  });
  const generateSeconds = (performance.now() - t) / 1000;
  t = performance.now();
  const cpu = process.cpuUsage();
  const evaluations = [evaluate(data, 'camt.053', 50, sink), evaluate(data, 'mt940', 50, sink)];
  return {
    seed,
    customers: data.customers.length,
    invoices: data.invoices.length,
    lines: data.receipts.length,
    generateSeconds,
    evaluateSeconds: (performance.now() - t) / 1000,
    evaluateCpuSeconds: cpuSeconds(process.cpuUsage(cpu)),
    peakRssMib: Math.round(process.resourceUsage().maxRSS / 1024),
    evaluations,
  };
}

function cpuSeconds(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

export function formatLargeRun(r: LargeRun): string {
  return [
    `large look-alike case (seed ${r.seed}): ${r.customers} customers, ${r.invoices} open invoices, ${r.lines} lines per format`,
    `generated in ${r.generateSeconds.toFixed(1)} s, both formats evaluated in ${r.evaluateSeconds.toFixed(1)} s (${r.evaluateCpuSeconds.toFixed(1)} s CPU), peak RSS ${r.peakRssMib} MiB`,
    ...r.evaluations.map((e) => `\n${formatEvaluation(e)}`),
  ].join('\n');
}

function printErrors(e: Evaluation) {
  for (const err of e.errors)
    console.log(`  ${err.bankReference} ${err.kind}: ${err.truth}\n      → ${err.got}`);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { values } = parseArgs({
    options: {
      seed: { type: 'string', default: '2026' },
      receipts: { type: 'string' },
      customers: { type: 'string' },
      large: { type: 'boolean', default: false },
      invoices: { type: 'string' },
      lines: { type: 'string' },
      json: { type: 'boolean', default: false },
      errors: { type: 'boolean', default: false },
      dump: { type: 'string' },
    },
  });
  const dumped: string[] = [];
  const sink: DecisionSink | undefined = values.dump
    ? (format, ref, d) =>
        dumped.push(JSON.stringify({ format, ref, d }, (_, v) => (typeof v === 'bigint' ? String(v) : v)))
    : undefined;
  const num = (v: string | undefined) => (v === undefined ? undefined : Number(v));
  if (values.large) {
    const run = runLargeAccuracy(
      {
        seed: Number(values.seed),
        customers: num(values.customers) ?? LARGE_SIZES.customers,
        invoices: num(values.invoices) ?? LARGE_SIZES.invoices,
        lines: num(values.lines ?? values.receipts) ?? LARGE_SIZES.lines,
      },
      sink,
    );
    if (values.json) console.log(JSON.stringify(run, (_, v) => (typeof v === 'bigint' ? String(v) : v), 2));
    else {
      console.log(`machine: ${machine()}\n${formatLargeRun(run)}`);
      if (values.errors) for (const e of run.evaluations) printErrors(e);
    }
  } else {
    const results = runAccuracy(
      {
        seed: Number(values.seed),
        receipts: num(values.receipts) ?? 2000,
        customers: num(values.customers) ?? 600,
      },
      sink,
    );
    if (values.json)
      console.log(JSON.stringify(results, (_, v) => (typeof v === 'bigint' ? String(v) : v), 2));
    else {
      console.log(`machine: ${machine()}`);
      for (const r of results) {
        console.log(`\n${formatEvaluation(r)}`);
        if (values.errors) printErrors(r);
      }
    }
  }
  if (values.dump) writeFileSync(values.dump, `${dumped.join('\n')}\n`);
}
