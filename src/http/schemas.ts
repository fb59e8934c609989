/**
 * Response schemas (Zod, registered as OpenAPI components). Money is always a decimal string in
 * major units (`"1234.50"`) next to its `currency`; never a JSON number. Dates are 'YYYY-MM-DD',
 * instants ISO 8601 strings.
 */
import { z } from 'zod';
import { ADJUSTMENT_KINDS } from '../modules/invoices/index.ts';

const money = (what: string) => z.string().describe(`${what}, decimal string in major units of currency`);
const instant = z.string().describe('ISO 8601 instant');
const date = z.string().describe('YYYY-MM-DD');

export const customerSchema = z
  .object({
    id: z.string(),
    externalId: z.string(),
    name: z.string(),
    legalName: z.string().nullable(),
    aliases: z.array(z.string()),
    parentId: z.string().nullable(),
    contacts: z.array(
      z.object({
        name: z.string().optional(),
        email: z.string().optional(),
        phone: z.string().optional(),
        role: z.string().optional(),
      }),
    ),
    emails: z.array(z.string()),
    billingAddress: z.record(z.string(), z.string()).nullable(),
    country: z.string().nullable(),
    taxId: z.string().nullable(),
    language: z.string(),
    currency: z.string(),
    deliveryChannel: z
      .string()
      .describe('email: invoices, statements and reminders are emailed; none: not sent'),
    paymentTerms: z.string(),
    creditLimit: money('credit limit').nullable(),
    categoryId: z.string().nullable(),
    subcategoryId: z.string().nullable(),
    bankAccounts: z.array(z.string()).describe('known IBANs'),
    status: z.string(),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Customer' });

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

export const receiptSchema = z
  .object({
    id: z.string(),
    customerId: z.string(),
    method: z.string(),
    receivedOn: date,
    currency: z.string(),
    fxRate: z.string(),
    amount: money('amount received'),
    unapplied: money('unapplied cash'),
    payerName: z.string().nullable(),
    payerIban: z.string().nullable(),
    reference: z.string().nullable(),
    createdAt: instant,
  })
  .meta({ id: 'Receipt' });

export const receiptDetailSchema = receiptSchema
  .extend({
    allocations: z.array(
      z.object({
        id: z.string().describe('allocation id (for POST /v1/allocations/{id}/unapply)'),
        invoiceId: z.string(),
        invoiceNumber: z.string().nullable(),
        amount: money('amount'),
        active: z.boolean().describe('false once unapplied'),
        entryId: z.string(),
        reversalEntryId: z.string().nullable(),
        createdAt: instant,
        unappliedAt: instant.nullable(),
      }),
    ),
    disbursements: z.array(
      z.object({
        id: z.string(),
        kind: z.enum(['refund', 'write_off']),
        amount: money('amount'),
        date,
        reason: z.string().nullable(),
        entryId: z.string(),
        createdAt: instant,
      }),
    ),
  })
  .meta({ id: 'ReceiptDetail' });

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
    baseCurrency: z.string(),
    lines: z.array(journalLineSchema),
  })
  .meta({ id: 'JournalEntry' });

const buckets = z.object({
  current: z.string(),
  '1-30': z.string(),
  '31-60': z.string(),
  '61-90': z.string(),
  '91+': z.string(),
});

export const agingReportSchema = z
  .object({
    asOf: date,
    currency: z.string(),
    basis: z.string(),
    total: money('open receivables'),
    buckets,
    unapplied: money('unapplied cash, not in the buckets'),
    customers: z.array(
      z.object({
        customerId: z.string(),
        externalId: z.string(),
        name: z.string(),
        total: z.string(),
        buckets,
        unapplied: z.string(),
      }),
    ),
  })
  .meta({ id: 'AgingReport' });

export const apiKeySchema = z
  .object({
    id: z.string(),
    prefix: z.string(),
    role: z.string(),
    label: z.string().nullable(),
    createdAt: instant,
    revokedAt: instant.nullable(),
  })
  .meta({ id: 'ApiKey' });
