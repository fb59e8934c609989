/**
 * Cash application run: every unprocessed bank line goes through the rules and the engine; what
 * the engine applies is booked through the one booking path (`bookLinesInTx`: a receipt on the
 * bank account's own cash account, its allocations and adjustments) and the rest is kept for
 * review with its suggestions and reasons — BOOKING_BATCH lines per transaction.
 *
 * Runs of a tenant exclude each other (`withRunClaim`: a second one is refused with 409), and
 * each batch locks its lines that are still unprocessed before it books: a line a person applied
 * or ignored during the run keeps that person's verdict and is left out of the run's results.
 * A dry run decides every line and books nothing (and needs no claim).
 */

import { type Tx, withTransaction } from '../../db/client.ts';
import { refreshStatistics } from '../../db/statistics.ts';
import { yieldToEventLoop } from '../../shared/event-loop.ts';
import type { PhaseTimes } from '../../shared/phase-times.ts';
import { UNTIMED } from '../../shared/phase-times.ts';
import { batchObjects, recordAudit } from '../audit/index.ts';
import {
  type BankLineRow,
  type LineVerdict,
  lockUnprocessedLines,
  recordVerdicts,
  unprocessedLines,
} from '../bank/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { type PayoutLineVerdict, settlePayoutLines } from '../payments/index.ts';
import { markAdvicesMatchedInTx } from './advices.service.ts';
import { type Decision, decide, type EngineConfig, type Proposal } from './engine.ts';
import { bookLinesInTx, type LineBooking } from './line-booking.service.ts';
import { bankLineOf, loadRunContext, type RunContext } from './match-context.service.ts';
import { tenantEngineConfig } from './matching-settings.service.ts';
import { enabledRules, postByRuleInTx } from './rules.service.ts';
import { firstMatchingRule, type Rule, referencesByPattern } from './rules.ts';
import { type RenewClaim, withRunClaim } from './run-claim.service.ts';
import { type CashApplicationRun, type LineResult, resultOf, runOf } from './run-results.ts';
import { proposalJson } from './stored-decision.ts';

export type { CashApplicationRun, LineResult } from './run-results.ts';

/** Lines booked per transaction. */
/** Lines booked per transaction: a run commits as it goes (and an interrupted run keeps what it booked). */
export const BOOKING_BATCH = 1_000;

/** What booking applied lines writes to (their statistics are refreshed after a large run). */
const BOOKED_TABLES = [
  'receipts',
  'allocations',
  'invoice_adjustments',
  'invoices',
  'journal_entries',
  'journal_lines',
  'bank_transactions',
];

/** A line decided, waiting to be booked with its batch. */
type Pending =
  | { readonly kind: 'book'; readonly row: BankLineRow; readonly proposal: Proposal }
  | {
      readonly kind: 'post';
      readonly row: BankLineRow;
      readonly rule: Rule;
      readonly accountCode: string;
    }
  | { readonly kind: 'verdict'; readonly row: BankLineRow; readonly verdict: LineVerdict };

/** What booking changed of the run's results: a line left out (null) or its result replaced. */
type Overrides = Map<string, LineResult | null>;

/**
 * Decide every unprocessed line of the tenant and book the decisions (unless `dryRun`), with the
 * tenant's matching settings (`config` replaces them: the benchmark). With
 * `phases`, the time of each phase is added to it: `context` (reading the lines, open items and
 * rules), `decide` (the engine, line by line), `run` (all of it until the last batch is booked:
 * what is neither context nor decide is booking), `statistics`.
 */
export async function runCashApplication(
  deps: CoreDeps,
  tenantId: string,
  opts: { dryRun?: boolean; config?: EngineConfig; phases?: PhaseTimes } = {},
): Promise<CashApplicationRun> {
  const config = opts.config ?? (await tenantEngineConfig(deps.db, tenantId));
  const phases = opts.phases ?? UNTIMED;
  if (opts.dryRun) return decideLines(deps, tenantId, config, null, phases);
  const run = await phases.timeAsync('run', () =>
    withRunClaim(deps, tenantId, (renew) => decideLines(deps, tenantId, config, renew, phases)),
  );
  await phases.timeAsync('statistics', () => refreshStatistics(deps.db, BOOKED_TABLES, run.summary.applied));
  return run;
}

