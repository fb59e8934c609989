/**
 * JournalEntryBuilder: collects signed lines (debit > 0, credit < 0) and refuses to produce an
 * entry unless it balances in every currency and in the base currency.
 *
 * @example
 * const entry = new JournalEntryBuilder('invoice.issued', '2024-03-01', 'Invoice INV-1')
 *   .debit('ar_control', money(11900n, 'EUR'), 11900n, { customerId, invoiceId })
 *   .credit('revenue', money(10000n, 'EUR'), 10000n)
 *   .credit('tax_payable', money(1900n, 'EUR'), 1900n)
 *   .build();
 */
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { AppError } from '../../shared/errors.ts';
import type { Money } from '../../shared/money.ts';
import type { AccountRole } from './chart-of-accounts.ts';

export interface LineDimensions {
  /** Post to this account of the chart rather than the role's default (see JournalLineDraft). */
  readonly accountCode?: string;
  readonly customerId?: string | null;
  readonly invoiceId?: string | null;
  readonly receiptId?: string | null;
  readonly memo?: string;
}

export interface JournalLineDraft extends LineDimensions {
  readonly role: AccountRole;
  /**
   * A specific account of the chart instead of the role's default one — e.g. the cash account of
   * the bank account a receipt arrived on (1201 …), which plays the `bank` role.
   */
  readonly accountCode?: string;
  readonly currency: string;
  /** Signed: debit positive, credit negative, in the line's currency. */
  readonly amountMinor: bigint;
  /** Signed, in the tenant's base currency. */
  readonly baseAmountMinor: bigint;
}

export interface JournalEntryDraft {
  readonly eventCode: string;
  readonly effectiveDate: CalendarDate;
  readonly description: string;
  readonly lines: readonly JournalLineDraft[];
  readonly source?: { type: string; id: string };
  readonly reversesEntryId?: string;
}

export class JournalEntryBuilder {
  private readonly lines: JournalLineDraft[] = [];
  private source: { type: string; id: string } | undefined;

  constructor(
    private readonly eventCode: string,
    private readonly effectiveDate: CalendarDate,
    private readonly description: string,
  ) {}

  debit(role: AccountRole, amount: Money, baseAmountMinor: bigint, dims: LineDimensions = {}): this {
    return this.line(role, amount.currency, amount.amountMinor, baseAmountMinor, dims);
  }

  credit(role: AccountRole, amount: Money, baseAmountMinor: bigint, dims: LineDimensions = {}): this {
    return this.line(role, amount.currency, -amount.amountMinor, -baseAmountMinor, dims);
  }

  /** A signed line as is (debit > 0); zero lines are dropped. */
  line(
    role: AccountRole,
    currency: string,
    amountMinor: bigint,
    baseAmountMinor: bigint,
    dims: LineDimensions = {},
  ): this {
    if (amountMinor !== 0n || baseAmountMinor !== 0n) {
      this.lines.push({ role, currency, amountMinor, baseAmountMinor, ...dims });
    }
    return this;
  }

  from(type: string, id: string): this {
    this.source = { type, id };
    return this;
  }

  build(): JournalEntryDraft {
    const entry: JournalEntryDraft = {
      eventCode: this.eventCode,
      effectiveDate: this.effectiveDate,
      description: this.description,
      lines: [...this.lines],
      ...(this.source ? { source: this.source } : {}),
    };
    assertBalanced(entry);
    return entry;
  }
}

/** Throws `unbalanced_entry` unless Σ amount = 0 per currency and Σ base amount = 0. */
export function assertBalanced(entry: JournalEntryDraft): void {
  if (entry.lines.length === 0)
    throw new AppError('unbalanced_entry', `entry ${entry.eventCode} has no lines`);
  const perCurrency = new Map<string, bigint>();
  let base = 0n;
  for (const line of entry.lines) {
    perCurrency.set(line.currency, (perCurrency.get(line.currency) ?? 0n) + line.amountMinor);
    base += line.baseAmountMinor;
  }
  for (const [currency, sum] of perCurrency) {
    if (sum !== 0n)
      throw new AppError(
        'unbalanced_entry',
        `entry ${entry.eventCode} is off by ${sum} minor units of ${currency}`,
      );
  }
  if (base !== 0n)
    throw new AppError('unbalanced_entry', `entry ${entry.eventCode} is off by ${base} in base currency`);
}

/** The entry that undoes `entry`: same lines, signs flipped. */
export function reversalOf(
  entry: JournalEntryDraft,
  entryId: string,
  effectiveDate: CalendarDate,
  eventCode: string,
  reason?: string,
): JournalEntryDraft {
  return {
    eventCode,
    effectiveDate,
    description: `Reversal of: ${entry.description}${reason ? ` — ${reason}` : ''}`,
    lines: entry.lines.map((l) => ({
      ...l,
      amountMinor: -l.amountMinor,
      baseAmountMinor: -l.baseAmountMinor,
    })),
    ...(entry.source ? { source: entry.source } : {}),
    reversesEntryId: entryId,
  };
}
