/** Zod schemas for invoice commands, shared by the API, the CLI and imports. */
import { z } from 'zod';
import { ACCEPTED_DATE_MESSAGE, isAcceptedDate } from '../../shared/calendar-date.ts';
import { currencyCode, decimalAmount, paymentTermsCode } from '../customers/index.ts';
import { VAT_CATEGORIES } from './vat-category.ts';

export const calendarDate = z.string().refine(isAcceptedDate, ACCEPTED_DATE_MESSAGE);
const decimal = z.string().regex(/^\d+(\.\d+)?$/, 'must be a non-negative decimal like 12.50');
export const fxRate = z
  .string()
  .regex(/^\d+(\.\d{1,10})?$/, 'must be a positive decimal rate like 1.0842')
  .refine((s) => /[1-9]/.test(s), 'must be positive');

export const invoiceLineInput = z
  .object({
    description: z.string().trim().min(1).max(500),
    quantity: decimal,
    unitPrice: decimal,
    discountPct: decimal.optional(),
    taxRate: decimal.optional(),
    vatCategory: z
      .enum(VAT_CATEGORIES)
      .optional()
      .describe(
        'EN 16931 VAT category: S standard, Z zero-rated, E exempt, AE reverse charge, K intra-community supply, G export, O not subject to VAT; default S above 0 %, Z at 0 %',
      ),
    vatExemptionReason: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .optional()
      .describe('why no VAT is charged (E needs it; AE, K, G, O have a default text)'),
  })
  .strict();

export const createInvoiceInput = z
  .object({
    customer: z.string().min(1).describe('customer id or external id'),
    currency: currencyCode.optional(),
    fxRate: fxRate.optional().describe('units of base currency per unit of invoice currency, fixed at issue'),
    paymentTerms: paymentTermsCode.optional(),
    issueDate: calendarDate.optional(),
    series: z.string().min(1).max(20).optional(),
    poNumber: z.string().max(100).optional(),
    description: z.string().max(1000).optional(),
    lines: z.array(invoiceLineInput).min(1).max(1000),
    issue: z.boolean().optional().describe('issue at once (default false: a draft)'),
  })
  .strict();
export type CreateInvoiceInput = z.infer<typeof createInvoiceInput>;

/** A change to a draft: the fields given replace the draft's; `null` clears an optional one. */
export const draftPatchInput = z
  .object({
    customer: z.string().min(1).optional().describe('customer id or external id'),
    currency: currencyCode.optional(),
    fxRate: fxRate.optional(),
    paymentTerms: paymentTermsCode.optional(),
    issueDate: calendarDate.nullable().optional().describe('null: issue on the day it is issued'),
    poNumber: z.string().max(100).nullable().optional(),
    description: z.string().max(1000).nullable().optional(),
    lines: z.array(invoiceLineInput).min(1).max(1000).optional().describe('replaces all lines'),
  })
  .strict();
export type DraftPatchInput = z.infer<typeof draftPatchInput>;

export const issueInvoiceInput = z.object({ issueDate: calendarDate.optional() }).strict();

export const creditInvoiceInput = z
  .object({
    amount: decimalAmount.optional().describe('gross amount to credit; default: the whole open amount'),
    reason: z.string().min(1).max(500),
    date: calendarDate.optional(),
  })
  .strict();
export type CreditInvoiceInput = z.infer<typeof creditInvoiceInput>;

export const writeOffInvoiceInput = z
  .object({
    amount: decimalAmount.optional().describe('default: the whole open amount'),
    reason: z.string().min(1).max(500),
    date: calendarDate.optional(),
  })
  .strict();
export type WriteOffInvoiceInput = z.infer<typeof writeOffInvoiceInput>;

export const voidInvoiceInput = z
  .object({ reason: z.string().max(500).optional(), date: calendarDate.optional() })
  .strict();
