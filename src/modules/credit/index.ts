/** The credit module's door: all that other modules, the adapters and the jobs may use of it. */

export {
  creditOverrideInput,
  creditSettingsPatch,
  releaseHoldInput,
  setCreditLimitInput,
  setHoldInput,
} from './credit.input.ts';
export { activeHoldsRelation } from './credit.reads.ts';
export type { CreditStatus } from './credit.service.ts';
export {
  countCustomersOnHold,
  creditPositionsOf,
  customersOnHold,
  getCreditStatus,
  holdHistory,
  listHolds,
  releaseHold,
  releaseHoldInTx,
  setCreditLimit,
  setCreditLimitInTx,
  setManualHold,
} from './credit.service.ts';
export type { CustomerCredit } from './credit-facts.ts';
export type { HoldEvaluation, HoldRow } from './credit-holds.service.ts';
export { evaluateCreditHolds } from './credit-holds.service.ts';
export type { CreditOverride } from './credit-issue.service.ts';
export { enforceCreditOnIssue } from './credit-issue.service.ts';
export { getCreditSettings, updateCreditSettings } from './credit-settings.service.ts';
export { purgeCreditHolds } from './purge.ts';
