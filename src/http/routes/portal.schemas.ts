/** Response schemas of the customer portal's routes and of the staff routes for its links and settings. */
import { z } from 'zod';
import type { StatementDocument } from '../../modules/documents/index.ts';
import type { LinkView, PortalSession, PortalSettingsView } from '../../modules/portal/index.ts';
import { formatAmount } from '../../shared/money.ts';
import { date, instant, money } from './common.ts';

/** Portal routes authenticate with the customer's link only (OpenAPI security requirement). */
export const portalSecurity = [{ portalLink: [] }];

export const portalSessionSchema = z
  .object({
    customer: z.object({
      number: z.string().describe("the customer's number (external id)"),
      name: z.string(),
      language: z.string().describe('en, de or fr: the language to show the portal in'),
    }),
    company: z
      .object({
        name: z.string(),
        legalName: z.string().nullable(),
        address: z.record(z.string(), z.string()).nullable().describe('street, postalCode, city …'),
        email: z.string().nullable(),
        phone: z.string().nullable(),
        website: z.string().nullable(),
        logoUrl: z.string().nullable().describe('always null for now: letterheads carry no logo yet'),
      })
      .describe("the company's letterhead: the portal's branding"),
    settings: z.object({
      onlinePayment: z.boolean().describe('Stripe is configured: POST /v1/portal/payments works'),
      partialPayments: z.boolean().describe('an item may carry an amount below the open amount'),
    }),
    link: z.object({ expiresAt: instant }),
  })
  .meta({ id: 'PortalSession' });

export function portalSessionJson(s: PortalSession) {
  return { ...s, link: { expiresAt: s.link.expiresAt.toISOString() } };
}

export const portalInvoiceSchema = z
  .object({
    id: z.string(),
    number: z.string(),
    kind: z.enum(['invoice', 'credit_note']),
    issueDate: date.nullable(),
    dueDate: date.nullable(),
    currency: z.string(),
    total: money('total'),
    open: money('open amount'),
    status: z.string().describe('issued, partially_paid, paid, credited, void, written_off'),
    daysOverdue: z.number().int().describe('0 when not overdue'),
    disputed: z.boolean().describe('an open dispute holds it'),
    promised: z.boolean().describe('under an open promise to pay'),
  })
  .meta({ id: 'PortalInvoice' });

const statementItem = z.object({
  number: z.string(),
  issueDate: date,
  dueDate: date,
  total: money('total'),
  open: money('open amount'),
  daysOverdue: z.number().int(),
  paymentReference: z.string().nullable(),
});

export const portalStatementSchema = z
  .object({
    asOf: date,
    sections: z.array(
      z.object({
        currency: z.string(),
        items: z.array(statementItem),
        payments: z.array(
          z.object({
            receivedOn: date,
            reference: z.string().nullable(),
            amount: money('amount'),
            unapplied: money('not yet applied to an invoice'),
          }),
        ),
        totalOpen: money('Σ open items'),
        unapplied: money('Σ unapplied payments'),
        balance: money('total due = open items − unapplied payments'),
      }),
    ),
  })
  .meta({ id: 'PortalStatement' });

export function portalStatementJson(s: StatementDocument): z.infer<typeof portalStatementSchema> {
  return {
    asOf: s.asOf,
    sections: s.sections.map((sec) => {
      const m = (minor: bigint) => formatAmount(minor, sec.currency);
      return {
        currency: sec.currency,
        items: sec.items.map((i) => ({
          number: i.number,
          issueDate: i.issueDate,
          dueDate: i.dueDate,
          total: m(i.totalMinor),
          open: m(i.openMinor),
          daysOverdue: i.daysOverdue,
          paymentReference: i.paymentReference,
        })),
        payments: sec.payments.map((p) => ({
          receivedOn: p.receivedOn,
          reference: p.reference,
          amount: m(p.amountMinor),
          unapplied: m(p.unappliedMinor),
        })),
        totalOpen: m(sec.totalOpenMinor),
        unapplied: m(sec.unappliedMinor),
        balance: m(sec.totalDueMinor),
      };
    }),
  };
}

export const portalLinkSchema = z
  .object({
    linkId: z.string(),
    customerId: z.string(),
    purpose: z.enum(['invoice_email', 'statement_email', 'dunning_email', 'manual']),
    messageId: z.string().nullable().describe('the outbox message that carried it'),
    createdBy: z.string(),
    createdAt: instant,
    expiresAt: instant,
    revokedAt: instant.nullable(),
    revokedBy: z.string().nullable(),
    lastUsedAt: instant.nullable(),
    status: z.enum(['active', 'expired', 'revoked']),
  })
  .meta({ id: 'PortalLink' });

export function portalLinkJson(l: LinkView): z.infer<typeof portalLinkSchema> {
  return {
    ...l,
    purpose: l.purpose as z.infer<typeof portalLinkSchema>['purpose'],
    createdAt: l.createdAt.toISOString(),
    expiresAt: l.expiresAt.toISOString(),
    revokedAt: l.revokedAt?.toISOString() ?? null,
    lastUsedAt: l.lastUsedAt?.toISOString() ?? null,
  };
}

export const issuedLinkSchema = z
  .object({
    id: z.string(),
    url: z.string().describe('<publicUrl>/portal#<token>: shown once, never stored'),
    expiresAt: instant,
  })
  .meta({ id: 'IssuedPortalLink' });

export const portalSettingsSchema = z
  .object({
    enabled: z.boolean(),
    publicUrl: z.string().nullable().describe('the tenant’s own base URL; null: the configured one'),
    effectivePublicUrl: z.string().describe('the base URL links use now'),
    linkValidityDays: z.number().int(),
    partialPayments: z.boolean(),
    keyRotatedAt: instant.nullable(),
  })
  .meta({ id: 'PortalSettings' });

export function portalSettingsJson(s: PortalSettingsView): z.infer<typeof portalSettingsSchema> {
  return { ...s, keyRotatedAt: s.keyRotatedAt?.toISOString() ?? null };
}

export const portalPaymentSchema = z
  .object({
    checkoutId: z.string(),
    url: z.string().describe("Stripe's hosted payment page: send the customer there"),
    amount: money('what the customer pays'),
    currency: z.string(),
    invoiceIds: z.array(z.string()),
  })
  .meta({ id: 'PortalPayment' });

export const portalDisputeSchema = z
  .object({
    disputeId: z.string(),
    invoiceId: z.string(),
    reason: z.string(),
    amount: money('disputed amount (the open amount)'),
    currency: z.string(),
    status: z.string(),
    openedAt: instant,
  })
  .meta({ id: 'PortalDispute' });

export const portalPromiseSchema = z
  .object({
    promiseId: z.string(),
    promisedDate: date,
    amount: money('promised amount'),
    currency: z.string(),
    invoiceIds: z.array(z.string()),
    status: z.string(),
  })
  .meta({ id: 'PortalPromise' });
