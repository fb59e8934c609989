/** The dunning module's door: all that other modules, the adapters and the jobs may use of it. */

export { assignmentInput, holdInput, policyInput, policyPatch, runInput } from './dunning.input.ts';
export { CHANNELS, DAY_COUNTS, LETTER_STATUSES } from './dunning.types.ts';
export { dunningRunJson, letterDetailJson, letterJson, policyJson } from './dunning-json.ts';
export { SKIP_REASONS } from './letter-plan.ts';
export { printRefusal } from './letter-printing.ts';
export type { DunningRun, LetterDetail, RecordedLetter } from './letters.service.ts';
export {
  getLetterOrThrow,
  getLetterStatuses,
  getLettersOrThrow,
  getPrintQueue,
  getRunOrThrow,
  listLetters,
  listRuns,
  markLetters,
  markLettersPrinted,
  sendLettersToPrint,
} from './letters.service.ts';
export { invoiceDunningLevelsRelation, invoiceRemindersRelation } from './levels.reads.ts';
export type { CustomerDunning } from './policies.service.ts';
export {
  addPresetPolicy,
  assignPolicy,
  createPolicy,
  getCustomerDunning,
  getPolicyOrThrow,
  listAssignments,
  listPolicies,
  releaseHold,
  setHold,
  updatePolicy,
  updatePolicyInTx,
} from './policies.service.ts';
export { POLICY_PRESETS } from './policy-presets.ts';
export { purgeDunningData } from './purge.ts';
export type { DunningRunResult, DunningSeams, OnLettersOutcome } from './run.service.ts';
export { runDunning } from './run.service.ts';
export { RUN_NOTICE_CODES } from './run-notices.ts';
export type { DunningLetter } from './run-records.ts';
