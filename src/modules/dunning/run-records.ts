/**
 * What a recorded run writes, derived (pure) from its charged letters: letter rows, notice rows,
 * the charge document of each letter with a fee or interest, and the letters as the run reports
 * them (and hands them to `onLetters`).
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { formatAmount } from '../../shared/money.ts';
import type { ChargeDocument, ChargeLine } from '../invoices/index.ts';
import type { InterestDetail } from './dunning.tables.ts';
import type { Channel, LetterStatus } from './dunning.types.ts';
import type { InterestResult } from './interest.ts';
import type { ChargedLetter, ChargedNotice } from './letter-charges.ts';
import { letterTemplateLevel } from './letter-template.ts';
import type { NewLetterRow, NewNoticeRow } from './run.repository.ts';

export interface LetterCustomer {
  readonly externalId: string;
  readonly name: string;
  readonly language: string;
}

export interface LetterInvoice {
  readonly invoiceId: string;
  readonly number: string;
  readonly dueDate: CalendarDate;
  readonly daysOverdue: number;
  readonly levelNo: number;
  readonly openMinor: bigint;
  readonly interestMinor: bigint;
  readonly interestFrom: CalendarDate | null;
  readonly interestThrough: CalendarDate | null;
}

/** A letter as a run plans or records it (ids are null in a dry run). */
export interface DunningLetter {
  readonly letterId: string | null;
  readonly runId: string | null;
  readonly asOf: CalendarDate;
  readonly customerId: string;
  readonly customer: LetterCustomer;
  readonly currency: string;
  readonly policyId: string;
  readonly levelNo: number;
  readonly templateKey: string;
  /** The message template slot its wording takes (`dunning-N`), from the level's key (letter-template.ts). */
  readonly templateLevel: number;
  readonly channel: Channel;
  readonly status: LetterStatus;
  readonly openMinor: bigint;
  readonly overdueMinor: bigint;
  readonly feeMinor: bigint;
  readonly interestMinor: bigint;
  /** The DUN document carrying fee and interest as an open item (null when both are zero). */
  readonly chargeInvoiceId: string | null;
  readonly chargeNumber: string | null;
  readonly handsOver: boolean;
  readonly invoices: readonly LetterInvoice[];
  /** A letter of channel `letter` recorded as printed and posted (absent or null: not printed). */
  readonly printed?: LetterPrinted | null;
}

export interface LetterPrinted {
  readonly at: Date;
  /** Who recorded it: a user's name, an API key's label (or id), or the CLI's user. */
  readonly by: { readonly name: string; readonly keyId: string | null; readonly userId: string | null };
}

/** `planned` for a letter to deliver; `recorded` for channel `none`, which delivers nothing. */
export function initialStatus(channel: Channel): LetterStatus {
  return channel === 'none' ? 'recorded' : 'planned';
}

/** The template slot of a charged letter: its level's key, never the pre-due text for overdue items. */
export function templateLevelOf(letter: ChargedLetter): number {
  return letterTemplateLevel(
    letter.level,
    letter.policy,
    letter.notices.some((n) => n.daysOverdue > 0),
  );
}

/** The letter as reported; `ids` are the recorded run's, null in a dry run. */
export function letterView(
  letter: ChargedLetter,
  asOf: CalendarDate,
  customer: LetterCustomer,
  ids: {
    letterId: string;
    runId: string;
    chargeInvoiceId: string | null;
    chargeNumber: string | null;
  } | null,
): DunningLetter {
  return {
    letterId: ids?.letterId ?? null,
    runId: ids?.runId ?? null,
    asOf,
    customerId: letter.customerId,
    customer,
    currency: letter.currency,
    policyId: letter.policy.policyId,
    levelNo: letter.level.levelNo,
    templateKey: letter.level.templateKey,
    templateLevel: templateLevelOf(letter),
    channel: letter.level.channel,
    status: initialStatus(letter.level.channel),
    openMinor: letter.openMinor,
    overdueMinor: letter.overdueMinor,
    feeMinor: letter.feeMinor,
    interestMinor: letter.interestMinor,
    chargeInvoiceId: ids?.chargeInvoiceId ?? null,
    chargeNumber: ids?.chargeNumber ?? null,
    handsOver: letter.handsOver,
    invoices: letter.notices.map((n) => ({
      invoiceId: n.invoice.invoiceId,
      number: n.invoice.number,
      dueDate: n.invoice.dueDate,
      daysOverdue: n.daysOverdue,
      levelNo: n.level.levelNo,
      openMinor: n.invoice.openMinor,
      interestMinor: n.interest?.interestMinor ?? 0n,
      interestFrom: n.interest?.from ?? null,
      interestThrough: n.interest?.through ?? null,
    })),
  };
}

