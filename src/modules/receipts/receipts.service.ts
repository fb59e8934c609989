/**
 * Receipts: money in from a customer, allocated to one or many invoices, unapplied, refunded or
 * written off. Invariant: amount = Σ active allocations + unapplied + Σ refunds and write-offs.
 * Allocations lock the receipt row and then the invoices (in id order), so parallel allocations
 * of one receipt can never over-allocate it.
 *
 * Each exported use case opens one transaction; its `…InTx` steps run in a caller's transaction
 * (`receipt-settlement.service.ts` books bank lines through them).
 */

import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { type CalendarDate, todayUtc } from '../../shared/calendar-date.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid, newId } from '../../shared/ids.ts';
import { parseAmount } from '../../shared/money.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import { documentRate } from '../fx/index.ts';
import {
  assertCanApply,
  getInvoiceRowOrThrow,
  type InvoiceRow,
  invoiceBaseShare,
  lockInvoicesForUpdate,
  reduceOpen,
} from '../invoices/index.ts';
import { toBase } from '../ledger/index.ts';
import { getTenantOrThrow, type Tenant } from '../tenants/index.ts';
import { type AllocationDraft, checkApplication } from './receipt-application.ts';
import { auditReceipt } from './receipt-audit.ts';
import { disburseInTx } from './receipt-disbursements.ts';
import { allocationEntry, receiptRecordedEntry } from './receipt-entries.ts';
import { settlingCustomersOf } from './receipt-groups.ts';
import { getReceiptDetail, lockReceiptOrThrow, type ReceiptRow, receiptBaseShare } from './receipt-rows.ts';
import {
  type AllocationInput,
  type DisburseInput,
  disburseInput,
  type RecordReceiptInput,
  recordReceiptInput,
} from './receipts.input.ts';
import * as repo from './receipts.repository.ts';

export {
  getReceiptDetail,
  lockReceiptOrThrow,
  type ReceiptRow,
  refundsByCashAccount,
} from './receipt-rows.ts';

/** A receipt to record, its amounts parsed and its customer resolved. */
export interface NewReceipt {
  readonly customerId: string;
  readonly method: ReceiptRow['method'];
  readonly receivedOn: CalendarDate;
  readonly amountMinor: bigint;
  readonly currency: string;
  /** Base currency per unit of `currency`; required when it is not the base currency. */
  readonly fxRate: string | null;
  readonly payerName: string | null;
  readonly payerIban: string | null;
  readonly reference: string | null;
  /** The account the money arrived on: a bank account's own cash account, or null for the default one. */
  readonly cashAccountCode: string | null;
}

/** Record money received (Dr bank / Cr AR: the customer's unapplied cash); then allocate if asked. */
export function recordReceipt(deps: CoreDeps, tenantId: string, raw: RecordReceiptInput) {
  return withTransaction(deps.db, (tx) => recordReceiptInTx(tx, deps, tenantId, raw));
}

/** `recordReceipt` in the caller's transaction (an idempotent request stores its answer in the same one). */
export async function recordReceiptInTx(tx: Tx, deps: TxDeps, tenantId: string, raw: RecordReceiptInput) {
  const input = recordReceiptInput.parse(raw);
  const customer = await getCustomerRowOrThrow(tx, tenantId, input.customer);
  const currency = input.currency ?? customer.currency;
  const amountMinor = parseAmount(input.amount, currency, 'amount');
  const receiptId = await recordNewReceiptInTx(tx, deps, tenantId, {
    customerId: customer.customerId,
    method: input.method,
    receivedOn: input.receivedOn,
    amountMinor,
    currency,
    fxRate: input.fxRate ?? null,
    payerName: input.payerName ?? null,
    payerIban: input.payerIban ?? null,
    reference: input.reference ?? null,
    cashAccountCode: null,
  });
  if (input.allocations?.length) {
    const allocations = await resolveAllocations(tx, tenantId, input.allocations);
    await allocateInTx(tx, deps, tenantId, receiptId, allocations, input.receivedOn);
  }
  const detail = await getReceiptDetail(tx, tenantId, receiptId);
  await auditReceipt(tx, tenantId, 'receipt.recorded', null, detail, {
    details: { method: input.method, receivedOn: input.receivedOn, allocations: allocationsOf(detail) },
  });
  return detail;
}

