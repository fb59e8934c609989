/**
 * A hosted checkout for open invoices of one customer: the provider's session (one line per
 * invoice at its open amount), then the checkout row that the webhook later books against. The
 * provider is called outside any transaction; should storing the row fail afterwards, the unused
 * session simply expires at the provider (24 h) and nothing was booked.
 */
import type { Queryable } from '../../db/client.ts';
import { notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid, newId } from '../../shared/ids.ts';
import { formatAmount, parseAmount } from '../../shared/money.ts';
import type { CoreDeps } from '../core-deps.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import { getInvoiceRowOrThrow, type InvoiceRow } from '../invoices/index.ts';
import type { CheckoutLine } from './payment-provider.ts';
import { providerAccountOrThrow } from './payment-settings.service.ts';
import { type CheckoutInput, type CheckoutItem, checkoutInput } from './payments.input.ts';
import * as repo from './payments.repository.ts';
import { stripeProvider } from './stripe-api.ts';

const PAYABLE = new Set(['issued', 'partially_paid']);

export type CheckoutStatus = 'open' | 'processing' | 'paid' | 'failed';

/** The checkout as the API shows it. */
export interface CheckoutView {
  checkoutId: string;
  provider: string;
  sessionId: string;
  url: string;
  status: CheckoutStatus;
  customerId: string;
  invoiceIds: string[];
  amount: string;
  currency: string;
  receiptId: string | null;
  fee: string | null;
  refunded: string;
  createdAt: Date;
  paidAt: Date | null;
}

export function checkoutView(row: repo.CheckoutRow): CheckoutView {
  return {
    checkoutId: row.checkoutId,
    provider: row.provider,
    sessionId: row.providerSessionId,
    url: row.url,
    status: row.status as CheckoutStatus,
    customerId: row.customerId,
    invoiceIds: row.invoiceIds,
    amount: formatAmount(row.amountMinor, row.currency),
    currency: row.currency,
    receiptId: row.receiptId,
    fee: row.feeMinor === null ? null : formatAmount(row.feeMinor, row.currency),
    refunded: formatAmount(row.refundedMinor, row.currency),
    createdAt: row.createdAt,
    paidAt: row.paidAt,
  };
}

/** An invoice of the checkout and what it pays of it. */
interface PayableInvoice extends InvoiceRow {
  payMinor: bigint;
}

/** What an item pays: the open amount, or its `amount` (more than 0, at most open). */
function amountToPay(invoice: InvoiceRow, item: CheckoutItem, i: number): bigint {
  if (typeof item === 'string') return invoice.openMinor;
  const field = `invoices[${i}].amount`;
  const amountMinor = parseAmount(item.amount, invoice.currency, field);
  if (amountMinor <= 0n || amountMinor > invoice.openMinor) {
    const message = `must be more than 0 and at most the open ${formatAmount(invoice.openMinor, invoice.currency)} ${invoice.currency}`;
    throw validationFailed(`${field}: ${message}`, [{ field, message }]);
  }
  return amountMinor;
}

/**
 * The lines in the order the webhook books them: the provider's payment is applied to the
 * checkout's invoices in order, each up to its open amount, so paid-in-full invoices come first
 * and the one partial item last (it receives what is left: exactly its amount). Two partial
 * items cannot be told apart that way: refused.
 */
function bookingOrder(invoices: readonly PayableInvoice[]): PayableInvoice[] {
  const partial = invoices.filter((i) => i.payMinor < i.openMinor);
  if (partial.length > 1) {
    const i = invoices.indexOf(partial[1] as PayableInvoice);
    const message = 'one invoice per payment may be paid in part: pay the others in full or separately';
    throw validationFailed(`invoices[${i}].amount: ${message}`, [
      { field: `invoices[${i}].amount`, message },
    ]);
  }
  return [...invoices.filter((i) => i.payMinor === i.openMinor), ...partial];
}

/** The invoices named, each open, all of one customer and one currency (422 naming the entry otherwise). */
async function payableInvoices(
  q: Queryable,
  tenantId: string,
  wanted: readonly CheckoutItem[],
): Promise<PayableInvoice[]> {
  const out: PayableInvoice[] = [];
  for (const [i, item] of wanted.entries()) {
    const idOrNumber = typeof item === 'string' ? item : item.invoice;
    const invoice = await getInvoiceRowOrThrow(q, tenantId, idOrNumber);
    const refuse = (message: string) =>
      validationFailed(`invoices[${i}]: ${message}`, [{ field: `invoices[${i}]`, message }]);
    if (invoice.kind !== 'invoice' || !PAYABLE.has(invoice.status) || invoice.openMinor <= 0n)
      throw refuse(`invoice ${invoice.number ?? invoice.invoiceId} is ${invoice.status}, not open`);
    if (out.some((o) => o.invoiceId === invoice.invoiceId)) throw refuse('named twice');
    const first = out[0];
    if (first && first.customerId !== invoice.customerId) throw refuse("another customer's invoice");
    if (first && first.currency !== invoice.currency)
      throw refuse(`in ${invoice.currency}, the others in ${first.currency}: one currency per checkout`);
    out.push({ ...invoice, payMinor: amountToPay(invoice, item, i) });
  }
  return bookingOrder(out);
}

/**
 * Create a Stripe Checkout Session for `invoices` — each at its open amount, or at the amount its
 * item names (a partial payment) — and answer its id and URL.
 */
export async function createCheckout(
  deps: CoreDeps,
  tenantId: string,
  raw: CheckoutInput,
): Promise<CheckoutView> {
  const input = checkoutInput.parse(raw);
  const invoices = await payableInvoices(deps.db, tenantId, input.invoices);
  const first = invoices[0];
  if (!first) throw validationFailed('invoices: at least one', [{ field: 'invoices', message: 'required' }]);
  const customer = await getCustomerRowOrThrow(deps.db, tenantId, first.customerId);
  const account = await providerAccountOrThrow(deps.db, deps.secrets, tenantId);
  const lines: CheckoutLine[] = invoices.map((i) => ({
    invoiceId: i.invoiceId,
    number: i.number ?? i.invoiceId,
    amountMinor: i.payMinor,
  }));
  const checkoutId = newId();
  const session = await stripeProvider.createCheckout(account, {
    checkoutId,
    tenantId,
    customerId: customer.customerId,
    customerEmail: customer.emails[0] ?? null,
    currency: first.currency,
    lines,
    successUrl: input.successUrl,
    cancelUrl: input.cancelUrl,
  });
  const row = {
    tenantId,
    checkoutId,
    provider: stripeProvider.name,
    providerSessionId: session.sessionId,
    paymentIntentId: null,
    customerId: customer.customerId,
    invoiceIds: lines.map((l) => l.invoiceId),
    currency: first.currency,
    amountMinor: lines.reduce((sum, l) => sum + l.amountMinor, 0n),
    url: session.url,
    status: 'open',
    receiptId: null,
    feeMinor: null,
    feeEntryId: null,
    refundedMinor: 0n,
    createdAt: deps.clock.now(),
    paidAt: null,
  };
  await repo.insertCheckout(deps.db, row);
  return checkoutView(row);
}

/** One checkout of the tenant (404 otherwise). */
export async function getCheckoutOrThrow(q: Queryable, tenantId: string, checkoutId: string) {
  const row = isUuid(checkoutId) ? await repo.findCheckout(q, tenantId, checkoutId) : null;
  if (!row) throw notFound('checkout', checkoutId);
  return checkoutView(row);
}
