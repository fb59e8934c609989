/** What the audit trail records of a receipt's change: its unapplied cash before and after, and what moved. */
import type { Tx } from '../../db/client.ts';
import { recordAudit } from '../audit/index.ts';

interface ReceiptState {
  readonly receipt: {
    readonly receiptId: string;
    readonly customerId: string;
    readonly currency: string;
    readonly amountMinor: bigint;
    readonly unappliedMinor: bigint;
  };
}

/**
 * Record `kind` (e.g. `receipt.refunded`) of a receipt: the unapplied cash before (null for a new
 * receipt) and after, the reason given, and `details` (allocations made or undone, amounts).
 */
export function auditReceipt(
  tx: Tx,
  tenantId: string,
  kind: string,
  unappliedBefore: bigint | null,
  after: ReceiptState,
  extra: { reason?: string | null | undefined; details?: Record<string, unknown> } = {},
): Promise<void> {
  const r = after.receipt;
  return recordAudit(tx, tenantId, {
    kind,
    objectType: 'receipt',
    objectId: r.receiptId,
    reason: extra.reason ?? null,
    changes:
      unappliedBefore === r.unappliedMinor ? {} : { unappliedMinor: [unappliedBefore, r.unappliedMinor] },
    details: { customerId: r.customerId, currency: r.currency, amountMinor: r.amountMinor, ...extra.details },
  });
}
