/**
 * The dunning run: load open invoices, their dunning history and the exclusions in a few set-based
 * queries, plan (pure), price fees and interest, and — unless it is a dry run — record the run,
 * its letters, the per-invoice notices and the fee/interest open items with their journal entries
 * in one transaction, handing the letters to `onLetters` inside it. Runs of one tenant are
 * serialised, and a second run on the same day finds every letter of that day already recorded.
 */

import type { Queryable, Tx } from '../../db/client.ts';
import { withTransaction } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/constraint-violation.ts';
import { assertAsOfNotFuture, type CalendarDate, todayUtc } from '../../shared/calendar-date.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { batchObjects, recordAudit } from '../audit/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { issueChargeDocuments } from '../invoices/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import { type RunInput, runInput } from './dunning.input.ts';
import type { CustomerDunningState } from './dunning.types.ts';
import type { InterestStatement } from './final-interest.ts';
import { type ChargedLetter, chargeLetters, invoicesNeedingInterest } from './letter-charges.ts';
import { letterKey, planLetters, type SkipReason } from './letter-plan.ts';
import * as policies from './policies.repository.ts';
import { resolvePolicy } from './policy-assignment.ts';
import * as repo from './run.repository.ts';
import { prepareStatements, type RecordedStatement, recordStatements } from './run-interest-statements.ts';
import {
  customersWithoutPolicy,
  importedAfterNotice,
  noEmailNotice,
  noPolicyNotice,
  type RunNotice,
} from './run-notices.ts';
import {
  chargeDocumentOf,
  type DunningLetter,
  type LetterCustomer,
  letterRow,
  letterView,
  noticeRow,
} from './run-records.ts';

/** What the caller plugs in: the collections exclusions, and what to do with recorded letters. */
export interface DunningSeams {
  /** Invoices under an open dispute, and under an open promise to pay, on `asOf`. */
  exclusions(
    q: Queryable,
    tenantId: string,
    asOf: CalendarDate,
  ): Promise<{ disputedInvoiceIds: Set<string>; promisedInvoiceIds: Set<string> }>;
  /**
   * Called inside the run's transaction with the letters just recorded (e.g. to queue email); may
   * answer which email letters it sent to the print queue instead (their customer has no address).
   */
  onLetters(
    tx: Tx,
    tenantId: string,
    letters: readonly DunningLetter[],
  ): Promise<OnLettersOutcome | undefined>;
}

/** What `onLetters` did besides queueing: email letters moved to the print queue (channel `letter`). */
export interface OnLettersOutcome {
  readonly sentToPrint: readonly string[];
}

/** No exclusions, nothing done with the letters: for a set-up without collections or an outbox. */
export const noDunningSeams: DunningSeams = {
  exclusions: async () => ({ disputedInvoiceIds: new Set(), promisedInvoiceIds: new Set() }),
  onLetters: async () => undefined,
};

export interface DunningRunResult {
  /** Null in a dry run, and when there was nothing to record. */
  readonly runId: string | null;
  readonly asOf: CalendarDate;
  readonly dryRun: boolean;
  readonly letters: readonly DunningLetter[];
  readonly skipped: readonly {
    customerId: string;
    customerExternalId: string;
    currency: string;
    reason: SkipReason;
    invoiceIds: readonly string[];
  }[];
  readonly summary: { letters: number; invoices: number; skippedInvoices: number };
  /** Final interest statements: interest from the last charge to a late payment, as open items. */
  readonly interestStatements: readonly RecordedStatement[];
  /** External ids of the customers the result names (letters, skips, statements). */
  readonly customerExternalIds: ReadonlyMap<string, string>;
  /** Why the run planned less than expected (no policy, items imported after `asOf`, letters sent to print). */
  readonly notices: readonly RunNotice[];
}

/** Plan and (unless `dryRun`) record the dunning letters due on `asOf` (default: today). */
export async function runDunning(
  deps: CoreDeps,
  tenantId: string,
  raw: RunInput,
  seams: DunningSeams = noDunningSeams,
): Promise<DunningRunResult> {
  const input = runInput.parse(raw);
  const asOf = input.asOf ?? todayUtc(deps.clock.now());
  if (input.dryRun) return resultOf(await prepare(deps, deps.db, tenantId, asOf, seams), asOf, null, true);
  assertAsOfNotFuture(asOf, deps.clock.now());
  try {
    return await withTransaction(deps.db, async (tx) => {
      await repo.lockTenantRuns(tx, tenantId);
      const prepared = await prepare(deps, tx, tenantId, asOf, seams);
      // Nothing to send or charge: nothing is recorded (a second run on the same day ends here).
      if (prepared.letters.length === 0 && prepared.statements.length === 0)
        return resultOf(prepared, asOf, null, false);
      return record(deps, tx, tenantId, asOf, prepared, seams);
    });
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError(
        'conflict',
        `another dunning run recorded letters for ${asOf} at the same time; run again`,
      );
    throw error;
  }
}

