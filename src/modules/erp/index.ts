/** The erp module's door: the GL export to the host ERP, its mappings, and reconciliation with it. */

export { DATEV_COLUMNS } from './datev-format.ts';
export {
  accountMappingsInput,
  customerAccountInput,
  datevOptionsInput,
  exportRequestInput,
} from './erp.input.ts';
export type { MatchResult, MatchStatus } from './erp-matching.ts';
export type { ErpReconciliation } from './erp-reconcile.service.ts';
export { reconcileWithErp } from './erp-reconcile.service.ts';
export type { ExportBatch, ExportFile } from './export.service.ts';
export { createExportBatch, listExportBatches, MAX_BATCH_ENTRIES, reExportBatch } from './export.service.ts';
export type { DatevOptions, ExportFormat } from './export.types.ts';
export { EXPORT_FORMATS } from './export.types.ts';
export type { FeedPage } from './feed.service.ts';
export { journalFeed } from './feed.service.ts';
export type { AccountMapping } from './mapping.service.ts';
export {
  listAccountMappings,
  listCustomerAccounts,
  removeAccountMapping,
  setAccountMappings,
  setCustomerAccount,
} from './mapping.service.ts';
export { purgeErp } from './purge.ts';
