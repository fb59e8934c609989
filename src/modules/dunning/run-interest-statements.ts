/**
 * The final interest statements of a run: found and priced with the letters (`prepareStatements`,
 * also in a dry run), issued as `DUN` open items with their journal entries in the run's
 * transaction (`recordStatements`), each invoice's `interestThrough` moved to its payment day.
 */
import type { Queryable, Tx } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { newId } from '../../shared/ids.ts';
import type { CoreDeps } from '../core-deps.ts';
import { issueChargeDocuments } from '../invoices/index.ts';
import type { DunningPolicy } from './dunning.types.ts';
import { type InterestStatement, interestStatements, statementDocument } from './final-interest.ts';
import * as repo from './run.repository.ts';

/** A statement as the run reports it; the charge ids are null in a dry run. */
export interface RecordedStatement extends InterestStatement {
  readonly chargeInvoiceId: string | null;
  readonly chargeNumber: string | null;
}

/** The statements due on `asOf`; nothing is loaded when no policy asks for them. */
export async function prepareStatements(
  deps: CoreDeps,
  q: Queryable,
  tenantId: string,
  asOf: CalendarDate,
  policies: ReadonlyMap<string, DunningPolicy>,
  policyIdOf: (customerIds: readonly string[]) => Promise<ReadonlyMap<string, string | null>>,
): Promise<InterestStatement[]> {
  if (![...policies.values()].some((p) => p.finalInterestStatement && p.interest)) return [];
  const paid = await repo.paidInvoicesCharged(q, tenantId);
  if (paid.length === 0) return [];
  const policyIds = await policyIdOf([...new Set(paid.map((p) => p.customerId))]);
  const ar = await deps.ledger.codeFor(q, tenantId, 'ar_control');
  const ids = paid.map((p) => p.invoiceId);
  const history = await repo.balanceHistory(q, tenantId, ar, ids, asOf);
  const policyOf = (customerId: string) => policies.get(policyIds.get(customerId) ?? '') ?? null;
  return interestStatements(paid, policyOf, history, asOf);
}

/** Issue each statement's open item in `tx` and move its invoices' `interestThrough` to the payment. */
export async function recordStatements(
  deps: CoreDeps,
  tx: Tx,
  tenantId: string,
  asOf: CalendarDate,
  statements: readonly InterestStatement[],
): Promise<RecordedStatement[]> {
  if (statements.length === 0) return [];
  const ids = statements.map(() => newId());
  const docs = statements.map((s, i) => statementDocument(s, asOf, ids[i] ?? ''));
  const series = { series: 'DUN', prefix: 'DUN-', source: 'dunning' };
  const numbers = await issueChargeDocuments(deps, tx, tenantId, series, docs);
  await repo.advanceInterestThrough(
    tx,
    tenantId,
    statements.flatMap((s) => s.items.map((i) => ({ invoiceId: i.invoice.invoiceId, through: i.paidOn }))),
  );
  return statements.map((s, i) => ({
    ...s,
    chargeInvoiceId: ids[i] ?? null,
    chargeNumber: numbers.get(ids[i] ?? '') ?? null,
  }));
}
