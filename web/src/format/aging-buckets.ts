/**
 * The aging buckets, in order, as every report of the API names them (the aging, the overview, a
 * customer's aging): one list for every page that shows them.
 */
import type { components } from '../api/schema';

export type AgingBucket = keyof components['schemas']['AgingReport']['buckets'];
export const AGING_BUCKETS: readonly AgingBucket[] = ['current', '1-30', '31-60', '61-90', '91+'];
