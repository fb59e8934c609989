/** Zod schemas for customer commands: the API, the CLI and the CSV import all use these. */
import { z } from 'zod';
import { isKnownCurrency } from '../../shared/currency.ts';
import { emailAddress } from '../../shared/email.ts';
import { ibanSchema } from '../../shared/iban.ts';
import { tryParseAmount } from '../../shared/money.ts';
import { electronicAddress } from '../tenants/index.ts';
import { formatPaymentTerms, tryParsePaymentTerms } from '../terms/index.ts';

export const currencyCode = z
  .string()
  .transform((s) => s.trim().toUpperCase())
  .refine(isKnownCurrency, 'unknown ISO 4217 currency code');

/** A payment terms code, stored in its canonical form (`net 30` → `NET30`). */
export const paymentTermsCode = z
  .string()
  .transform((s) => {
    const terms = tryParsePaymentTerms(s.trim().toUpperCase().replace(/\s+/g, ' '));
    return terms ? formatPaymentTerms(terms) : s;
  })
  .refine(
    (s) => tryParsePaymentTerms(s) !== null,
    'unknown payment terms (e.g. NET30, 2/10 NET30, EOM, NET30 EOM, DUE_ON_RECEIPT, PREPAY)',
  );

/** A decimal amount in major units, as a string ("1500.00"); checked against the currency later. */
export const decimalAmount = z.string().regex(/^-?\d+(\.\d+)?$/, 'must be a decimal number like 1500.00');

/** A credit limit in major units: 0 or more ("5000.00"); checked against the currency later. */
export const creditLimitAmount = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'must be a decimal of 0 or more like 5000.00 (a limit cannot be negative)');

/** How documents reach a customer. */
export const DELIVERY_CHANNELS = ['email', 'none'] as const;
export type DeliveryChannel = (typeof DELIVERY_CHANNELS)[number];

export const contactSchema = z
  .object({
    name: z.string().max(200).optional(),
    email: emailAddress().optional(),
    phone: z.string().max(50).optional(),
    role: z.string().max(100).optional(),
  })
  .strict();

/** The e-invoice formats cashloop writes (docs/einvoice.md). */
export const EINVOICE_FORMATS = ['ubl', 'xrechnung-ubl', 'cii', 'xrechnung-cii'] as const;
export type EinvoiceFormat = (typeof EINVOICE_FORMATS)[number];
/** What a customer may take: an XML format, or `facturx` (the invoice PDF as PDF/A-3 with the `cii` XML inside). */
export const EINVOICE_PREFERENCES = [...EINVOICE_FORMATS, 'facturx'] as const;
export type EinvoicePreference = (typeof EINVOICE_PREFERENCES)[number];

/** How a customer takes e-invoices; every field optional. */
export const einvoiceSettingsInput = z
  .object({
    format: z
      .enum(EINVOICE_PREFERENCES)
      .optional()
      .describe(
        'the format served when a request names none (default ubl) and attached to invoice e-mails; facturx: the invoice PDF itself is sent as Factur-X (PDF/A-3 with the CII XML inside)',
      ),
    buyerReference: z
      .string()
      .trim()
      .min(1)
      .max(200)
      .optional()
      .describe('BT-10 buyer reference; for German public buyers the Leitweg-ID (e.g. 04011000-12345-03)'),
    electronicAddress: electronicAddress
      .optional()
      .describe(
        'BT-49 as "scheme:id": a Peppol participant id ("0088:4000001000005") or "EM:ap@example.com"',
      ),
  })
  .strict();

export const customerInput = z
  .object({
    externalId: z.string().trim().min(1).max(100),
    name: z.string().trim().min(1).max(300),
    legalName: z.string().trim().max(300).optional(),
    aliases: z.array(z.string().trim().min(1).max(300)).max(50).optional(),
    parentExternalId: z.string().trim().min(1).max(100).optional(),
    contacts: z.array(contactSchema).max(50).optional(),
    emails: z.array(emailAddress()).max(20).optional(),
    billingAddress: z.record(z.string(), z.string()).optional(),
    country: z
      .string()
      .trim()
      .regex(/^[A-Za-z]{2}$/, 'ISO 3166 two-letter country code')
      .transform((s) => s.toUpperCase())
      .optional(),
    taxId: z.string().trim().max(50).optional(),
    language: z
      .string()
      .trim()
      .regex(/^[a-z]{2}(-[A-Z]{2})?$/, 'language tag like en, de, fr-CH')
      .optional(),
    currency: currencyCode.optional(),
    deliveryChannel: z
      .enum(DELIVERY_CHANNELS)
      .optional()
      .describe('email (default): invoices, statements and reminders are emailed; none: nothing is sent'),
    paymentTerms: paymentTermsCode.optional(),
    creditLimit: creditLimitAmount.optional(),
    category: z.string().trim().min(1).max(100).optional(),
    subcategory: z.string().trim().min(1).max(100).optional(),
    bankAccounts: z.array(ibanSchema).max(20).optional(),
    status: z.enum(['active', 'inactive', 'blocked']).optional(),
    einvoice: einvoiceSettingsInput.optional(),
  })
  .strict()
  .refine((c) => !c.subcategory || c.category, {
    message: 'subcategory needs a category',
    path: ['subcategory'],
  })
  .refine((c) => !c.creditLimit || tryParseAmount(c.creditLimit, c.currency ?? 'EUR') !== null, {
    message: 'credit limit has more decimals than the currency allows or exceeds the maximum amount',
    path: ['creditLimit'],
  });
export type CustomerInput = z.infer<typeof customerInput>;

export const customerPatch = z
  .object({
    name: z.string().trim().min(1).max(300).optional(),
    legalName: z.string().trim().max(300).nullable().optional(),
    aliases: z.array(z.string().trim().min(1).max(300)).max(50).optional(),
    emails: z.array(emailAddress()).max(20).optional(),
    contacts: z.array(contactSchema).max(50).optional(),
    language: z.string().trim().min(2).max(5).optional(),
    paymentTerms: paymentTermsCode.optional(),
    creditLimit: creditLimitAmount.nullable().optional(),
    status: z.enum(['active', 'inactive', 'blocked']).optional(),
    bankAccounts: z.array(ibanSchema).max(20).optional(),
    taxId: z.string().trim().max(50).nullable().optional(),
    einvoice: einvoiceSettingsInput
      .nullable()
      .optional()
      .describe('replaces the e-invoice settings; null clears them'),
  })
  .strict();
export type CustomerPatch = z.infer<typeof customerPatch>;

export const categoryInput = z
  .object({ name: z.string().trim().min(1).max(100), parent: z.string().trim().min(1).max(100).optional() })
  .strict();
