/**
 * Receipts: money in from a customer, allocated to one or many invoices, unapplied, refunded or
 * written off. Invariant: amount = Σ active allocations + unapplied + Σ refunds and write-offs.
 * Allocations lock the receipt row and the invoices (in id order), so parallel allocations of one
 * receipt can never over-allocate it.
 */
import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { type CalendarDate, todayUtc } from '../../shared/calendar-date.ts';
import { AppError, notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid, newId } from '../../shared/ids.ts';
import { money, parseAmount } from '../../shared/money.ts';
import type { CoreDeps } from '../core-deps.ts';
import { getCustomerRowOrThrow } from '../customers/customers.service.ts';
import { assertCanApply } from '../invoices/invoice-status.ts';
import {
  getInvoiceRowOrThrow,
  type InvoiceRow,
  invoiceBaseShare,
  lockInvoicesForUpdate,
  reduceOpen,
} from '../invoices/invoices.service.ts';
import { baseShare, toBase } from '../ledger/fx.ts';
import { JournalEntryBuilder, type JournalEntryDraft } from '../ledger/journal-entry.ts';
import { getTenantOrThrow, type Tenant } from '../tenants/tenants.service.ts';
import {
  type AllocationInput,
  type DisburseInput,
  disburseInput,
  type RecordReceiptInput,
  recordReceiptInput,
} from './receipts.input.ts';
import * as repo from './receipts.repository.ts';

export type ReceiptRow = repo.ReceiptRow;

/**
 * Record money received: Dr bank / Cr AR (customer's unapplied cash); then allocate if asked.
 * `bankAccountCode` names the cash account of the bank account it arrived on (cash application);
 * without it the chart's default bank account is used.
 */
export async function recordReceipt(
  deps: CoreDeps,
  tenantId: string,
  raw: RecordReceiptInput,
  opts: { bankAccountCode?: string } = {},
) {
  return withTransaction(deps.db, (tx) => recordReceiptInTx(deps, tx, tenantId, raw, opts));
}

/** recordReceipt in the caller's transaction `tx` (see http/idempotency.ts: a request and its stored response commit together). */
export async function recordReceiptInTx(
  deps: CoreDeps,
  tx: Tx,
  tenantId: string,
  raw: RecordReceiptInput,
  opts: { bankAccountCode?: string } = {},
) {
  const input = recordReceiptInput.parse(raw);
  const tenant = await getTenantOrThrow(tx, tenantId);
  const customer = await getCustomerRowOrThrow(tx, tenantId, input.customer);
  const currency = input.currency ?? customer.currency;
  const amountMinor = parseAmount(input.amount, currency, 'amount');
  if (amountMinor <= 0n)
    throw validationFailed('amount must be positive', [{ field: 'amount', message: 'must be positive' }]);
  const fxRate = receiptRate(tenant, currency, input.fxRate);
  const receiptId = newId();
  const baseMinor = toBase(amountMinor, currency, tenant.baseCurrency, fxRate);
  const entry = receiptRecordedEntry({
    receiptId,
    customerId: customer.customerId,
    currency,
    amountMinor,
    baseMinor,
    receivedOn: input.receivedOn,
    payer: customer.name,
    reference: input.reference ?? null,
    bankAccountCode: opts.bankAccountCode ?? null,
  });
  await deps.ledger.post(tx, tenantId, entry);
  await repo.insertReceipt(tx, {
    tenantId,
    receiptId,
    customerId: customer.customerId,
    method: input.method,
    receivedOn: input.receivedOn,
    amountMinor,
    currency,
    fxRate,
    payerName: input.payerName ?? null,
    payerIban: input.payerIban ?? null,
    reference: input.reference ?? null,
    unappliedMinor: amountMinor,
  });
  if (input.allocations?.length)
    await allocateInTx(deps, tx, tenant, receiptId, input.allocations, input.receivedOn);
  return getReceiptDetail(tx, tenantId, receiptId);
}

