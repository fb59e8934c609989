/**
 * `audit.verify`, daily per tenant: re-hash the tenant's audit trail. A broken chain fails the job
 * (listed with its message by `cashloop jobs list` and `GET /v1/jobs`), naming the first bad record.
 */
import { verifyAuditTrail } from '../modules/audit/index.ts';
import { defineJob, oncePerTenantAndDay } from './job-spec.ts';

/** Thrown when the chain does not verify: the job run fails with this message. */
export class AuditChainBroken extends Error {
  override readonly name = 'AuditChainBroken';
}

export const auditVerifyJob = defineJob({
  name: 'audit.verify',
  summary: 'Daily check of the audit trail per tenant: a broken hash chain fails the run',
  ...oncePerTenantAndDay,
  cron: '45 3 * * *',
  retry: { limit: 1, delaySeconds: 600, backoff: false },
  timeoutSeconds: 3600,
  run: async (ctx, p) => {
    const v = await verifyAuditTrail(ctx.deps.db, p.tenantId);
    if (v.firstBreak)
      throw new AuditChainBroken(
        `audit trail broken at record ${v.firstBreak.seq}${v.firstBreak.recordId ? ` (${v.firstBreak.recordId})` : ''}: ${v.firstBreak.message}`,
      );
    return { records: v.checked, headSeq: v.head.seq, headHash: v.head.hash };
  },
});
