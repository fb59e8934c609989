/** Zod schemas for receipt commands. */
import { z } from 'zod';
import { ibanSchema } from '../../shared/iban.ts';
import { currencyCode, decimalAmount } from '../customers/index.ts';
import { calendarDate, fxRate } from '../invoices/index.ts';

export const RECEIPT_METHODS = ['bank_transfer', 'card', 'cash', 'check', 'direct_debit', 'other'] as const;

/**
 * One allocation. The invoice is the receipt's customer's, or another customer's of the same group
 * (the top parent and every customer below it): a group treasury pays for its members.
 */
export const allocationInput = z
  .object({
    invoice: z
      .string()
      .min(1)
      .describe(
        "invoice id or number: an invoice of the receipt's customer, or of another customer of its group " +
          '(its top parent and every customer below that parent, per parentExternalId) — a group treasury ' +
          "pays its members' invoices in one amount; any other customer's invoice is refused (422, " +
          "`allocations[i]`: 'other customer')",
      ),
    amount: decimalAmount,
  })
  .strict();
export type AllocationInput = z.infer<typeof allocationInput>;

export const recordReceiptInput = z
  .object({
    customer: z.string().min(1).describe('customer id or external id'),
    method: z.enum(RECEIPT_METHODS),
    receivedOn: calendarDate,
    amount: decimalAmount,
    currency: currencyCode.optional(),
    fxRate: fxRate.optional().describe('base currency per unit of receipt currency on the day received'),
    payerName: z.string().max(300).optional(),
    payerIban: ibanSchema.optional(),
    reference: z.string().max(500).optional(),
    allocations: z.array(allocationInput).max(500).optional(),
  })
  .strict();
export type RecordReceiptInput = z.infer<typeof recordReceiptInput>;

export const allocateInput = z
  .object({ allocations: z.array(allocationInput).min(1).max(500), date: calendarDate.optional() })
  .strict();

export const disburseInput = z
  .object({
    amount: decimalAmount.optional().describe('default: all unapplied cash'),
    date: calendarDate.optional(),
    reason: z.string().max(500).optional(),
  })
  .strict();
export type DisburseInput = z.infer<typeof disburseInput>;