interface Prepared {
  letters: ChargedLetter[];
  skipped: ReturnType<typeof planLetters>['skipped'];
  customers: Map<string, LetterCustomer>;
  notices: RunNotice[];
  statements: InterestStatement[];
}

/** Load everything the plan needs (a few set-based queries), plan, and price the letters. */
async function prepare(
  deps: CoreDeps,
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  seams: DunningSeams,
): Promise<Prepared> {
  const invoices = await repo.openInvoiceStates(q, tenantId, asOf);
  const customerRows = await repo.runCustomers(q, tenantId, [...new Set(invoices.map((i) => i.customerId))]);
  const policyMap = await policies.loadPolicies(q, tenantId);
  const categories = await policies.categoryPolicyRows(q, tenantId);
  const assignments = {
    byCategoryId: new Map(categories.map((c) => [c.categoryId, c.policyId])),
    defaultPolicyId: [...policyMap.values()].find((p) => p.isDefault)?.policyId ?? null,
  };
  const lettered = await repo.lettersOnDay(q, tenantId, asOf);
  const exclusions = await seams.exclusions(q, tenantId, asOf);
  const states = new Map(customerRows.map((c) => [c.customer_id, customerState(c, assignments)]));
  const notices = [
    ...noPolicyNotice(customersWithoutPolicy(invoices, states, asOf), policyMap.size),
    ...importedAfterNotice(
      await repo.importedAfter(q, tenantId, asOf),
      asOf,
      'are dunned as open since their issue date (what happened to them before the import is unknown)',
    ),
  ];
  const plan = planLetters({
    asOf,
    invoices,
    customers: states,
    policies: policyMap,
    disputedInvoiceIds: exclusions.disputedInvoiceIds,
    promisedInvoiceIds: exclusions.promisedInvoiceIds,
    letteredToday: new Set(lettered.map((l) => letterKey(l.customer_id, l.currency))),
  });
  const needing = invoicesNeedingInterest(plan.letters, asOf);
  const ar = needing.length > 0 ? await deps.ledger.codeFor(q, tenantId, 'ar_control') : '';
  const history = needing.length > 0 ? await repo.balanceHistory(q, tenantId, ar, needing, asOf) : new Map();
  const paidCustomers: repo.RunCustomerRow[] = [];
  const statements = await prepareStatements(deps, q, tenantId, asOf, policyMap, async (ids) => {
    paidCustomers.push(...(await repo.runCustomers(q, tenantId, ids)));
    return new Map(paidCustomers.map((c) => [c.customer_id, customerState(c, assignments).policyId]));
  });
  const customers = new Map(
    [...customerRows, ...paidCustomers].map((c) => [
      c.customer_id,
      { externalId: c.external_id, name: c.name, language: c.language },
    ]),
  );
  const letters = chargeLetters(plan.letters, asOf, history);
  return { letters, skipped: plan.skipped, customers, notices, statements };
}

function customerState(
  row: repo.RunCustomerRow,
  assignments: Parameters<typeof resolvePolicy>[1],
): CustomerDunningState {
  const resolved = resolvePolicy(
    { policyId: row.policy_id, categoryId: row.category_id, subcategoryId: row.subcategory_id },
    assignments,
  );
  return {
    customerId: row.customer_id,
    policyId: resolved?.policyId ?? null,
    hold: row.hold_reason ? { reason: row.hold_reason, until: row.hold_until } : null,
  };
}

