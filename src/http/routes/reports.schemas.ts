/**
 * The aging report as the API shows it.
 * Money is a decimal string in major units next to its currency, never a JSON number; dates are
 * 'YYYY-MM-DD', instants ISO 8601 strings.
 */
import { z } from 'zod';
import { date, money } from './common.ts';

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
        categoryId: z.string().nullable().describe('top-level receivable category; null when none'),
        category: z.string().nullable().describe("the category's name"),
        total: z.string(),
        buckets,
        unapplied: z.string(),
      }),
    ),
    categories: z
      .array(
        z.object({
          categoryId: z.string().nullable().describe('null: the customers without a category'),
          name: z.string().nullable(),
          customerCount: z.number().int(),
          total: z.string(),
          buckets,
          unapplied: z.string(),
        }),
      )
      .describe("the customers' figures summed per top-level category, by name, the uncategorised last"),
  })
  .meta({ id: 'AgingReport' });

export const agingBucket = z.enum(['current', '1-30', '31-60', '61-90', '91+']);

export const agingItemSchema = z
  .object({
    invoiceId: z.string(),
    number: z.string().nullable(),
    customerId: z.string(),
    customerExternalId: z.string(),
    customerName: z.string(),
    currency: z.string(),
    issueDate: date,
    dueDate: date.nullable(),
    total: money('invoice total'),
    open: money('open as of the report date'),
    days: z.number().int().describe('days past the basis date (negative: not yet due)'),
    bucket: agingBucket,
    paymentReference: z.string().nullable(),
  })
  .meta({ id: 'AgingItem' });

/** An export's body in the OpenAPI document (the route sends bytes, never JSON). */
export const exportResponse = z
  .string()
  .meta({
    content: {
      'text/csv': { schema: { type: 'string' } },
      'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet': {
        schema: { type: 'string', format: 'binary' },
      },
    },
  })
  .describe('the CSV (UTF-8, RFC 4180, header row) or the XLSX workbook');

export const exportFormat = z
  .enum(['csv', 'xlsx'])
  .default('csv')
  .describe(
    'csv: UTF-8 RFC 4180 with a header row, amounts in major units with `.`; xlsx: an Office Open XML workbook',
  );

const dsoPoint = z.object({
  on: date.describe('the period end'),
  ar: money('open invoice amounts at the period end'),
  sales: money('credit sales of the 90 days up to the period end (invoices less credit notes)'),
  dso: z.number().nullable().describe('ar ÷ sales × 90, days with one decimal; null without sales'),
});

export const overviewSchema = z
  .object({
    asOf: date,
    currency: z.string().describe('the currency of the figures (asked, or the default)'),
    currencies: z
      .array(z.string())
      .describe(
        'the currencies with receivables: the base currency first, then by how many customers owe in each',
      ),
    total: money('open receivables (the aging total)'),
    overdue: money('open receivables past their due date (total less the current bucket)'),
    percentCurrent: z.number().nullable().describe('current ÷ total × 100, one decimal; null without AR'),
    unapplied: money('unapplied cash, not netted into the figures above'),
    buckets,
    dso: dsoPoint.describe('DSO as of asOf (ar: the aging total)'),
    dsoTrend: z.array(dsoPoint).describe('DSO at the last 12 month ends on or before asOf, oldest first'),
    topOverdue: z
      .array(
        z.object({
          customerId: z.string(),
          externalId: z.string(),
          name: z.string(),
          overdue: z.string(),
          oldestDaysOverdue: z.number().int().describe('days past due of the oldest overdue item'),
        }),
      )
      .describe('at most 10 customers with the largest overdue amount, largest first'),
    work: z
      .object({
        bankLinesToReview: z.number().int().describe('bank lines suggested or unmatched (the review queue)'),
        promisesDue: z.number().int().describe('open promises whose promised date is today or earlier'),
        promisesBroken: z.number().int().describe('promises broken (status broken)'),
        disputesOpen: z.number().int(),
        lettersToPrint: z.number().int().describe('planned letters of channel letter (the print queue)'),
        failedMessages: z.number().int().describe('messages given up after their last retry'),
        customersOnHold: z.number().int().describe('customers with an active credit hold'),
      })
      .describe("today's work, for all currencies"),
  })
  .meta({ id: 'ReceivablesOverview' });
