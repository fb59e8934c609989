/**
 * Domain rows → JSON-safe objects matching `schemas.ts`. Every bigint leaves here as a decimal
 * string (`formatAmount`) or, for sequence numbers, a plain string; nothing here does arithmetic
 * beyond sign splitting.
 */
import type { z } from 'zod';
import type { CustomerView } from '../modules/customers/index.ts';
import type { getInvoiceDetail, InvoiceRow } from '../modules/invoices/index.ts';
import { ADJUSTMENT_KINDS, type AdjustmentKind, isOverdue } from '../modules/invoices/index.ts';
import type { getReceiptDetail, ReceiptRow } from '../modules/receipts/index.ts';
import type { CalendarDate } from '../shared/calendar-date.ts';
import { formatAmount } from '../shared/money.ts';
import type {
  customerSchema,
  invoiceDetailSchema,
  invoiceSchema,
  journalLineSchema,
  receiptDetailSchema,
  receiptSchema,
} from './schemas.ts';

const iso = (d: Date | null) => (d === null ? null : d.toISOString());

export function customerJson(c: CustomerView): z.infer<typeof customerSchema> {
  return {
    id: c.id,
    externalId: c.externalId,
    name: c.name,
    legalName: c.legalName,
    aliases: c.aliases,
    parentId: c.parentId,
    contacts: c.contacts.map((x) => ({
      ...(x.name !== undefined ? { name: x.name } : {}),
      ...(x.email !== undefined ? { email: x.email } : {}),
      ...(x.phone !== undefined ? { phone: x.phone } : {}),
      ...(x.role !== undefined ? { role: x.role } : {}),
    })),
    emails: c.emails,
    billingAddress: c.billingAddress,
    country: c.country,
    taxId: c.taxId,
    language: c.language,
    currency: c.currency,
    deliveryChannel: c.deliveryChannel,
    paymentTerms: c.paymentTerms,
    creditLimit: c.creditLimitMinor === null ? null : formatAmount(c.creditLimitMinor, c.currency),
    categoryId: c.categoryId,
    subcategoryId: c.subcategoryId,
    bankAccounts: c.bankAccounts,
    status: c.status,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

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

export function receiptJson(r: ReceiptRow): z.infer<typeof receiptSchema> {
  return {
    id: r.receiptId,
    customerId: r.customerId,
    method: r.method,
    receivedOn: r.receivedOn,
    currency: r.currency,
    fxRate: r.fxRate,
    amount: formatAmount(r.amountMinor, r.currency),
    unapplied: formatAmount(r.unappliedMinor, r.currency),
    payerName: r.payerName,
    payerIban: r.payerIban,
    reference: r.reference,
    createdAt: r.createdAt.toISOString(),
  };
}

type ReceiptDetail = Awaited<ReturnType<typeof getReceiptDetail>>;

/** `numbers` maps invoice id → invoice number for the allocations. */
export function receiptDetailJson(
  d: ReceiptDetail,
  numbers: ReadonlyMap<string, string | null>,
): z.infer<typeof receiptDetailSchema> {
  const currency = d.receipt.currency;
  return {
    ...receiptJson(d.receipt),
    allocations: d.allocations.map((a) => ({
      id: a.allocationId,
      invoiceId: a.invoiceId,
      invoiceNumber: numbers.get(a.invoiceId) ?? null,
      amount: formatAmount(a.amountMinor, currency),
      active: a.unappliedAt === null,
      entryId: a.entryId,
      reversalEntryId: a.reversalEntryId,
      createdAt: a.createdAt.toISOString(),
      unappliedAt: iso(a.unappliedAt),
    })),
    disbursements: d.disbursements.map((x) => ({
      id: x.disbursementId,
      kind: x.kind === 'refund' ? 'refund' : 'write_off',
      amount: formatAmount(x.amountMinor, currency),
      date: x.onDate,
      reason: x.reason,
      entryId: x.entryId,
      createdAt: x.createdAt.toISOString(),
    })),
  };
}

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

function adjustmentKind(kind: string): AdjustmentKind {
  return ADJUSTMENT_KINDS.find((k) => k === kind) ?? 'write_off';
}
