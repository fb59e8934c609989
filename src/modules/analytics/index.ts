export { explain, type GbdtModel, type GbdtOptions, predictGbdt, trainGbdt } from './gbdt.ts';
export {
  averageDaysDelinquent,
  averageOf,
  badDebtRatio,
  bestPossibleDso,
  type CeiInput,
  type CountbackDso,
  type CountbackMonth,
  collectionEffectivenessIndex,
  countbackDso,
  crfQuarterlyDso,
  kpiDecimal,
  kpiNumber,
  percentage,
  receivablesTurnover,
  simpleDso,
} from './kpi-formulas.ts';
export { meanAbsoluteError, rocAuc } from './metrics.ts';
export {
  daysLate,
  electronicEffect,
  featureIndex,
  type InvoiceFact,
  PAYMENT_FEATURES,
  type PaymentFeatureName,
  paymentFeatures,
} from './payment-features.ts';
export {
  DEFAULT_TREE_OPTIONS,
  type PaymentModel,
  type PaymentPrediction,
  predictPayment,
  trainPaymentModel,
} from './payment-model.ts';
export { median } from './statistics.ts';
