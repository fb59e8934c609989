/** The customer list's query: search, filters and sort, as the API and any other adapter take them. */
import { z } from 'zod';

export const CUSTOMER_SORTS = [
  'name',
  'externalId',
  'openBalance',
  'overdueBalance',
  'oldestOverdueDays',
] as const;
export type CustomerSort = (typeof CUSTOMER_SORTS)[number];

const yesNo = z.enum(['true', 'false']).transform((v) => v === 'true');

/** Filters and sort of GET /v1/customers (the paging fields, limit and cursor, are the adapter's). */
export const customerListQuery = z.object({
  search: z
    .string()
    .trim()
    .min(1)
    .max(100)
    .optional()
    .describe(
      'part of the name, legal name, external id, an e-mail address or the tax id; case and accents are ignored ("muller" finds "Müller")',
    ),
  sort: z.enum(CUSTOMER_SORTS).default('externalId').describe('default: externalId'),
  order: z.enum(['asc', 'desc']).default('asc'),
  status: z.enum(['active', 'inactive', 'blocked']).optional(),
  category: z.uuid().optional().describe('category or subcategory id'),
  currency: z
    .string()
    .regex(/^[A-Z]{3}$/, 'ISO 4217 code like EUR')
    .optional()
    .describe("customers billed in this currency (the customer's own currency)"),
  onHold: yesNo.optional().describe('true: customers with an active credit hold; false: without'),
  hasOverdue: yesNo
    .optional()
    .describe('true: customers with an open invoice past its due date; false: without'),
  collector: z
    .union([z.uuid(), z.literal('none')])
    .optional()
    .describe('customers assigned to this collector (id), or `none` for the unassigned'),
});
export type CustomerListQuery = z.infer<typeof customerListQuery>;
