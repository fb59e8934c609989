/** The overview as the API answers it (GET /v1/reports/overview). */
import type { components } from '../../api/schema';

export type Overview = components['schemas']['ReceivablesOverview'];
export type Bucket = keyof Overview['buckets'];
export const BUCKETS: readonly Bucket[] = ['current', '1-30', '31-60', '61-90', '91+'];
