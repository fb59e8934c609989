/** The findings module's door: all that other modules, the adapters and the jobs may use of it. */

export { ANOMALY_DEFAULTS } from './anomaly-policy.ts';
export type { AnomalyScanDeps, AnomalyScanSummary } from './anomaly-scan.service.ts';
export { runAnomalyScan } from './anomaly-scan.service.ts';
export {
  type DecisionInput,
  decisionInput,
  type FindingFilterInput,
  findingFilterInput,
} from './findings.input.ts';
export { decideFinding, getFindingOrThrow, listFindings, storeFindingsInTx } from './findings.service.ts';
export type {
  Evidence,
  Finding,
  FindingDraft,
  FindingKind,
  FindingStatus,
  Severity,
} from './findings.types.ts';
export {
  ANOMALY_KINDS,
  type AnomalyKind,
  FINDING_KINDS,
  FINDING_STATUSES,
  SEVERITIES,
} from './findings.types.ts';
export type { MonitoringPolicyView } from './monitoring-policy.service.ts';
export { getMonitoringPolicy, setMonitoringPolicy } from './monitoring-policy.service.ts';
export type { MonitoringPolicy } from './monitoring-policy.ts';
export { MONITORING_DEFAULTS, monitoringPolicySchema } from './monitoring-policy.ts';
export type { MonitoringDeps, ScanSummary } from './monitoring-scan.service.ts';
export { runMonitoringScan } from './monitoring-scan.service.ts';
