/**
 * Issue a draft: gapless number, due date and discount from the terms, RF reference, the issue
 * journal entry, and delivery announced after the commit.
 */

import { type Tx, withTransaction } from '../../db/client.ts';
import { type CalendarDate, todayUtc } from '../../shared/calendar-date.ts';
import { creditorReferenceForNumber as referenceFor } from '../../shared/creditor-reference.ts';
import { allocate, money } from '../../shared/money.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { type CustomerRow, getCustomerRowOrThrow } from '../customers/index.ts';
import { documentRate } from '../fx/index.ts';
import { JournalEntryBuilder, toBase } from '../ledger/index.ts';
import { takeNextNumber } from '../numbering/index.ts';
import { getTenantOrThrow, type Tenant } from '../tenants/index.ts';
import { discountFor, dueDateFor, parsePaymentTerms } from '../terms/index.ts';
import { auditInvoice } from './invoice-audit.ts';
import { getInvoiceRowOrThrow, type InvoiceRow, lockOne } from './invoice-queries.service.ts';
import { assertCanApply } from './invoice-status.ts';
import * as repo from './invoices.repository.ts';
import type { BillTo } from './invoices.tables.ts';
import type { IssueOverride, IssuingInvoice } from './issue-guard.ts';

/** How an issue may go: `creditOverride` lets invoices out that the credit check would refuse. */
export interface IssueOptions {
  creditOverride?: IssueOverride | undefined;
}

/** Issue a draft: take the next number, fix dates and the RF reference, post the entry. */
export async function issueInvoice(
  deps: CoreDeps,
  tenantId: string,
  idOrNumber: string,
  issueDate?: CalendarDate,
  options: IssueOptions = {},
): Promise<InvoiceRow> {
  return withTransaction(deps.db, (tx) =>
    issueInvoiceInTx(tx, deps, tenantId, idOrNumber, issueDate, options),
  );
}

/** issueInvoice in the caller's transaction `tx`. */
export async function issueInvoiceInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  idOrNumber: string,
  issueDate?: CalendarDate,
  options: IssueOptions = {},
): Promise<InvoiceRow> {
  const invoice = await lockOne(tx, tenantId, idOrNumber);
  return issueInTx(tx, deps, tenantId, invoice, issueDate, options);
}

/** A draft whose rate was taken from the rates in force takes the rate in force on its issue date. */
async function withIssueRate(
  tx: Tx,
  tenant: Tenant,
  draft: InvoiceRow,
  date: CalendarDate,
): Promise<InvoiceRow> {
  if (draft.fxRateGiven || draft.currency === tenant.baseCurrency) return draft;
  const fxRate = await documentRate(tx, tenant.tenantId, {
    currency: draft.currency,
    baseCurrency: tenant.baseCurrency,
    date,
    what: 'an invoice',
  });
  return { ...draft, fxRate, fxRateGiven: true };
}

async function issueInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  draft: InvoiceRow,
  issueDate: CalendarDate | undefined,
  options: IssueOptions,
): Promise<InvoiceRow> {
  assertCanApply('issue', draft.status, draft.number);
  const tenant = await getTenantOrThrow(tx, tenantId);
  const date = issueDate ?? draft.issueDate ?? todayUtc(deps.clock.now());
  const invoice = await withIssueRate(tx, tenant, draft, date);
  const number = await takeNextNumber(tx, tenantId, invoice.series, date);
  const customer = await getCustomerRowOrThrow(tx, tenantId, invoice.customerId);
  await deps.issueGuard(
    tx,
    {
      tenantId,
      baseCurrency: tenant.baseCurrency,
      asOf: todayUtc(deps.clock.now()),
      now: deps.clock.now(),
      override: options.creditOverride,
    },
    [issuingOf(invoice, customer, number, 'override')],
  );
  const terms = parsePaymentTerms(invoice.paymentTerms);
  const discount = discountFor(terms, date);
  const lines = await repo.linesOf(tx, tenantId, invoice.invoiceId);
  // A zero invoice (free of charge, 100 % discount) moves no money: it takes its number, posts nothing.
  if (invoice.totalMinor !== 0n)
    await deps.ledger.post(tx, tenantId, issueEntry(tenant, invoice, number, date, lines));
  await repo.updateInvoice(tx, tenantId, invoice.invoiceId, {
    number,
    fxRate: invoice.fxRate,
    fxRateGiven: true,
    status: 'issued',
    issueDate: date,
    dueDate: dueDateFor(terms, date),
    discountDate: discount?.deadline ?? null,
    discountPct: discount?.pct ?? null,
    openMinor: invoice.totalMinor,
    paymentReference: referenceFor(number),
    issuedAt: deps.clock.now(),
    letterheadVersion: tenant.letterheadVersion,
    billTo: billToOf(customer),
  });
  await announceIssued(tx, deps, tenantId);
  const after = await getInvoiceRowOrThrow(tx, tenantId, invoice.invoiceId);
  await auditInvoice(tx, tenantId, 'invoice.issued', draft, after, {
    details: {
      series: after.series,
      ...(options.creditOverride ? { creditOverride: options.creditOverride } : {}),
    },
  });
  return after;
}

