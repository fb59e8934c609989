/**
 * The customer risk score, pure: 0 (no sign of risk) to 100, the sum of eight capped, monotonic
 * factors, each reported with its points and its evidence in words. docs/analytics.md ("Customer
 * risk score") documents the formula; the weights are the named data in `RISK_WEIGHTS`.
 *
 * Every factor only grows with its fact (more late payments, more days late, more overdue days,
 * more exposure against the limit, more disputes, more broken promises never lower the score); a
 * customer without any history scores 0.
 */

/** The weights and thresholds of the score, in one place (STYLE §17). */
export const RISK_WEIGHTS = {
  /** Payments settled within this many days before the as-of day count as history. */
  historyDays: 365,
  /** Of them, those settled within this many days are "recent" (weight 2, the older weight 1). */
  recentDays: 90,
  recentWeight: 2,
  /** Points for the share paid after the due date: `lateShare × share`. */
  lateShare: 25,
  /** Points for the weighted mean days paid late: `lateDays × min(days, lateDaysCap) / lateDaysCap`. */
  lateDays: 20,
  lateDaysCap: 60,
  /** Points for a worsening trend (recent − older mean days late), full at `trendCapDays`. */
  trend: 10,
  trendCapDays: 30,
  /** Points for the oldest undisputed open invoice's days past due, full at `overdueCapDays`. */
  overdue: 15,
  overdueCapDays: 90,
  /** Points for exposure against the credit limit: 0 up to `exposureFrom`, full at `exposureFull`. */
  exposure: 20,
  exposureFromBp: 7_500,
  exposureFullBp: 12_500,
  /** Points per dispute open on the day, and the cap. */
  openDisputeEach: 3,
  openDisputesCap: 6,
  /** Points for the share of invoices issued in the history window that were disputed. */
  disputeRate: 12,
  disputeRateCap: 6,
  /** Points per promise broken in the last `brokenPromiseDays`, and the cap. */
  brokenPromiseDays: 90,
  brokenPromiseEach: 10,
  brokenPromisesCap: 20,
  /** Bands: below `medium` low, below `high` medium, else high. */
  medium: 40,
  high: 70,
} as const;

export type RiskWeights = typeof RISK_WEIGHTS;

/** The facts of one customer as of a day (risk-facts.ts loads them for many customers at once). */
export interface RiskFacts {
  /** Invoices paid in the history window: days after due (early: negative) and whether recent. */
  payments: { daysAfterDue: number; recent: boolean }[];
  /** Days past due of the oldest open, undisputed invoice on the day; null when none is overdue. */
  oldestOverdueDays: number | null;
  /** Exposure and credit limit in the customer's currency; limit null: no limit set. */
  exposureMinor: bigint;
  limitMinor: bigint | null;
  currency: string;
  /** Disputes open at the end of the day. */
  openDisputes: number;
  /** Invoices issued in the history window, and how many of them were disputed by the day. */
  invoicesIssued: number;
  invoicesDisputed: number;
  /** Promises to pay found broken in the last `brokenPromiseDays` days up to the day. */
  brokenPromises: number;
}

export type RiskFactor =
  | 'late_share'
  | 'days_late'
  | 'trend'
  | 'overdue'
  | 'exposure'
  | 'open_disputes'
  | 'dispute_rate'
  | 'broken_promises';

export interface RiskReason {
  factor: RiskFactor;
  points: number;
  evidence: string;
}

export type RiskBand = 'low' | 'medium' | 'high';

export interface RiskScore {
  score: number;
  band: RiskBand;
  /** The factors that gave points, most points first (ties in the order of `RiskFactor`). */
  reasons: RiskReason[];
}

/** The band of a score. */
export function riskBand(score: number, w: RiskWeights = RISK_WEIGHTS): RiskBand {
  return score >= w.high ? 'high' : score >= w.medium ? 'medium' : 'low';
}

/** The score of `facts`: Σ of the factors' points, at most 100, with the factors that gave points. */
export function scoreRisk(facts: RiskFacts, w: RiskWeights = RISK_WEIGHTS): RiskScore {
  const all = [
    ...paymentReasons(facts, w),
    overdueReason(facts, w),
    exposureReason(facts, w),
    ...disputeReasons(facts, w),
    brokenPromisesReason(facts, w),
  ];
  const reasons = all
    .filter((r): r is RiskReason => r !== null && r.points > 0)
    .map((r, i) => ({ r, i }))
    .sort((a, b) => b.r.points - a.r.points || a.i - b.i)
    .map(({ r }) => r);
  const score = Math.min(
    100,
    reasons.reduce((s, r) => s + r.points, 0),
  );
  return { score, band: riskBand(score, w), reasons };
}

/** `weight × min(value, cap) / cap`, rounded; 0 for a value of 0 or less. */
function scaled(weight: number, value: number, cap: number): number {
  return Math.round((weight * Math.min(Math.max(value, 0), cap)) / cap);
}

