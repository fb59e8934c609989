/**
 * The port through which issuing asks whether invoices may go out. The invoices module defines it
 * and calls it in the issuing transaction; the credit module implements it (holds, limits, overdue
 * rule, overrides) and the composition root (`coreDeps` in src/modules/core-deps.ts) plugs it in. So
 * invoices does not depend on credit, and credit may read invoices through their door.
 */
import type { Tx } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';

/** Permission to issue despite a refusal: who (with their role) and why. */
export interface IssueOverride {
  reason: string;
  by: { readonly keyId: string | null; readonly userId: string | null; readonly name: string };
  role: string;
}

/** An invoice about to be issued, with what a guard needs of its customer. */
export interface IssuingInvoice {
  invoiceId: string;
  number: string;
  customerId: string;
  customerExternalId: string;
  customerCurrency: string;
  creditLimitMinor: bigint | null;
  currency: string;
  fxRate: string;
  totalMinor: bigint;
  /** Where a refusal points: `override` for one invoice, `invoices[3]` in a run. */
  field: string;
}

export interface IssueContext {
  tenantId: string;
  baseCurrency: string;
  asOf: CalendarDate;
  now: Date;
  override?: IssueOverride | undefined;
}

/** Throws (an AppError naming `field`) to refuse; may record what it let through in `tx`. */
export type IssueGuard = (tx: Tx, ctx: IssueContext, issuing: readonly IssuingInvoice[]) => Promise<void>;
