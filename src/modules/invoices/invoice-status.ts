/**
 * The invoice lifecycle as data: draft → issued → partially_paid → paid, or credited, void or
 * written_off. `overdue` is never stored: it is derived from the due date and the open amount.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { invalidState } from '../../shared/errors.ts';

export const INVOICE_STATUSES = [
  'draft',
  'issued',
  'partially_paid',
  'paid',
  'credited',
  'void',
  'written_off',
] as const;
export type InvoiceStatus = (typeof INVOICE_STATUSES)[number];

export type InvoiceAction = 'issue' | 'void' | 'allocate' | 'credit' | 'write_off' | 'unapply';

const ALLOWED: Record<InvoiceAction, readonly InvoiceStatus[]> = {
  issue: ['draft'],
  void: ['draft', 'issued'],
  allocate: ['issued', 'partially_paid'],
  credit: ['issued', 'partially_paid'],
  write_off: ['issued', 'partially_paid'],
  unapply: ['issued', 'partially_paid', 'paid', 'credited', 'written_off'],
};

/** Throws `invalid_state` unless `action` is allowed from `status`. */
export function assertCanApply(action: InvoiceAction, status: string, number: string | null): void {
  if (!(ALLOWED[action] as readonly string[]).includes(status)) {
    throw invalidState(`cannot ${action.replace('_', ' ')} invoice ${number ?? '(draft)'}: it is ${status}`);
  }
}

/** What closed the invoice last decides its status once nothing is open. */
export type ClosingEvent = 'payment' | 'credit' | 'write_off';

/** Status of an issued invoice from its open amount. `statusFor(0n, 100n, 'payment') === 'paid'`. */
export function statusFor(openMinor: bigint, totalMinor: bigint, lastEvent: ClosingEvent): InvoiceStatus {
  if (openMinor === totalMinor) return 'issued';
  if (openMinor > 0n) return 'partially_paid';
  switch (lastEvent) {
    case 'payment':
      return 'paid';
    case 'credit':
      return 'credited';
    case 'write_off':
      return 'written_off';
  }
}

/** Overdue: issued, something still open, and the due date is before `asOf`. */
export function isOverdue(
  status: string,
  openMinor: bigint,
  dueDate: CalendarDate | null,
  asOf: CalendarDate,
): boolean {
  return (
    (status === 'issued' || status === 'partially_paid') &&
    openMinor > 0n &&
    dueDate !== null &&
    dueDate < asOf
  );
}
