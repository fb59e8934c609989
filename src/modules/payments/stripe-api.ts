/**
 * Stripe's REST API (https://docs.stripe.com/api), the calls cashloop makes: create a Checkout
 * Session (`POST /v1/checkout/sessions`), read a PaymentIntent with its latest charge
 * (`GET /v1/payment_intents/:id?expand[]=latest_charge`) and the charge's balance transaction
 * (`GET /v1/balance_transactions/:id`) for the fee. Form-encoded requests, bearer secret key,
 * `Idempotency-Key` on the POST. Errors never repeat the key.
 */
import { AppError } from '../../shared/errors.ts';
import type {
  CheckoutRequest,
  HostedCheckout,
  PaymentProvider,
  PaymentSettlement,
  ProviderAccount,
} from './payment-provider.ts';

/** How long one call to Stripe may take. */
const TIMEOUT_MS = 15_000;

/** Stripe's bracket notation: `a[b][0]=c`, in the order given. */
export function formEncode(fields: readonly (readonly [string, string])[]): string {
  return fields.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

/** The form fields of a Checkout Session for `request` (mode payment, one line per invoice). */
export function checkoutSessionFields(request: CheckoutRequest): [string, string][] {
  const methods = request.currency === 'EUR' ? ['card', 'sepa_debit'] : ['card'];
  const metadata: [string, string][] = [
    ['tenant_id', request.tenantId],
    ['checkout_id', request.checkoutId],
    ['customer_id', request.customerId],
    ['invoice_ids', request.lines.map((l) => l.invoiceId).join(',')],
  ];
  return [
    ['mode', 'payment'],
    ['success_url', request.successUrl],
    ['cancel_url', request.cancelUrl],
    ['client_reference_id', request.checkoutId],
    ...(request.customerEmail ? [['customer_email', request.customerEmail] as [string, string]] : []),
    ...methods.map((m, i): [string, string] => [`payment_method_types[${i}]`, m]),
    ...request.lines.flatMap((line, i): [string, string][] => [
      [`line_items[${i}][quantity]`, '1'],
      [`line_items[${i}][price_data][currency]`, request.currency.toLowerCase()],
      [`line_items[${i}][price_data][unit_amount]`, line.amountMinor.toString()],
      [`line_items[${i}][price_data][product_data][name]`, `Invoice ${line.number}`],
    ]),
    ...metadata.map(([k, v]): [string, string] => [`metadata[${k}]`, v]),
    ...metadata.map(([k, v]): [string, string] => [`payment_intent_data[metadata][${k}]`, v]),
  ];
}

async function call(account: ProviderAccount, path: string, init: RequestInit = {}): Promise<unknown> {
  const url = new URL(path, account.apiBaseUrl);
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${account.secretKey}` },
      signal: AbortSignal.timeout(TIMEOUT_MS),
    });
  } catch (error) {
    throw new AppError('provider_failed', `Stripe could not be reached (${url.pathname})`, [], {
      cause: error,
    });
  }
  const body = (await response.json().catch(() => null)) as { error?: { message?: string } } | null;
  if (!response.ok)
    throw new AppError(
      'provider_failed',
      `Stripe answered ${response.status} to ${url.pathname}: ${String(body?.error?.message ?? 'no message').slice(0, 300)}`,
    );
  return body;
}

const text = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const record = (v: unknown): Record<string, unknown> =>
  v !== null && typeof v === 'object' ? (v as Record<string, unknown>) : {};

export const stripeProvider: PaymentProvider = {
  name: 'stripe',

  async createCheckout(account, request): Promise<HostedCheckout> {
    const session = record(
      await call(account, '/v1/checkout/sessions', {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          'idempotency-key': `cashloop-checkout-${request.checkoutId}`,
        },
        body: formEncode(checkoutSessionFields(request)),
      }),
    );
    const sessionId = text(session.id);
    const url = text(session.url);
    if (!sessionId || !url)
      throw new AppError('provider_failed', 'Stripe answered a session without id or url');
    return { sessionId, url };
  },

  async settlementOf(account, paymentIntentId): Promise<PaymentSettlement> {
    const intent = record(
      await call(
        account,
        `/v1/payment_intents/${encodeURIComponent(paymentIntentId)}?expand[]=latest_charge`,
      ),
    );
    const charge = record(intent.latest_charge);
    const btId = text(charge.balance_transaction) ?? text(record(charge.balance_transaction).id);
    const currency = (text(charge.currency) ?? text(intent.currency) ?? '').toUpperCase();
    if (!btId) return { paymentIntentId, balanceTransactionId: null, feeMinor: 0n, feeCurrency: currency };
    const bt = record(await call(account, `/v1/balance_transactions/${encodeURIComponent(btId)}`));
    const fee = typeof bt.fee === 'number' && Number.isSafeInteger(bt.fee) ? BigInt(bt.fee) : 0n;
    return {
      paymentIntentId,
      balanceTransactionId: btId,
      feeMinor: fee,
      feeCurrency: (text(bt.currency) ?? currency).toUpperCase(),
    };
  },
};
