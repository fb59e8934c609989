/** SEPA mandates, runs and their items as the API shows them (money as decimal strings). */
import { z } from 'zod';
import type {
  getRunOrThrow,
  MandateRow,
  ReturnsImportResult,
  SepaSettings,
} from '../../modules/sepa/index.ts';
import { formatAmount } from '../../shared/money.ts';
import { date, instant, iso, money } from './common.ts';

export const sepaSettingsSchema = z
  .object({
    creditorId: z.string().nullable().describe('SEPA creditor identifier (Gläubiger-ID)'),
    preNotificationDays: z.number().int(),
  })
  .meta({ id: 'SepaSettings' });

export const mandateSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    reference: z.string(),
    signedOn: date,
    debtorName: z.string(),
    iban: z.string(),
    bic: z.string().nullable(),
    scheme: z.enum(['CORE', 'B2B']),
    sequence: z.enum(['FRST', 'RCUR', 'OOFF', 'FNAL']).describe('sequence type of the next collection'),
    status: z.enum(['active', 'revoked', 'expired']),
    statusReason: z.string().nullable(),
    lastCollectedOn: date.nullable(),
    amendedFromIban: z
      .string()
      .nullable()
      .describe('IBAN of the last collection, sent as amendment next time'),
    createdAt: instant,
  })
  .meta({ id: 'SepaMandate' });

const itemSchema = z.object({
  id: z.string(),
  customerId: z.string(),
  mandateId: z.string().nullable(),
  invoiceId: z.string().nullable(),
  invoiceNumber: z.string().nullable(),
  sourceReceiptId: z.string().nullable().describe('refund runs: the receipt whose credit is paid out'),
  receiptId: z.string().nullable().describe('collection runs: the receipt booked for the item'),
  sequence: z.string().nullable(),
  endToEndId: z.string(),
  amount: money('amount'),
  iban: z.string(),
  status: z.enum(['pending', 'booked', 'returned', 'cancelled']),
  returnReason: z.string().nullable(),
  returnedOn: date.nullable(),
});

export const runSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['collection', 'refund']),
    status: z.enum(['created', 'booked', 'cancelled']),
    messageId: z.string(),
    painVersion: z.string().describe('pain.008.001.08, pain.008.001.02, pain.001.001.09 or pain.001.001.03'),
    executionDate: date.describe('requested collection or execution date'),
    currency: z.string(),
    itemCount: z.number().int(),
    total: money('control sum'),
    fileSha256: z.string(),
    createdAt: instant,
    bookedAt: instant.nullable(),
    cancelledAt: instant.nullable(),
  })
  .meta({ id: 'SepaRun' });

export const runDetailSchema = runSchema.extend({ items: z.array(itemSchema) }).meta({ id: 'SepaRunDetail' });

export const returnResultSchema = z.object({
  outcome: z.enum(['returned', 'already_returned']),
  item: itemSchema,
});

export const returnsImportSchema = z.object({
  returned: z.array(z.string()).describe('EndToEndIds returned now'),
  alreadyReturned: z.array(z.string()).describe('EndToEndIds returned before (nothing changed)'),
  unmatched: z.array(
    z.object({ line: z.number().int(), endToEndId: z.string().nullable(), reason: z.string() }),
  ),
});

type RunDetail = Awaited<ReturnType<typeof getRunOrThrow>>;
type RunItem = RunDetail['items'][number];

export const settingsView = (s: SepaSettings) => ({ ...s });

export function mandateView(m: MandateRow) {
  return {
    id: m.mandateId,
    customerId: m.customerId,
    reference: m.reference,
    signedOn: m.signedOn,
    debtorName: m.debtorName,
    iban: m.iban,
    bic: m.bic,
    scheme: m.scheme as 'CORE' | 'B2B',
    sequence: m.sequence as 'FRST' | 'RCUR' | 'OOFF' | 'FNAL',
    status: m.status as 'active' | 'revoked' | 'expired',
    statusReason: m.statusReason,
    lastCollectedOn: m.lastCollectedOn,
    amendedFromIban: m.amendedFromIban,
    createdAt: m.createdAt.toISOString(),
  };
}

export function itemView(i: RunItem, currency: string) {
  return {
    id: i.itemId,
    customerId: i.customerId,
    mandateId: i.mandateId,
    invoiceId: i.invoiceId,
    invoiceNumber: i.invoiceNumber,
    sourceReceiptId: i.sourceReceiptId,
    receiptId: i.receiptId,
    sequence: i.sequence,
    endToEndId: i.endToEndId,
    amount: formatAmount(i.amountMinor, currency),
    iban: i.iban,
    status: i.status as 'pending' | 'booked' | 'returned' | 'cancelled',
    returnReason: i.returnReason,
    returnedOn: i.returnedOn,
  };
}

export function runView(r: RunDetail['run']) {
  return {
    id: r.runId,
    kind: r.kind as 'collection' | 'refund',
    status: r.status as 'created' | 'booked' | 'cancelled',
    messageId: r.messageId,
    painVersion: r.painVersion,
    executionDate: r.executionDate,
    currency: r.currency,
    itemCount: r.itemCount,
    total: formatAmount(r.totalMinor, r.currency),
    fileSha256: r.fileSha256,
    createdAt: r.createdAt.toISOString(),
    bookedAt: iso(r.bookedAt),
    cancelledAt: iso(r.cancelledAt),
  };
}

export function runDetailView(d: RunDetail) {
  return { ...runView(d.run), items: d.items.map((i) => itemView(i, d.run.currency)) };
}

export const returnsImportView = (r: ReturnsImportResult) => r;
