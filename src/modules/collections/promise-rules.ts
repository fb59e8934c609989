/**
 * When a promise to pay is settled. Pure: the evaluation feeds it what was paid and what is left.
 *
 * - kept: the promised amount was received (allocated to the named invoices, or received from the
 *   customer when no invoice is named) between the day it was made and `keepBy` (the promised date
 *   + the grace days) — or every named invoice is settled, so nothing is left to pay;
 * - broken: `asOf` is past `keepBy` and neither holds;
 * - open: otherwise (it can still be kept).
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';

export type PromiseOutcome = 'kept' | 'broken' | 'open';

export interface PromiseTerms {
  amountMinor: bigint;
  keepBy: CalendarDate;
  invoiceCount: number;
}

export interface PromiseProgress {
  /** Received towards the promise within its window. */
  paidMinor: bigint;
  /** Still open on the named invoices (0 for a promise without invoices). */
  openLeftMinor: bigint;
}

/** `settlePromise({amountMinor: 100n, keepBy: '2026-05-05', invoiceCount: 1}, {paidMinor: 40n, openLeftMinor: 60n}, '2026-05-06') === 'broken'`. */
export function settlePromise(
  terms: PromiseTerms,
  progress: PromiseProgress,
  asOf: CalendarDate,
): PromiseOutcome {
  if (progress.paidMinor >= terms.amountMinor) return 'kept';
  if (terms.invoiceCount > 0 && progress.openLeftMinor === 0n) return 'kept';
  return asOf > terms.keepBy ? 'broken' : 'open';
}
