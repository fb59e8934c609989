/**
 * Dunning domain records: policies (levels, grace, minimums, statutory interest), the per-invoice
 * dunning state the planner reads, and the letters and notices a run records.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';

export const CHANNELS = ['email', 'letter', 'none'] as const;
/** How a letter reaches the customer; `none` records the level without sending anything. */
export type Channel = (typeof CHANNELS)[number];

export const DAY_COUNTS = ['act/365', 'act/360', 'act/act'] as const;
/** Interest day count: actual days over 365, over 360, or over the days of the calendar year. */
export type DayCount = (typeof DAY_COUNTS)[number];

/**
 * A letter's lifecycle: `planned` when the run records it, `queued` and `sent` (or `failed`) as the
 * outbox delivers it; `recorded` for channel `none` (the level counts, nothing is delivered).
 */
export const LETTER_STATUSES = ['planned', 'queued', 'sent', 'failed', 'recorded'] as const;
export type LetterStatus = (typeof LETTER_STATUSES)[number];

export interface DunningLevel {
  /** 1-based position in offset order. */
  readonly levelNo: number;
  /** Days relative to the due date: negative before it (a friendly pre-due reminder). */
  readonly offsetDays: number;
  readonly templateKey: string;
  readonly channel: Channel;
  /** Fee charged with a letter of this level, per currency, in minor units. */
  readonly feesMinor: Readonly<Record<string, bigint>>;
  readonly chargesInterest: boolean;
  readonly handsOver: boolean;
}

export interface BaseRate {
  readonly effectiveFrom: CalendarDate;
  /** Annual rate in percent as a decimal string; may be negative (a reference rate). */
  readonly ratePct: string;
}

/** Statutory interest: annual rate = base rate in force that day + margin, never below zero. */
export interface InterestTerms {
  readonly dayCount: DayCount;
  readonly marginPct: string;
  /** Sorted by `effectiveFrom`; no interest accrues before the first. */
  readonly baseRates: readonly BaseRate[];
}

export interface DunningPolicy {
  readonly policyId: string;
  readonly name: string;
  readonly isDefault: boolean;
  /** Extra days before a level after the due date falls due. */
  readonly graceDays: number;
  /** A letter below this amount (per currency, minor units) is not sent. */
  readonly minimumMinor: Readonly<Record<string, bigint>>;
  readonly interest: InterestTerms | null;
  /**
   * Issue a final interest statement when an invoice that was charged interest is paid after the
   * last charge: the interest from then to the payment, as an open item (final-interest.ts).
   */
  readonly finalInterestStatement: boolean;
  /** Strictly increasing offsets, `levelNo` 1..n. */
  readonly levels: readonly DunningLevel[];
}

/** The last level an invoice received, and the day its letter was recorded. */
export interface LastNotice {
  readonly levelNo: number;
  readonly offsetDays: number;
  readonly sentOn: CalendarDate;
}

/** One open invoice as the planner sees it. */
export interface InvoiceDunningState {
  readonly invoiceId: string;
  readonly number: string;
  readonly customerId: string;
  readonly currency: string;
  readonly dueDate: CalendarDate;
  readonly openMinor: bigint;
  /** Base currency per unit of `currency`, fixed at issue (a charge document in it uses it too). */
  readonly fxRate: string;
  readonly last: LastNotice | null;
  /** Interest has been charged for every day up to and including this date (null: never). */
  readonly interestThrough: CalendarDate | null;
}

export interface DunningHold {
  /** Last day of the hold (inclusive); null: until released. */
  readonly until: CalendarDate | null;
  readonly reason: string;
}

export interface CustomerDunningState {
  readonly customerId: string;
  /** The policy that applies (customer, else category, else the tenant's default), or null. */
  readonly policyId: string | null;
  readonly hold: DunningHold | null;
}