const days = (n: number) => `${Math.round(n * 10) / 10} day${n === 1 ? '' : 's'}`;

function weightedMeanLate(list: readonly RiskFacts['payments'][number][], w: RiskWeights): number {
  let sum = 0;
  let weights = 0;
  for (const p of list) {
    const weight = p.recent ? w.recentWeight : 1;
    sum += weight * Math.max(p.daysAfterDue, 0);
    weights += weight;
  }
  return weights === 0 ? 0 : sum / weights;
}

function meanLate(list: readonly RiskFacts['payments'][number][]): number {
  return list.reduce((s, p) => s + Math.max(p.daysAfterDue, 0), 0) / list.length;
}

function paymentReasons(facts: RiskFacts, w: RiskWeights): (RiskReason | null)[] {
  const paid = facts.payments;
  if (paid.length === 0) return [];
  const late = paid.filter((p) => p.daysAfterDue > 0).length;
  const mean = weightedMeanLate(paid, w);
  const recent = paid.filter((p) => p.recent);
  const older = paid.filter((p) => !p.recent);
  const trend = recent.length > 0 && older.length > 0 ? meanLate(recent) - meanLate(older) : 0;
  return [
    {
      factor: 'late_share',
      points: Math.round((w.lateShare * late) / paid.length),
      evidence: `${late} of ${paid.length} invoices paid in the last ${w.historyDays} days were paid late`,
    },
    {
      factor: 'days_late',
      points: scaled(w.lateDays, mean, w.lateDaysCap),
      evidence: `paid on average ${days(mean)} after the due date (the last ${w.recentDays} days counting ${w.recentWeight}×)`,
    },
    trend > 0
      ? {
          factor: 'trend',
          points: scaled(w.trend, trend, w.trendCapDays),
          evidence: `paying later: ${days(meanLate(recent))} late in the last ${w.recentDays} days against ${days(meanLate(older))} before`,
        }
      : null,
  ];
}

function overdueReason(facts: RiskFacts, w: RiskWeights): RiskReason | null {
  const d = facts.oldestOverdueDays;
  if (d === null) return null;
  return {
    factor: 'overdue',
    points: scaled(w.overdue, d, w.overdueCapDays),
    evidence: `the oldest undisputed open invoice is ${days(d)} overdue`,
  };
}

/** Exposure in basis points of the limit; a limit of 0 with any exposure counts as far over it. */
export function exposureBp(exposureMinor: bigint, limitMinor: bigint): number {
  if (exposureMinor <= 0n) return 0;
  if (limitMinor <= 0n) return Number.MAX_SAFE_INTEGER;
  const bp = (exposureMinor * 10_000n) / limitMinor;
  return bp > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(bp);
}

function exposureReason(facts: RiskFacts, w: RiskWeights): RiskReason | null {
  if (facts.limitMinor === null) return null;
  const bp = exposureBp(facts.exposureMinor, facts.limitMinor);
  const span = w.exposureFullBp - w.exposureFromBp;
  const share =
    bp === Number.MAX_SAFE_INTEGER ? 'over a limit of 0' : `${Math.round(bp / 100)}% of the credit limit`;
  return {
    factor: 'exposure',
    points: scaled(w.exposure, bp - w.exposureFromBp, span),
    evidence: `exposure is ${share}${bp > 10_000 ? ' (over the limit)' : ''}`,
  };
}

function disputeReasons(facts: RiskFacts, w: RiskWeights): (RiskReason | null)[] {
  const rate = facts.invoicesIssued === 0 ? 0 : facts.invoicesDisputed / facts.invoicesIssued;
  return [
    {
      factor: 'open_disputes',
      points: Math.min(w.openDisputesCap, w.openDisputeEach * facts.openDisputes),
      evidence: `${facts.openDisputes} dispute${facts.openDisputes === 1 ? '' : 's'} open`,
    },
    {
      factor: 'dispute_rate',
      points: Math.min(w.disputeRateCap, Math.round(w.disputeRate * rate)),
      evidence: `${facts.invoicesDisputed} of ${facts.invoicesIssued} invoices issued in the last ${w.historyDays} days disputed`,
    },
  ];
}

function brokenPromisesReason(facts: RiskFacts, w: RiskWeights): RiskReason {
  const n = facts.brokenPromises;
  return {
    factor: 'broken_promises',
    points: Math.min(w.brokenPromisesCap, w.brokenPromiseEach * n),
    evidence: `${n} promise${n === 1 ? '' : 's'} to pay broken in the last ${w.brokenPromiseDays} days`,
  };
}

/** "score 82: 2 promises to pay broken …; …" — the top `n` reasons, for hold texts. */
export function riskSummary(risk: RiskScore, n = 3): string {
  const top = risk.reasons.slice(0, n).map((r) => `${r.evidence} (+${r.points})`);
  return `risk score ${risk.score}${top.length ? `: ${top.join('; ')}` : ''}`;
}
