/** All SQL of the findings module: findings (insert once per dedupe key, list, decide) and the monitoring settings row. */
import { and, desc, eq, inArray, lt, type SQL } from 'drizzle-orm';
import type { Queryable, Tx } from '../../db/client.ts';
import { findings, monitoringSettings } from './findings.tables.ts';

export type FindingRow = typeof findings.$inferSelect;
export type NewFindingRow = typeof findings.$inferInsert;
export type SettingsRow = typeof monitoringSettings.$inferSelect;

/** Rows per INSERT: a scan may find thousands (one statement's parameters would overflow). */
const INSERT_CHUNK = 500;

/** Insert the rows whose dedupe key the tenant has not seen; the rows inserted. */
export async function insertFindings(tx: Tx, rows: readonly NewFindingRow[]): Promise<FindingRow[]> {
  const inserted: FindingRow[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const chunk = rows.slice(i, i + INSERT_CHUNK);
    inserted.push(...(await tx.insert(findings).values(chunk).onConflictDoNothing().returning()));
  }
  return inserted;
}

export async function findFinding(
  q: Queryable,
  tenantId: string,
  findingId: string,
): Promise<FindingRow | null> {
  const [row] = await q
    .select()
    .from(findings)
    .where(and(eq(findings.tenantId, tenantId), eq(findings.findingId, findingId)));
  return row ?? null;
}

export interface FindingFilter {
  status?: string | undefined;
  kind?: string | undefined;
  /** Any of these kinds (with `kind`: both must hold). */
  kinds?: readonly string[] | undefined;
  severity?: string | undefined;
  /** Newest first: findings with an id below this. */
  beforeId?: string | undefined;
}

export function selectFindings(q: Queryable, tenantId: string, filter: FindingFilter, limit: number) {
  const f = findings;
  const where: (SQL | undefined)[] = [
    eq(f.tenantId, tenantId),
    filter.status ? eq(f.status, filter.status) : undefined,
    filter.kind ? eq(f.kind, filter.kind) : undefined,
    filter.kinds ? inArray(f.kind, [...filter.kinds]) : undefined,
    filter.severity ? eq(f.severity, filter.severity) : undefined,
    filter.beforeId ? lt(f.findingId, filter.beforeId) : undefined,
  ];
  return q
    .select()
    .from(f)
    .where(and(...where))
    .orderBy(desc(f.findingId))
    .limit(limit);
}

/** Record the decision on an open finding; null when it is not open (any more). */
export async function decideFinding(
  tx: Tx,
  tenantId: string,
  findingId: string,
  decision: { status: string; note: string; byId: string | null; byName: string; at: Date },
): Promise<FindingRow | null> {
  const [row] = await tx
    .update(findings)
    .set({
      status: decision.status,
      decisionNote: decision.note,
      decidedById: decision.byId,
      decidedByName: decision.byName,
      decidedAt: decision.at,
    })
    .where(
      and(eq(findings.tenantId, tenantId), eq(findings.findingId, findingId), eq(findings.status, 'open')),
    )
    .returning();
  return row ?? null;
}

/** The tenant's settings row, locked for the rest of `tx` (created first when missing). */
export async function lockSettings(tx: Tx, tenantId: string, now: Date): Promise<SettingsRow> {
  await tx.insert(monitoringSettings).values({ tenantId, updatedAt: now }).onConflictDoNothing();
  const [row] = await tx
    .select()
    .from(monitoringSettings)
    .where(eq(monitoringSettings.tenantId, tenantId))
    .for('update');
  if (!row) throw new Error('monitoring settings vanished');
  return row;
}

export async function readSettings(q: Queryable, tenantId: string): Promise<SettingsRow | null> {
  const [row] = await q.select().from(monitoringSettings).where(eq(monitoringSettings.tenantId, tenantId));
  return row ?? null;
}

/** Move the scan's cursor to `seq` (the caller holds the row's lock: cursors only move forward). */
export async function moveCursor(tx: Tx, tenantId: string, seq: bigint, at: Date): Promise<void> {
  await tx
    .update(monitoringSettings)
    .set({ scannedThroughSeq: seq, scannedAt: at })
    .where(eq(monitoringSettings.tenantId, tenantId));
}

export async function storePolicy(tx: Tx, tenantId: string, policy: Record<string, unknown>, at: Date) {
  await tx
    .update(monitoringSettings)
    .set({ policy, updatedAt: at })
    .where(eq(monitoringSettings.tenantId, tenantId));
}
