/**
 * SQL of recorded dunning runs and letters: pages newest first, a letter's notices, status changes,
 * and the print queue (planned letters of channel `letter`).
 */
import { and, asc, count, desc, eq, lt, type SQL, sql } from 'drizzle-orm';
import { type Queryable, queryRows, type Tx } from '../../db/client.ts';
import { isAnyOf } from '../../db/conditions.ts';
import { invoiceDocumentsRelation } from '../invoices/index.ts';
import { dunningLetters, dunningRuns } from './dunning.tables.ts';

export type RunRow = typeof dunningRuns.$inferSelect;
export type LetterRow = typeof dunningLetters.$inferSelect;

export function listRunRows(q: Queryable, tenantId: string, f: { beforeId?: string; limit: number }) {
  const c: SQL[] = [eq(dunningRuns.tenantId, tenantId)];
  if (f.beforeId) c.push(lt(dunningRuns.runId, f.beforeId));
  return q
    .select()
    .from(dunningRuns)
    .where(and(...c))
    .orderBy(desc(dunningRuns.runId))
    .limit(f.limit);
}

export async function findRun(q: Queryable, tenantId: string, runId: string) {
  const [row] = await q
    .select()
    .from(dunningRuns)
    .where(and(eq(dunningRuns.tenantId, tenantId), eq(dunningRuns.runId, runId)));
  return row ?? null;
}

export async function findLetter(q: Queryable, tenantId: string, letterId: string) {
  const [row] = await q
    .select()
    .from(dunningLetters)
    .where(and(eq(dunningLetters.tenantId, tenantId), eq(dunningLetters.letterId, letterId)));
  return row ?? null;
}

export interface LetterFilter {
  customerId?: string;
  /** With `asOf`, the run's day (the day index finds its letters). */
  runId?: string;
  asOf?: string;
  status?: string;
  channel?: string;
  invoiceId?: string;
  beforeId?: string;
  limit: number;
}

export function listLetterRows(q: Queryable, tenantId: string, f: LetterFilter) {
  const c: SQL[] = [eq(dunningLetters.tenantId, tenantId)];
  if (f.customerId) c.push(eq(dunningLetters.customerId, f.customerId));
  if (f.runId) c.push(eq(dunningLetters.runId, f.runId));
  if (f.asOf) c.push(eq(dunningLetters.asOf, f.asOf));
  if (f.status) c.push(eq(dunningLetters.status, f.status));
  if (f.channel) c.push(eq(dunningLetters.channel, f.channel));
  if (f.invoiceId)
    c.push(sql`${dunningLetters.letterId} in (select n.letter_id from dunning_notices n
                 where n.tenant_id = ${tenantId} and n.invoice_id = ${f.invoiceId})`);
  if (f.beforeId) c.push(lt(dunningLetters.letterId, f.beforeId));
  return q
    .select()
    .from(dunningLetters)
    .where(and(...c))
    .orderBy(desc(dunningLetters.letterId))
    .limit(f.limit);
}

export interface NoticeView {
  letter_id: string;
  invoice_id: string;
  number: string;
  due_date: string;
  level_no: number;
  open_minor: bigint;
  days_overdue: number;
  interest_minor: bigint;
  interest_from: string | null;
  interest_through: string | null;
  interest_detail: unknown;
}

/** The notices of the given letters with their invoices' numbers and due dates, in due-date order. */
export function noticesOfLetters(q: Queryable, tenantId: string, letterIds: readonly string[]) {
  if (letterIds.length === 0) return Promise.resolve([]);
  return queryRows<NoticeView>(
    q,
    sql`select n.letter_id, n.invoice_id, i.number, i.due_date, n.level_no, n.open_minor, n.days_overdue,
          n.interest_minor, n.interest_from, n.interest_through, n.interest_detail
        from dunning_notices n
        join ${invoiceDocumentsRelation(tenantId)} i on i.invoice_id = n.invoice_id
        where n.tenant_id = ${tenantId} and n.letter_id = any(${sql.param([...letterIds])}::uuid[])
        order by n.letter_id, i.due_date, i.number`,
  );
}

/** Numbers of the charge documents among `invoiceIds`. */
export function invoiceNumbers(q: Queryable, tenantId: string, invoiceIds: readonly string[]) {
  if (invoiceIds.length === 0) return Promise.resolve([]);
  return queryRows<{ invoice_id: string; number: string }>(
    q,
    sql`select invoice_id, number from ${invoiceDocumentsRelation(tenantId)} i
        where invoice_id = any(${sql.param([...invoiceIds])}::uuid[])`,
  );
}

