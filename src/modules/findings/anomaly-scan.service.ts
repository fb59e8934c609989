/**
 * The anomaly scan: every anomaly detector over the tenant's last month of activity (each with its
 * own set-based query, then a linear pass), its findings stored in the findings module's store —
 * once per dedupe key, so a scan that runs again doubles nothing and a dismissed finding stays
 * dismissed — with the admins alerted of the new medium and high ones, in one transaction. The
 * daily job `anomalies.scan` and `POST /v1/analytics/anomalies/scan` both run `runAnomalyScan`.
 */
import { type Db, type Tx, withTransaction } from '../../db/client.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import type { Clock } from '../../shared/clock.ts';
import * as facts from './anomaly-facts.ts';
import { ANOMALY_DEFAULTS, type AnomalyPolicy, type ScanWindow, scanWindowOf } from './anomaly-policy.ts';
import { detectBehaviourChange } from './detect-behaviour-change.ts';
import { detectBenford } from './detect-benford.ts';
import { detectRoundAmountCredits, detectUnderApprovalLimit } from './detect-credit-amounts.ts';
import { detectCreditAfterReceipt, detectLapping } from './detect-diverted-cash.ts';
import { detectDuplicateInvoices, detectDuplicatePayments } from './detect-duplicates.ts';
import { detectUnusualIssuers } from './detect-unusual-issuer.ts';
import { storeFindingsInTx } from './findings.service.ts';
import { ANOMALY_KINDS, type AnomalyKind, type FindingDraft } from './findings.types.ts';

export interface AnomalyScanDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly jobs?: JobQueue | undefined;
}

/** Per kind: what the scan found (`found`) and how many of those are new findings (`created`). */
export interface AnomalyScanSummary {
  readonly from: Date;
  readonly to: Date;
  readonly kinds: readonly { readonly kind: AnomalyKind; readonly found: number; readonly created: number }[];
  readonly created: number;
  readonly alerts: number;
}

type Detector = (tx: Tx, tenantId: string, w: ScanWindow, p: AnomalyPolicy) => Promise<FindingDraft[]>;

/** Each detector: its facts (one query) judged by its pure rule. */
const DETECTORS: readonly Detector[] = [
  async (tx, t, w, p) =>
    detectDuplicateInvoices(await facts.duplicateInvoiceFacts(tx, t, w, p), p.duplicateInvoice),
  async (tx, t, w, p) =>
    detectDuplicatePayments(await facts.duplicatePaymentFacts(tx, t, w, p), p.duplicatePayment),
  async (tx, t, w) => detectLapping(await facts.lappingFacts(tx, t, w)),
  async (tx, t, w, p) =>
    detectCreditAfterReceipt(await facts.creditAfterReceiptFacts(tx, t, w, p), p.creditAfterReceipt),
  async (tx, t, w, p) => {
    const credits = await facts.attributedCreditFacts(tx, t, w);
    const thresholds = await facts.creditThresholds(tx, t);
    return [
      ...detectUnderApprovalLimit(credits, thresholds, p.underApprovalLimit),
      ...detectRoundAmountCredits(credits, p.roundAmountCredit),
    ];
  },
  async (tx, t, w, p) => detectUnusualIssuers(await facts.issuerFacts(tx, t, w, p), p.unusualIssuer),
  async (tx, t, w, p) => detectBenford(await facts.digitCountFacts(tx, t, w), p.benford),
  async (tx, t, w, p) => detectBehaviourChange(await facts.paymentFacts(tx, t, w, p), p.behaviourChange),
];

async function scanInTx(tx: Tx, deps: AnomalyScanDeps, tenantId: string, w: ScanWindow, p: AnomalyPolicy) {
  const drafts: FindingDraft[] = [];
  for (const detect of DETECTORS) drafts.push(...(await detect(tx, tenantId, w, p)));
  const kinds = [];
  let alerts = 0;
  for (const kind of ANOMALY_KINDS) {
    const mine = drafts.filter((d) => d.kind === kind);
    const stored = await storeFindingsInTx(tx, deps, tenantId, mine);
    alerts += stored.alerts;
    kinds.push({ kind, found: mine.length, created: stored.findings });
  }
  return { kinds, alerts };
}

/**
 * Scan the tenant's activity of the last `scanDays` days (31) for anomalies and store what is new.
 * Example: `await runAnomalyScan(deps, tenantId)` → `{ kinds: [{ kind: 'duplicate_invoice', found: 1, created: 1 }, …], created: 1, … }`;
 * run again at once → the same `found`, `created: 0`.
 */
export async function runAnomalyScan(
  deps: AnomalyScanDeps,
  tenantId: string,
  policy: AnomalyPolicy = ANOMALY_DEFAULTS,
): Promise<AnomalyScanSummary> {
  const w = scanWindowOf(deps.clock.now(), policy);
  const { kinds, alerts } = await withTransaction(deps.db, (tx) => scanInTx(tx, deps, tenantId, w, policy));
  return { from: w.since, to: w.now, kinds, created: kinds.reduce((s, k) => s + k.created, 0), alerts };
}
