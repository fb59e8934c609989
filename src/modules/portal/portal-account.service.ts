/**
 * What a customer reads on the portal: who they are and who the company is, their invoices and
 * credit notes, PDFs and e-invoices, and their statement. Every read is scoped to the link's
 * customer: an invoice of anyone else answers exactly like one that does not exist (404).
 */
import type { Queryable } from '../../db/client.ts';
import { daysBetween, todayUtc } from '../../shared/calendar-date.ts';
import { notFound } from '../../shared/errors.ts';
import { formatAmount } from '../../shared/money.ts';
import { invoicesUnderOpenPromise } from '../collections/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import { disputedInvoiceIds } from '../disputes/index.ts';
import {
  ensureInvoiceDocument,
  readEinvoice,
  renderStatementDocument,
  statementOf,
} from '../documents/index.ts';
import { getInvoiceRowOrThrow, type InvoiceRow, listCustomerDocuments } from '../invoices/index.ts';
import { getStripeSettings } from '../payments/index.ts';
import { getLetterhead } from '../tenants/index.ts';
import type { PortalInvoiceState } from './portal.input.ts';
import type { PortalPrincipal } from './portal-links.service.ts';
import { getPortalSettings } from './portal-settings.service.ts';

export interface PortalSession {
  customer: { number: string; name: string; language: string };
  company: {
    name: string;
    legalName: string | null;
    address: Record<string, string> | null;
    email: string | null;
    phone: string | null;
    website: string | null;
    logoUrl: string | null;
  };
  settings: { onlinePayment: boolean; partialPayments: boolean };
  link: { expiresAt: Date };
}

/** The customer, the company's letterhead and what the portal offers (`GET /v1/portal/session`). */
export async function getPortalSession(deps: CoreDeps, who: PortalPrincipal): Promise<PortalSession> {
  const customer = await getCustomerRowOrThrow(deps.db, who.tenantId, who.customerId);
  const letterhead = await getLetterhead(deps.db, who.tenantId);
  const stripe = await getStripeSettings(deps.db, who.tenantId);
  const settings = await getPortalSettings(deps.db, deps, who.tenantId);
  return {
    customer: { number: customer.externalId, name: customer.name, language: customer.language },
    company: {
      name: letterhead.name,
      legalName: letterhead.legalName,
      address: letterhead.address,
      email: letterhead.email,
      phone: letterhead.phone,
      website: letterhead.website,
      logoUrl: null,
    },
    settings: { onlinePayment: stripe.secretKeySet, partialPayments: settings.partialPayments },
    link: { expiresAt: who.expiresAt },
  };
}

/** An issued invoice or credit note of the link's customer; anything else is 404 `invoice <id> not found`. */
export async function customerInvoiceOrThrow(
  q: Queryable,
  who: PortalPrincipal,
  invoiceId: string,
): Promise<InvoiceRow> {
  const invoice = await getInvoiceRowOrThrow(q, who.tenantId, invoiceId).catch(() => null);
  if (!invoice || invoice.customerId !== who.customerId || invoice.status === 'draft')
    throw notFound('invoice', invoiceId);
  return invoice;
}

export interface PortalInvoice {
  id: string;
  number: string;
  kind: string;
  issueDate: string | null;
  dueDate: string | null;
  currency: string;
  total: string;
  open: string;
  status: string;
  daysOverdue: number;
  disputed: boolean;
  promised: boolean;
}

function portalInvoice(
  row: InvoiceRow,
  today: string,
  flags: { disputed: Set<string>; promised: Set<string> },
) {
  const overdue = row.openMinor > 0n && row.dueDate !== null && row.dueDate < today;
  return {
    id: row.invoiceId,
    number: row.number ?? '',
    kind: row.kind,
    issueDate: row.issueDate,
    dueDate: row.dueDate,
    currency: row.currency,
    total: formatAmount(row.totalMinor, row.currency),
    open: formatAmount(row.openMinor, row.currency),
    status: row.status,
    daysOverdue: overdue && row.dueDate ? daysBetween(row.dueDate, today) : 0,
    disputed: flags.disputed.has(row.invoiceId),
    promised: flags.promised.has(row.invoiceId),
  };
}

/** A page of the customer's invoices and credit notes, newest first. */
export async function listPortalInvoices(
  deps: CoreDeps,
  who: PortalPrincipal,
  page: { state: PortalInvoiceState; cursor?: string | undefined; limit: number },
): Promise<{ items: PortalInvoice[]; nextCursor: string | null }> {
  const rows = await listCustomerDocuments(deps.db, who.tenantId, who.customerId, {
    state: page.state,
    afterId: page.cursor,
    limit: page.limit + 1,
  });
  const today = todayUtc(deps.clock.now());
  const flags = {
    disputed: await disputedInvoiceIds(deps.db, who.tenantId),
    promised: await invoicesUnderOpenPromise(deps.db, who.tenantId, today),
  };
  const items = rows.slice(0, page.limit);
  return {
    items: items.map((r) => portalInvoice(r, today, flags)),
    nextCursor: rows.length > page.limit ? (items.at(-1)?.invoiceId ?? null) : null,
  };
}

/** The stored PDF of one of the customer's invoices or credit notes. */
export async function portalInvoicePdf(deps: CoreDeps, who: PortalPrincipal, invoiceId: string) {
  const invoice = await customerInvoiceOrThrow(deps.db, who, invoiceId);
  return ensureInvoiceDocument(deps, who.tenantId, invoice.invoiceId);
}

/**
 * The e-invoice of one of the customer's documents (`format` default: the customer's preferred):
 * the copy e-mailed to the customer when there is one, as the staff's read serves it.
 */
export async function portalEinvoice(
  deps: CoreDeps,
  who: PortalPrincipal,
  invoiceId: string,
  format: Parameters<typeof readEinvoice>[3],
) {
  const invoice = await customerInvoiceOrThrow(deps.db, who, invoiceId);
  return readEinvoice(deps.db, who.tenantId, invoice.invoiceId, format);
}

/** The customer's statement as of a date (default today), as data. */
export async function portalStatement(deps: CoreDeps, who: PortalPrincipal, asOf: string | undefined) {
  const options = asOf ? { asOf } : {};
  return (await statementOf(deps.db, deps, who.tenantId, who.customerId, options)).statement;
}

/** The customer's statement as of a date as a PDF (rendered, not stored). */
export function portalStatementPdf(deps: CoreDeps, who: PortalPrincipal, asOf: string | undefined) {
  return renderStatementDocument(deps, who.tenantId, who.customerId, asOf ? { asOf } : {});
}
