/** The overview as the API answers it (GET /v1/reports/overview). */
import type { components } from '../../api/schema';

export type Overview = components['schemas']['ReceivablesOverview'];
