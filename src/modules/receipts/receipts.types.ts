/** What the receipts module books for other modules (cash application's bank lines). */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import type { AdjustmentDraft, AllocationDraft } from './receipt-application.ts';

/** Money that arrived on one of the tenant's bank accounts. */
export interface IncomingPayment {
  readonly receivedOn: CalendarDate;
  readonly amountMinor: bigint;
  readonly currency: string;
  /** Base currency per unit of `currency`; required when it is not the base currency. */
  readonly fxRate: string | null;
  readonly payerName: string | null;
  /** A valid IBAN or null. */
  readonly payerIban: string | null;
  readonly reference: string | null;
  /** The cash account of the bank account it arrived on (1201 …). */
  readonly cashAccountCode: string;
}

/** A settlement adjustment with the reason that goes into its journal entry. */
export interface ReasonedAdjustment extends AdjustmentDraft {
  readonly reason: string;
}

/** Where a payment goes: the customer's invoices, and what settles them short. */
export interface ReceiptApplication {
  readonly customerId: string;
  readonly allocations: readonly AllocationDraft[];
  readonly adjustments: readonly ReasonedAdjustment[];
}

/**
 * One receipt to settle: a new payment to record and apply, or the unapplied cash of an existing
 * receipt to apply again (a bank line applied anew after its application was undone).
 */
export type ReceiptSettlement =
  | { readonly kind: 'new'; readonly payment: IncomingPayment; readonly application: ReceiptApplication }
  | {
      readonly kind: 'existing';
      readonly receiptId: string;
      readonly date: CalendarDate;
      readonly application: ReceiptApplication;
    };
