/** Zod schemas for receipt commands. */
import { z } from 'zod';
import { ibanSchema } from '../../shared/iban.ts';
import { currencyCode, decimalAmount } from '../customers/index.ts';
import { calendarDate, fxRate } from '../invoices/index.ts';

export const RECEIPT_METHODS = ['bank_transfer', 'card', 'cash', 'check', 'direct_debit', 'other'] as const;

export const allocationInput = z
  .object({ invoice: z.string().min(1).describe('invoice id or number'), amount: decimalAmount })
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
