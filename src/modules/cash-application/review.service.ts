/**
 * The review queue: what cash application did not apply by itself, and what people do with it —
 * accept a suggestion, apply by hand (split over several invoices), ignore the line, or unapply an
 * application. Every confirmation teaches the engine the payer's bank account: the next payment
 * from it is recognised without help.
 */
import { z } from 'zod';
import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { AppError, invalidState, notFound, validationFailed } from '../../shared/errors.ts';
import { isValidIban } from '../../shared/iban.ts';
import { isUuid } from '../../shared/ids.ts';
import { formatAmount, parseAmount } from '../../shared/money.ts';
import type { CoreDeps } from '../core-deps.ts';
import { decimalAmount } from '../customers/customers.input.ts';
import { getCustomerRowOrThrow } from '../customers/customers.service.ts';
import {
  adjustInvoice,
  getInvoiceRowOrThrow,
  reverseReceiptAdjustments,
} from '../invoices/invoices.service.ts';
import { allocateReceipt, getReceiptDetail, unapplyAllocation } from '../receipts/receipts.service.ts';
import { learnPayerAccount, learnPayerName, recordVerdict } from './cash-application.repository.ts';
import { adjustmentReason, bookProposal } from './cash-application.service.ts';
import type { Proposal } from './engine.ts';
import { nameSimilarity, payerNameKey } from './names.ts';
import * as repo from './review.repository.ts';

export const REVIEW_STATUSES = ['new', 'suggested', 'unmatched', 'applied', 'ignored'] as const;

export const manualApplicationInput = z
  .object({
    customer: z.string().min(1).describe('customer id or external id'),
    allocations: z
      .array(
        z
          .object({ invoice: z.string().min(1).describe('invoice id or number'), amount: decimalAmount })
          .strict(),
      )
      .max(500),
    adjustments: z
      .array(
        z
          .object({
            invoice: z.string().min(1),
            kind: z.enum(['discount', 'bank_charge']),
            amount: decimalAmount,
          })
          .strict(),
      )
      .max(500)
      .optional(),
  })
  .strict();
export type ManualApplicationInput = z.infer<typeof manualApplicationInput>;

interface StoredProposal {
  customerId: string;
  confidence: number;
  allocations: { invoiceId: string; number: string; amountMinor: string }[];
  adjustments: { kind: 'discount' | 'bank_charge'; invoiceId: string; amountMinor: string }[];
  unappliedMinor: string;
  reasons: string[];
}

function storedSuggestions(decision: unknown): StoredProposal[] {
  const d = decision as { suggestions?: StoredProposal[]; allocations?: unknown } | null;
  return d?.suggestions ?? [];
}

export function reviewItem(row: repo.ReviewLineRow) {
  const money = (m: bigint) => formatAmount(m, row.currency);
  const decision = row.decision as { reasons?: string[] } | null;
  return {
    id: row.transaction_id,
    bankReference: row.bank_reference,
    bookingDate: row.booking_date,
    amount: money(row.amount_minor),
    currency: row.currency,
    payerName: row.counterparty_name,
    payerIban: row.counterparty_iban,
    remittance: row.remittance,
    status: REVIEW_STATUSES.find((st) => st === row.status) ?? 'new',
    customerId: row.customer_id,
    confidence: row.confidence === null ? null : Number(row.confidence),
    receiptId: row.receipt_id,
    suggestions: storedSuggestions(row.decision).map((s) => ({
      customerId: s.customerId,
      confidence: s.confidence,
      allocations: s.allocations.map((a) => ({
        invoiceId: a.invoiceId,
        invoiceNumber: a.number,
        amount: money(BigInt(a.amountMinor)),
      })),
      adjustments: s.adjustments.map((a) => ({
        kind: a.kind,
        invoiceId: a.invoiceId,
        amount: money(BigInt(a.amountMinor)),
      })),
      reasons: s.reasons,
    })),
    reasons: decision?.reasons ?? (row.decision as StoredProposal | null)?.reasons ?? [],
  };
}

export async function listReviewQueue(
  q: Queryable,
  tenantId: string,
  query: { status?: (typeof REVIEW_STATUSES)[number]; cursor?: string; limit: number },
) {
  const statuses = query.status ? [query.status] : ['suggested', 'unmatched'];
  const rows = await repo.listLines(q, tenantId, {
    statuses,
    ...(query.cursor ? { afterId: query.cursor } : {}),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    items: page.map(reviewItem),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.transaction_id ?? null) : null,
  };
}

