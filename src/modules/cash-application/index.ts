/** The cash-application module's door: all that other modules, the adapters and the jobs may use of it. */

export {
  type AdviceImportResult,
  type AdviceView,
  getRemittanceAdvice,
  importRemittanceAdvice,
  listRemittanceAdvices,
} from './advices.service.ts';
export { ADVICE_FORMATS, ADVICE_STATUSES, type AdviceFormat, type AdviceStatus } from './advices.ts';
export { runCashApplication } from './cash-application.service.ts';
export type { MatchingSettings } from './matching-settings.service.ts';
export {
  getMatchingSettings,
  matchingSettingsJson,
  matchingSettingsPatch,
  updateMatchingSettings,
} from './matching-settings.service.ts';
export { openItemsForLine, openItemsQuery } from './open-items.service.ts';
export { purgeCashApplicationData } from './purge.ts';
export {
  acceptSuggestion,
  applyManually,
  countReviewQueue,
  ignoreLine,
  listReviewQueue,
  manualApplicationInput,
  REVIEW_STATUSES,
  unapplyLine,
} from './review.service.ts';
export { createRule, listRules, setRuleEnabled } from './rules.service.ts';
export { ruleInput } from './rules.ts';
