/** The reports module's door: all that other modules, the adapters and the jobs may use of it. */

export type { AgingBucket, AgingBuckets, AgingItem, AgingReport, UnappliedItem } from './aging.service.ts';
export { AGING_BUCKETS, agingItems, agingNotices, agingReport, agingReportJson } from './aging.service.ts';
