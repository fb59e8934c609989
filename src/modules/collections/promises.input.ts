/** Promise statuses and the Zod schemas of promise commands. */
import { z } from 'zod';
import { decimalAmount } from '../customers/index.ts';
import { calendarDate } from '../invoices/index.ts';

export const PROMISE_STATUSES = ['open', 'kept', 'broken', 'cancelled'] as const;
export type PromiseStatus = (typeof PROMISE_STATUSES)[number];

export const makePromiseInput = z
  .object({
    customer: z.string().min(1).describe('customer id or external id'),
    promisedOn: calendarDate.describe('the date the customer promised to pay by'),
    amount: decimalAmount
      .optional()
      .describe(
        'promised amount; default: the open amount of the invoices named (required without invoices)',
      ),
    invoices: z
      .array(z.string().min(1))
      .max(500)
      .optional()
      .describe('invoice ids or numbers; none: a promise for the customer overall'),
    note: z.string().trim().min(1).max(5000).optional(),
  })
  .strict();
export type MakePromiseInput = z.infer<typeof makePromiseInput>;

export const cancelPromiseInput = z
  .object({ reason: z.string().trim().min(1).max(1000).optional() })
  .strict();
export type CancelPromiseInput = z.infer<typeof cancelPromiseInput>;