/** Dr the bank account (its own cash account when given) / Cr AR: the customer's unapplied cash. */
export function receiptRecordedEntry(r: {
  receiptId: string;
  customerId: string;
  currency: string;
  amountMinor: bigint;
  baseMinor: bigint;
  receivedOn: CalendarDate;
  payer: string | null;
  reference: string | null;
  bankAccountCode: string | null;
}): JournalEntryDraft {
  const text = `Receipt${r.payer ? ` from ${r.payer}` : ''}${r.reference ? `: ${r.reference}` : ''}`;
  return new JournalEntryBuilder('receipt.recorded', r.receivedOn, text.slice(0, 300))
    .from('receipt', r.receiptId)
    .debit('bank', money(r.amountMinor, r.currency), r.baseMinor, {
      receiptId: r.receiptId,
      ...(r.bankAccountCode ? { accountCode: r.bankAccountCode } : {}),
    })
    .credit('ar_control', money(r.amountMinor, r.currency), r.baseMinor, {
      customerId: r.customerId,
      receiptId: r.receiptId,
    })
    .build();
}

/**
 * Dr AR (receipt's unapplied cash, at the receipt's rate) / Cr AR (invoice, at the invoice's rate);
 * the base-currency difference is the realised FX gain or loss, in the same entry.
 */
export function allocationEntry(a: {
  allocationId: string;
  receipt: Pick<ReceiptRow, 'receiptId' | 'customerId' | 'currency'>;
  invoice: Pick<InvoiceRow, 'invoiceId' | 'customerId' | 'currency' | 'number'>;
  amount: bigint;
  receiptBase: bigint;
  invoiceBase: bigint;
  date: CalendarDate;
}): JournalEntryDraft {
  return new JournalEntryBuilder('receipt.allocated', a.date, `Allocation to ${a.invoice.number}`)
    .from('allocation', a.allocationId)
    .debit('ar_control', money(a.amount, a.receipt.currency), a.receiptBase, {
      customerId: a.receipt.customerId,
      receiptId: a.receipt.receiptId,
    })
    .credit('ar_control', money(a.amount, a.invoice.currency), a.invoiceBase, {
      customerId: a.invoice.customerId,
      invoiceId: a.invoice.invoiceId,
      receiptId: a.receipt.receiptId,
    })
    .line('fx_gain_loss', a.receipt.currency, 0n, a.invoiceBase - a.receiptBase, {
      memo: 'realised FX difference',
    })
    .build();
}

function receiptRate(tenant: Tenant, currency: string, given: string | undefined): string {
  if (currency === tenant.baseCurrency) return '1';
  if (!given)
    throw validationFailed(`a receipt in ${currency} needs fxRate (${tenant.baseCurrency} per ${currency})`, [
      { field: 'fxRate', message: 'required for a foreign currency' },
    ]);
  return given;
}

/** Apply unapplied cash of a receipt to invoices of the same customer and currency. */
export async function allocateReceipt(
  deps: CoreDeps,
  tenantId: string,
  receiptId: string,
  allocations: readonly AllocationInput[],
  date?: CalendarDate,
) {
  return withTransaction(deps.db, (tx) =>
    allocateReceiptInTx(deps, tx, tenantId, receiptId, allocations, date),
  );
}

/** allocateReceipt in the caller's transaction `tx`. */
export async function allocateReceiptInTx(
  deps: CoreDeps,
  tx: Tx,
  tenantId: string,
  receiptId: string,
  allocations: readonly AllocationInput[],
  date?: CalendarDate,
) {
  const tenant = await getTenantOrThrow(tx, tenantId);
  await allocateInTx(deps, tx, tenant, receiptId, allocations, date ?? todayUtc(deps.clock.now()));
  return getReceiptDetail(tx, tenantId, receiptId);
}

