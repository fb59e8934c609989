/** The audit module's door: all that other modules, the adapters and the jobs may use of it. */

export { auditActorRelation, auditCountsByActor } from './anomaly.reads.ts';
export type { AuditChanges, AuditEvent } from './audit.input.ts';
export { AUDIT_KIND_PATTERN, BATCH_IDS_MAX, batchObjects, changedFields } from './audit.input.ts';
export { recordAudit } from './audit.service.ts';
export type { ChainBreak } from './audit-chain.ts';
export { canonicalJson, GENESIS_HASH, recordHash } from './audit-chain.ts';
export type { AuditCheckpoint, AuditSigningKey } from './audit-checkpoint.ts';
export { checkpointSchema, parseAuditSigningKey } from './audit-checkpoint.ts';
export type { AuditFilter, AuditRecordView } from './audit-list.service.ts';
export {
  auditHeadSeq,
  auditRecordsAfter,
  auditRecordsBetween,
  listAuditRecords,
} from './audit-list.service.ts';
export type { AuditVerification } from './audit-verify.service.ts';
export { checkpointAuditTrail, verifyAuditTrail } from './audit-verify.service.ts';
