/**
 * The daily settlement of promises to pay: every open promise is kept or broken by the rules of
 * promise-rules.ts, in one transaction, each logged on the customer's activity log.
 */

import { type Queryable, withTransaction } from '../../db/client.ts';
import { assertAsOfNotFuture, type CalendarDate } from '../../shared/calendar-date.ts';
import { moneyText } from '../../shared/money-text.ts';
import { type ActivityEntry, logActivities, SYSTEM_ACTOR } from '../activities/index.ts';
import { recordAudit } from '../audit/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { type PromiseOutcome, settlePromise } from './promise-rules.ts';
import * as repo from './promises.repository.ts';

type PromiseRow = repo.PromiseRow;

export interface PromiseSettlement {
  promiseId: string;
  customerId: string;
  outcome: Exclude<PromiseOutcome, 'open'>;
  currency: string;
  amountMinor: bigint;
  paidMinor: bigint;
  promisedOn: CalendarDate;
  keepBy: CalendarDate;
}

export interface PromiseEvaluation {
  asOf: CalendarDate;
  evaluated: number;
  settled: PromiseSettlement[];
  stillOpen: number;
}

/**
 * Settle the open promises as of `asOf` (kept or broken, see promise-rules.ts) in one transaction,
 * logging each on the customer's activity log. Idempotent: settled promises are never looked at
 * again, so running it twice for a day changes nothing the second time; two runs at once serialise
 * on the promises' row locks.
 */
export async function evaluatePromises(
  deps: CoreDeps,
  tenantId: string,
  asOf: CalendarDate,
): Promise<PromiseEvaluation> {
  assertAsOfNotFuture(asOf, deps.clock.now());
  return withTransaction(deps.db, async (tx) => {
    const open = await repo.lockOpenPromises(tx, tenantId, asOf);
    const progress = new Map(
      (
        await repo.progressOf(
          tx,
          tenantId,
          open.map((p) => p.promiseId),
        )
      ).map((r) => [r.promise_id, r]),
    );
    const settled: PromiseSettlement[] = [];
    for (const p of open) {
      const got = progress.get(p.promiseId);
      const paidMinor = got?.paid ?? 0n;
      const outcome = settlePromise(p, { paidMinor, openLeftMinor: got?.open_left ?? 0n }, asOf);
      if (outcome === 'open') continue;
      settled.push({ ...pick(p), outcome, paidMinor });
    }
    await repo.settle(
      tx,
      tenantId,
      settled.map((s) => ({ promiseId: s.promiseId, status: s.outcome, paidMinor: s.paidMinor })),
      asOf,
      deps.clock.now(),
    );
    await logActivities(tx, tenantId, await settlementEntries(tx, tenantId, settled, deps.clock.now()));
    await recordAudit(
      tx,
      tenantId,
      ...settled.map((s) => ({
        kind: `promise.${s.outcome}`,
        objectType: 'promise',
        objectId: s.promiseId,
        changes: { status: ['open', s.outcome] as const },
        details: { asOf, paidMinor: String(s.paidMinor), currency: s.currency, keepBy: s.keepBy },
      })),
    );
    return { asOf, evaluated: open.length, settled, stillOpen: open.length - settled.length };
  });
}

function pick(p: PromiseRow) {
  return {
    promiseId: p.promiseId,
    customerId: p.customerId,
    currency: p.currency,
    amountMinor: p.amountMinor,
    promisedOn: p.promisedOn,
    keepBy: p.keepBy,
  };
}

async function settlementEntries(
  q: Queryable,
  tenantId: string,
  settled: readonly PromiseSettlement[],
  at: Date,
): Promise<ActivityEntry[]> {
  const invoices = await repo.invoicesOfPromises(
    q,
    tenantId,
    settled.map((s) => s.promiseId),
  );
  return settled.map((s) => ({
    kind: 'system',
    event: s.outcome === 'kept' ? 'promise_kept' : 'promise_broken',
    author: SYSTEM_ACTOR,
    customerId: s.customerId,
    invoiceIds: invoices.get(s.promiseId) ?? [],
    text:
      s.outcome === 'kept'
        ? `Promise of ${moneyText(s.amountMinor, s.currency)} by ${s.promisedOn} kept: ${moneyText(s.paidMinor, s.currency)} received`
        : `Promise of ${moneyText(s.amountMinor, s.currency)} by ${s.promisedOn} broken: ${moneyText(s.paidMinor, s.currency)} received by ${s.keepBy}`,
    occurredAt: at,
  }));
}
