/**
 * What a customer does on the portal, each through the module that owns it and acting as the
 * customer (`Customer ACME GmbH (portal)`): pay online (the payments module's Stripe checkout),
 * dispute an invoice with a file attached (the disputes module: dispute list, worklist, activity
 * log), promise a date (collections' promises, validated as for staff). Every invoice named must be
 * the link's customer's (404 otherwise, as for an unknown id).
 */
import { withTransaction } from '../../db/client.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { invalidState, validationFailed } from '../../shared/errors.ts';
import { formatAmount, parseAmount } from '../../shared/money.ts';
import { type Actor, logActivity, portalActor } from '../activities/index.ts';
import { makePromise, type PromiseView } from '../collections/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { type DisputeRow, openDispute } from '../disputes/index.ts';
import type { InvoiceRow } from '../invoices/index.ts';
import { type CheckoutView, createCheckout, getStripeSettings } from '../payments/index.ts';
import {
  type PortalDisputeInput,
  type PortalPaymentInput,
  type PortalPromiseInput,
  portalDisputeInput,
  portalPaymentInput,
  portalPromiseInput,
} from './portal.input.ts';
import { customerInvoiceOrThrow } from './portal-account.service.ts';
import type { PortalPrincipal } from './portal-links.service.ts';
import { getPortalSettings } from './portal-settings.service.ts';

/** An item's amount checked: more than 0, at most open, and below open only when partial payments are allowed. */
function itemAmount(invoice: InvoiceRow, amount: string | undefined, i: number, partialAllowed: boolean) {
  if (amount === undefined) return undefined;
  const field = `items[${i}].amount`;
  const minor = parseAmount(amount, invoice.currency, field);
  const refuse = (message: string) => validationFailed(`${field}: ${message}`, [{ field, message }]);
  const open = `${formatAmount(invoice.openMinor, invoice.currency)} ${invoice.currency}`;
  if (minor <= 0n || minor > invoice.openMinor)
    throw refuse(`must be more than 0 and at most the open ${open}`);
  if (minor < invoice.openMinor && !partialAllowed)
    throw refuse(`pay the open ${open} in full: partial payments are not accepted online`);
  return minor === invoice.openMinor ? undefined : amount;
}

/** An invoice with something open (not a credit note, not settled), else 422 naming the item. */
function assertPayable(invoice: InvoiceRow, i: number): void {
  if (
    invoice.kind === 'invoice' &&
    invoice.openMinor > 0n &&
    ['issued', 'partially_paid'].includes(invoice.status)
  )
    return;
  const field = `items[${i}].invoiceId`;
  const message = `${invoice.number ?? invoice.invoiceId} has nothing open to pay`;
  throw validationFailed(`${field}: ${message}`, [{ field, message }]);
}

/** `returnUrl` with `payment=<outcome>` added to its query. */
function returnTo(returnUrl: string, outcome: 'success' | 'cancelled'): string {
  const url = new URL(returnUrl);
  url.searchParams.set('payment', outcome);
  return url.toString();
}

/**
 * A Stripe checkout for some of the customer's open invoices (each in full, or — when the tenant
 * allows partial payments — one of them in part). 409 when Stripe is not configured. The payment
 * reaches the ledger when Stripe's webhook reports it, like any checkout's.
 */
export async function startPortalPayment(
  deps: CoreDeps,
  who: PortalPrincipal,
  raw: PortalPaymentInput,
): Promise<CheckoutView> {
  const input = portalPaymentInput.parse(raw);
  if (!(await getStripeSettings(deps.db, who.tenantId)).secretKeySet)
    throw invalidState('online payment is not available: the company has not set it up');
  const { partialPayments } = await getPortalSettings(deps.db, deps, who.tenantId);
  const invoices: (string | { invoice: string; amount: string })[] = [];
  for (const [i, item] of input.items.entries()) {
    const invoice = await customerInvoiceOrThrow(deps.db, who, item.invoiceId);
    assertPayable(invoice, i);
    const amount = itemAmount(invoice, item.amount, i, partialPayments);
    invoices.push(amount === undefined ? invoice.invoiceId : { invoice: invoice.invoiceId, amount });
  }
  const checkout = await createCheckout(deps, who.tenantId, {
    invoices,
    successUrl: returnTo(input.returnUrl, 'success'),
    cancelUrl: returnTo(input.returnUrl, 'cancelled'),
  });
  await logPortalAction(deps, who, {
    invoiceIds: checkout.invoiceIds,
    text: `Online payment of ${checkout.amount} ${checkout.currency} started via portal (Stripe checkout ${checkout.checkoutId})`,
  });
  return checkout;
}

async function logPortalAction(
  deps: CoreDeps,
  who: PortalPrincipal,
  entry: { invoiceIds: string[]; text: string },
) {
  const author: Actor = portalActor(who);
  await withTransaction(deps.db, (tx) =>
    logActivity(tx, who.tenantId, {
      kind: 'note',
      author,
      customerId: who.customerId,
      invoiceIds: entry.invoiceIds,
      text: entry.text,
      occurredAt: deps.clock.now(),
    }),
  );
}

/** Open a dispute on one of the customer's invoices, the message as its first note, the file attached. */
export async function raisePortalDispute(
  deps: CoreDeps,
  who: PortalPrincipal,
  raw: PortalDisputeInput,
): Promise<DisputeRow> {
  const input = portalDisputeInput.parse(raw);
  const invoice = await customerInvoiceOrThrow(deps.db, who, input.invoiceId);
  const file = input.attachment && {
    fileName: input.attachment.filename,
    contentType: input.attachment.contentType,
    content: new Uint8Array(Buffer.from(input.attachment.contentBase64, 'base64')),
  };
  const note = `${input.message}\n\n(raised via portal)`;
  const body = { invoice: invoice.invoiceId, reason: input.reason, note };
  return openDispute(deps, who.tenantId, body, portalActor(who), file);
}

/** Promise to pay some of the customer's invoices by a date (not in the past; as for staff). */
export async function makePortalPromise(
  deps: CoreDeps,
  who: PortalPrincipal,
  raw: PortalPromiseInput,
): Promise<PromiseView> {
  const input = portalPromiseInput.parse(raw);
  const today = todayUtc(deps.clock.now());
  if (input.promisedDate < today)
    throw validationFailed('the promised date is in the past', [
      { field: 'promisedDate', message: `on or after ${today}` },
    ]);
  const ids: string[] = [];
  for (const id of input.invoiceIds) ids.push((await customerInvoiceOrThrow(deps.db, who, id)).invoiceId);
  return makePromise(
    deps,
    who.tenantId,
    {
      customer: who.customerId,
      promisedOn: input.promisedDate,
      invoices: ids,
      ...(input.amount ? { amount: input.amount } : {}),
      note: 'promised via portal',
    },
    portalActor(who),
  );
}
