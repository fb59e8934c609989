/**
 * Every background job of cashloop, by name, each wired to the service it runs (a job whose `run`
 * is null would be listed but neither scheduled nor worked).
 *
 * | job | schedule (CASHLOOP_SCHEDULE_TZ) | per | once-only key |
 * | --- | --- | --- | --- |
 * | `promises.check` | 05:00 daily | tenant | tenant + date |
 * | `credit.check` | 05:15 daily | tenant | tenant + date |
 * | `alerts.check` | 05:30 daily | tenant | tenant + date |
 * | `dunning.run` | 06:00 daily | tenant | tenant + date |
 * | `statements.monthly` | 07:00 on the 1st | tenant | tenant + month |
 * | `ar-pack.monthly` | 06:00 on the 2nd | tenant | tenant + month |
 * | `fx.revalue` | 06:30 on the 1st to the 5th | tenant | tenant + date (and once per month end) |
 * | `invoices.deliver` | every minute, and on issue | tenant | — (one waits, one runs) |
 * | `outbox.deliver` | every minute, and on demand | tenant | — (one waits, one runs) |
 * | `documents.render` | every 5 minutes | tenant | — (one waits, one runs) |
 * | `maintenance.statistics` | 03:30 daily | installation | — (one waits, one runs) |
 * | `audit.verify` | 03:45 daily | tenant | tenant + date |
 * | `approvals.expire` | every 15 minutes | tenant | — (one waits, one runs) |
 * | `monitoring.scan` | every 15 minutes, and after each sign-in | tenant | — (one waits, one runs) |
 * | `payment-model.train` | 04:00 on Sundays, and on demand (API) | tenant | tenant + date |
 * | `anomalies.scan` | 04:00 daily | tenant | tenant + date |
 * | `kpi.snapshots` | 04:30 daily | tenant | tenant + date |
 * | `webhooks.deliver` | with each event recorded, every minute, after a replay | tenant | — (one waits, one runs) |
 * | `webhooks.overdue` | 05:45 daily | tenant | tenant + date |
 */

import { alertsCheckJob } from './alerts-check.job.ts';
import { anomaliesScanJob } from './anomalies-scan.job.ts';
import { approvalsExpireJob } from './approvals-expire.job.ts';
import { arPackMonthlyJob } from './ar-pack-monthly.job.ts';
import { auditVerifyJob } from './audit-verify.job.ts';
import { creditCheckJob } from './credit-check.job.ts';
import { documentsRenderJob } from './documents-render.job.ts';
import { dunningRunJob } from './dunning-run.job.ts';
import { fxRevalueJob } from './fx-revalue.job.ts';
import { invoicesDeliverJob } from './invoices-deliver.job.ts';
import type { AnyJobSpec } from './job-spec.ts';
import { kpiSnapshotsJob } from './kpi-snapshots.job.ts';
import { maintenanceStatisticsJob } from './maintenance-statistics.job.ts';
import { monitoringScanJob } from './monitoring-scan.job.ts';
import { outboxDeliverJob } from './outbox-deliver.job.ts';
import { paymentModelTrainJob } from './payment-model-train.job.ts';
import { promisesCheckJob } from './promises-check.job.ts';
import { statementsMonthlyJob } from './statements-monthly.job.ts';
import { webhooksDeliverJob } from './webhooks-deliver.job.ts';
import { webhooksOverdueJob } from './webhooks-overdue.job.ts';

export const JOBS: readonly AnyJobSpec[] = [
  promisesCheckJob,
  creditCheckJob,
  alertsCheckJob,
  dunningRunJob,
  statementsMonthlyJob,
  arPackMonthlyJob,
  fxRevalueJob,
  invoicesDeliverJob,
  outboxDeliverJob,
  documentsRenderJob,
  maintenanceStatisticsJob,
  kpiSnapshotsJob,
  auditVerifyJob,
  approvalsExpireJob,
  monitoringScanJob,
  paymentModelTrainJob,
  anomaliesScanJob,
  webhooksDeliverJob,
  webhooksOverdueJob,
];
