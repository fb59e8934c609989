/**
 * The port a payment provider implements (Stripe first, `stripe-api.ts`). The payments module asks
 * it for a hosted checkout and for what a payment settled to (amount, fee); it never sees the
 * provider's wire format. Calls run outside any database transaction (STYLE.md §4).
 */

/** What a tenant's provider account is reached with (the secret key opened from its seal). */
export interface ProviderAccount {
  readonly secretKey: string;
  readonly apiBaseUrl: string;
}

export interface CheckoutLine {
  readonly invoiceId: string;
  readonly number: string;
  readonly amountMinor: bigint;
}

export interface CheckoutRequest {
  /** cashloop's id of the checkout: the provider's metadata and idempotency key carry it. */
  readonly checkoutId: string;
  readonly tenantId: string;
  readonly customerId: string;
  readonly customerEmail: string | null;
  readonly currency: string;
  readonly lines: readonly CheckoutLine[];
  readonly successUrl: string;
  readonly cancelUrl: string;
}

export interface HostedCheckout {
  readonly sessionId: string;
  readonly url: string;
}

/** What a successful payment came to on the provider's balance. */
export interface PaymentSettlement {
  readonly paymentIntentId: string;
  readonly balanceTransactionId: string | null;
  /** The fee in the settlement currency, which is `feeCurrency`. */
  readonly feeMinor: bigint;
  readonly feeCurrency: string;
}

export interface PaymentProvider {
  readonly name: 'stripe';
  createCheckout(account: ProviderAccount, request: CheckoutRequest): Promise<HostedCheckout>;
  settlementOf(account: ProviderAccount, paymentIntentId: string): Promise<PaymentSettlement>;
}
