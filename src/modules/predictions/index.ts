/** The predictions module's door: all that other modules, the adapters and the jobs may use of it. */

export { HOLDOUT_SHARE, MIN_PAID_INVOICES } from './model-training.ts';
export type { OpenInvoicePrediction, PredictionBasis, PredictionReason } from './open-invoice-prediction.ts';
export type { PaymentFactSources, TenantInvoiceFact } from './payment-facts.ts';
export { dayNumber } from './payment-facts.ts';
export {
  type ModelEstimator,
  paymentModelEstimator,
  paymentModelEstimatorTrainedAsOf,
} from './payment-model-estimator.ts';
export type { CustomerLateness, InvoicePrediction, PaymentModelSummary } from './predictions.service.ts';
export {
  customerLateness,
  getPaymentModelSummary,
  loadPaymentFacts,
  predictInvoice,
  predictOpenInvoicesOfCustomers,
  trainPaymentModelOfTenant,
} from './predictions.service.ts';