/** Decide the lines in order; with `renew` (a claimed run), book them batch by batch. */
async function decideLines(
  deps: CoreDeps,
  tenantId: string,
  config: EngineConfig,
  renew: RenewClaim | null,
  phases: Pick<PhaseTimes, 'time' | 'timeAsync'>,
): Promise<CashApplicationRun> {
  const { rows, context, rules, paidOut } = await phases.timeAsync('context', async () => {
    const all = await unprocessedLines(deps.db, tenantId);
    // A provider's payout is no customer receipt: it is booked to the clearing account first.
    const payouts = renew
      ? await settlePayoutLines(deps, tenantId, all)
      : new Map<string, PayoutLineVerdict>();
    const paidOut = payoutResults(all, payouts);
    const rows = payouts.size > 0 ? all.filter((r) => !payouts.has(r.transaction_id)) : all;
    const context = await loadRunContext(deps.db, tenantId);
    const rules = await enabledRules(deps.db, tenantId);
    if (context.ctx.advices.size > 0) context.ctx.advices.seeLines(rows.map(bankLineOf));
    return { rows, context, rules, paidOut };
  });
  const decided: { id: string; result: LineResult }[] = paidOut;
  const booker = renew ? new BatchBooker(deps, tenantId, context, renew) : null;
  let overrides: Overrides = new Map();
  try {
    for (let start = 0; start < rows.length; start += YIELD_EVERY) {
      // Timed YIELD_EVERY lines at a time: reading the process's CPU time for each line cost seconds.
      const chunk = phases.time('decide', () =>
        rows.slice(start, start + YIELD_EVERY).map((row) => decideLine(row, context, rules, config)),
      );
      for (const [i, { result, pending }] of chunk.entries()) {
        decided.push({ id: pending.row.transaction_id, result });
        await booker?.add(pending, start + i);
      }
    }
    if (booker) overrides = await booker.finish();
  } finally {
    await booker?.settled();
  }
  return runOf(
    decided.flatMap(({ id, result }) => {
      const replaced = overrides.get(id);
      return replaced === undefined ? [result] : replaced === null ? [] : [replaced];
    }),
  );
}

/** The run's results of the lines booked as payouts (or marked payout exceptions). */
function payoutResults(
  rows: readonly BankLineRow[],
  payouts: ReadonlyMap<string, PayoutLineVerdict>,
): { id: string; result: LineResult }[] {
  if (payouts.size === 0) return [];
  return rows.flatMap((row) => {
    const id = row.transaction_id;
    const v = payouts.get(id);
    if (!v) return [];
    const decision: Decision =
      v.status === 'ignored'
        ? { status: 'ignored', reasons: [v.reason] }
        : { status: 'unmatched', customerId: null, reasons: [v.reason] };
    return [{ id, result: resultOf(row, decision, new Map()) }];
  });
}

/** Lines decided between two looks at the batch being booked (its next statement is sent). */
const YIELD_EVERY = 25;

/**
 * Books full batches in order, one at a time, while the run decides the next lines: the database
 * (PostgreSQL in its own processes) books a batch while the engine decides. The engine never waits
 * for a booking (it settles the open amounts of its own context), so it decides the same.
 */
class BatchBooker {
  private readonly overrides: Overrides = new Map();
  private batch: Pending[] = [];
  private booking: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: CoreDeps,
    private readonly tenantId: string,
    private readonly context: RunContext,
    private readonly renew: RenewClaim,
  ) {}

  /** Add a decided line; a full batch is booked once the one before it is (whose failure is thrown here). */
  async add(pending: Pending, n: number): Promise<void> {
    this.batch.push(pending);
    if (this.batch.length < BOOKING_BATCH) {
      if (n % YIELD_EVERY === 0) await yieldToEventLoop();
      return;
    }
    await this.booking;
    const full = this.batch;
    this.batch = [];
    this.booking = flush(this.deps, this.tenantId, full, this.context).then(async (o) => {
      mergeInto(this.overrides, o);
      await this.renew();
    });
    // Its failure is thrown by the next `add` or `finish`, not reported as unhandled meanwhile.
    this.booking.catch(() => undefined);
  }

  /** Book the rest; what booking changed of the results. */
  async finish(): Promise<Overrides> {
    await this.booking;
    mergeInto(this.overrides, await flush(this.deps, this.tenantId, this.batch, this.context));
    return this.overrides;
  }

  /** Wait for the batch being booked, whatever its outcome (the run never ends with a booking under way). */
  async settled(): Promise<void> {
    await this.booking.catch(() => undefined);
  }
}