export function letterRow(
  letter: ChargedLetter,
  asOf: CalendarDate,
  ids: { letterId: string; runId: string; chargeInvoiceId: string | null },
  letterheadVersion: number,
): NewLetterRow {
  return {
    ...ids,
    letterheadVersion,
    customerId: letter.customerId,
    currency: letter.currency,
    asOf,
    policyId: letter.policy.policyId,
    levelNo: letter.level.levelNo,
    templateKey: letter.level.templateKey,
    templateLevel: templateLevelOf(letter),
    channel: letter.level.channel,
    status: initialStatus(letter.level.channel),
    openMinor: letter.openMinor,
    overdueMinor: letter.overdueMinor,
    feeMinor: letter.feeMinor,
    interestMinor: letter.interestMinor,
    handsOver: letter.handsOver,
  };
}

export function noticeRow(notice: ChargedNotice, letterId: string, asOf: CalendarDate): NewNoticeRow {
  const i = notice.interest;
  return {
    invoiceId: notice.invoice.invoiceId,
    levelNo: notice.level.levelNo,
    letterId,
    offsetDays: notice.level.offsetDays,
    sentOn: asOf,
    openMinor: notice.invoice.openMinor,
    daysOverdue: notice.daysOverdue,
    interestMinor: i?.interestMinor ?? 0n,
    interestFrom: i?.from ?? null,
    interestThrough: i?.through ?? null,
    interestDetail: i ? interestDetail(i, notice.invoice.currency) : null,
  };
}

function interestDetail(i: InterestResult, currency: string): InterestDetail {
  return {
    exact: `${i.exact.num}/${i.exact.den}`,
    segments: i.segments.map((s) => ({
      from: s.from,
      through: s.through,
      days: s.days,
      principal: formatAmount(s.principalMinor, currency),
      ratePct: s.ratePct,
      divisor: s.divisor,
    })),
  };
}

/**
 * The open item carrying a letter's fee and interest — one line each; the interest per invoice is
 * on the letter's notices — or null when there is nothing to charge. Its rate is the one fixed on
 * the letter's latest invoice.
 */
export function chargeDocumentOf(
  letter: ChargedLetter,
  asOf: CalendarDate,
  invoiceId: string,
): ChargeDocument | null {
  const lines: ChargeLine[] = [];
  if (letter.feeMinor > 0n)
    lines.push({
      description: `Dunning fee, reminder level ${letter.level.levelNo} of ${asOf}`,
      amountMinor: letter.feeMinor,
      incomeRole: 'dunning_fee_income',
    });
  if (letter.interestMinor > 0n)
    lines.push({
      description: interestText(letter, asOf),
      amountMinor: letter.interestMinor,
      incomeRole: 'interest_income',
    });
  if (lines.length === 0) return null;
  const latest = letter.notices.at(-1)?.invoice;
  return {
    invoiceId,
    customerId: letter.customerId,
    currency: letter.currency,
    fxRate: latest?.fxRate ?? '1',
    issueDate: asOf,
    description: `Dunning charges of ${asOf}`,
    lines,
  };
}

/** "Interest on INV-1, 2026-02-01 to 2026-03-03 (31 days at 12.62 %)", or a list of invoices. */
function interestText(letter: ChargedLetter, asOf: CalendarDate): string {
  const charged = letter.notices.flatMap((n) =>
    n.interest && n.interest.interestMinor > 0n ? [{ n, i: n.interest }] : [],
  );
  const [only] = charged;
  if (charged.length === 1 && only) {
    const rates = [...new Set(only.i.segments.map((s) => `${s.ratePct} %`))].join(', ');
    return `Interest on ${only.n.invoice.number}, ${only.i.from} to ${only.i.through} (${only.i.days} days at ${rates})`;
  }
  const numbers = charged.map((c) => c.n.invoice.number).join(', ');
  return `Interest to ${asOf} on ${charged.length} invoices (${numbers}), as itemised in the reminder`.slice(
    0,
    500,
  );
}
