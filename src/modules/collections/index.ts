/** The collections module's door: all that other modules, the adapters and the jobs may use of it. */

export {
  brokenPromisesRelation,
  customerCollectorsRelation,
  paymentFactSources,
  promiseFactsRelation,
  promisesOpenOnRelation,
} from './collections.reads.ts';
export { assignmentInput, createCollectorInput, updateCollectorInput } from './collectors.input.ts';
export type { CollectorView } from './collectors.service.ts';
export {
  collectorForEmail,
  collectorForKey,
  createCollector,
  getCollectorOrThrow,
  listAssignments,
  listCollectors,
  setAssignments,
  updateCollector,
} from './collectors.service.ts';
export type { PromiseEvaluation } from './promise-evaluation.service.ts';
export { evaluatePromises } from './promise-evaluation.service.ts';
export { cancelPromiseInput, makePromiseInput, PROMISE_STATUSES } from './promises.input.ts';
export type { PromiseView } from './promises.service.ts';
export {
  cancelPromise,
  countPromisesToWork,
  getPromiseOrThrow,
  invoicesUnderOpenPromise,
  listPromises,
  makePromise,
} from './promises.service.ts';
export { purgeCollectionsData } from './purge.ts';
export type { CustomerRisk } from './risk.service.ts';
export { customerRiskScores, evaluateCreditHoldsWithRisk, getCustomerRisk } from './risk.service.ts';
export type { RiskBand, RiskFactor, RiskReason, RiskScore } from './risk-score.ts';
export { RISK_WEIGHTS } from './risk-score.ts';
export {
  collectionSettingsPatch,
  getCollectionSettings,
  updateCollectionSettings,
} from './settings.service.ts';
export type { WorklistItem } from './worklist.service.ts';
export { getWorklist } from './worklist.service.ts';
