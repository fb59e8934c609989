/**
 * What a run tells its caller besides its letters: why it planned less than one would expect.
 * Each notice has a stable code, a count and a sentence; the CLI prints the sentences and the API
 * answers them in `notices`, so a quiet run is never silent about its reason.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import type { CustomerDunningState, InvoiceDunningState } from './dunning.types.ts';

export const RUN_NOTICE_CODES = ['no_policy', 'imported_after_as_of', 'no_email_address'] as const;
export type RunNoticeCode = (typeof RUN_NOTICE_CODES)[number];

export interface RunNotice {
  readonly code: RunNoticeCode;
  readonly count: number;
  readonly message: string;
}

/** Customers with an invoice past due on `asOf` that no policy covers (none of their own, no default). */
export function customersWithoutPolicy(
  invoices: readonly Pick<InvoiceDunningState, 'customerId' | 'dueDate'>[],
  customers: ReadonlyMap<string, Pick<CustomerDunningState, 'policyId'>>,
  asOf: CalendarDate,
): number {
  const overdue = new Set(invoices.filter((i) => i.dueDate < asOf).map((i) => i.customerId));
  return [...overdue].filter((id) => (customers.get(id)?.policyId ?? null) === null).length;
}

/** The notice for `count` overdue customers without a policy, or none. */
export function noPolicyNotice(count: number, policyCount: number): RunNotice[] {
  if (count === 0) return [];
  const why =
    policyCount === 0
      ? 'the tenant has no dunning policy: add one, e.g. `cashloop dunning policy add-preset gentle` (list: `cashloop dunning policy presets`)'
      : 'none is assigned to them and no policy is the default';
  return [
    {
      code: 'no_policy',
      count,
      message: `${count} customer(s) with overdue invoices have no dunning policy: ${why}.`,
    },
  ];
}

/** The notice for open items imported after `asOf`, per import day (they have no history before it). */
export function importedAfterNotice(
  byDay: readonly { importedOn: CalendarDate; count: number }[],
  asOf: CalendarDate,
  effect: string,
): RunNotice[] {
  const count = byDay.reduce((s, d) => s + d.count, 0);
  if (count === 0) return [];
  const days = byDay.map((d) => d.importedOn).join(', ');
  return [
    {
      code: 'imported_after_as_of',
      count,
      message: `${count} open item(s) imported on ${days} are after the as-of date ${asOf} and ${effect}.`,
    },
  ];
}

/** The notice for email letters sent to the print queue because their customer has no address. */
export function noEmailNotice(count: number): RunNotice[] {
  if (count === 0) return [];
  return [
    {
      code: 'no_email_address',
      count,
      message: `${count} email letter(s) went to the print queue: their customer has no email address (or takes no email).`,
    },
  ];
}
