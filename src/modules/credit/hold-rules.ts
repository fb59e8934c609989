/**
 * Credit hold rules, pure. A customer is held automatically while
 * - `over_limit`: it has a credit limit and its exposure exceeds it (equal is within the limit), or
 * - `overdue`: the tenant set N (`holdOverdueDays`) and an open, undisputed invoice is more than N
 *   days past its due date, or
 * - `risk_score`: the tenant set N (`holdRiskScore`) and the customer's risk score (computed by the
 *   collections module, which reads payments, disputes and promises) is N or more. The score is
 *   measured by the daily check (`risk` facts given); between checks, the last check's verdict
 *   stands (an automatic hold carrying `risk_score` keeps it while the rule is on).
 * A manual hold is set and released only by a person. Issuing is refused while the customer is on
 * a manual hold, or when the exposure after the new invoices would trip a rule.
 */
export type HoldReason = 'over_limit' | 'overdue' | 'risk_score';

export interface CreditSettings {
  /** Hold customers with anything more than this many days overdue; null: the rule is off. */
  holdOverdueDays: number | null;
  /** Hold customers whose risk score is this or more; null: the rule is off. */
  holdRiskScore: number | null;
}

/** A customer's risk score as the daily check measured it, with its top reasons in words. */
export interface RiskMeasure {
  score: number;
  /** "risk score 82: 2 promises to pay broken in the last 90 days (+20); …". */
  summary: string;
}

export interface CreditFacts {
  limitMinor: bigint | null;
  exposureMinor: bigint;
  /** Days past due of the oldest open, undisputed invoice; null when nothing is overdue. */
  oldestOverdueDays: number | null;
  /** The risk score when measured now (the daily check); null: not measured now. */
  riskScore?: number | null;
  /** The active automatic hold carries `risk_score` (the last check's verdict, kept when not measured). */
  riskHeld?: boolean;
}

/** The automatic hold reasons that hold for `facts` (empty: no automatic hold). */
export function holdReasons(facts: CreditFacts, settings: CreditSettings): HoldReason[] {
  const reasons: HoldReason[] = [];
  if (facts.limitMinor !== null && facts.exposureMinor > facts.limitMinor) reasons.push('over_limit');
  const n = settings.holdOverdueDays;
  if (n !== null && facts.oldestOverdueDays !== null && facts.oldestOverdueDays > n) reasons.push('overdue');
  if (riskHolds(facts, settings.holdRiskScore)) reasons.push('risk_score');
  return reasons;
}

function riskHolds(facts: CreditFacts, threshold: number | null): boolean {
  if (threshold === null) return false;
  const score = facts.riskScore ?? null;
  return score === null ? facts.riskHeld === true : score >= threshold;
}

export type AutomaticHoldChange = 'set' | 'release' | 'update' | 'none';

/** What to do with the automatic hold: set it, release it, record new reasons, or nothing. */
export function automaticHoldChange(
  reasons: readonly HoldReason[],
  active: { reasons: readonly string[] } | null,
): AutomaticHoldChange {
  if (!active) return reasons.length > 0 ? 'set' : 'none';
  if (reasons.length === 0) return 'release';
  const same = reasons.length === active.reasons.length && reasons.every((r) => active.reasons.includes(r));
  return same ? 'none' : 'update';
}

export interface IssueRefusal {
  manualHold: boolean;
  reasons: HoldReason[];
}

/**
 * Why issuing invoices worth `addMinor` (in the limit's currency) to a customer is refused, or null
 * when it may go ahead without an override.
 */
export function issueRefusal(
  facts: CreditFacts,
  manualHold: boolean,
  addMinor: bigint,
  settings: CreditSettings,
): IssueRefusal | null {
  const reasons = holdReasons({ ...facts, exposureMinor: facts.exposureMinor + addMinor }, settings);
  return manualHold || reasons.length > 0 ? { manualHold, reasons } : null;
}