/** Set the status of letters; returns the ids changed. */
export async function setLetterStatus(
  q: Queryable,
  tenantId: string,
  letterIds: readonly string[],
  status: string,
  at: Date,
): Promise<string[]> {
  if (letterIds.length === 0) return [];
  const rows = await q
    .update(dunningLetters)
    .set({ status, statusChangedAt: at })
    .where(and(eq(dunningLetters.tenantId, tenantId), isAnyOf(dunningLetters.letterId, letterIds, 'uuid')))
    .returning({ letterId: dunningLetters.letterId });
  return rows.map((r) => r.letterId);
}

/** Move planned email letters to the print queue (channel `letter`); returns the ids moved. */
export async function setLettersToPrint(
  q: Queryable,
  tenantId: string,
  letterIds: readonly string[],
  at: Date,
) {
  if (letterIds.length === 0) return [];
  const rows = await q
    .update(dunningLetters)
    .set({ channel: 'letter', statusChangedAt: at })
    .where(
      and(
        eq(dunningLetters.tenantId, tenantId),
        isAnyOf(dunningLetters.letterId, letterIds, 'uuid'),
        eq(dunningLetters.channel, 'email'),
        eq(dunningLetters.status, 'planned'),
      ),
    )
    .returning({ letterId: dunningLetters.letterId });
  return rows.map((r) => r.letterId);
}

/** The current status of each of `letterIds` (unknown ids are left out). */
export async function letterStatuses(q: Queryable, tenantId: string, letterIds: readonly string[]) {
  if (letterIds.length === 0) return [];
  return q
    .select({ letterId: dunningLetters.letterId, status: dunningLetters.status })
    .from(dunningLetters)
    .where(and(eq(dunningLetters.tenantId, tenantId), isAnyOf(dunningLetters.letterId, letterIds, 'uuid')));
}

/** Letters by id (unknown ids are left out). */
export function findLetters(q: Queryable, tenantId: string, letterIds: readonly string[]) {
  if (letterIds.length === 0) return Promise.resolve([]);
  return q
    .select()
    .from(dunningLetters)
    .where(and(eq(dunningLetters.tenantId, tenantId), isAnyOf(dunningLetters.letterId, letterIds, 'uuid')))
    .orderBy(asc(dunningLetters.letterId));
}

function printQueueWhere(tenantId: string, f: { runId?: string; asOf?: string }): SQL | undefined {
  const c: SQL[] = [
    eq(dunningLetters.tenantId, tenantId),
    eq(dunningLetters.channel, 'letter'),
    eq(dunningLetters.status, 'planned'),
  ];
  if (f.runId) c.push(eq(dunningLetters.runId, f.runId));
  if (f.asOf) c.push(eq(dunningLetters.asOf, f.asOf));
  return and(...c);
}

/** The print queue (planned letters of channel `letter`), oldest first; one run's with `runId` and `asOf`. */
export function printQueueRows(
  q: Queryable,
  tenantId: string,
  f: { runId?: string; asOf?: string; limit: number },
) {
  return q
    .select()
    .from(dunningLetters)
    .where(printQueueWhere(tenantId, f))
    .orderBy(asc(dunningLetters.letterId))
    .limit(f.limit);
}

/** How many letters the print queue holds (of one run with `runId` and `asOf`). */
export async function printQueueCount(q: Queryable, tenantId: string, f: { runId?: string; asOf?: string }) {
  const [row] = await q.select({ n: count() }).from(dunningLetters).where(printQueueWhere(tenantId, f));
  return row?.n ?? 0;
}

/** The letters, locked until the transaction ends (so two printers cannot record one letter twice). */
export function lockLetters(tx: Tx, tenantId: string, letterIds: readonly string[]) {
  return tx
    .select()
    .from(dunningLetters)
    .where(and(eq(dunningLetters.tenantId, tenantId), isAnyOf(dunningLetters.letterId, letterIds, 'uuid')))
    .orderBy(asc(dunningLetters.letterId))
    .for('update');
}

/** Letters printed and posted: `sent`, with when and by whom. */
export async function setLettersPrinted(
  tx: Tx,
  tenantId: string,
  letterIds: readonly string[],
  by: { name: string; keyId: string | null; userId: string | null },
  at: Date,
): Promise<void> {
  if (letterIds.length === 0) return;
  await tx
    .update(dunningLetters)
    .set({
      status: 'sent',
      statusChangedAt: at,
      printedAt: at,
      printedBy: by.name,
      printedByKeyId: by.keyId,
      printedByUserId: by.userId,
    })
    .where(and(eq(dunningLetters.tenantId, tenantId), isAnyOf(dunningLetters.letterId, letterIds, 'uuid')));
}
