/**
 * The thresholds of anomaly detection, in one place (docs/analytics.md "Anomaly detection" names
 * each). Amounts in minor units of the document's currency; shares as fractions.
 */
export const ANOMALY_DEFAULTS = {
  /** A scan judges what happened in the last `scanDays` days (its history reaches further back). */
  scanDays: 31,
  duplicateInvoice: {
    /** Two invoices of one customer issued at most this many days apart. */
    windowDays: 7,
    /** Near amounts: within 1% of the larger … */
    amountShare: 0.01,
    /** … or within this many minor units (1.00 in a two-decimal currency). */
    amountToleranceMinor: 100n,
  },
  duplicatePayment: { windowDays: 7 },
  creditAfterReceipt: {
    /** A credit or write-off at most this many days after the receipt was applied elsewhere. */
    withinDays: 14,
    /** Similar amount: within 2% of the credit. */
    amountShare: 0.02,
  },
  underApprovalLimit: {
    /** "Just under": at most 5% below the threshold in force. */
    belowShare: 0.05,
    /** Repeated: at least this many by one user within the scan's days. */
    minRepeats: 3,
  },
  roundAmountCredit: {
    /** Round: a multiple of 100 major units … */
    roundMajor: 100n,
    /** … of at least 1,000 major units. */
    minMajor: 1000n,
  },
  unusualIssuer: {
    /** The history a user's share of issues is judged on. */
    lookbackDays: 180,
    /** Rare: at most this many issues in the lookback … */
    maxIssues: 5,
    /** … while the tenant issued at least this many (else nobody is "usual"). */
    minTenantIssues: 100,
  },
  benford: {
    /** Fewer amounts per user and month are not judged (Nigrini: a few hundred at least). */
    minAmounts: 300,
    /** Nigrini's MAD bounds for first-two digits: above `marginal` is nonconformity. */
    close: 0.0012,
    acceptable: 0.0018,
    marginal: 0.0022,
  },
  behaviourChange: {
    /** The recent payments compared with the ones before them. */
    recentPayments: 5,
    /** At least this many earlier payments, the history. */
    minHistory: 10,
    /** The recent median days late must exceed the history's by `madFactor` scaled MADs … */
    madFactor: 3,
    /** … and by at least this many days. */
    minJumpDays: 10,
    /** Earlier payments read per customer at most. */
    maxHistory: 60,
  },
} as const;

export type AnomalyPolicy = typeof ANOMALY_DEFAULTS;

const DAY_MS = 86_400_000;

/** The scan's window: what happened from `since` (inclusive) to `now`. */
export interface ScanWindow {
  readonly since: Date;
  readonly now: Date;
}

export function scanWindowOf(now: Date, policy: AnomalyPolicy = ANOMALY_DEFAULTS): ScanWindow {
  return { since: new Date(now.getTime() - policy.scanDays * DAY_MS), now };
}

/** `YYYY-MM` of an instant (UTC) or a calendar date. */
export function monthOf(at: Date | string): string {
  return (typeof at === 'string' ? at : at.toISOString()).slice(0, 7);
}