/**
 * Documents were issued in `tx`: have them delivered right after the commit (the `invoices.deliver`
 * job, queued in the same transaction, where the process runs a scheduler; else its sweep).
 */
export async function announceIssued(tx: Tx, deps: TxDeps, tenantId: string): Promise<void> {
  await deps.jobs?.enqueue(tx, 'invoices.deliver', { tenantId });
}

/** Dr AR (total) / Cr revenue (net, per line) / Cr tax payable; base amounts at the fixed rate. */
export function issueEntry(
  tenant: Tenant,
  inv: Pick<InvoiceRow, 'currency' | 'fxRate' | 'totalMinor' | 'taxMinor' | 'invoiceId' | 'customerId'>,
  number: string,
  date: CalendarDate,
  lines: readonly Pick<repo.InvoiceLineRow, 'netMinor' | 'description'>[],
) {
  const base = (m: bigint) => toBase(m, inv.currency, tenant.baseCurrency, inv.fxRate);
  const totalBase = base(inv.totalMinor);
  const taxBase = base(inv.taxMinor);
  const lineBases = allocate(
    totalBase - taxBase,
    lines.map((l) => (l.netMinor < 0n ? -l.netMinor : l.netMinor)),
  );
  const entry = new JournalEntryBuilder('invoice.issued', date, `Invoice ${number}`)
    .from('invoice', inv.invoiceId)
    .debit('ar_control', money(inv.totalMinor, inv.currency), totalBase, {
      customerId: inv.customerId,
      invoiceId: inv.invoiceId,
    });
  lines.forEach((l, i) => {
    entry.credit('revenue', money(l.netMinor, inv.currency), lineBases[i] ?? 0n, {
      memo: l.description.slice(0, 200),
    });
  });
  return entry.credit('tax_payable', money(inv.taxMinor, inv.currency), taxBase).build();
}

/** What the credit check needs of an invoice being issued (zero invoices extend no credit). */
export function issuingOf(
  row: Pick<InvoiceRow, 'invoiceId' | 'currency' | 'totalMinor'> & { fxRate?: string | null | undefined },
  customer: Pick<CustomerRow, 'customerId' | 'externalId' | 'currency' | 'creditLimitMinor'>,
  number: string,
  field: string,
): IssuingInvoice {
  return {
    invoiceId: row.invoiceId,
    number,
    customerId: customer.customerId,
    customerExternalId: customer.externalId,
    customerCurrency: customer.currency,
    creditLimitMinor: customer.creditLimitMinor,
    currency: row.currency,
    fxRate: row.fxRate ?? '1',
    totalMinor: row.totalMinor ?? 0n,
    field,
  };
}

/** The customer as an issued document names it. */
export function billToOf(customer: CustomerRow): BillTo {
  return {
    name: customer.name,
    legalName: customer.legalName,
    billingAddress: customer.billingAddress,
    country: customer.country,
    taxId: customer.taxId,
    language: customer.language,
  };
}
