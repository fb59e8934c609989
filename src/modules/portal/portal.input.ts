/** Zod schemas of the portal's commands: its settings, links, and what a customer does on it. */
import { z } from 'zod';
import { decimalAmount } from '../customers/index.ts';
import { ATTACHMENT_CONTENT_TYPES, ATTACHMENT_MAX_BYTES, DISPUTE_REASONS } from '../disputes/index.ts';
import { calendarDate } from '../invoices/index.ts';

export const LINK_PURPOSES = ['invoice_email', 'statement_email', 'dunning_email', 'manual'] as const;
export type LinkPurpose = (typeof LINK_PURPOSES)[number];

const baseUrl = z
  .string()
  .max(500)
  .regex(/^https?:\/\/[^/\s?#]+(\/[^\s?#]*)?$/i, 'must be an http(s) base URL without query or fragment')
  .transform((v) => v.replace(/\/+$/, ''));

export const portalSettingsPatch = z
  .object({
    enabled: z.boolean().optional().describe('links are issued and e-mails carry them only when true'),
    publicUrl: baseUrl
      .nullable()
      .optional()
      .describe('base URL customers reach the product at; null: CASHLOOP_PUBLIC_URL, else localhost'),
    linkValidityDays: z.number().int().min(1).max(366).optional().describe('default 60'),
    partialPayments: z.boolean().optional().describe('customers may pay less than an invoice’s open amount'),
  })
  .strict();
export type PortalSettingsPatch = z.infer<typeof portalSettingsPatch>;

export const createLinkInput = z
  .object({
    validityDays: z
      .number()
      .int()
      .min(1)
      .max(366)
      .optional()
      .describe('default: the portal setting linkValidityDays'),
  })
  .strict();
export type CreateLinkInput = z.infer<typeof createLinkInput>;

export const PORTAL_INVOICE_STATES = ['open', 'closed', 'all'] as const;
export type PortalInvoiceState = (typeof PORTAL_INVOICE_STATES)[number];

export const portalPaymentInput = z
  .object({
    items: z
      .array(
        z
          .object({
            invoiceId: z.string().min(1).max(64),
            amount: decimalAmount
              .optional()
              .describe('less than the open amount: a partial payment (when the company allows it)'),
          })
          .strict(),
      )
      .min(1)
      .max(10),
    returnUrl: z
      .string()
      .url()
      .max(2000)
      .refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL')
      .describe('where Stripe sends the customer back (with ?payment=success or ?payment=cancelled)'),
  })
  .strict();
export type PortalPaymentInput = z.infer<typeof portalPaymentInput>;

export const portalDisputeInput = z
  .object({
    invoiceId: z.string().min(1).max(64),
    reason: z.enum(DISPUTE_REASONS),
    message: z.string().trim().min(1).max(5000),
    attachment: z
      .object({
        filename: z.string().trim().min(1).max(200),
        contentType: z.enum(ATTACHMENT_CONTENT_TYPES),
        contentBase64: z
          .string()
          .max(Math.ceil(ATTACHMENT_MAX_BYTES / 3) * 4 + 4)
          .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'must be base64')
          .describe('the file, base64; at most 5 MB decoded'),
      })
      .strict()
      .optional(),
  })
  .strict();
export type PortalDisputeInput = z.infer<typeof portalDisputeInput>;

export const portalPromiseInput = z
  .object({
    invoiceIds: z.array(z.string().min(1).max(64)).min(1).max(100),
    promisedDate: calendarDate.describe('the date the customer will pay by (today or later)'),
    amount: decimalAmount.optional().describe('default: the open amount of the invoices'),
  })
  .strict();
export type PortalPromiseInput = z.infer<typeof portalPromiseInput>;
