/** Reading and setting a tenant's monitoring policy (admins; each change in the audit trail). */

import type { Db } from '../../db/client.ts';
import { type Queryable, withTransaction } from '../../db/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import * as repo from './findings.repository.ts';
import { effectivePolicy, type MonitoringPolicy, monitoringPolicySchema } from './monitoring-policy.ts';

export interface MonitoringPolicyView {
  readonly policy: MonitoringPolicy;
  /** True while the tenant has set none (the defaults apply). */
  readonly isDefault: boolean;
  /** The last audit record the scan has judged, and when it ran. */
  readonly scannedThroughSeq: string;
  readonly scannedAt: Date | null;
}

export async function getMonitoringPolicy(q: Queryable, tenantId: string): Promise<MonitoringPolicyView> {
  const row = await repo.readSettings(q, tenantId);
  return {
    policy: effectivePolicy(row?.policy ?? null),
    isDefault: !row?.policy,
    scannedThroughSeq: (row?.scannedThroughSeq ?? 0n).toString(),
    scannedAt: row?.scannedAt ?? null,
  };
}

/** Replace the tenant's policy with `raw` (the whole policy, checked); recorded as `monitoring_policy.updated`. */
export async function setMonitoringPolicy(
  deps: { db: Db; clock: Clock },
  tenantId: string,
  raw: unknown,
): Promise<MonitoringPolicyView> {
  const policy = monitoringPolicySchema.parse(raw);
  await withTransaction(deps.db, async (tx) => {
    const row = await repo.lockSettings(tx, tenantId, deps.clock.now());
    const before = effectivePolicy(row.policy);
    await repo.storePolicy(tx, tenantId, policy as unknown as Record<string, unknown>, deps.clock.now());
    await recordAudit(tx, tenantId, {
      kind: 'monitoring_policy.updated',
      objectType: 'tenant',
      objectId: tenantId,
      changes: changedFields(before, policy),
    });
  });
  return getMonitoringPolicy(deps.db, tenantId);
}
