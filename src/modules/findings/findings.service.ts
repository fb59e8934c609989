/**
 * Findings as a review workflow: stored once per dedupe key (each raise recorded in the audit
 * trail, medium and high ones e-mailed to the admins in the same transaction), listed newest first,
 * and decided once — open → confirmed | dismissed, with a note, recorded in the audit trail.
 */
import { type Db, type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import type { JobQueue } from '../../db/job-queue.ts';
import { actingAs, currentOrigin } from '../../shared/acting-as.ts';
import type { Clock } from '../../shared/clock.ts';
import { invalidState, notFound } from '../../shared/errors.ts';
import { isUuid, newId } from '../../shared/ids.ts';
import { recordAudit } from '../audit/index.ts';
import { getMessagingSettings, queueSystemMessage } from '../messaging/index.ts';
import { listActiveAdmins } from '../users/index.ts';
import { alertMessage } from './finding-alert.ts';
import { type DecisionInput, decisionInput, type FindingFilterInput } from './findings.input.ts';
import * as repo from './findings.repository.ts';
import {
  ALERTING_SEVERITIES,
  type Evidence,
  type Finding,
  type FindingDraft,
  type FindingKind,
  type FindingStatus,
  type Severity,
} from './findings.types.ts';

function findingOf(row: repo.FindingRow): Finding {
  return {
    findingId: row.findingId,
    kind: row.kind as FindingKind,
    severity: row.severity as Severity,
    title: row.title,
    evidence: row.evidence as unknown as Evidence,
    status: row.status as FindingStatus,
    occurredAt: row.occurredAt,
    createdAt: row.createdAt,
    decision:
      row.decidedAt && row.decisionNote !== null
        ? {
            note: row.decisionNote,
            byId: row.decidedById,
            byName: row.decidedByName ?? 'system',
            at: row.decidedAt,
          }
        : null,
  };
}

/** The admins' alert for each new alerting finding; the number of e-mails queued (never twice per finding). */
async function alertAdmins(
  tx: Tx,
  deps: { clock: Clock; jobs?: JobQueue | undefined },
  tenantId: string,
  created: readonly Finding[],
): Promise<number> {
  const alerting = created.filter((f) => ALERTING_SEVERITIES.includes(f.severity));
  if (alerting.length === 0) return 0;
  const to = (await listActiveAdmins(tx, tenantId)).map((u) => u.email);
  if (to.length === 0) return 0;
  const { defaultLanguage } = await getMessagingSettings(tx, tenantId);
  let queued = 0;
  for (const f of alerting) {
    const m = alertMessage(f, defaultLanguage);
    const q = await queueSystemMessage(
      tx,
      tenantId,
      { kind: 'security_alert', dedupeKey: `security_alert:${f.findingId}`, to, ...m },
      deps.clock,
    );
    if (q.created) queued++;
  }
  if (queued > 0) await deps.jobs?.enqueue(tx, 'outbox.deliver', { tenantId });
  return queued;
}

/**
 * Store `drafts` in `tx` (those whose dedupe key is new), record each in the audit trail
 * (`finding.raised`) and alert the admins of the medium and high ones.
 */
export async function storeFindingsInTx(
  tx: Tx,
  deps: { clock: Clock; jobs?: JobQueue | undefined },
  tenantId: string,
  drafts: readonly FindingDraft[],
): Promise<{ findings: number; alerts: number }> {
  const now = deps.clock.now();
  const rows = await repo.insertFindings(
    tx,
    drafts.map((d) => ({
      tenantId,
      findingId: newId(),
      kind: d.kind,
      severity: d.severity,
      title: d.title.slice(0, 500),
      evidence: d.evidence as unknown as Record<string, unknown>,
      dedupeKey: d.dedupeKey,
      occurredAt: d.occurredAt,
      status: 'open',
      createdAt: now,
    })),
  );
  const created = rows.map(findingOf);
  await recordAudit(
    tx,
    tenantId,
    ...created.map((f) => ({
      kind: 'finding.raised',
      objectType: 'finding',
      objectId: f.findingId,
      details: { kind: f.kind, severity: f.severity, title: f.title },
    })),
  );
  return { findings: created.length, alerts: await alertAdmins(tx, deps, tenantId, created) };
}

export async function getFindingOrThrow(q: Queryable, tenantId: string, findingId: string): Promise<Finding> {
  const row = isUuid(findingId) ? await repo.findFinding(q, tenantId, findingId) : null;
  if (!row) throw notFound('finding', findingId);
  return findingOf(row);
}

/** Up to `limit` findings matching `filter` (`kinds`: any of them), newest first, below `beforeId` (the previous page's last). */
export async function listFindings(
  q: Queryable,
  tenantId: string,
  filter: FindingFilterInput & { kinds?: readonly FindingKind[] | undefined },
  page: { limit: number; beforeId?: string | undefined },
): Promise<{ findings: Finding[]; nextBeforeId: string | null }> {
  const rows = await repo.selectFindings(q, tenantId, { ...filter, beforeId: page.beforeId }, page.limit + 1);
  const list = rows.slice(0, page.limit).map(findingOf);
  return { findings: list, nextBeforeId: rows.length > page.limit ? (list.at(-1)?.findingId ?? null) : null };
}

/** Who decides: the request's user or key; on the command line the operating-system user. */
function decider(): { byId: string | null; byName: string } {
  const who = actingAs();
  if (who) return { byId: who.userId ?? who.keyId, byName: who.name };
  const origin = currentOrigin();
  return { byId: null, byName: origin.channel === 'cli' && origin.agent ? `cli: ${origin.agent}` : 'system' };
}

/**
 * Confirm or dismiss an open finding with a note; `invalid_state` when it was decided already.
 * The decision is recorded in the audit trail (`finding.confirmed` / `finding.dismissed`, the note as reason).
 */
export async function decideFinding(
  deps: { db: Db; clock: Clock },
  tenantId: string,
  findingId: string,
  status: 'confirmed' | 'dismissed',
  raw: DecisionInput,
): Promise<Finding> {
  const { note } = decisionInput.parse(raw);
  return withTransaction(deps.db, async (tx) => {
    const before = await getFindingOrThrow(tx, tenantId, findingId);
    const row = await repo.decideFinding(tx, tenantId, before.findingId, {
      status,
      note,
      ...decider(),
      at: deps.clock.now(),
    });
    if (!row) throw invalidState(`finding ${findingId} was ${before.status} already: a decision is final`);
    await recordAudit(tx, tenantId, {
      kind: `finding.${status}`,
      objectType: 'finding',
      objectId: row.findingId,
      reason: note,
      changes: { status: ['open', status] },
      details: { kind: row.kind, severity: row.severity, title: row.title },
    });
    return findingOf(row);
  });
}
