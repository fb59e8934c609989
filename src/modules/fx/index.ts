/** The fx module's door: exchange rates, their import and the rate in force on a day. */

export type { RateInForce, StoredQuote } from './cross-rate.ts';
export { RATE_DECIMALS } from './cross-rate.ts';
export { RATE_FILE_FORMATS, type RateFileFormat } from './rate-files.ts';
export {
  currentRate,
  type DocumentRateRequest,
  documentRate,
  importRates,
  listRates,
  MAX_RATE_AGE_DAYS,
  missingRate,
  type RateImportResult,
  type RateInForceView,
  rateInForce,
  rateInForceView,
} from './rates.service.ts';
