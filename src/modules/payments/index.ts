/** The payments module's door: the provider settings, hosted checkouts and the provider's webhook. */

export type { CheckoutView } from './checkout.service.ts';
export { createCheckout, getCheckoutOrThrow } from './checkout.service.ts';
export { listPaymentEvents } from './payment-events.service.ts';
export { type PaymentResealCount, resealPaymentSecretsInTx } from './payment-secrets-reseal.ts';
export type { StripeSettingsView } from './payment-settings.service.ts';
export { getStripeSettings, updateStripeSettings } from './payment-settings.service.ts';
export type { CheckoutInput, CheckoutItem, StripeSettingsInput } from './payments.input.ts';
export { checkoutInput, stripeSettingsInput } from './payments.input.ts';
export { purgePayments } from './purge.ts';
export { verifyStripeSignature } from './stripe-signature.ts';
export type { StripeDelivery, WebhookOutcome } from './stripe-webhook.service.ts';
export { receiveStripeWebhook } from './stripe-webhook.service.ts';
