/**
 * A customer's bank details changed, then money refunded to that customer within N days: the
 * pattern of a payment diverted to a new account. High severity. Judged on each `receipt.refunded`
 * record against the `customer.updated` records that changed `bankAccounts` before it.
 */
import type { AuditRecordView } from '../audit/index.ts';
import { actorText, citeRecords, detailText } from './evidence.ts';
import type { FindingDraft } from './findings.types.ts';

const DAY_MS = 86_400_000;

export interface BankChangeRefundFacts {
  readonly refunds: readonly AuditRecordView[];
  /** `customer.updated` records of the refunds' customers from N days before the first refund on. */
  readonly customerUpdates: readonly AuditRecordView[];
  readonly withinDays: number;
}

/** True when the record changed the customer's bank accounts. */
export function changedBankAccounts(r: AuditRecordView): boolean {
  return r.kind === 'customer.updated' && Object.hasOwn(r.changes, 'bankAccounts');
}

/** The latest bank change of the refund's customer before it, within the window; null if none. */
function bankChangeBefore(refund: AuditRecordView, facts: BankChangeRefundFacts): AuditRecordView | null {
  const customerId = detailText(refund, 'customerId');
  const earliest = refund.occurredAt.getTime() - facts.withinDays * DAY_MS;
  const changes = facts.customerUpdates.filter(
    (u) =>
      changedBankAccounts(u) &&
      u.objectId === customerId &&
      u.seq < refund.seq &&
      u.occurredAt.getTime() >= earliest,
  );
  return changes.at(-1) ?? null;
}

export function detectBankChangeThenRefund(facts: BankChangeRefundFacts): FindingDraft[] {
  return facts.refunds.flatMap((refund) => {
    const change = bankChangeBefore(refund, facts);
    if (!change) return [];
    const days = (refund.occurredAt.getTime() - change.occurredAt.getTime()) / DAY_MS;
    const amount = refund.details.amountMinor;
    return [
      {
        kind: 'bank_change_then_refund' as const,
        severity: 'high' as const,
        title: `Refund to customer ${change.objectId} ${days < 1 ? 'the same day as' : `${Math.floor(days)} days after`} its bank details changed`,
        dedupeKey: `bank_change_then_refund:${refund.seq}`,
        occurredAt: refund.occurredAt,
        evidence: {
          records: citeRecords(change, refund),
          customerId: change.objectId,
          receiptId: refund.objectId,
          facts: {
            bankAccounts: change.changes.bankAccounts,
            changedBy: actorText(change),
            refundedBy: actorText(refund),
            sameActor: change.actor.id !== null && change.actor.id === refund.actor.id,
            refund: {
              receiptAmountMinor: amount,
              currency: refund.details.currency,
              unappliedMinor: refund.changes.unappliedMinor ?? null,
              reason: refund.reason,
            },
            daysBetween: Math.round(days * 100) / 100,
          },
        },
      },
    ];
  });
}