/** A rule that ignores or posts the line settles it; otherwise the engine decides, with the rule's hint. */
function decideLine(row: BankLineRow, context: RunContext, rules: readonly Rule[], config: EngineConfig) {
  const line = bankLineOf(row);
  const rule = firstMatchingRule(rules, line);
  if (rule?.action.type === 'ignore' || rule?.action.type === 'post') return ruleDecision(row, rule);
  const hints =
    rule?.action.type === 'customer'
      ? { customerId: rule.action.customer, reason: `rule "${rule.name}" names the customer` }
      : rule?.action.type === 'reference'
        ? {
            references: referencesByPattern(rule.action.pattern, line).flatMap(context.invoicesNamed),
            reason: `rule "${rule.name}"`,
          }
        : {};
  const decision = decide(line, context.ctx, config, hints);
  if (decision.status === 'applied') {
    for (const a of decision.proposal.allocations) context.ctx.settle(a.invoiceId, a.amountMinor);
    for (const a of decision.proposal.adjustments) context.ctx.settle(a.invoiceId, a.amountMinor);
    if (decision.proposal.adviceId) context.ctx.advices.remove(decision.proposal.adviceId);
  }
  return { result: resultOf(row, decision, context.externalIds), pending: pendingOf(row, decision) };
}

/** An `ignore` or `post` rule settles the line without the engine (reported as ignored, with the rule). */
function ruleDecision(row: BankLineRow, rule: Rule): { result: LineResult; pending: Pending } {
  const reason =
    rule.action.type === 'post'
      ? `rule "${rule.name}": posted to account ${rule.action.accountCode}`
      : `rule "${rule.name}": not a customer receipt`;
  const result = resultOf(row, { status: 'ignored', reasons: [reason] }, new Map());
  if (rule.action.type === 'post')
    return { result, pending: { kind: 'post', row, rule, accountCode: rule.action.accountCode } };
  const decision = { rule: rule.ruleId, entryId: null, reasons: [reason] };
  return {
    result,
    pending: { kind: 'verdict', row, verdict: verdictOf(row, 'ignored', null, null, decision) },
  };
}

function pendingOf(row: BankLineRow, decision: Decision): Pending {
  switch (decision.status) {
    case 'applied':
      return { kind: 'book', row, proposal: decision.proposal };
    case 'suggested': {
      const best = decision.suggestions[0];
      const stored = { suggestions: decision.suggestions.map(proposalJson), reasons: decision.reasons };
      const verdict = verdictOf(row, 'suggested', best?.customerId ?? null, best?.confidence ?? null, stored);
      return { kind: 'verdict', row, verdict };
    }
    case 'unmatched':
      return {
        kind: 'verdict',
        row,
        verdict: verdictOf(row, 'unmatched', decision.customerId, null, { reasons: decision.reasons }),
      };
    case 'ignored':
      return {
        kind: 'verdict',
        row,
        verdict: verdictOf(row, 'ignored', null, null, { reasons: decision.reasons }),
      };
  }
}

function verdictOf(
  row: BankLineRow,
  status: LineVerdict['status'],
  customerId: string | null,
  confidence: number | null,
  decision: unknown,
): LineVerdict {
  return {
    transactionId: row.transaction_id,
    expected: 'new',
    status,
    customerId,
    confidence,
    decision,
    receiptId: null,
  };
}

/**
 * Book a batch in one transaction. Should it be refused (an invoice changed under us), each line
 * is booked alone, and one that still cannot be goes to review with why.
 */
async function flush(
  deps: CoreDeps,
  tenantId: string,
  batch: readonly Pending[],
  context: RunContext,
): Promise<Overrides> {
  if (batch.length === 0) return new Map();
  try {
    return await withTransaction(deps.db, (tx) => bookBatchInTx(tx, deps, tenantId, batch));
  } catch {
    const overrides: Overrides = new Map();
    for (const p of batch) mergeInto(overrides, await bookAlone(deps, tenantId, p, context));
    return overrides;
  }
}