async function allocateInTx(
  deps: CoreDeps,
  tx: Tx,
  tenant: Tenant,
  receiptId: string,
  wanted: readonly AllocationInput[],
  date: CalendarDate,
) {
  const receipt = await lockReceiptOrThrow(tx, tenant.tenantId, receiptId);
  const targets = await resolveTargets(tx, tenant.tenantId, receipt, wanted);
  const total = targets.reduce((s, t) => s + t.amount, 0n);
  if (total > receipt.unappliedMinor) {
    throw new AppError('over_allocation', `allocations total more than the receipt's unapplied cash`, [
      { field: 'allocations', message: 'exceed unapplied cash' },
    ]);
  }
  let unapplied = receipt.unappliedMinor;
  for (const { invoice, amount } of targets) {
    await allocateOne(deps, tx, tenant, receipt, unapplied, invoice, amount, date);
    unapplied -= amount;
  }
  await repo.setUnapplied(tx, tenant.tenantId, receipt.receiptId, unapplied);
}

async function resolveTargets(
  tx: Tx,
  tenantId: string,
  receipt: ReceiptRow,
  wanted: readonly AllocationInput[],
) {
  const found: InvoiceRow[] = [];
  for (const w of wanted) found.push(await getInvoiceRowOrThrow(tx, tenantId, w.invoice));
  const ids = found.map((f) => f.invoiceId);
  if (new Set(ids).size !== ids.length)
    throw validationFailed('an invoice appears twice in the allocations', [
      { field: 'allocations', message: 'duplicate invoice' },
    ]);
  const locked = new Map((await lockInvoicesForUpdate(tx, tenantId, ids)).map((i) => [i.invoiceId, i]));
  return wanted.map((w, i) => {
    const invoice = locked.get(ids[i] ?? '');
    if (!invoice) throw notFound('invoice', w.invoice);
    const field = `allocations[${i}]`;
    assertCanApply('allocate', invoice.status, invoice.number);
    if (invoice.kind !== 'invoice')
      throw validationFailed(`${invoice.number} is not an invoice`, [{ field, message: 'not an invoice' }]);
    if (invoice.customerId !== receipt.customerId)
      throw validationFailed(`invoice ${invoice.number} belongs to another customer`, [
        { field, message: 'other customer' },
      ]);
    if (invoice.currency !== receipt.currency)
      throw validationFailed(
        `invoice ${invoice.number} is in ${invoice.currency}, the receipt in ${receipt.currency}`,
        [{ field, message: 'currency differs' }],
      );
    const amount = parseAmount(w.amount, invoice.currency, `${field}.amount`);
    if (amount <= 0n)
      throw validationFailed('allocation amount must be positive', [
        { field: `${field}.amount`, message: 'must be positive' },
      ]);
    if (amount > invoice.openMinor)
      throw new AppError('over_allocation', `allocation exceeds the open amount of ${invoice.number}`, [
        { field: `${field}.amount`, message: 'exceeds open amount' },
      ]);
    return { invoice, amount };
  });
}

/**
 * Dr AR (receipt's unapplied cash, at the receipt's rate) / Cr AR (invoice, at the invoice's rate);
 * the base-currency difference is the realised FX gain or loss, posted in the same entry.
 */
