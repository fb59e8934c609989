/** The SEPA module's door: mandates, collection runs (pain.008), returns and refund runs (pain.001). */

export { cancelCollectionRun, createCollectionRun } from './collection.service.ts';
export { bookCollectionRun } from './collection-booking.service.ts';
export { isValidCreditorId } from './creditor-identifier.ts';
export type { MandateRow, SepaSettings } from './mandates.service.ts';
export {
  createMandate,
  getMandateOrThrow,
  getSepaSettings,
  listMandates,
  revokeMandate,
  updateMandate,
  updateSepaSettings,
} from './mandates.service.ts';
export { PAIN001_VERSIONS } from './pain001.ts';
export { PAIN008_VERSIONS } from './pain008.ts';
export { purgeSepa } from './purge.ts';
export { createRefundRun } from './refunds.service.ts';
export { recordReturn } from './returns.service.ts';
export type { ReturnsImportResult } from './returns-import.service.ts';
export { importReturns } from './returns-import.service.ts';
export { getRunOrThrow, listRuns } from './runs.service.ts';
export type {
  CollectInput,
  CreateMandateInput,
  RefundRunInput,
  ReturnInput,
  SepaSettingsPatch,
  UpdateMandateInput,
} from './sepa.input.ts';
export {
  collectInput,
  createMandateInput,
  RETURN_REASONS,
  refundRunInput,
  returnInput,
  revokeMandateInput,
  sepaSettingsPatch,
  updateMandateInput,
} from './sepa.input.ts';
