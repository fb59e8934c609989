/**
 * Customers as the API shows them: the response schema and its JSON view.
 * Money is a decimal string in major units next to its currency, never a JSON number; dates are
 * 'YYYY-MM-DD', instants ISO 8601 strings.
 */
import { z } from 'zod';
import type { CustomerAccount } from '../../modules/customer-accounts/index.ts';
import { type CustomerView, EINVOICE_PREFERENCES } from '../../modules/customers/index.ts';
import { formatAmount } from '../../shared/money.ts';
import { instant, money } from './common.ts';

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
    einvoice: z
      .object({
        format: z.enum(EINVOICE_PREFERENCES).optional(),
        buyerReference: z.string().optional(),
        electronicAddress: z.string().optional(),
      })
      .nullable()
      .describe('e-invoice settings: preferred format, buyer reference (BT-10), electronic address (BT-49)'),
    createdAt: instant,
    updatedAt: instant,
  })
  .meta({ id: 'Customer' });

export function customerJson(c: CustomerView): z.infer<typeof customerSchema> {
  return {
    id: c.id,
    externalId: c.externalId,
    name: c.name,
    legalName: c.legalName,
    aliases: c.aliases,
    parentId: c.parentId,
    contacts: c.contacts.map((x) => ({
      ...(x.name !== undefined ? { name: x.name } : {}),
      ...(x.email !== undefined ? { email: x.email } : {}),
      ...(x.phone !== undefined ? { phone: x.phone } : {}),
      ...(x.role !== undefined ? { role: x.role } : {}),
    })),
    emails: c.emails,
    billingAddress: c.billingAddress,
    country: c.country,
    taxId: c.taxId,
    language: c.language,
    currency: c.currency,
    deliveryChannel: c.deliveryChannel,
    paymentTerms: c.paymentTerms,
    creditLimit: c.creditLimitMinor === null ? null : formatAmount(c.creditLimitMinor, c.currency),
    categoryId: c.categoryId,
    subcategoryId: c.subcategoryId,
    bankAccounts: c.bankAccounts,
    status: c.status,
    einvoice: c.einvoice,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
  };
}

export const categorySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    subcategories: z.array(z.object({ id: z.string(), name: z.string() })),
  })
  .meta({ id: 'Category' });

export const customerListItemSchema = z
  .object({
    id: z.string(),
    externalId: z.string(),
    name: z.string(),
    legalName: z.string().nullable(),
    status: z.string(),
    currency: z.string().describe("the customer's own currency"),
    categoryId: z.string().nullable(),
    subcategoryId: z.string().nullable(),
    creditLimit: money('credit limit, in the customer currency').nullable(),
    balances: z
      .array(
        z.object({
          currency: z.string(),
          open: money('open amount of the open invoices in this currency'),
          overdue: money('of which due before today'),
        }),
      )
      .describe('one entry per currency with open invoices, by currency code; empty when nothing is open'),
    oldestOverdueDays: z
      .number()
      .int()
      .nullable()
      .describe('days past due of the oldest overdue open invoice'),
    dunningLevel: z.number().int().nullable().describe('highest dunning level sent on an open invoice'),
    onHold: z.boolean().describe('an active credit hold (manual or automatic)'),
    holdKinds: z.array(z.string()).describe('manual, automatic'),
    collector: z.object({ id: z.string(), name: z.string() }).nullable(),
  })
  .meta({ id: 'CustomerListItem' });

export function customerListItemJson(a: CustomerAccount): z.infer<typeof customerListItemSchema> {
  return {
    id: a.customerId,
    externalId: a.externalId,
    name: a.name,
    legalName: a.legalName,
    status: a.status,
    currency: a.currency,
    categoryId: a.categoryId,
    subcategoryId: a.subcategoryId,
    creditLimit: a.creditLimitMinor === null ? null : formatAmount(a.creditLimitMinor, a.currency),
    balances: a.balances.map((b) => ({
      currency: b.currency,
      open: formatAmount(b.openMinor, b.currency),
      overdue: formatAmount(b.overdueMinor, b.currency),
    })),
    oldestOverdueDays: a.oldestOverdueDays,
    dunningLevel: a.dunningLevel,
    onHold: a.hold !== null,
    holdKinds: a.hold?.kinds ?? [],
    collector: a.collector ? { id: a.collector.collectorId, name: a.collector.name } : null,
  };
}
