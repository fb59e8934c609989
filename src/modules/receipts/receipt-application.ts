/**
 * The one check of a receipt's application: its allocations and settlement adjustments against
 * the invoices they settle. Pure, so that the single path (`allocateReceipt`, `recordReceipt`) and
 * the bulk path (`recordReceiptsInBulk`) refuse exactly the same things with the same words.
 */
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import type { SettlementAdjustmentKind } from '../invoices/index.ts';
import { assertCanApply } from '../invoices/index.ts';

/** What settling needs to know of an invoice (the caller holds its row lock). */
export interface InvoiceBalance {
  readonly invoiceId: string;
  readonly kind: string;
  readonly number: string | null;
  readonly customerId: string;
  readonly currency: string;
  readonly status: string;
  readonly openMinor: bigint;
  readonly totalMinor: bigint;
}

export interface AllocationDraft {
  readonly invoiceId: string;
  readonly amountMinor: bigint;
}

export interface AdjustmentDraft {
  readonly invoiceId: string;
  readonly kind: SettlementAdjustmentKind;
  readonly amountMinor: bigint;
}

/** A receipt's cash to apply: whose, in which currency, how much of it is free, and where it goes. */
export interface ApplicationDraft {
  readonly customerId: string;
  /**
   * The customers whose invoices this receipt may settle: its own customer, and the rest of that
   * customer's group when it pays for others (a group treasury paying its members' invoices;
   * `settlingCustomers` reads it). Any other customer's invoice is refused.
   */
  readonly settles: ReadonlySet<string>;
  readonly currency: string;
  /** The receipt's unapplied cash (its amount, for a new receipt). */
  readonly availableMinor: bigint;
  readonly allocations: readonly AllocationDraft[];
  readonly adjustments: readonly AdjustmentDraft[];
}

const ADJUSTMENT_LABEL: Record<SettlementAdjustmentKind, string> = {
  discount: 'discount',
  bank_charge: 'bank charge',
};

/**
 * Check `draft` against the open amounts of `balanceOf` and return the open amounts of the
 * invoices it touches afterwards (an invoice may take an allocation and an adjustment, e.g. a
 * payment less its early-payment discount). Refuses, naming the field under `path`
 * (`allocations[1].amount`): an invoice allocated twice, one that is not an open invoice of the
 * receipt's customer (or of its group: `draft.settles`) in its currency, an amount that is not positive or exceeds what is still
 * open, and allocations beyond the cash available.
 *
 * @example
 * checkApplication({ customerId, settles: new Set([customerId]), currency: 'EUR', availableMinor: 980_00n,
 *   allocations: [{ invoiceId, amountMinor: 980_00n }],
 *   adjustments: [{ invoiceId, kind: 'discount', amountMinor: 20_00n }] }, balances.get)
 * // → Map { invoiceId → 0n } for an invoice open for 1,000.00
 */
export function checkApplication(
  draft: ApplicationDraft,
  balanceOf: (invoiceId: string) => InvoiceBalance | undefined,
  path = '',
): Map<string, bigint> {
  assertNoDuplicates(draft.allocations, path);
  const open = new Map<string, bigint>();
  const take = (invoiceId: string, amountMinor: bigint, field: string, what: string) => {
    const invoice = balanceOf(invoiceId);
    if (!invoice) throw notFound('invoice', invoiceId);
    assertSettles(draft, invoice, field);
    const left = (open.get(invoiceId) ?? invoice.openMinor) - amountMinor;
    if (amountMinor <= 0n)
      throw validationFailed(`${what} amount must be positive`, [
        { field: `${field}.amount`, message: 'must be positive' },
      ]);
    if (left < 0n)
      throw new AppError('over_allocation', `${what} exceeds the open amount of ${invoice.number}`, [
        { field: `${field}.amount`, message: 'exceeds open amount' },
      ]);
    open.set(invoiceId, left);
  };
  for (const [i, a] of draft.allocations.entries())
    take(a.invoiceId, a.amountMinor, `${path}allocations[${i}]`, 'allocation');
  for (const [i, a] of draft.adjustments.entries())
    take(a.invoiceId, a.amountMinor, `${path}adjustments[${i}]`, ADJUSTMENT_LABEL[a.kind]);
  assertWithinAvailable(draft, path);
  return open;
}

function assertNoDuplicates(allocations: readonly AllocationDraft[], path: string): void {
  const ids = allocations.map((a) => a.invoiceId);
  if (new Set(ids).size !== ids.length)
    throw validationFailed('an invoice appears twice in the allocations', [
      { field: `${path}allocations`, message: 'duplicate invoice' },
    ]);
}

/**
 * The invoice is open to payments, and an invoice in the receipt's currency of the receipt's
 * customer or of a customer of its group (`draft.settles`).
 */
function assertSettles(draft: ApplicationDraft, invoice: InvoiceBalance, field: string): void {
  assertCanApply('allocate', invoice.status, invoice.number);
  if (invoice.kind !== 'invoice')
    throw validationFailed(`${invoice.number} is not an invoice`, [{ field, message: 'not an invoice' }]);
  if (invoice.customerId !== draft.customerId && !draft.settles.has(invoice.customerId))
    throw validationFailed(`invoice ${invoice.number} belongs to another customer`, [
      { field, message: 'other customer' },
    ]);
  if (invoice.currency !== draft.currency)
    throw validationFailed(
      `invoice ${invoice.number} is in ${invoice.currency}, the receipt in ${draft.currency}`,
      [{ field, message: 'currency differs' }],
    );
}

function assertWithinAvailable(draft: ApplicationDraft, path: string): void {
  const total = draft.allocations.reduce((s, a) => s + a.amountMinor, 0n);
  if (total > draft.availableMinor)
    throw new AppError('over_allocation', `allocations total more than the receipt's unapplied cash`, [
      { field: `${path}allocations`, message: 'exceed unapplied cash' },
    ]);
}
