/** GET /v1/invoices: its query (filters, sort, paging) and its items. */
import { z } from 'zod';
import {
  calendarDate,
  INVOICE_SORT_KEYS,
  INVOICE_STATUSES,
  type InvoiceSortKey,
} from '../../modules/invoices/index.ts';
import { pageQuery } from '../pagination.ts';
import { invoiceSchema } from './invoices.schemas.ts';

const STATUS_VALUES: readonly string[] = [...INVOICE_STATUSES, 'overdue'];
const SORT_VALUES = INVOICE_SORT_KEYS.flatMap((k) => [k, `-${k}`] as const) as [
  `${'' | '-'}${InvoiceSortKey}`,
  ...`${'' | '-'}${InvoiceSortKey}`[],
];
const majorAmount = z
  .string()
  .regex(/^\d{1,13}(\.\d{1,4})?$/, 'must be a decimal in major units like 1000 or 99.50');

export const invoiceListQuery = z.object({
  ...pageQuery,
  status: z
    .string()
    .refine((s) => s.split(',').every((v) => STATUS_VALUES.includes(v)), {
      message: `comma-separated statuses of ${STATUS_VALUES.join(', ')}`,
    })
    .optional()
    .describe(
      'one or more stored statuses, comma-separated (any of them); `overdue` alone keeps the overdue ones (as `overdue=true`)',
    ),
  overdue: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: issued/partially paid, open, due before asOf; false: all others'),
  customer: z.string().min(1).optional().describe('customer id or external id'),
  category: z.uuid().optional().describe("the customer's top-level receivable category (id)"),
  currency: z.string().length(3).optional(),
  kind: z.enum(['invoice', 'credit_note']).optional(),
  issuedFrom: calendarDate.optional().describe('issue date on or after'),
  issuedTo: calendarDate.optional().describe('issue date on or before'),
  dueFrom: calendarDate.optional().describe('due date on or after'),
  dueTo: calendarDate.optional().describe('due date on or before'),
  amountOf: z.enum(['total', 'open']).default('total').describe('which amount amountMin/amountMax bound'),
  amountMin: majorAmount.optional().describe("at least, in major units of each invoice's currency"),
  amountMax: majorAmount.optional().describe("at most, in major units of each invoice's currency"),
  q: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe('text in the number, payment reference or PO number'),
  sort: z
    .enum(SORT_VALUES)
    .optional()
    .describe(
      'sort key, `-` for descending (ties by id); without it: creation order. With `sort`, the cursor is a position in that order',
    ),
  withTotal: z
    .enum(['true', 'false'])
    .optional()
    .describe('true: answer `total`, the number of matching invoices'),
  asOf: calendarDate.optional().describe('date for `overdue` and `daysOverdue` (default: today)'),
});
export type InvoiceListQuery = z.infer<typeof invoiceListQuery>;

export const invoiceListItemSchema = invoiceSchema
  .extend({
    customerName: z.string().nullable(),
    daysOverdue: z.number().int().describe('days past the due date as of asOf; 0 when not overdue'),
  })
  .meta({ id: 'InvoiceListItem' });

export const invoiceListPageSchema = z.object({
  items: z.array(invoiceListItemSchema),
  nextCursor: z.string().nullable().describe('pass as ?cursor= for the next page; null on the last page'),
  total: z.number().int().nullable().describe('matching invoices, when withTotal=true (else null)'),
});
