/**
 * The review queue: what cash application did not apply by itself, and what people do with it —
 * accept a suggestion, apply by hand (split over several invoices), ignore the line, or unapply an
 * application. Accept and apply book through the one booking path (`bookLinesInTx`), as the run
 * does. Every confirmation teaches the engine the payer's bank account and name: the next payment
 * from it is recognised without help.
 */
import { z } from 'zod';
import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { AppError, invalidState, notFound, validationFailed } from '../../shared/errors.ts';
import { isValidIban } from '../../shared/iban.ts';
import { isUuid } from '../../shared/ids.ts';
import { formatAmount, parseAmount } from '../../shared/money.ts';
import {
  BANK_LINE_STATUSES,
  type BankLineStatus,
  countLinesWithStatus,
  findLineWithVerdict,
  type LineVerdict,
  type LineWithVerdictRow,
  listLinesWithVerdict,
  lockLineWithVerdict,
  recordVerdicts,
} from '../bank/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import {
  customerRefs,
  decimalAmount,
  getCustomerRowOrThrow,
  groupCustomerIds,
  learnPayerAccount,
} from '../customers/index.ts';
import {
  getInvoiceRowOrThrow,
  reverseReceiptAdjustments,
  SETTLEMENT_ADJUSTMENT_KINDS,
} from '../invoices/index.ts';
import { getReceiptDetail, unapplyAllocationInTx } from '../receipts/index.ts';
import { reopenAdviceOfLineInTx } from './advices.service.ts';
import { learnPayerName } from './cash-application.repository.ts';
import { noteUnappliedDeductionInTx } from './deduction-disputes.service.ts';
import type { Deduction, Proposal } from './engine.ts';
import { type BookableLine, bookLinesInTx } from './line-booking.service.ts';
import { nameSimilarity, payerNameKey } from './names.ts';
import { customerIdsOf, reviewItem } from './review-items.ts';
import {
  type BookedHow,
  bookedDeduction,
  postedEntryId,
  proposalOf,
  storedSuggestions,
} from './stored-decision.ts';

export { reviewItem } from './review-items.ts';

/** The statuses the queue can be filtered by (every status of a bank line). */
export const REVIEW_STATUSES = BANK_LINE_STATUSES;

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
            kind: z.enum(SETTLEMENT_ADJUSTMENT_KINDS),
            amount: decimalAmount,
          })
          .strict(),
      )
      .max(500)
      .optional(),
    deduction: z
      .object({
        invoice: z.string().min(1).describe('invoice id or number'),
        amount: decimalAmount.describe('what the payer deducted; it stays open on the invoice'),
        reason: z.string().trim().min(1).max(300).describe("the payer's words, e.g. Transportschaden"),
        kind: z.enum(['short_payment', 'credit_note']).optional().describe('default short_payment'),
      })
      .strict()
      .optional()
      .describe(
        'the payer paid less and said why: a dispute is opened on the invoice for the amount, with the words as its reason',
      ),
  })
  .strict();
export type ManualApplicationInput = z.infer<typeof manualApplicationInput>;