async function allocateOne(
  deps: CoreDeps,
  tx: Tx,
  tenant: Tenant,
  receipt: ReceiptRow,
  unapplied: bigint,
  invoice: InvoiceRow,
  amount: bigint,
  date: CalendarDate,
) {
  const receiptBase = await receiptBaseShare(deps, tx, tenant, receipt, unapplied, amount);
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

async function receiptBaseShare(
  deps: CoreDeps,
  tx: Tx,
  tenant: Tenant,
  receipt: ReceiptRow,
  unapplied: bigint,
  amount: bigint,
) {
  if (receipt.currency === tenant.baseCurrency) return amount;
  const ar = await deps.ledger.codeFor(tx, tenant.tenantId, 'ar_control');
  const remainingBase = -(await repo.arBaseBalanceOfReceipt(tx, tenant.tenantId, ar, receipt.receiptId));
  return baseShare(remainingBase, unapplied, amount);
}

/** Undo an allocation: reverse its entry, reopen the invoice, return the cash to unapplied. */
export async function unapplyAllocation(
  deps: CoreDeps,
  tenantId: string,
  allocationId: string,
  date?: CalendarDate,
) {
  return withTransaction(deps.db, (tx) => unapplyAllocationInTx(deps, tx, tenantId, allocationId, date));
}

/** unapplyAllocation in the caller's transaction `tx`. */
export async function unapplyAllocationInTx(
  deps: CoreDeps,
  tx: Tx,
  tenantId: string,
  allocationId: string,
  date?: CalendarDate,
) {
  const found = isUuid(allocationId) ? await repo.lockAllocation(tx, tenantId, allocationId) : null;
  if (!found) throw notFound('allocation', allocationId);
  const receipt = await lockReceiptOrThrow(tx, tenantId, found.receiptId);
  const allocation = await repo.lockAllocation(tx, tenantId, allocationId);
  if (!allocation || allocation.unappliedAt)
    throw new AppError('invalid_state', `allocation ${allocationId} is already unapplied`);
  const [invoice] = await lockInvoicesForUpdate(tx, tenantId, [allocation.invoiceId]);
  if (!invoice) throw notFound('invoice', allocation.invoiceId);
  assertCanApply('unapply', invoice.status, invoice.number);
  const reversal = await deps.ledger.reverse(
    tx,
    tenantId,
    allocation.entryId,
    date ?? todayUtc(deps.clock.now()),
    'receipt.unapplied',
  );
  await repo.markUnapplied(tx, tenantId, allocationId, reversal, deps.clock.now());
  await reduceOpen(deps, tx, invoice, -allocation.amountMinor, 'payment');
  await repo.setUnapplied(tx, tenantId, receipt.receiptId, receipt.unappliedMinor + allocation.amountMinor);
  return getReceiptDetail(tx, tenantId, receipt.receiptId);
}

/** Pay unapplied cash back to the customer (Dr AR / Cr bank). */
export function refundReceipt(deps: CoreDeps, tenantId: string, receiptId: string, raw: DisburseInput) {
  return disburse(deps, tenantId, receiptId, raw, 'refund');
}

/** Write off a small unapplied balance (Dr AR / Cr bad debt & small balances). */
export function writeOffUnapplied(deps: CoreDeps, tenantId: string, receiptId: string, raw: DisburseInput) {
  return disburse(deps, tenantId, receiptId, raw, 'write_off');
}

/** refundReceipt in the caller's transaction `tx`. */
export function refundReceiptInTx(
  deps: CoreDeps,
  tx: Tx,
  tenantId: string,
  receiptId: string,
  raw: DisburseInput,
) {
  return disburseInTx(deps, tx, tenantId, receiptId, raw, 'refund');
}

/** writeOffUnapplied in the caller's transaction `tx`. */
export function writeOffUnappliedInTx(
  deps: CoreDeps,
  tx: Tx,
  tenantId: string,
  receiptId: string,
  raw: DisburseInput,
) {
  return disburseInTx(deps, tx, tenantId, receiptId, raw, 'write_off');
}

async function disburse(
  deps: CoreDeps,
  tenantId: string,
  receiptId: string,
  raw: DisburseInput,
  kind: 'refund' | 'write_off',
) {
  return withTransaction(deps.db, (tx) => disburseInTx(deps, tx, tenantId, receiptId, raw, kind));
}

async function disburseInTx(
  deps: CoreDeps,
  tx: Tx,
  tenantId: string,
  receiptId: string,
  raw: DisburseInput,
  kind: 'refund' | 'write_off',
) {
  const input = disburseInput.parse(raw);
  const tenant = await getTenantOrThrow(tx, tenantId);
  const receipt = await lockReceiptOrThrow(tx, tenantId, receiptId);
  const amount =
    input.amount === undefined
      ? receipt.unappliedMinor
      : parseAmount(input.amount, receipt.currency, 'amount');
  if (amount <= 0n)
    throw validationFailed('nothing to disburse: amount must be positive', [
      { field: 'amount', message: 'must be positive' },
    ]);
  if (amount > receipt.unappliedMinor)
    throw new AppError(
      'insufficient_funds',
      `the receipt has only ${receipt.unappliedMinor} minor units unapplied`,
      [{ field: 'amount', message: 'exceeds unapplied cash' }],
    );
  const base = await receiptBaseShare(deps, tx, tenant, receipt, receipt.unappliedMinor, amount);
  const date = input.date ?? todayUtc(deps.clock.now());
  // A refund leaves from the account the money came in on.
  const cashAccount = kind === 'refund' ? await repo.cashAccountOfReceipt(tx, tenantId, receiptId) : null;
  const disbursementId = newId();
  const entry = new JournalEntryBuilder(
    kind === 'refund' ? 'receipt.refunded' : 'receipt.written_off',
    date,
    `${kind === 'refund' ? 'Refund' : 'Write-off'} of unapplied cash${input.reason ? `: ${input.reason}` : ''}`.slice(
      0,
      300,
    ),
  )
    .from('disbursement', disbursementId)
    .debit('ar_control', money(amount, receipt.currency), base, {
      customerId: receipt.customerId,
      receiptId,
    })
    .credit(kind === 'refund' ? 'bank' : 'bad_debt', money(amount, receipt.currency), base, {
      receiptId,
      ...(cashAccount ? { accountCode: cashAccount } : {}),
    })
    .build();
  const entryId = await deps.ledger.post(tx, tenantId, entry);
  await repo.insertDisbursement(tx, {
    tenantId,
    disbursementId,
    receiptId,
    kind,
    amountMinor: amount,
    onDate: date,
    reason: input.reason ?? null,
    entryId,
  });
  await repo.setUnapplied(tx, tenantId, receiptId, receipt.unappliedMinor - amount);
  return getReceiptDetail(tx, tenantId, receiptId);
}

async function lockReceiptOrThrow(tx: Tx, tenantId: string, receiptId: string): Promise<ReceiptRow> {
  const receipt = isUuid(receiptId) ? await repo.lockReceipt(tx, tenantId, receiptId) : null;
  if (!receipt) throw notFound('receipt', receiptId);
  return receipt;
}

export async function getReceiptDetail(q: Queryable, tenantId: string, receiptId: string) {
  const receipt = isUuid(receiptId) ? await repo.findReceipt(q, tenantId, receiptId) : null;
  if (!receipt) throw notFound('receipt', receiptId);
  // One after the other: `q` may be a transaction, which runs one query at a time.
  const allocations = await repo.allocationsOfReceipt(q, tenantId, receiptId);
  const disbursements = await repo.disbursementsOf(q, tenantId, receiptId);
  return { receipt, allocations, disbursements };
}

export async function listReceipts(
  q: Queryable,
  tenantId: string,
  query: { customer?: string; unappliedOnly?: boolean; cursor?: string; limit: number },
) {
  const customerId = query.customer
    ? (await getCustomerRowOrThrow(q, tenantId, query.customer)).customerId
    : undefined;
  const rows = await repo.listReceiptRows(q, tenantId, {
    ...(customerId ? { customerId } : {}),
    ...(query.unappliedOnly ? { unappliedOnly: true } : {}),
    ...(query.cursor ? { afterId: query.cursor } : {}),
    limit: query.limit + 1,
  });
  return {
    receipts: rows.slice(0, query.limit),
    nextCursor: rows.length > query.limit ? (rows[query.limit - 1]?.receiptId ?? null) : null,
  };
}
