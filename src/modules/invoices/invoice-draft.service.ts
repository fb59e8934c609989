/**
 * Drafts edited before issue, and the preview an editor shows while the user types: the same totals,
 * tax and terms as issuing would compute (computeTotals, dueDateFor), nothing written.
 */

import type { Queryable, Tx } from '../../db/client.ts';
import { type CalendarDate, todayUtc } from '../../shared/calendar-date.ts';
import { AppError, invalidState } from '../../shared/errors.ts';
import type { TxDeps } from '../core-deps.ts';
import type { CustomerRow } from '../customers/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import { discountFor, dueDateFor, parsePaymentTerms } from '../terms/index.ts';
import { auditInvoice } from './invoice-audit.ts';
import { customersByKey, type Draft, draftOf } from './invoice-creation.service.ts';
import { type InvoiceRow, lockOne } from './invoice-queries.service.ts';
import { ratesInForce } from './invoice-rates.ts';
import { computeTotals } from './invoice-totals.ts';
import { type CreateInvoiceInput, createInvoiceInput, type DraftPatchInput } from './invoices.input.ts';
import * as repo from './invoices.repository.ts';

async function customerOrThrow(q: Queryable, tenantId: string, key: string): Promise<CustomerRow> {
  const customer = (await customersByKey(q, tenantId, [key])).get(key);
  if (!customer)
    throw new AppError('not_found', `customer ${key} not found`, [
      { field: 'customer', message: 'unknown customer' },
    ]);
  return customer;
}

async function draftFor(
  q: Queryable,
  tenantId: string,
  input: CreateInvoiceInput,
  today: CalendarDate,
): Promise<Draft> {
  const tenant = await getTenantOrThrow(q, tenantId);
  const customer = await customerOrThrow(q, tenantId, input.customer);
  const currency = input.currency ?? customer.currency;
  const request = { currency, date: input.issueDate ?? today };
  const rateInForce = await ratesInForce(q, tenantId, tenant.baseCurrency, input.fxRate ? [] : [request]);
  return draftOf(tenant, customer, input, rateInForce, today);
}

/** What an invoice of `raw` would be if issued on its issue date (default `today`): totals, tax per rate, terms. */
export async function previewInvoice(
  q: Queryable,
  tenantId: string,
  raw: CreateInvoiceInput,
  today: CalendarDate,
) {
  const input = createInvoiceInput.parse(raw);
  const draft = await draftFor(q, tenantId, input, today);
  const issueDate = input.issueDate ?? today;
  const terms = parsePaymentTerms(draft.row.paymentTerms);
  const discount = discountFor(terms, issueDate);
  return {
    customerId: draft.row.customerId,
    currency: draft.row.currency,
    paymentTerms: draft.row.paymentTerms,
    issueDate,
    dueDate: dueDateFor(terms, issueDate),
    discountDate: discount?.deadline ?? null,
    discountPct: discount?.pct ?? null,
    totals: computeTotals(input.lines, draft.row.currency),
  };
}

/** The draft as a create input, so a patch can be merged over it and checked like a new draft. */
async function inputOfDraft(q: Queryable, tenantId: string, row: InvoiceRow): Promise<CreateInvoiceInput> {
  const lines = await repo.linesOf(q, tenantId, row.invoiceId);
  return {
    customer: row.customerId,
    currency: row.currency,
    // A rate taken from the rates in force is looked up again, not frozen into the draft.
    ...(row.fxRateGiven ? { fxRate: row.fxRate } : {}),
    paymentTerms: row.paymentTerms,
    series: row.series,
    ...(row.issueDate ? { issueDate: row.issueDate } : {}),
    ...(row.poNumber ? { poNumber: row.poNumber } : {}),
    ...(row.description ? { description: row.description } : {}),
    lines: lines.map((l) => ({
      description: l.description,
      quantity: l.quantity,
      unitPrice: l.unitPrice,
      discountPct: l.discountPct,
      taxRate: l.taxRate,
      ...(l.vatCategory ? { vatCategory: l.vatCategory } : {}),
      ...(l.vatExemptionReason ? { vatExemptionReason: l.vatExemptionReason } : {}),
    })),
  };
}

/** Drop the fields a patch sets to null (cleared), keep the rest. */
function merged(base: CreateInvoiceInput, patch: DraftPatchInput): CreateInvoiceInput {
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else if (value !== undefined) out[key] = value;
  }
  // Another customer in another currency: the draft follows unless the patch names a currency.
  if (patch.customer !== undefined && patch.currency === undefined) {
    delete out.currency;
    delete out.fxRate;
  }
  return createInvoiceInput.parse(out);
}

/** Change a draft (customer, currency, terms, dates, references, lines); 409 once it is issued. */
export async function updateDraftInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  idOrNumber: string,
  patch: DraftPatchInput,
): Promise<InvoiceRow> {
  const row = await lockOne(tx, tenantId, idOrNumber);
  if (row.status !== 'draft')
    throw invalidState(`invoice ${row.number ?? row.invoiceId} is ${row.status}: only a draft can be edited`);
  const input = merged(await inputOfDraft(tx, tenantId, row), patch);
  const draft = await draftFor(tx, tenantId, input, todayUtc(deps.clock.now()));
  const { invoiceId: _newId, tenantId: _t, kind: _k, status: _s, ...fields } = draft.row;
  await repo.updateInvoice(tx, tenantId, row.invoiceId, {
    ...fields,
    issueDate: draft.row.issueDate ?? null,
    poNumber: draft.row.poNumber ?? null,
    description: draft.row.description ?? null,
  });
  await repo.replaceLines(
    tx,
    tenantId,
    row.invoiceId,
    draft.lines.map((l) => ({ ...l, invoiceId: row.invoiceId })),
  );
  const [updated] = await repo.lockInvoices(tx, tenantId, [row.invoiceId]);
  if (!updated) throw new Error('draft vanished');
  await auditInvoice(tx, tenantId, 'invoice.draft_updated', row, updated, {
    details: { patched: Object.keys(patch).sort() },
  });
  return updated;
}
