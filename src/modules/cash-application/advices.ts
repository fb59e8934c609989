/**
 * Remittance advices: a customer pays many invoices in one transfer and sends the breakdown apart
 * (a CSV or e-mail list, a camt.054). What an advice says, and the index a run keeps of the open
 * ones: by currency and total, which is what a bank line must equal to be the advice's payment.
 * The matching itself is advice-proposals.ts.
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import type { BankLine } from './match-context.ts';

export const ADVICE_STATUSES = ['open', 'matched', 'applied'] as const;
/** `open`: no bank line found yet; `matched`: its line is in review; `applied`: booked per advice line. */
export type AdviceStatus = (typeof ADVICE_STATUSES)[number];

export const ADVICE_FORMATS = ['csv', 'camt.054'] as const;
export type AdviceFormat = (typeof ADVICE_FORMATS)[number];

/** One line of an advice: the invoice as the payer wrote it and what it pays on it. */
export interface AdviceLine {
  /** The invoice reference as written (`RE 4711`). */
  readonly reference: string;
  /** What the payer pays on it; negative for a credit note it deducts. */
  readonly amountMinor: bigint;
  /** Why less than the invoice (`Transportschaden`), when the payer says. */
  readonly reason: string | null;
  /** The line of the file it was read from (1-based). */
  readonly sourceLine: number;
}

/** An advice as read from a file (before it is stored). */
export interface ParsedAdvice {
  readonly payerName: string | null;
  readonly payerIban: string | null;
  /** Payment reference or end-to-end id of the transfer, when stated. */
  readonly paymentReference: string | null;
  readonly date: CalendarDate;
  readonly currency: string;
  /** The lump sum: the lines' sum (a stated total that differs is refused). */
  readonly totalMinor: bigint;
  readonly lines: readonly AdviceLine[];
  /** Where the advice starts in the file (1-based). */
  readonly sourceLine: number;
}

/** An advice the engine may match: a stored one, not yet applied. */
export interface RemittanceAdvice extends ParsedAdvice {
  readonly adviceId: string;
}

/** A bank line's amount and currency as a key: an advice's total must be the line's amount. */
function keyOf(currency: string, amountMinor: bigint): string {
  return `${currency}|${amountMinor}`;
}

/**
 * The run's open advices by currency and total, and the run's bank lines of those amounts (so
 * that two lines that fit one advice equally are seen). An advice applied during the run leaves.
 */
export class AdviceIndex {
  private readonly byKey = new Map<string, RemittanceAdvice[]>();
  private readonly keyOfAdvice = new Map<string, string>();
  private readonly linesByKey = new Map<string, BankLine[]>();

  get size(): number {
    return this.byKey.size;
  }

  add(advice: RemittanceAdvice): void {
    const key = keyOf(advice.currency, advice.totalMinor);
    this.byKey.set(key, [...(this.byKey.get(key) ?? []), advice]);
    this.keyOfAdvice.set(advice.adviceId, key);
  }

  /** After its line was applied: the advice matches no other line. */
  remove(adviceId: string): void {
    const key = this.keyOfAdvice.get(adviceId);
    if (key === undefined) return;
    this.keyOfAdvice.delete(adviceId);
    const rest = (this.byKey.get(key) ?? []).filter((a) => a.adviceId !== adviceId);
    if (rest.length === 0) this.byKey.delete(key);
    else this.byKey.set(key, rest);
  }

  /** Remember the run's lines whose amount is some advice's total (call after adding the advices). */
  seeLines(lines: Iterable<BankLine>): void {
    if (this.byKey.size === 0) return;
    for (const line of lines) {
      const key = keyOf(line.currency, line.amountMinor);
      if (!this.byKey.has(key)) continue;
      const list = this.linesByKey.get(key);
      if (list) list.push(line);
      else this.linesByKey.set(key, [line]);
    }
  }

  /** Advices whose total is the line's amount, in the line's currency. */
  candidates(line: BankLine): readonly RemittanceAdvice[] {
    return this.byKey.get(keyOf(line.currency, line.amountMinor)) ?? [];
  }

  /** The run's other lines of the same amount and currency. */
  otherLines(line: BankLine): readonly BankLine[] {
    return (this.linesByKey.get(keyOf(line.currency, line.amountMinor)) ?? []).filter(
      (l) => l.id !== line.id,
    );
  }
}
