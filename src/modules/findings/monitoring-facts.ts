/**
 * Gathering the facts the detectors judge, for one batch of new audit records: the history each
 * needs from the audit trail (earlier sign-ins, failures, bank changes), the roles of who issued,
 * the tenant's numbering series. Reads only through the audit, users, apikeys and numbering services.
 */
import type { Tx } from '../../db/client.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { listApiKeys } from '../apikeys/index.ts';
import { type AuditRecordView, auditRecordsBetween } from '../audit/index.ts';
import { listNumberingSeries } from '../numbering/index.ts';
import { listUsers } from '../users/index.ts';
import type { BankChangeRefundFacts } from './detect-bank-change-refund.ts';
import type { InvoicePolicyFacts } from './detect-invoice-policy.ts';
import type { FailedSignInFacts, NewPlaceFacts } from './detect-sign-ins.ts';
import { detailText } from './evidence.ts';
import { GATED_KINDS } from './missing-approval-facts.ts';
import type { MonitoringPolicy } from './monitoring-policy.ts';

/** The audit record kinds the scan reads. */
export const SCANNED_KINDS = [
  'invoice.issued',
  'receipt.refunded',
  'session.signed_in',
  'session.sign_in_failed',
  ...GATED_KINDS,
];

const DAY_MS = 86_400_000;
const MINUTE_MS = 60_000;

function span(records: readonly AuditRecordView[]): { first: Date; last: Date } | null {
  const [head] = records;
  const tail = records.at(-1);
  return head && tail ? { first: head.occurredAt, last: tail.occurredAt } : null;
}

const ago = (at: Date, ms: number) => new Date(at.getTime() - ms);

export async function invoiceFacts(
  tx: Tx,
  tenantId: string,
  issued: readonly AuditRecordView[],
  policy: MonitoringPolicy,
  now: Date,
): Promise<InvoicePolicyFacts> {
  const series = issued.length ? await listNumberingSeries(tx, tenantId, todayUtc(now)) : [];
  const byPeople = issued.some((r) => r.actor.kind !== 'system');
  const roles = new Map<string, string>();
  if (byPeople) {
    for (const u of await listUsers(tx, tenantId)) roles.set(u.userId, u.role);
    for (const k of await listApiKeys(tx, tenantId)) roles.set(k.keyId, k.role);
  }
  return { issued, policy: policy.issue, configuredSeries: series.map((s) => s.series), roles };
}

export async function refundFacts(
  tx: Tx,
  tenantId: string,
  refunds: readonly AuditRecordView[],
  withinDays: number,
): Promise<BankChangeRefundFacts> {
  const s = span(refunds);
  const customers = [...new Set(refunds.flatMap((r) => detailText(r, 'customerId') ?? []))];
  const customerUpdates = s
    ? await auditRecordsBetween(tx, tenantId, {
        kinds: ['customer.updated'],
        from: ago(s.first, withinDays * DAY_MS),
        to: s.last,
        objectIds: customers,
      })
    : [];
  return { refunds, customerUpdates, withinDays };
}

export async function newPlaceFacts(
  tx: Tx,
  tenantId: string,
  signIns: readonly AuditRecordView[],
  lookbackDays: number,
): Promise<NewPlaceFacts> {
  const s = span(signIns);
  const users = new Set(signIns.map((r) => detailText(r, 'userId')));
  const actorIds = [...users].filter((u): u is string => u !== null);
  const history = s
    ? (
        await auditRecordsBetween(tx, tenantId, {
          kinds: ['session.signed_in'],
          from: ago(s.first, lookbackDays * DAY_MS),
          to: s.last,
          actorIds,
        })
      ).filter((h) => users.has(detailText(h, 'userId')))
    : [];
  return { signIns, history, lookbackDays };
}

export async function failedSignInFacts(
  tx: Tx,
  tenantId: string,
  failed: readonly AuditRecordView[],
  afterSeq: bigint,
  policy: MonitoringPolicy['failedSignIns'],
): Promise<FailedSignInFacts> {
  const s = span(failed);
  // Twice the window: the failure before a new one must see its own whole window too (detect-sign-ins.ts).
  const failures = s
    ? await auditRecordsBetween(tx, tenantId, {
        kinds: ['session.sign_in_failed'],
        from: ago(s.first, 2 * policy.windowMinutes * MINUTE_MS),
        to: s.last,
      })
    : [];
  return { failures, afterSeq, threshold: policy.threshold, windowMinutes: policy.windowMinutes };
}
