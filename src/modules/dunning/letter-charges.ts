/**
 * Fees and interest of planned letters (pure). The fee comes from the letter's level, in the
 * letter's currency. Interest is charged per invoice whose own level charges it, for the days since
 * the last day interest was charged on that invoice (else since the day after its due date)
 * through `asOf`, so no day is ever charged twice and none is lost while levels without interest
 * go out first.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { daysFrom, plusDays } from './day-numbers.ts';
import type { InvoiceDunningState } from './dunning.types.ts';
import { type BalanceChange, computeInterest, type InterestResult } from './interest.ts';
import type { PlannedLetter, PlannedNotice } from './letter-plan.ts';

export interface ChargedNotice extends PlannedNotice {
  /** Days past the due date on `asOf` (negative before it). */
  readonly daysOverdue: number;
  readonly interest: InterestResult | null;
}

export interface ChargedLetter extends Omit<PlannedLetter, 'notices'> {
  readonly notices: readonly ChargedNotice[];
  readonly feeMinor: bigint;
  /** Σ of the notices' interest, each rounded once. */
  readonly interestMinor: bigint;
}

/** The days interest would be charged for on `asOf`, or null when there are none. */
export function interestPeriod(
  invoice: Pick<InvoiceDunningState, 'dueDate' | 'interestThrough'>,
  asOf: CalendarDate,
): { from: CalendarDate; through: CalendarDate } | null {
  const afterDue = plusDays(invoice.dueDate, 1);
  const afterLast = invoice.interestThrough ? plusDays(invoice.interestThrough, 1) : afterDue;
  const from = afterLast > afterDue ? afterLast : afterDue;
  return from <= asOf ? { from, through: asOf } : null;
}

/** The invoices of `letters` that will be charged interest on `asOf` (their history must be loaded). */
export function invoicesNeedingInterest(letters: readonly PlannedLetter[], asOf: CalendarDate): string[] {
  return letters.flatMap((letter) =>
    letter.policy.interest === null
      ? []
      : letter.notices
          .filter((n) => n.level.chargesInterest && interestPeriod(n.invoice, asOf) !== null)
          .map((n) => n.invoice.invoiceId),
  );
}

/** Price every letter: fee by level and currency, interest per invoice from its balance history. */
export function chargeLetters(
  letters: readonly PlannedLetter[],
  asOf: CalendarDate,
  history: ReadonlyMap<string, readonly BalanceChange[]>,
): ChargedLetter[] {
  return letters.map((letter) => {
    const notices = letter.notices.map((n) => chargeNotice(letter, n, asOf, history));
    const interestMinor = notices.reduce((s, n) => s + (n.interest?.interestMinor ?? 0n), 0n);
    const feeMinor = letter.level.feesMinor[letter.currency] ?? 0n;
    return { ...letter, notices, feeMinor, interestMinor };
  });
}

function chargeNotice(
  letter: PlannedLetter,
  notice: PlannedNotice,
  asOf: CalendarDate,
  history: ReadonlyMap<string, readonly BalanceChange[]>,
): ChargedNotice {
  const daysOverdue = daysFrom(notice.invoice.dueDate, asOf);
  const terms = letter.policy.interest;
  const period = interestPeriod(notice.invoice, asOf);
  if (!terms || !notice.level.chargesInterest || !period) return { ...notice, daysOverdue, interest: null };
  const changes = history.get(notice.invoice.invoiceId);
  if (!changes) throw new Error(`no balance history loaded for invoice ${notice.invoice.invoiceId}`);
  return { ...notice, daysOverdue, interest: computeInterest(changes, period.from, period.through, terms) };
}