/** Write the run in `tx`: run, charge documents, letters, notices, states, hand-overs; then `onLetters`. */
async function record(
  deps: CoreDeps,
  tx: Tx,
  tenantId: string,
  asOf: CalendarDate,
  prepared: Prepared,
  seams: DunningSeams,
): Promise<DunningRunResult> {
  const runId = newId();
  const counts = summaryOf(prepared);
  await repo.insertRun(tx, tenantId, {
    runId,
    asOf,
    letterCount: counts.letters,
    noticeCount: counts.invoices,
    skippedCount: counts.skippedInvoices,
  });
  const recorded = await issueCharges(deps, tx, tenantId, asOf, prepared.letters);
  // Each letter prints the letterhead in force at the run (as an invoice prints the one at issue).
  const { letterheadVersion } = await getTenantOrThrow(tx, tenantId);
  await repo.insertLetters(
    tx,
    tenantId,
    recorded.map((r) =>
      letterRow(
        r.letter,
        asOf,
        { letterId: r.letterId, runId, chargeInvoiceId: r.chargeInvoiceId },
        letterheadVersion,
      ),
    ),
  );
  await repo.insertNotices(
    tx,
    tenantId,
    recorded.flatMap((r) => r.letter.notices.map((n) => noticeRow(n, r.letterId, asOf))),
  );
  await repo.markHandedOver(tx, tenantId, handOversOf(recorded, asOf));
  await recordAudit(tx, tenantId, {
    kind: 'dunning.run_recorded',
    objectType: 'dunning_run',
    objectId: runId,
    details: {
      asOf,
      ...counts,
      letters: batchObjects(recorded.map((r) => r.letterId)),
      chargeInvoices: batchObjects(recorded.flatMap((r) => (r.chargeInvoiceId ? [r.chargeInvoiceId] : []))),
    },
  });
  const letters = recorded.map((r) =>
    letterView(r.letter, asOf, customerOf(prepared, r.letter.customerId), { ...r, runId }),
  );
  const outcome = letters.length > 0 ? await seams.onLetters(tx, tenantId, letters) : undefined;
  const toPrint = new Set(outcome?.sentToPrint ?? []);
  const result = resultOf(prepared, asOf, runId, false);
  return {
    ...result,
    interestStatements: await recordStatements(deps, tx, tenantId, asOf, prepared.statements),
    letters: letters.map((l) => (l.letterId && toPrint.has(l.letterId) ? { ...l, channel: 'letter' } : l)),
    notices: [...result.notices, ...noEmailNotice(toPrint.size)],
  };
}

interface RecordedLetter {
  letter: ChargedLetter;
  letterId: string;
  chargeInvoiceId: string | null;
  chargeNumber: string | null;
}

/** The letters with their ids, after issuing the charge document of every letter that charges something. */
async function issueCharges(
  deps: CoreDeps,
  tx: Tx,
  tenantId: string,
  asOf: CalendarDate,
  letters: readonly ChargedLetter[],
): Promise<RecordedLetter[]> {
  const ids = letters.map(() => ({ letterId: newId(), chargeId: newId() }));
  const docs = letters.flatMap((l, i) => chargeDocumentOf(l, asOf, ids[i]?.chargeId ?? '') ?? []);
  const series = { series: 'DUN', prefix: 'DUN-', source: 'dunning' };
  const numbers = await issueChargeDocuments(deps, tx, tenantId, series, docs);
  return letters.map((letter, i) => {
    const chargeId = ids[i]?.chargeId ?? '';
    return {
      letter,
      letterId: ids[i]?.letterId ?? '',
      chargeInvoiceId: numbers.has(chargeId) ? chargeId : null,
      chargeNumber: numbers.get(chargeId) ?? null,
    };
  });
}

/** One hand-over per customer, though letters in several currencies may hand it over on one day. */
function handOversOf(recorded: readonly RecordedLetter[], asOf: CalendarDate) {
  const byCustomer = new Map<string, { customerId: string; on: CalendarDate; letterId: string }>();
  for (const r of recorded)
    if (r.letter.handsOver && !byCustomer.has(r.letter.customerId))
      byCustomer.set(r.letter.customerId, {
        customerId: r.letter.customerId,
        on: asOf,
        letterId: r.letterId,
      });
  return [...byCustomer.values()];
}

function customerOf(prepared: Prepared, customerId: string): LetterCustomer {
  return prepared.customers.get(customerId) ?? { externalId: customerId, name: '', language: 'en' };
}

function summaryOf(prepared: Prepared) {
  return {
    letters: prepared.letters.length,
    invoices: prepared.letters.reduce((s, l) => s + l.notices.length, 0),
    skippedInvoices: prepared.skipped.reduce((s, k) => s + k.invoiceIds.length, 0),
  };
}

/** The result; the letters as planned (no ids) — `record` puts the recorded ones in. */
function resultOf(
  prepared: Prepared,
  asOf: CalendarDate,
  runId: string | null,
  dryRun: boolean,
): DunningRunResult {
  return {
    runId,
    asOf,
    dryRun,
    letters: prepared.letters.map((l) => letterView(l, asOf, customerOf(prepared, l.customerId), null)),
    skipped: prepared.skipped.map((s) => ({
      ...s,
      customerExternalId: customerOf(prepared, s.customerId).externalId,
    })),
    summary: summaryOf(prepared),
    interestStatements: prepared.statements.map((s) => ({ ...s, chargeInvoiceId: null, chargeNumber: null })),
    customerExternalIds: new Map([...prepared.customers].map(([id, c]) => [id, c.externalId])),
    notices: prepared.notices,
  };
}
