/**
 * Runs of either kind (pain.008 collections, pain.001 refunds): write the run's file and store it
 * with the run and its items in one step, and read runs back. The invoices a stored collection
 * item names are "in collection", so no other run takes them.
 */
import { createHash } from 'node:crypto';
import type { Tx } from '../../db/client.ts';
import { isUniqueViolation } from '../../db/constraint-violation.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { AppError, notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import { recordAudit } from '../audit/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import * as repo from './sepa.repository.ts';

export interface NewRun {
  readonly runId: string;
  readonly kind: 'collection' | 'refund';
  /** The pain message version (`001.08`, `001.02`, `001.09`, `001.03`). */
  readonly version: string;
  readonly executionDate: CalendarDate;
  readonly items: repo.NewRunItem[];
}

/** What every pain file's group header takes from its run: the message id and the creation time. */
export interface FileHeader {
  readonly messageId: string;
  readonly createdAt: Date;
}

/**
 * Write the run's file (`writeFile` gets the header: message id `CL-` + the run id without dashes,
 * created now), store run, items and file, and return the run as stored. A concurrent run that
 * took one of the invoices first is a 409.
 */
export async function recordRunWithFile(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  run: NewRun,
  writeFile: (header: FileHeader) => string,
) {
  const header = { messageId: `CL-${run.runId.replace(/-/g, '')}`.slice(0, 35), createdAt: deps.clock.now() };
  await insertRunOrConflict(tx, tenantId, run, header.messageId, writeFile(header));
  return getRunOrThrow(tx, tenantId, run.runId);
}

async function insertRunOrConflict(
  tx: Tx,
  tenantId: string,
  run: NewRun,
  messageId: string,
  xml: string,
): Promise<void> {
  const total = run.items.reduce((sum, i) => sum + i.amountMinor, 0n);
  try {
    await repo.insertRun(tx, {
      tenantId,
      runId: run.runId,
      kind: run.kind,
      status: run.kind === 'collection' ? 'created' : 'booked',
      messageId,
      painVersion: `${run.kind === 'collection' ? 'pain.008' : 'pain.001'}.${run.version}`,
      executionDate: run.executionDate,
      currency: 'EUR',
      itemCount: run.items.length,
      totalMinor: total,
      fileSha256: createHash('sha256').update(xml, 'utf8').digest('hex'),
      fileXml: xml,
    });
    await repo.insertItems(tx, run.items);
  } catch (error) {
    if (isUniqueViolation(error))
      throw new AppError('conflict', 'another run took some of these invoices at the same time; run again');
    throw error;
  }
  await recordAudit(tx, tenantId, {
    kind: `sepa.${run.kind}_run_created`,
    objectType: 'sepa_run',
    objectId: run.runId,
    details: { items: run.items.length, totalMinor: total.toString(), version: run.version },
  });
}

/** The run, locked for update; 404 when there is none. */
export async function lockRunOrThrow(tx: Tx, tenantId: string, runId: string) {
  const run = isUuid(runId) ? await repo.findRun(tx, tenantId, runId, true) : null;
  if (!run) throw notFound('sepa run', runId);
  return run;
}

/** A run with its items (the file text is served separately). */
export async function getRunOrThrow(q: Tx | CoreDeps['db'], tenantId: string, runId: string) {
  const run = isUuid(runId) ? await repo.findRun(q, tenantId, runId) : null;
  if (!run) throw notFound('sepa run', runId);
  const items = await repo.itemsOfRun(q, tenantId, runId);
  return { run, items };
}

/** Recent runs, newest first. */
export function listRuns(q: CoreDeps['db'], tenantId: string, limit: number) {
  return repo.listRuns(q, tenantId, limit);
}
