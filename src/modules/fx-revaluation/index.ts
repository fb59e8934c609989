/** The fx-revaluation module's door: FX exposure of the receivables and their month-end revaluation. */

export type {
  BucketExposure,
  CurrencyExposure,
  CurrencyRevaluation,
  MaturityBucket,
} from './exposure.ts';
export { MATURITY_BUCKETS } from './exposure.ts';
export { purgeFxRevaluations } from './purge.ts';
export {
  type FxExposure,
  fxExposure,
  listRevaluations,
  monthEndBefore,
  type Revaluation,
  revalueMonthEnd,
  revaluePassedMonthEnd,
  type ScheduledRevaluation,
} from './revaluation.service.ts';
export { exposureJson, revaluationJson } from './revaluation-json.ts';
