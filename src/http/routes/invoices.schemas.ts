/**
 * Invoices and credit notes as the API shows them: response schemas and JSON views.
 * Money is a decimal string in major units next to its currency, never a JSON number; dates are
 * 'YYYY-MM-DD', instants ISO 8601 strings.
 */
import { z } from 'zod';
import {
  ADJUSTMENT_KINDS,
  type AdjustmentKind,
  type getInvoiceDetail,
  type InvoiceRow,
  isOverdue,
  VAT_CATEGORIES,
  vatCategoryOf,
  vatExemptionReasonOf,
} from '../../modules/invoices/index.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { formatAmount } from '../../shared/money.ts';
import { date, instant, iso, money } from './common.ts';
import { warningsSchema } from './documents.schemas.ts';

export const invoiceSchema = z
  .object({
    id: z.string(),
    kind: z.enum(['invoice', 'credit_note']),
    number: z.string().nullable().describe('null while a draft'),
    series: z.string(),
    status: z.string().describe('draft, issued, partially_paid, paid, credited, void, written_off'),
    overdue: z.boolean().describe('derived: issued or partially paid, open > 0 and due date before today'),
    customerId: z.string(),
    customerExternalId: z.string().nullable(),
    currency: z.string(),
    fxRate: z.string().describe('base currency per unit of invoice currency'),
    net: money('net'),
    tax: money('tax'),
    total: money('total (gross)'),
    open: money('open amount'),
    issueDate: date.nullable(),
    dueDate: date.nullable(),
    discountDate: date.nullable(),
    discountPct: z.string().nullable(),
    paymentTerms: z.string(),
    paymentReference: z.string().nullable().describe('ISO 11649 RF creditor reference'),
    poNumber: z.string().nullable(),
    description: z.string().nullable(),
    creditedInvoiceId: z.string().nullable().describe('for a credit note: the invoice it credits'),
    createdAt: instant,
    issuedAt: instant.nullable(),
    closedAt: instant.nullable(),
  })
  .meta({ id: 'Invoice' });

export const invoiceDetailSchema = invoiceSchema
  .extend({
    lines: z.array(
      z.object({
        lineNo: z.number().int(),
        description: z.string(),
        quantity: z.string(),
        unitPrice: z.string(),
        discountPct: z.string(),
        taxRate: z.string(),
        vatCategory: z
          .enum(VAT_CATEGORIES)
          .describe('EN 16931 VAT category (derived from the rate when none was given)'),
        vatExemptionReason: z.string().nullable().describe('why no VAT is charged (E, AE, K, G, O)'),
        net: money('line net'),
      }),
    ),
    adjustments: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(ADJUSTMENT_KINDS),
        amount: money('amount'),
        creditNoteId: z.string().nullable(),
        reason: z.string().nullable(),
        entryId: z.string(),
        createdAt: instant,
      }),
    ),
  })
  .meta({ id: 'InvoiceDetail' });

export function invoiceJson(
  r: InvoiceRow,
  customerExternalId: string | null,
  asOf: CalendarDate,
): z.infer<typeof invoiceSchema> {
  const m = (v: bigint) => formatAmount(v, r.currency);
  return {
    id: r.invoiceId,
    kind: r.kind === 'credit_note' ? 'credit_note' : 'invoice',
    number: r.number,
    series: r.series,
    status: r.status,
    overdue: isOverdue(r.status, r.openMinor, r.dueDate, asOf),
    customerId: r.customerId,
    customerExternalId,
    currency: r.currency,
    fxRate: r.fxRate,
    net: m(r.netMinor),
    tax: m(r.taxMinor),
    total: m(r.totalMinor),
    open: m(r.openMinor),
    issueDate: r.issueDate,
    dueDate: r.dueDate,
    discountDate: r.discountDate,
    discountPct: r.discountPct,
    paymentTerms: r.paymentTerms,
    paymentReference: r.paymentReference,
    poNumber: r.poNumber,
    description: r.description,
    creditedInvoiceId: r.creditedInvoiceId,
    createdAt: r.createdAt.toISOString(),
    issuedAt: iso(r.issuedAt),
    closedAt: iso(r.closedAt),
  };
}

type InvoiceDetail = Awaited<ReturnType<typeof getInvoiceDetail>>;

export function invoiceDetailJson(
  d: InvoiceDetail,
  customerExternalId: string | null,
  asOf: CalendarDate,
): z.infer<typeof invoiceDetailSchema> {
  const currency = d.invoice.currency;
  return {
    ...invoiceJson(d.invoice, customerExternalId, asOf),
    lines: d.lines.map((l) => ({
      lineNo: l.lineNo,
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountPct: l.discountPct,
      taxRate: l.taxRate,
      vatCategory: vatCategoryOf(l),
      vatExemptionReason: vatExemptionReasonOf(l),
      net: formatAmount(l.netMinor, currency),
    })),
    adjustments: d.adjustments.map((a) => ({
      id: a.adjustmentId,
      kind: adjustmentKind(a.kind),
      amount: formatAmount(a.amountMinor, currency),
      creditNoteId: a.creditNoteId,
      reason: a.reason,
      entryId: a.entryId,
      createdAt: a.createdAt.toISOString(),
    })),
  };
}

function adjustmentKind(kind: string): AdjustmentKind {
  return ADJUSTMENT_KINDS.find((k) => k === kind) ?? 'write_off';
}

/** An invoice as issue and create answer it: with what its document lacks of the seller. */
export const issuedInvoiceSchema = invoiceDetailSchema
  .extend({ warnings: warningsSchema })
  .meta({ id: 'InvoiceWithWarnings' });
