/**
 * The risk score's facts of many customers as of a day, assembled from set-based reads: the
 * payment facts of the ledger (predictions: each invoice paid — settled by a receipt — or open on
 * the day, never the mutable invoice status), the credit positions (exposure and limit), the
 * disputes open on the day and the promises broken before it.
 */
import type { CustomerCredit } from '../credit/index.ts';
import type { TenantInvoiceFact } from '../predictions/index.ts';
import { RISK_WEIGHTS, type RiskFacts, type RiskWeights } from './risk-score.ts';

export interface RiskSources {
  payments: readonly TenantInvoiceFact[];
  positions: ReadonlyMap<string, CustomerCredit>;
  openDisputes: ReadonlyMap<string, number>;
  brokenPromises: ReadonlyMap<string, number>;
}

/** A customer with no facts at all. */
export function emptyRiskFacts(currency: string): RiskFacts {
  return {
    payments: [],
    oldestOverdueDays: null,
    exposureMinor: 0n,
    limitMinor: null,
    currency,
    openDisputes: 0,
    invoicesIssued: 0,
    invoicesDisputed: 0,
    brokenPromises: 0,
  };
}

/** Every customer named by any source, with its facts as of the day numbered `today`. */
export function riskFactsOf(
  sources: RiskSources,
  today: number,
  w: RiskWeights = RISK_WEIGHTS,
): Map<string, RiskFacts> {
  const out = new Map<string, RiskFacts>();
  const of = (customerId: string) => {
    let f = out.get(customerId);
    if (!f) {
      f = emptyRiskFacts('');
      out.set(customerId, f);
    }
    return f;
  };
  for (const fact of sources.payments) addPayment(of(fact.customerId), fact, today, w);
  for (const [customerId, p] of sources.positions)
    Object.assign(of(customerId), {
      exposureMinor: p.exposure.totalMinor,
      limitMinor: p.limitMinor,
      currency: p.currency,
    });
  for (const [customerId, n] of sources.openDisputes) of(customerId).openDisputes = n;
  for (const [customerId, n] of sources.brokenPromises) of(customerId).brokenPromises = n;
  return out;
}

/** Fold one invoice fact into the customer's facts (history window, overdue, disputed share). */
function addPayment(f: RiskFacts, fact: TenantInvoiceFact, today: number, w: RiskWeights): void {
  const since = today - w.historyDays;
  if (fact.issueDay > since) {
    f.invoicesIssued += 1;
    if (fact.disputed) f.invoicesDisputed += 1;
  }
  if (fact.settledDay !== null) {
    if (fact.settledDay > since)
      f.payments.push({
        daysAfterDue: fact.settledDay - fact.dueDay,
        recent: fact.settledDay > today - w.recentDays,
      });
    return;
  }
  if (fact.disputed || fact.dueDay >= today) return;
  const days = today - fact.dueDay;
  if (f.oldestOverdueDays === null || days > f.oldestOverdueDays) f.oldestOverdueDays = days;
}