function allocationsOf(detail: Awaited<ReturnType<typeof getReceiptDetail>>) {
  return detail.allocations.map((a) => ({ invoiceId: a.invoiceId, amountMinor: a.amountMinor }));
}

/** Record `r` in the caller's transaction (its entry and its row, all of it unapplied); returns its id. */
export async function recordNewReceiptInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  r: NewReceipt,
): Promise<string> {
  if (r.amountMinor <= 0n)
    throw validationFailed('amount must be positive', [{ field: 'amount', message: 'must be positive' }]);
  const tenant = await getTenantOrThrow(tx, tenantId);
  const customer = await getCustomerRowOrThrow(tx, tenantId, r.customerId);
  const fxRate = await documentRate(tx, tenantId, {
    currency: r.currency,
    baseCurrency: tenant.baseCurrency,
    date: r.receivedOn,
    given: r.fxRate,
    what: 'a receipt',
  });
  const cashAccountCode = r.cashAccountCode ?? (await deps.ledger.codeFor(tx, tenantId, 'bank'));
  const receiptId = newId();
  const entry = receiptRecordedEntry({
    receiptId,
    customerId: customer.customerId,
    currency: r.currency,
    amountMinor: r.amountMinor,
    baseMinor: toBase(r.amountMinor, r.currency, tenant.baseCurrency, fxRate),
    receivedOn: r.receivedOn,
    payer: customer.name,
    reference: r.reference,
    cashAccountCode,
  });
  await deps.ledger.post(tx, tenantId, entry);
  await repo.insertReceipt(tx, {
    ...r,
    tenantId,
    receiptId,
    customerId: customer.customerId,
    fxRate,
    cashAccountCode,
    unappliedMinor: r.amountMinor,
  });
  return receiptId;
}

/** Invoices named by id or number, with their amounts parsed in the invoice's currency. */
async function resolveAllocations(
  q: Queryable,
  tenantId: string,
  wanted: readonly AllocationInput[],
): Promise<AllocationDraft[]> {
  const out: AllocationDraft[] = [];
  for (const [i, w] of wanted.entries()) {
    const invoice = await getInvoiceRowOrThrow(q, tenantId, w.invoice);
    out.push({
      invoiceId: invoice.invoiceId,
      amountMinor: parseAmount(w.amount, invoice.currency, `allocations[${i}].amount`),
    });
  }
  return out;
}

/**
 * Apply unapplied cash of a receipt to invoices in its currency of its customer, or of another
 * customer of the same group (a parent company paying for its subsidiaries).
 */
export function allocateReceipt(
  deps: CoreDeps,
  tenantId: string,
  receiptId: string,
  wanted: readonly AllocationInput[],
  date?: CalendarDate,
) {
  return withTransaction(deps.db, (tx) => allocateReceiptInTx(tx, deps, tenantId, receiptId, wanted, date));
}

/** `allocateReceipt` in the caller's transaction. */
export async function allocateReceiptInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  receiptId: string,
  wanted: readonly AllocationInput[],
  date?: CalendarDate,
) {
  const allocations = await resolveAllocations(tx, tenantId, wanted);
  const before = await lockReceiptOrThrow(tx, tenantId, receiptId);
  await allocateInTx(tx, deps, tenantId, receiptId, allocations, date ?? todayUtc(deps.clock.now()));
  const detail = await getReceiptDetail(tx, tenantId, receiptId);
  await auditReceipt(tx, tenantId, 'receipt.allocated', before.unappliedMinor, detail, {
    details: {
      allocations: allocations.map((a) => ({ invoiceId: a.invoiceId, amountMinor: a.amountMinor })),
    },
  });
  return detail;
}