export async function listReviewQueue(
  q: Queryable,
  tenantId: string,
  query: { status?: BankLineStatus; cursor?: string; limit: number },
) {
  const statuses = query.status ? [query.status] : ['suggested', 'unmatched'];
  const rows = await listLinesWithVerdict(q, tenantId, {
    statuses,
    ...(query.cursor ? { afterId: query.cursor } : {}),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  const names = await customerRefs(q, tenantId, customerIdsOf(page));
  return {
    items: page.map((row) => reviewItem(row, names)),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.transaction_id ?? null) : null,
  };
}

/** Lock a line for the rest of the transaction (or throw not_found). */
async function lockLineOrThrow(tx: Tx, tenantId: string, transactionId: string) {
  const row = isUuid(transactionId) ? await lockLineWithVerdict(tx, tenantId, transactionId) : null;
  if (!row) throw notFound('bank transaction', transactionId);
  return row;
}

/** Refuse a line that is booked already: applied, or posted to an account by a rule. */
function assertNotBooked(row: LineWithVerdictRow, doing: string) {
  if (row.status === 'applied') throw invalidState(`this bank line is applied already; unapply it first`);
  if (postedEntryId(row.decision) !== null)
    throw invalidState(`this bank line was posted to an account by a rule; it cannot be ${doing}`);
}

/** A line a person may book: an incoming payment, not booked yet. */
async function lockBookableLine(
  tx: Tx,
  tenantId: string,
  transactionId: string,
): Promise<LineWithVerdictRow> {
  const row = await lockLineOrThrow(tx, tenantId, transactionId);
  if (row.amount_minor <= 0n) throw invalidState('only incoming payments (credits) are applied to invoices');
  assertNotBooked(row, 'applied');
  return row;
}

/** Book a person's confirmation of `p` for the line, and learn the payer from it. */
async function confirmInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  line: BookableLine,
  p: Proposal,
  how: BookedHow,
): Promise<void> {
  if (line.receipt_id !== null) await assertReceiptOf(tx, tenantId, line.receipt_id, p.customerId);
  await bookLinesInTx(tx, deps, tenantId, [{ line, proposal: p, how }]);
  if (line.counterparty_iban && isValidIban(line.counterparty_iban))
    await learnPayerAccount(tx, tenantId, p.customerId, line.counterparty_iban);
  await learnNameIfNew(tx, tenantId, p.customerId, line.counterparty_name);
}

/** A line applied before and unapplied keeps its money on its receipt, for that customer only. */
async function assertReceiptOf(tx: Tx, tenantId: string, receiptId: string, customerId: string) {
  const { receipt } = await getReceiptDetail(tx, tenantId, receiptId);
  if (receipt.customerId !== customerId)
    throw invalidState(
      'the cash of this line sits as unapplied cash on another customer since it was unapplied; allocate or refund it there',
    );
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
  const row = await findLineWithVerdict(deps.db, tenantId, transactionId);
  if (!row) throw notFound('bank transaction', transactionId);
  return reviewItem(row, await customerRefs(deps.db, tenantId, customerIdsOf([row])));
}

/** Accept suggestion `index` (0 = the best) of a line in the review queue. */
export async function acceptSuggestion(deps: CoreDeps, tenantId: string, transactionId: string, index = 0) {
  await withTransaction(deps.db, async (tx) => {
    const row = await lockBookableLine(tx, tenantId, transactionId);
    const s = storedSuggestions(row.decision)[index];
    if (!s)
      throw validationFailed(`this line has no suggestion ${index}`, [
        { field: 'suggestion', message: 'no such suggestion' },
      ]);
    await confirmInTx(tx, deps, tenantId, row, proposalOf(s, 'accepted by a user'), 'accepted');
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
    const row = await lockBookableLine(tx, tenantId, transactionId);
    const proposal = await manualProposal(tx, tenantId, row, input);
    await confirmInTx(tx, deps, tenantId, row, proposal, 'manual');
  });
  return lineView(deps, tenantId, transactionId);
}

/** What a person asked for, as a proposal: invoices resolved, amounts parsed in the line's currency. */
async function manualProposal(
  q: Queryable,
  tenantId: string,
  row: LineWithVerdictRow,
  input: ManualApplicationInput,
): Promise<Proposal> {
  const customer = await getCustomerRowOrThrow(q, tenantId, input.customer);
  const allocations = [];
  let group: ReadonlySet<string> | undefined;
  for (const [i, a] of input.allocations.entries()) {
    const invoice = await getInvoiceRowOrThrow(q, tenantId, a.invoice);
    // A group's treasury pays for its members: invoices of the customer's group are allowed.
    if (invoice.customerId !== customer.customerId)
      group ??= (await groupCustomerIds(q, tenantId, [customer.customerId])).get(customer.customerId);
    if (invoice.customerId !== customer.customerId && !group?.has(invoice.customerId))
      throw validationFailed(`invoice ${invoice.number} belongs to another customer`, [
        { field: `allocations[${i}].invoice`, message: 'not an invoice of this customer or its group' },
      ]);
    const amountMinor = parseAmount(a.amount, row.currency, `allocations[${i}].amount`);
    allocations.push({ invoiceId: invoice.invoiceId, number: invoice.number ?? '', amountMinor });
  }
  const adjustments = [];
  for (const [i, a] of (input.adjustments ?? []).entries()) {
    const invoice = await getInvoiceRowOrThrow(q, tenantId, a.invoice);
    const amountMinor = parseAmount(a.amount, row.currency, `adjustments[${i}].amount`);
    adjustments.push({ kind: a.kind, invoiceId: invoice.invoiceId, amountMinor });
  }
  const allocated = allocations.reduce((s, a) => s + a.amountMinor, 0n);
  if (allocated > row.amount_minor)
    throw new AppError('over_allocation', 'the allocations add up to more than the payment', [
      { field: 'allocations', message: `at most ${formatAmount(row.amount_minor, row.currency)}` },
    ]);
  const unappliedMinor = row.amount_minor - allocated;
  const deduction = input.deduction && (await manualDeduction(q, tenantId, row, input.deduction));
  return {
    customerId: customer.customerId,
    confidence: 1,
    allocations,
    adjustments,
    unappliedMinor,
    reasons: ['applied by a user'],
    ...(deduction ? { deduction } : {}),
  };
}

