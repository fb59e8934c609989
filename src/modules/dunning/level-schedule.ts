/**
 * The dunning level state machine of one invoice, keyed to its due date and to what it already
 * received — never to "today equals a stored next date", so a missed day delays a level instead
 * of losing it, and catch-up after downtime neither skips nor stacks levels.
 *
 * - The next level is always the one after the last level received (level 1 when none).
 * - It is due on `asOf` when `asOf ≥ due date + offset` (+ grace days for levels after the due
 *   date), and not before the previous level's send date + the gap between the two offsets
 *   (at least one day, so an invoice never receives two levels on one day).
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { plusDays } from './day-numbers.ts';
import type { DunningLevel, DunningPolicy, InvoiceDunningState, LastNotice } from './dunning.types.ts';

/** Earliest day level `level` may go out by its offset: `due + offset (+ grace when offset > 0)`. */
export function earliestByOffset(
  dueDate: CalendarDate,
  level: DunningLevel,
  graceDays: number,
): CalendarDate {
  return plusDays(dueDate, level.offsetDays + (level.offsetDays > 0 ? graceDays : 0));
}

/**
 * Earliest day `level` may follow `last`: its send date + the gap between their offsets, at least
 * one day. `earliestAfter({levelNo: 1, offsetDays: 7, sentOn: '2026-03-20'}, +21)` → 2026-04-03.
 */
export function earliestAfter(last: LastNotice, level: DunningLevel): CalendarDate {
  return plusDays(last.sentOn, Math.max(1, level.offsetDays - last.offsetDays));
}

/** The level the invoice would receive next (whether due yet or not), or null when none is left. */
export function nextLevelOf(
  policy: DunningPolicy,
  invoice: Pick<InvoiceDunningState, 'last'>,
): DunningLevel | null {
  return policy.levels[invoice.last?.levelNo ?? 0] ?? null;
}

/** The earliest day the next level may go out, or null when no level is left. */
export function nextLevelDueOn(
  policy: DunningPolicy,
  invoice: Pick<InvoiceDunningState, 'dueDate' | 'last'>,
): CalendarDate | null {
  const level = nextLevelOf(policy, invoice);
  if (!level) return null;
  const byOffset = earliestByOffset(invoice.dueDate, level, policy.graceDays);
  if (!invoice.last) return byOffset;
  const byGap = earliestAfter(invoice.last, level);
  return byGap > byOffset ? byGap : byOffset;
}

/** The level due for the invoice on `asOf`, or null (not yet, or every level received). */
export function levelDueOn(
  policy: DunningPolicy,
  invoice: Pick<InvoiceDunningState, 'dueDate' | 'last'>,
  asOf: CalendarDate,
): DunningLevel | null {
  const dueOn = nextLevelDueOn(policy, invoice);
  return dueOn !== null && asOf >= dueOn ? nextLevelOf(policy, invoice) : null;
}