/**
 * Allocate in the caller's transaction: lock the receipt, then the invoices; check the whole
 * application (`checkApplication`, reading the receipt customer's group when an invoice is another
 * customer's); post one entry per allocation and lower each open amount.
 */
export async function allocateInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  receiptId: string,
  allocations: readonly AllocationDraft[],
  date: CalendarDate,
): Promise<void> {
  const receipt = await lockReceiptOrThrow(tx, tenantId, receiptId);
  const ids = allocations.map((a) => a.invoiceId);
  const invoices = new Map((await lockInvoicesForUpdate(tx, tenantId, ids)).map((i) => [i.invoiceId, i]));
  const settles = await settlingCustomersOf(tx, tenantId, {
    customerId: receipt.customerId,
    invoiceCustomerIds: [...invoices.values()].map((i) => i.customerId),
  });
  checkApplication(
    { ...receipt, settles, availableMinor: receipt.unappliedMinor, allocations, adjustments: [] },
    (id) => invoices.get(id),
  );
  const tenant = await getTenantOrThrow(tx, tenantId);
  let unapplied = receipt.unappliedMinor;
  for (const { invoiceId, amountMinor } of allocations) {
    const invoice = invoices.get(invoiceId);
    if (!invoice) throw notFound('invoice', invoiceId);
    await allocateOne(tx, deps, tenant, receipt, unapplied, invoice, amountMinor, date);
    unapplied -= amountMinor;
  }
  await repo.setUnapplied(tx, tenantId, receipt.receiptId, unapplied);
}

/** One allocation: its entry (with the realised FX difference), its row, the invoice's open amount. */
async function allocateOne(
  tx: Tx,
  deps: TxDeps,
  tenant: Tenant,
  receipt: ReceiptRow,
  unapplied: bigint,
  invoice: InvoiceRow,
  amount: bigint,
  date: CalendarDate,
) {
  const receiptBase = await receiptBaseShare(tx, deps, tenant, receipt, unapplied, amount);
  const invoiceBase = await invoiceBaseShare(deps, tx, tenant, invoice, amount);
  const allocationId = newId();
  const entry = allocationEntry({ allocationId, receipt, invoice, amount, receiptBase, invoiceBase, date });
  const entryId = await deps.ledger.post(tx, tenant.tenantId, entry);
  await repo.insertAllocation(tx, {
    tenantId: tenant.tenantId,
    allocationId,
    receiptId: receipt.receiptId,
    invoiceId: invoice.invoiceId,
    amountMinor: amount,
    entryId,
  });
  await reduceOpen(deps, tx, invoice, amount, 'payment');
}

/** Undo an allocation: reverse its entry, reopen the invoice, return the cash to unapplied. */
export function unapplyAllocation(
  deps: CoreDeps,
  tenantId: string,
  allocationId: string,
  date?: CalendarDate,
) {
  return withTransaction(deps.db, async (tx) => {
    const receiptId = await unapplyAllocationInTx(tx, deps, tenantId, allocationId, date);
    return getReceiptDetail(tx, tenantId, receiptId);
  });
}

