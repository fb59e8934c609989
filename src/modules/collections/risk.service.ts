/**
 * The customer risk score in the product (risk-score.ts holds the formula): measured for many
 * customers at once from four set-based reads, shown per customer and on the worklist, and fed to
 * the credit module's risk-score hold rule by the daily credit check.
 *
 * It lives here, in collections, because collections already reads every source it needs — the
 * ledger's payment facts (predictions), the credit positions (credit), the disputes — and owns the
 * promises; credit may not read collections (collections reads credit), so the credit check gets
 * the scores handed in (`evaluateCreditHoldsWithRisk`).
 */
import type { Queryable } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import type { CoreDeps } from '../core-deps.ts';
import {
  creditPositionsOf,
  evaluateCreditHolds,
  getCreditSettings,
  type HoldEvaluation,
} from '../credit/index.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import { dayNumber, loadPaymentFacts } from '../predictions/index.ts';
import { brokenPromiseCounts, openDisputeCounts } from './risk-facts.queries.ts';
import { emptyRiskFacts, riskFactsOf } from './risk-facts.ts';
import { RISK_WEIGHTS, type RiskScore, riskSummary, scoreRisk } from './risk-score.ts';

/**
 * The risk scores of `customerIds` (null: every customer with invoices, exposure, disputes or
 * broken promises) as of `asOf`; a customer without any facts is left out (it scores 0).
 */
export async function customerRiskScores(
  q: Queryable,
  tenantId: string,
  customerIds: readonly string[] | null,
  asOf: CalendarDate,
): Promise<Map<string, RiskScore>> {
  if (customerIds !== null && customerIds.length === 0) return new Map();
  const payments = await loadPaymentFacts(q, tenantId, asOf, customerIds, null);
  const positions = await creditPositionsOf(q, tenantId, customerIds, asOf);
  const openDisputes = await openDisputeCounts(q, tenantId, asOf, customerIds);
  const brokenPromises = await brokenPromiseCounts(
    q,
    tenantId,
    asOf,
    RISK_WEIGHTS.brokenPromiseDays,
    customerIds,
  );
  const facts = riskFactsOf({ payments, positions, openDisputes, brokenPromises }, dayNumber(asOf));
  return new Map([...facts].map(([customerId, f]) => [customerId, scoreRisk(f)]));
}

export interface CustomerRisk extends RiskScore {
  customerId: string;
  externalId: string;
  asOf: CalendarDate;
}

/** One customer's risk score with its reasons as of `asOf` (404 for an unknown customer). */
export async function getCustomerRisk(
  q: Queryable,
  tenantId: string,
  idOrExternalId: string,
  asOf: CalendarDate,
): Promise<CustomerRisk> {
  const customer = await getCustomerRowOrThrow(q, tenantId, idOrExternalId);
  const scores = await customerRiskScores(q, tenantId, [customer.customerId], asOf);
  const risk = scores.get(customer.customerId) ?? scoreRisk(emptyRiskFacts(customer.currency));
  return { customerId: customer.customerId, externalId: customer.externalId, asOf, ...risk };
}

/**
 * The credit check of `asOf` (credit's `evaluateCreditHolds`) with the risk scores of the day
 * handed in when the tenant's risk-score rule is on; scores are not computed when it is off.
 */
export async function evaluateCreditHoldsWithRisk(
  deps: CoreDeps,
  tenantId: string,
  asOf: CalendarDate,
): Promise<HoldEvaluation> {
  const settings = await getCreditSettings(deps.db, tenantId);
  if (settings.holdRiskScore === null) return evaluateCreditHolds(deps, tenantId, asOf);
  const scores = await customerRiskScores(deps.db, tenantId, null, asOf);
  const measures = new Map(
    [...scores].map(([customerId, s]) => [customerId, { score: s.score, summary: riskSummary(s) }]),
  );
  return evaluateCreditHolds(deps, tenantId, asOf, measures);
}
