export {
  DEFAULT_FORECAST_WEEKS,
  type ExpectedReceipt,
  type ExpectedReceipts,
  expectedReceipts,
  type ForecastOpenItem,
  type ForecastPromise,
  isoWeekOf,
  MAX_FORECAST_WEEKS,
  mondayOf,
} from './cash-forecast.ts';
export {
  type ForecastOutcome,
  forecastAccuracy,
  type OffsetAccuracy,
} from './forecast-accuracy.ts';
export {
  bucketForecast,
  type CurrencyForecast,
  type ForecastDay,
  type ForecastSum,
  type ForecastWeek,
  weekStarts,
} from './forecast-buckets.ts';
export { explain, type GbdtModel, type GbdtOptions, predictGbdt, trainGbdt } from './gbdt.ts';
export {
  averageDaysDelinquent,
  averageOf,
  averagePer,
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
  customerHistoryEstimator,
  dayNumber,
  dayOfNumber,
  type EstimateMethod,
  type EstimatorName,
  type OpenInvoiceToEstimate,
  type PaymentDayEstimate,
  type PaymentDayEstimator,
} from './payment-day-estimator.ts';
export {
  daysLate,
  electronicEffect,
  featureIndex,
  type InvoiceFact,
  PAYMENT_FEATURES,
  type PaymentFeatureName,
  type PromiseFact,
  paymentFeatures,
} from './payment-features.ts';
export { customerFeatureRows, type FeatureQuery } from './payment-history.ts';
export {
  DEFAULT_TREE_OPTIONS,
  type PaymentModel,
  type PaymentPrediction,
  predictCustomerPayments,
  predictPayment,
  trainPaymentModel,
} from './payment-model.ts';
export { median } from './statistics.ts';
