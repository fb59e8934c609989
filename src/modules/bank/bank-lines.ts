/**
 * The life of a bank line in cash application: `new` when imported; then one verdict — `applied`
 * (booked as a receipt, which the line names), `suggested` or `unmatched` (in the review queue),
 * or `ignored` (not a customer receipt; posted to an account when a rule said so).
 */
export const BANK_LINE_STATUSES = ['new', 'applied', 'suggested', 'unmatched', 'ignored'] as const;
export type BankLineStatus = (typeof BANK_LINE_STATUSES)[number];

/** What deciding a line can make of it. */
export type BankLineVerdict = Exclude<BankLineStatus, 'new'>;
export const BANK_LINE_VERDICTS = BANK_LINE_STATUSES.filter((s): s is BankLineVerdict => s !== 'new');

/** Lines a person may still book or ignore: not applied (an ignored line posted by a rule is booked too). */
export const OPEN_LINE_STATUSES: readonly BankLineStatus[] = ['new', 'suggested', 'unmatched', 'ignored'];

export function isBankLineStatus(value: string): value is BankLineStatus {
  return (BANK_LINE_STATUSES as readonly string[]).includes(value);
}
