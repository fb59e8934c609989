/**
 * The monitoring scan: read the tenant's audit records after its cursor (in batches), run every
 * detector over them, store what they find (once per dedupe key), alert the admins of each new
 * medium or high finding, and move the cursor — each batch in one transaction that holds the
 * tenant's cursor row, so two scans of a tenant never judge the same records at once. The scheduled
 * job `monitoring.scan` and the check right after a sign-in both run `runMonitoringScan`.
 */
import { type Db, type Tx, withTransaction } from '../../db/client.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import type { Clock } from '../../shared/clock.ts';
import { type AuditRecordView, auditRecordsAfter } from '../audit/index.ts';
import { detectBankChangeThenRefund } from './detect-bank-change-refund.ts';
import { detectInvoicesOutsidePolicy } from './detect-invoice-policy.ts';
import { detectOperationsWithoutApproval } from './detect-missing-approval.ts';
import { detectNewPlaces, detectRepeatedFailedSignIns } from './detect-sign-ins.ts';
import * as repo from './findings.repository.ts';
import { storeFindingsInTx } from './findings.service.ts';
import type { FindingDraft } from './findings.types.ts';
import { GATED_KINDS, missingApprovalFacts } from './missing-approval-facts.ts';
import {
  failedSignInFacts,
  invoiceFacts,
  newPlaceFacts,
  refundFacts,
  SCANNED_KINDS,
} from './monitoring-facts.ts';
import { effectivePolicy, type MonitoringPolicy } from './monitoring-policy.ts';

/** What a scan needs: the database, the clock, and (where the process has them) the jobs, to have alerts delivered. */
export interface MonitoringDeps {
  readonly db: Db;
  readonly clock: Clock;
  readonly jobs?: JobQueue | undefined;
}

export interface ScanSummary {
  readonly records: number;
  readonly findings: number;
  readonly alerts: number;
  readonly scannedThroughSeq: string;
}

/** Records one batch judges (a batch is one transaction). */
export const SCAN_BATCH = 500;

/** Every detector over one batch of new records (oldest first). */
async function detectAll(
  tx: Tx,
  tenantId: string,
  records: readonly AuditRecordView[],
  afterSeq: bigint,
  policy: MonitoringPolicy,
  now: Date,
): Promise<FindingDraft[]> {
  const of = (kind: string) => records.filter((r) => r.kind === kind);
  const issued = of('invoice.issued');
  const refunds = of('receipt.refunded');
  const signIns = of('session.signed_in');
  const failed = of('session.sign_in_failed');
  const gated = records.filter((r) => GATED_KINDS.includes(r.kind));
  return [
    ...(issued.length
      ? detectInvoicesOutsidePolicy(await invoiceFacts(tx, tenantId, issued, policy, now))
      : []),
    ...(refunds.length
      ? detectBankChangeThenRefund(await refundFacts(tx, tenantId, refunds, policy.bankChangeRefundDays))
      : []),
    ...(signIns.length
      ? detectNewPlaces(await newPlaceFacts(tx, tenantId, signIns, policy.newPlaceLookbackDays))
      : []),
    ...(failed.length
      ? detectRepeatedFailedSignIns(
          await failedSignInFacts(tx, tenantId, failed, afterSeq, policy.failedSignIns),
        )
      : []),
    ...(gated.length ? detectOperationsWithoutApproval(await missingApprovalFacts(tx, tenantId, gated)) : []),
  ];
}

async function scanBatch(tx: Tx, deps: MonitoringDeps, tenantId: string) {
  const now = deps.clock.now();
  const settings = await repo.lockSettings(tx, tenantId, now);
  const after = settings.scannedThroughSeq;
  const records = await auditRecordsAfter(tx, tenantId, after, SCANNED_KINDS, SCAN_BATCH);
  const drafts = await detectAll(tx, tenantId, records, after, effectivePolicy(settings.policy), now);
  const stored = await storeFindingsInTx(tx, deps, tenantId, drafts);
  const through = records.at(-1)?.seq ?? after;
  await repo.moveCursor(tx, tenantId, through, now);
  return { records: records.length, ...stored, through };
}

/**
 * Scan the tenant's audit records not scanned yet. Safe to run any time and concurrently: a second
 * scan waits for the first's batch and then sees its cursor; a finding already stored is not stored
 * again. Example: `await runMonitoringScan(deps, tenantId)` → `{ records: 12, findings: 1, alerts: 1, … }`.
 */
export async function runMonitoringScan(deps: MonitoringDeps, tenantId: string): Promise<ScanSummary> {
  let total = { records: 0, findings: 0, alerts: 0, through: 0n };
  for (;;) {
    const batch = await withTransaction(deps.db, (tx) => scanBatch(tx, deps, tenantId));
    total = {
      records: total.records + batch.records,
      findings: total.findings + batch.findings,
      alerts: total.alerts + batch.alerts,
      through: batch.through,
    };
    if (batch.records < SCAN_BATCH) break;
  }
  const { through, ...counts } = total;
  return { ...counts, scannedThroughSeq: through.toString() };
}
