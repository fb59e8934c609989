/** The GL export, its mappings and the ERP reconciliation as the API shows them. */
import { z } from 'zod';
import type { ErpReconciliation, ExportBatch, FeedPage, MatchResult } from '../../modules/erp/index.ts';
import { formatAmount } from '../../shared/money.ts';
import { date, instant, money } from './common.ts';

export const exportBatchSchema = z
  .object({
    id: z.string(),
    batchNo: z.number().int(),
    format: z.enum(['csv', 'datev']),
    afterEntryNo: z.string().describe('the batch holds the entries numbered above this …'),
    toEntryNo: z.string().describe('… up to and including this'),
    entryCount: z.number().int(),
    sha256: z.string().describe('SHA-256 (hex) of the file; a re-export has the same'),
    createdAt: instant,
    createdBy: z.string().nullable().describe('who made it (null: the system or the CLI)'),
    fileName: z.string(),
  })
  .meta({ id: 'ExportBatch' });

export function exportBatchJson(b: ExportBatch): z.infer<typeof exportBatchSchema> {
  return {
    id: b.batchId,
    batchNo: b.batchNo,
    format: b.format,
    afterEntryNo: String(b.afterEntryNo),
    toEntryNo: String(b.toEntryNo),
    entryCount: b.entryCount,
    sha256: b.sha256,
    createdAt: b.createdAt.toISOString(),
    createdBy: b.createdByName,
    fileName: b.fileName,
  };
}

const feedLineSchema = z.object({
  lineNo: z.number().int(),
  accountCode: z.string(),
  erpAccount: z
    .string()
    .nullable()
    .describe("the ERP account it maps to today (a customer's debtor account on AR); null: not mapped"),
  currency: z.string(),
  amount: money('signed amount (debit > 0, credit < 0)'),
  baseAmount: money('signed amount in the base currency'),
  customerId: z.string().nullable(),
  invoiceId: z.string().nullable(),
  receiptId: z.string().nullable(),
  memo: z.string().nullable(),
});

export const feedPageSchema = z
  .object({
    entries: z.array(
      z.object({
        id: z.string(),
        entryNo: z.string(),
        eventCode: z.string(),
        effectiveDate: date,
        description: z.string(),
        reversesEntryId: z.string().nullable(),
        lines: z.array(feedLineSchema),
      }),
    ),
    nextCursor: z.string().describe('pass as `after` for the next page (the last entry number served)'),
    caughtUp: z.boolean().describe('true: nothing more to read now'),
  })
  .meta({ id: 'JournalFeedPage' });

export function feedPageJson(p: FeedPage, baseCurrency: string): z.infer<typeof feedPageSchema> {
  return {
    entries: p.entries.map((e) => ({
      id: e.entryId,
      entryNo: String(e.entryNo),
      eventCode: e.eventCode,
      effectiveDate: e.effectiveDate,
      description: e.description,
      reversesEntryId: e.reversesEntryId,
      lines: e.lines.map((l, i) => ({
        lineNo: l.lineNo,
        accountCode: l.accountCode,
        erpAccount: e.erpAccounts[i] ?? null,
        currency: l.currency,
        amount: formatAmount(l.amountMinor, l.currency),
        baseAmount: formatAmount(l.baseAmountMinor, baseCurrency),
        customerId: l.customerId,
        invoiceId: l.invoiceId,
        receiptId: l.receiptId,
        memo: l.memo,
      })),
    })),
    nextCursor: String(p.nextCursor),
    caughtUp: p.caughtUp,
  };
}

export const accountMappingSchema = z.object({ accountCode: z.string(), erpAccount: z.string() });
export const customerAccountSchema = z.object({ customerId: z.string(), erpAccount: z.string() });

const sideSchema = z
  .object({
    documentNumber: z.string(),
    customer: z.string(),
    currency: z.string(),
    amount: money('open amount'),
    line: z.number().int().nullable().describe("the ERP file's line (null on cashloop's side)"),
  })
  .nullable();

const STATUSES = [
  'matched',
  'amount_differs',
  'different_customer',
  'only_in_cashloop',
  'only_in_erp',
] as const;

export const erpReconciliationSchema = z
  .object({
    asOf: date,
    kind: z.enum(['open_items', 'balances']),
    balanced: z.boolean(),
    counts: z.record(z.enum(STATUSES), z.number().int()),
    totals: z.array(
      z.object({
        currency: z.string(),
        cashloop: money('cashloop'),
        erp: money('ERP'),
        difference: money('cashloop − ERP'),
      }),
    ),
    items: z.array(z.object({ status: z.enum(STATUSES), cashloop: sideSchema, erp: sideSchema })),
  })
  .meta({ id: 'ErpReconciliation' });

const sideJson = (s: MatchResult['cashloop']) =>
  s && {
    documentNumber: s.documentNumber,
    customer: s.customerLabel,
    currency: s.currency,
    amount: formatAmount(s.amountMinor, s.currency),
    line: s.line ?? null,
  };

export function erpReconciliationJson(r: ErpReconciliation): z.infer<typeof erpReconciliationSchema> {
  return {
    asOf: r.asOf,
    kind: r.kind,
    balanced: r.balanced,
    counts: { ...r.counts },
    totals: r.totals.map((t) => ({
      currency: t.currency,
      cashloop: formatAmount(t.cashloopMinor, t.currency),
      erp: formatAmount(t.erpMinor, t.currency),
      difference: formatAmount(t.differenceMinor, t.currency),
    })),
    items: r.results.map((x) => ({ status: x.status, cashloop: sideJson(x.cashloop), erp: sideJson(x.erp) })),
  };
}
