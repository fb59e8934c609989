/**
 * The journal, the trial balance and the reconciliation as the API shows them. Money is a decimal
 * string in major units next to its currency, never a JSON number.
 */
import { z } from 'zod';
import { formatAmount } from '../../shared/money.ts';
import { authorSchema, date, instant, money } from './common.ts';
import { authorJson } from './shared-views.ts';

export const journalLineSchema = z.object({
  lineNo: z.number().int(),
  accountCode: z.string(),
  currency: z.string(),
  amount: money('signed amount (debit > 0, credit < 0)'),
  debit: money('debit'),
  credit: money('credit'),
  baseAmount: money('signed amount in the base currency'),
  customerId: z.string().nullable(),
  invoiceId: z.string().nullable(),
  receiptId: z.string().nullable(),
  memo: z.string().nullable(),
});

export const journalEntrySchema = z
  .object({
    id: z.string(),
    entryNo: z.string().nullable().describe('posting sequence number'),
    eventCode: z.string(),
    effectiveDate: date,
    description: z.string(),
    sourceType: z.string().nullable(),
    sourceId: z.string().nullable(),
    reversesEntryId: z.string().nullable(),
    postedAt: instant.nullable(),
    postedBy: authorSchema
      .nullable()
      .describe('who posted it; null: the system (jobs, CLI) or before users existed'),
    baseCurrency: z.string(),
    lines: z.array(journalLineSchema),
  })
  .meta({ id: 'JournalEntry' });

export interface LineLike {
  lineNo: number;
  accountCode: string;
  currency: string;
  amountMinor: bigint;
  baseAmountMinor: bigint;
  customerId: string | null;
  invoiceId: string | null;
  receiptId: string | null;
  memo: string | null;
}

/** A journal entry as stored: its head and its lines (`findJournalEntry`, `LedgerService.journal`). */
export interface EntryLike {
  head: {
    entryId: string;
    entryNo: bigint;
    eventCode: string;
    effectiveDate: string;
    description: string;
    sourceType: string | null;
    sourceId: string | null;
    reversesEntryId: string | null;
    postedAt: Date;
    postedByName: string | null;
    postedByKeyId: string | null;
    postedByUserId: string | null;
  };
  lines: readonly LineLike[];
}

export function journalEntryJson(e: EntryLike, baseCurrency: string): z.infer<typeof journalEntrySchema> {
  const h = e.head;
  return {
    id: h.entryId,
    entryNo: String(h.entryNo),
    eventCode: h.eventCode,
    effectiveDate: h.effectiveDate,
    description: h.description,
    sourceType: h.sourceType,
    sourceId: h.sourceId,
    reversesEntryId: h.reversesEntryId,
    postedAt: h.postedAt.toISOString(),
    postedBy: h.postedByName === null ? null : authorJson(h.postedByName, h.postedByKeyId, h.postedByUserId),
    baseCurrency,
    lines: e.lines.map((l) => journalLineJson(l, baseCurrency)),
  };
}

export function journalLineJson(l: LineLike, baseCurrency: string): z.infer<typeof journalLineSchema> {
  const m = (v: bigint) => formatAmount(v, l.currency);
  return {
    lineNo: l.lineNo,
    accountCode: l.accountCode,
    currency: l.currency,
    amount: m(l.amountMinor),
    debit: m(l.amountMinor > 0n ? l.amountMinor : 0n),
    credit: m(l.amountMinor < 0n ? -l.amountMinor : 0n),
    baseAmount: formatAmount(l.baseAmountMinor, baseCurrency),
    customerId: l.customerId,
    invoiceId: l.invoiceId,
    receiptId: l.receiptId,
    memo: l.memo,
  };
}

export const trialBalanceSchema = z
  .object({
    baseCurrency: z.string(),
    lines: z.array(
      z.object({
        accountCode: z.string(),
        accountName: z.string(),
        accountType: z.string(),
        currency: z.string(),
        debit: z.string(),
        credit: z.string(),
        balance: z.string().describe('debit − credit'),
        baseDebit: z.string(),
        baseCredit: z.string(),
      }),
    ),
    totals: z
      .array(z.object({ currency: z.string(), debit: z.string(), credit: z.string(), balance: z.string() }))
      .describe('per currency; balance is always 0.00 for a consistent ledger'),
    baseTotals: z.object({ debit: z.string(), credit: z.string(), balance: z.string() }),
  })
  .meta({ id: 'TrialBalance' });

export const reconciliationSchema = z
  .object({
    balanced: z
      .boolean()
      .describe(
        "AR control = subledger in every currency, no invoice mismatches, and every bank account's cash account ties out",
      ),
    currencies: z.array(
      z.object({
        currency: z.string(),
        arControl: z.string().describe('AR control account balance from the journal'),
        subledger: z.string().describe('Σ open invoices − Σ unapplied cash'),
        difference: z.string(),
      }),
    ),
    invoiceMismatches: z.array(
      z.object({
        invoiceId: z.string(),
        number: z.string().nullable(),
        currency: z.string(),
        open: z.string(),
        ledger: z.string(),
      }),
    ),
    bankAccounts: z
      .array(
        z.object({
          account: z.string().describe('IBAN, else the bank account number'),
          currency: z.string(),
          cashAccount: z.string().describe("the bank account's own cash account in the chart"),
          ledger: z.string().describe("the cash account's balance in the journal"),
          bookedLines: z
            .string()
            .describe('Σ of the lines booked from its statements (as receipts, or posted by a rule)'),
          refunds: z.string().describe('Σ refunded to customers from this account'),
          difference: z.string().describe('ledger − (bookedLines − refunds): 0 when the books agree'),
        }),
      )
      .describe("each bank account's cash account against the lines booked from its statements"),
  })
  .meta({ id: 'Reconciliation' });