async function lockOpenLine(tx: Tx, tenantId: string, transactionId: string) {
  const row = isUuid(transactionId) ? await repo.lockLine(tx, tenantId, transactionId) : null;
  if (!row) throw notFound('bank transaction', transactionId);
  if (row.amount_minor <= 0n) throw invalidState('only incoming payments (credits) are applied to invoices');
  if (row.status === 'applied') throw invalidState('this bank line is applied already; unapply it first');
  return row;
}

/** Book `p` for a line in the caller's transaction: a new receipt, or the line's existing one after an unapply. */
async function applyToLine(
  deps: CoreDeps,
  tx: Tx,
  tenantId: string,
  row: repo.ReviewLineRow,
  p: Proposal,
  how: string,
) {
  let receiptId = row.receipt_id;
  if (receiptId === null) {
    const first = p.allocations[0];
    const rate = first ? (await getInvoiceRowOrThrow(deps.db, tenantId, first.invoiceId)).fxRate : '1';
    receiptId = await bookProposal(deps, tenantId, row, p, new Map(first ? [[first.invoiceId, rate]] : []));
  } else {
    const { receipt } = await getReceiptDetail(deps.db, tenantId, receiptId);
    if (receipt.customerId !== p.customerId)
      throw invalidState(
        'the cash of this line sits as unapplied cash on another customer since it was unapplied; allocate or refund it there',
      );
    if (p.allocations.length > 0)
      await allocateReceipt(
        deps,
        tenantId,
        receiptId,
        p.allocations.map((a) => ({
          invoice: a.invoiceId,
          amount: formatAmount(a.amountMinor, row.currency),
        })),
        row.booking_date,
      );
    for (const adj of p.adjustments)
      await adjustInvoice(deps, tenantId, adj.invoiceId, {
        kind: adj.kind,
        amountMinor: adj.amountMinor,
        reason: adjustmentReason(adj.kind, row),
        date: row.booking_date,
        receiptId,
      });
  }
  await recordVerdict(tx, tenantId, row.transaction_id, {
    status: 'applied',
    customerId: p.customerId,
    confidence: p.confidence,
    decision: {
      how,
      customerId: p.customerId,
      allocations: p.allocations.map((a) => ({ ...a, amountMinor: String(a.amountMinor) })),
      adjustments: p.adjustments.map((a) => ({ ...a, amountMinor: String(a.amountMinor) })),
      reasons: p.reasons,
    },
    receiptId,
  });
  if (row.counterparty_iban && isValidIban(row.counterparty_iban))
    await learnPayerAccount(tx, tenantId, p.customerId, row.counterparty_iban);
  await learnNameIfNew(tx, tenantId, p.customerId, row.counterparty_name);
  return receiptId;
}

/**
 * Remember the payer's name for the customer a person confirmed, unless it already reads like one
 * of the customer's own names (nothing to learn then).
 */
async function learnNameIfNew(tx: Tx, tenantId: string, customerId: string, payer: string | null) {
  const key = payer ? payerNameKey(payer) : '';
  if (!payer || key === '') return;
  const customer = await getCustomerRowOrThrow(tx, tenantId, customerId);
  const own = [customer.name, customer.legalName, ...customer.aliases].filter((n): n is string => !!n);
  if (own.some((n) => nameSimilarity(n, payer) >= 0.85)) return;
  await learnPayerName(tx, tenantId, customerId, payer.slice(0, 300), key);
}

async function lineView(deps: CoreDeps, tenantId: string, transactionId: string) {
  return withTransaction(deps.db, async (tx) => {
    const row = await repo.lockLine(tx, tenantId, transactionId);
    if (!row) throw notFound('bank transaction', transactionId);
    return reviewItem(row);
  });
}

/** Accept suggestion `index` (0 = the best) of a line in the review queue. */
export async function acceptSuggestion(deps: CoreDeps, tenantId: string, transactionId: string, index = 0) {
  await withTransaction(deps.db, async (tx) => {
    const inTx = { ...deps, db: tx };
    const row = await lockOpenLine(tx, tenantId, transactionId);
    const s = storedSuggestions(row.decision)[index];
    if (!s)
      throw validationFailed(`this line has no suggestion ${index}`, [
        { field: 'suggestion', message: 'no such suggestion' },
      ]);
    await applyToLine(
      inTx,
      tx,
      tenantId,
      row,
      {
        customerId: s.customerId,
        confidence: s.confidence,
        allocations: s.allocations.map((a) => ({
          invoiceId: a.invoiceId,
          number: a.number,
          amountMinor: BigInt(a.amountMinor),
        })),
        adjustments: s.adjustments.map((a) => ({
          kind: a.kind,
          invoiceId: a.invoiceId,
          amountMinor: BigInt(a.amountMinor),
        })),
        unappliedMinor: BigInt(s.unappliedMinor),
        reasons: [...s.reasons, 'accepted by a user'],
      },
      'accepted',
    );
  });
  return lineView(deps, tenantId, transactionId);
}