/** `unapplyAllocation` in the caller's transaction (dated today unless `date`); returns the allocation's receipt id. */
export async function unapplyAllocationInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  allocationId: string,
  date: CalendarDate = todayUtc(deps.clock.now()),
): Promise<string> {
  const found = isUuid(allocationId) ? await repo.lockAllocation(tx, tenantId, allocationId) : null;
  if (!found) throw notFound('allocation', allocationId);
  const receipt = await lockReceiptOrThrow(tx, tenantId, found.receiptId);
  const allocation = await repo.lockAllocation(tx, tenantId, allocationId);
  if (!allocation || allocation.unappliedAt)
    throw new AppError('invalid_state', `allocation ${allocationId} is already unapplied`);
  const [invoice] = await lockInvoicesForUpdate(tx, tenantId, [allocation.invoiceId]);
  if (!invoice) throw notFound('invoice', allocation.invoiceId);
  assertCanApply('unapply', invoice.status, invoice.number);
  const reversal = await deps.ledger.reverse(tx, tenantId, allocation.entryId, date, 'receipt.unapplied');
  await repo.markUnapplied(tx, tenantId, allocationId, reversal, deps.clock.now());
  await reduceOpen(deps, tx, invoice, -allocation.amountMinor, 'payment');
  await repo.setUnapplied(tx, tenantId, receipt.receiptId, receipt.unappliedMinor + allocation.amountMinor);
  await auditReceipt(
    tx,
    tenantId,
    'receipt.unapplied',
    receipt.unappliedMinor,
    { receipt: { ...receipt, unappliedMinor: receipt.unappliedMinor + allocation.amountMinor } },
    { details: { allocationId, invoiceId: allocation.invoiceId, amountMinor: allocation.amountMinor } },
  );
  return receipt.receiptId;
}

/** Pay unapplied cash back to the customer (Dr AR / Cr the cash account the money arrived on). */
export function refundReceipt(deps: CoreDeps, tenantId: string, receiptId: string, raw: DisburseInput) {
  return withTransaction(deps.db, (tx) => refundReceiptInTx(tx, deps, tenantId, receiptId, raw));
}

/** `refundReceipt` in the caller's transaction. */
export async function refundReceiptInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  receiptId: string,
  raw: DisburseInput,
) {
  return disburseAudited(tx, deps, tenantId, receiptId, raw, 'refund');
}

/** Refund or write off unapplied cash, and record it in the audit trail with its reason. */
async function disburseAudited(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  receiptId: string,
  raw: DisburseInput,
  kind: 'refund' | 'write_off',
) {
  const input = disburseInput.parse(raw);
  const before = await lockReceiptOrThrow(tx, tenantId, receiptId);
  await disburseInTx(tx, deps, tenantId, receiptId, input, kind);
  const detail = await getReceiptDetail(tx, tenantId, receiptId);
  const auditKind = kind === 'refund' ? 'receipt.refunded' : 'receipt.written_off';
  await auditReceipt(tx, tenantId, auditKind, before.unappliedMinor, detail, { reason: input.reason });
  return detail;
}

/** Write off a small unapplied balance (Dr AR / Cr bad debt & small balances). */
export function writeOffUnapplied(deps: CoreDeps, tenantId: string, receiptId: string, raw: DisburseInput) {
  return withTransaction(deps.db, (tx) => writeOffUnappliedInTx(tx, deps, tenantId, receiptId, raw));
}

/** `writeOffUnapplied` in the caller's transaction. */
export async function writeOffUnappliedInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  receiptId: string,
  raw: DisburseInput,
) {
  return disburseAudited(tx, deps, tenantId, receiptId, raw, 'write_off');
}

export async function listReceipts(
  q: Queryable,
  tenantId: string,
  query: { customer?: string; unappliedOnly?: boolean; invoiceId?: string; cursor?: string; limit: number },
) {
  const customerId = query.customer
    ? (await getCustomerRowOrThrow(q, tenantId, query.customer)).customerId
    : undefined;
  const rows = await repo.listReceiptRows(q, tenantId, {
    ...(customerId ? { customerId } : {}),
    ...(query.unappliedOnly ? { unappliedOnly: true } : {}),
    ...(query.invoiceId ? { invoiceId: query.invoiceId } : {}),
    ...(query.cursor ? { afterId: query.cursor } : {}),
    limit: query.limit + 1,
  });
  return {
    receipts: rows.slice(0, query.limit),
    nextCursor: rows.length > query.limit ? (rows[query.limit - 1]?.receiptId ?? null) : null,
  };
}