/** The deduction a person states with a manual application (checked again when booked). */
async function manualDeduction(
  q: Queryable,
  tenantId: string,
  row: LineWithVerdictRow,
  d: NonNullable<ManualApplicationInput['deduction']>,
): Promise<Deduction> {
  const invoice = await getInvoiceRowOrThrow(q, tenantId, d.invoice);
  return {
    kind: d.kind ?? 'short_payment',
    invoiceId: invoice.invoiceId,
    amountMinor: parseAmount(d.amount, row.currency, 'deduction.amount'),
    reason: d.reason,
  };
}

/** Leave a line alone for good (not a customer receipt, handled elsewhere). */
export async function ignoreLine(deps: CoreDeps, tenantId: string, transactionId: string, reason: string) {
  await withTransaction(deps.db, async (tx) => {
    const row = await lockLineOrThrow(tx, tenantId, transactionId);
    if (row.status === 'applied') throw invalidState('this bank line is applied; unapply it first');
    assertNotBooked(row, 'ignored again');
    await writeVerdictInTx(tx, tenantId, {
      transactionId,
      expected: row.status,
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
 * unapplied cash of the customer on the line's receipt, and the line returns to the queue. The
 * dispute its deduction opened stays as it is (the payer's claim does not depend on where the
 * payment is booked), with a note on its thread and in the activity log that the payment was
 * unapplied.
 */
export async function unapplyLine(deps: CoreDeps, tenantId: string, transactionId: string) {
  await withTransaction(deps.db, async (tx) => {
    const row = await lockLineOrThrow(tx, tenantId, transactionId);
    if (row.status !== 'applied' || !row.receipt_id) throw invalidState('this bank line is not applied');
    const { allocations } = await getReceiptDetail(tx, tenantId, row.receipt_id);
    for (const a of allocations.filter((x) => x.unappliedAt === null))
      await unapplyAllocationInTx(tx, deps, tenantId, a.allocationId, row.booking_date);
    await reverseReceiptAdjustments(deps, tx, tenantId, row.receipt_id, row.booking_date);
    const booked = bookedDeduction(row.decision);
    if (booked) await noteUnappliedDeductionInTx(tx, deps, tenantId, row, booked);
    await reopenAdviceOfLineInTx(tx, deps, tenantId, transactionId);
    await writeVerdictInTx(tx, tenantId, {
      transactionId,
      expected: 'applied',
      status: 'unmatched',
      customerId: row.customer_id,
      confidence: null,
      decision: { reasons: ['unapplied by a user; the payment is unapplied cash of the customer'] },
      receiptId: row.receipt_id,
    });
  });
  return lineView(deps, tenantId, transactionId);
}

/** One verdict, written only if the line still has the status it was read with. */
async function writeVerdictInTx(tx: Tx, tenantId: string, verdict: LineVerdict) {
  const written = await recordVerdicts(tx, tenantId, [verdict]);
  if (written.size === 0) throw new AppError('conflict', 'this bank line was processed meanwhile; try again');
}

/** How many lines wait in the review queue (suggested and unmatched), as GET /v1/bank/transactions lists them. */
export function countReviewQueue(q: Queryable, tenantId: string): Promise<number> {
  return countLinesWithStatus(q, tenantId, ['suggested', 'unmatched']);
}