/** Lock the batch's lines still unprocessed and book them; the others (decided meanwhile) are left out. */
async function bookBatchInTx(tx: Tx, deps: TxDeps, tenantId: string, batch: readonly Pending[]) {
  const open = await lockUnprocessedLines(
    tx,
    tenantId,
    batch.map((p) => p.row.transaction_id),
  );
  const mine = batch.filter((p) => open.has(p.row.transaction_id));
  await bookLinesInTx(tx, deps, tenantId, mine.flatMap(autoBooking));
  const verdicts: LineVerdict[] = [];
  for (const p of mine)
    if (p.kind === 'verdict') verdicts.push(p.verdict);
    else if (p.kind === 'post') verdicts.push(await postedVerdict(tx, deps, tenantId, p));
  await recordVerdicts(tx, tenantId, verdicts);
  await markAdvicesMatchedInTx(tx, deps, tenantId, verdicts);
  if (mine.length > 0) await auditBatch(tx, tenantId, mine);
  const overrides: Overrides = new Map();
  for (const p of batch) if (!open.has(p.row.transaction_id)) overrides.set(p.row.transaction_id, null);
  return overrides;
}

/** What the engine applied, to book as a line still `new` without a receipt. */
function autoBooking(p: Pending): LineBooking[] {
  if (p.kind !== 'book') return [];
  return [{ line: { ...p.row, status: 'new', receipt_id: null }, proposal: p.proposal, how: 'auto' }];
}

async function postedVerdict(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  p: Extract<Pending, { kind: 'post' }>,
): Promise<LineVerdict> {
  const entryId = await postByRuleInTx(tx, deps, tenantId, p.row, p.rule, p.accountCode);
  const reason = `rule "${p.rule.name}": posted to account ${p.accountCode}`;
  return verdictOf(p.row, 'ignored', null, null, { rule: p.rule.ruleId, entryId, reasons: [reason] });
}

/** One line in a transaction of its own; one that cannot be booked goes to review with why. */
async function bookAlone(
  deps: CoreDeps,
  tenantId: string,
  p: Pending,
  context: RunContext,
): Promise<Overrides> {
  try {
    return await withTransaction(deps.db, (tx) => bookBatchInTx(tx, deps, tenantId, [p]));
  } catch (error) {
    if (p.kind === 'verdict') throw error;
    const why = error instanceof Error ? error.message : String(error);
    const { verdict, decision } = notBooked(p, why);
    const written = await withTransaction(deps.db, (tx) => recordVerdicts(tx, tenantId, [verdict]));
    const result = written.size > 0 ? resultOf(p.row, decision, context.externalIds) : null;
    return new Map([[p.row.transaction_id, result]]);
  }
}

/**
 * One audit record per booked batch (not per line: a run of 40,000 lines writes 40): the bank
 * lines it decided, how many were applied to invoices, posted by a rule, or given a verdict.
 */
function auditBatch(tx: Tx, tenantId: string, batch: readonly Pending[]): Promise<void> {
  const count = (kind: Pending['kind']) => batch.filter((p) => p.kind === kind).length;
  return recordAudit(tx, tenantId, {
    kind: 'cash_application.batch_booked',
    objectType: 'bank_line',
    details: {
      ...batchObjects(batch.map((p) => p.row.transaction_id)),
      applied: count('book'),
      postedByRule: count('post'),
      verdicts: count('verdict'),
    },
  });
}

/** The verdict of a line that could not be booked: a suggestion of what was proposed, or unmatched. */
function notBooked(p: Exclude<Pending, { kind: 'verdict' }>, why: string) {
  if (p.kind === 'book') {
    const reasons = [`could not be applied: ${why}`];
    const stored = { suggestions: [proposalJson(p.proposal)], reasons };
    const verdict = verdictOf(p.row, 'suggested', p.proposal.customerId, p.proposal.confidence, stored);
    return { verdict, decision: { status: 'suggested', suggestions: [p.proposal], reasons } as const };
  }
  const reasons = [`rule "${p.rule.name}" could not post to account ${p.accountCode}: ${why}`];
  const verdict = verdictOf(p.row, 'unmatched', null, null, { rule: p.rule.ruleId, entryId: null, reasons });
  return { verdict, decision: { status: 'unmatched', customerId: null, reasons } as const };
}

function mergeInto(target: Overrides, source: Overrides): void {
  for (const [id, result] of source) target.set(id, result);
}
