/**
 * `recordAudit`: the one way anything is written to the audit trail. A module calls it in the
 * transaction of the change it makes; the records wait until the end of that transaction
 * (`deferToCommit`), where the tenant's chain head is locked, the records are numbered, hashed and
 * inserted, and the head moved — all in the same transaction, so a change and its record commit or
 * roll back together. Who and from where come from the running context (shared/acting-as.ts).
 */
import type { Tx } from '../../db/client.ts';
import { deferToCommit } from '../../db/client.ts';
import { type ActingAs, actingAs, currentOrigin } from '../../shared/acting-as.ts';
import { currentApproval } from '../../shared/approval-context.ts';
import { newId } from '../../shared/ids.ts';
import type { AuditEvent } from './audit.input.ts';
import * as repo from './audit.repository.ts';
import { canonicalJson, recordHash } from './audit-chain.ts';

type Pending = Omit<repo.AuditRecordRow, 'seq' | 'prevHash' | 'hash'>;

const PENDING = new WeakMap<Tx, Map<string, Pending[]>>();

const NAME_MAX = 200;
const AGENT_MAX = 300;
const REASON_MAX = 2000;

/** The stored fields of `event` as the running context sees it now (actor, origin, time). */
function pendingOf(tenantId: string, event: AuditEvent, at: Date): Pending {
  const who: ActingAs | null = event.actor ?? actingAs();
  const origin = currentOrigin();
  return {
    tenantId,
    recordId: newId(),
    occurredAt: at,
    actorKind: who?.userId ? 'user' : who?.keyId ? 'api_key' : 'system',
    actorId: who?.userId ?? who?.keyId ?? null,
    actorName: (who?.name ?? 'system').slice(0, NAME_MAX),
    originChannel: origin.channel,
    originIp: origin.ip,
    originAgent: origin.agent?.slice(0, AGENT_MAX) ?? null,
    kind: event.kind,
    objectType: event.objectType,
    objectId: event.objectId ?? null,
    reason: event.reason?.trim() ? event.reason.trim().slice(0, REASON_MAX) : null,
    changes: canonicalJson(event.changes ?? {}),
    details: canonicalJson(withApproval(event.details ?? {})),
  };
}

/** `details` plus, under an approved request (shared/approval-context.ts), its maker and checker. */
function withApproval(details: NonNullable<AuditEvent['details']>): NonNullable<AuditEvent['details']> {
  const approval = currentApproval();
  if (!approval || 'approval' in details) return details;
  const person = (a: ActingAs) => ({ name: a.name, keyId: a.keyId, userId: a.userId });
  return {
    ...details,
    approval: {
      requestId: approval.requestId,
      maker: person(approval.maker),
      checker: person(approval.checker),
    },
  };
}

/**
 * Record `events` of tenant `tenantId` in the audit trail, in `tx` (see the module comment).
 * Example: `recordAudit(tx, t, { kind: 'customer.updated', objectType: 'customer', objectId,
 * changes: changedFields(before, after), reason })`.
 */
export async function recordAudit(tx: Tx, tenantId: string, ...events: readonly AuditEvent[]): Promise<void> {
  if (events.length === 0) return;
  const at = new Date();
  const rows = events.map((e) => pendingOf(tenantId, e, at));
  let byTenant = PENDING.get(tx);
  if (!byTenant) {
    const fresh = new Map<string, Pending[]>();
    if (!deferToCommit(tx, () => appendPending(tx, fresh))) {
      // Not a withTransaction transaction: append now (the head is then held from here on).
      await appendToChain(tx, tenantId, rows);
      return;
    }
    PENDING.set(tx, fresh);
    byTenant = fresh;
  }
  const list = byTenant.get(tenantId) ?? [];
  list.push(...rows);
  byTenant.set(tenantId, list);
}

/** Append what waits, tenant by tenant in id order (the same lock order in every transaction). */
async function appendPending(tx: Tx, byTenant: Map<string, Pending[]>): Promise<void> {
  for (const tenantId of [...byTenant.keys()].sort()) {
    await appendToChain(tx, tenantId, byTenant.get(tenantId) ?? []);
  }
  byTenant.clear();
}

async function appendToChain(tx: Tx, tenantId: string, rows: readonly Pending[]): Promise<void> {
  if (rows.length === 0) return;
  let head = await repo.lockHead(tx, tenantId);
  const chained: repo.AuditRecordRow[] = [];
  for (const row of rows) {
    const record = { ...row, seq: head.seq + 1n, prevHash: head.hash };
    const hash = recordHash(record);
    chained.push({ ...record, hash });
    head = { seq: record.seq, hash };
  }
  await repo.insertRecords(tx, chained);
  await repo.moveHead(tx, tenantId, head.seq, head.hash);
}