/** Apply a line by hand: its customer, the invoices and amounts (split as wanted), adjustments. */
export async function applyManually(
  deps: CoreDeps,
  tenantId: string,
  transactionId: string,
  raw: ManualApplicationInput,
) {
  const input = manualApplicationInput.parse(raw);
  await withTransaction(deps.db, async (tx) => {
    const inTx = { ...deps, db: tx };
    const row = await lockOpenLine(tx, tenantId, transactionId);
    const customer = await getCustomerRowOrThrow(tx, tenantId, input.customer);
    const allocations = [];
    for (const [i, a] of input.allocations.entries()) {
      const invoice = await getInvoiceRowOrThrow(tx, tenantId, a.invoice);
      if (invoice.customerId !== customer.customerId)
        throw validationFailed(`invoice ${invoice.number} belongs to another customer`, [
          { field: `allocations[${i}].invoice`, message: 'not an invoice of this customer' },
        ]);
      allocations.push({
        invoiceId: invoice.invoiceId,
        number: invoice.number ?? '',
        amountMinor: parseAmount(a.amount, row.currency, `allocations[${i}].amount`),
      });
    }
    const adjustments = [];
    for (const [i, a] of (input.adjustments ?? []).entries()) {
      const invoice = await getInvoiceRowOrThrow(tx, tenantId, a.invoice);
      adjustments.push({
        kind: a.kind,
        invoiceId: invoice.invoiceId,
        amountMinor: parseAmount(a.amount, row.currency, `adjustments[${i}].amount`),
      });
    }
    const allocated = allocations.reduce((s, a) => s + a.amountMinor, 0n);
    if (allocated > row.amount_minor)
      throw new AppError('over_allocation', 'the allocations add up to more than the payment', [
        { field: 'allocations', message: `at most ${formatAmount(row.amount_minor, row.currency)}` },
      ]);
    await applyToLine(
      inTx,
      tx,
      tenantId,
      row,
      {
        customerId: customer.customerId,
        confidence: 1,
        allocations,
        adjustments,
        unappliedMinor: row.amount_minor - allocated,
        reasons: ['applied by a user'],
      },
      'manual',
    );
  });
  return lineView(deps, tenantId, transactionId);
}

/** Leave a line alone for good (not a customer receipt, handled elsewhere). */
export async function ignoreLine(deps: CoreDeps, tenantId: string, transactionId: string, reason: string) {
  await withTransaction(deps.db, async (tx) => {
    const row = isUuid(transactionId) ? await repo.lockLine(tx, tenantId, transactionId) : null;
    if (!row) throw notFound('bank transaction', transactionId);
    if (row.status === 'applied') throw invalidState('this bank line is applied; unapply it first');
    await recordVerdict(tx, tenantId, transactionId, {
      status: 'ignored',
      customerId: row.customer_id,
      confidence: null,
      decision: { reasons: [`ignored by a user: ${reason}`] },
      receiptId: row.receipt_id,
    });
  });
  return lineView(deps, tenantId, transactionId);
}

/**
 * Undo an application: its allocations are unapplied and its discounts and bank charges taken
 * back (reversal entries; the invoices are open for the full amount again); the money stays as
 * unapplied cash of the customer on the line's receipt, and the line returns to the queue.
 */
export async function unapplyLine(deps: CoreDeps, tenantId: string, transactionId: string) {
  await withTransaction(deps.db, async (tx) => {
    const inTx = { ...deps, db: tx };
    const row = isUuid(transactionId) ? await repo.lockLine(tx, tenantId, transactionId) : null;
    if (!row) throw notFound('bank transaction', transactionId);
    if (row.status !== 'applied' || !row.receipt_id) throw invalidState('this bank line is not applied');
    const { allocations } = await getReceiptDetail(tx, tenantId, row.receipt_id);
    for (const a of allocations.filter((x) => x.unappliedAt === null))
      await unapplyAllocation(inTx, tenantId, a.allocationId, row.booking_date);
    await reverseReceiptAdjustments(inTx, tx, tenantId, row.receipt_id, row.booking_date);
    await recordVerdict(tx, tenantId, transactionId, {
      status: 'unmatched',
      customerId: row.customer_id,
      confidence: null,
      decision: { reasons: ['unapplied by a user; the payment is unapplied cash of the customer'] },
      receiptId: row.receipt_id,
    });
  });
  return lineView(deps, tenantId, transactionId);
}
