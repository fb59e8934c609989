/**
 * The journal's export to the host ERP in batches: each entry lands in exactly one batch. A new
 * batch takes the entries after the last batch's end up to the journal's watermark — the highest
 * entry number below which no posting is still in flight (`journalWatermark`) — so an entry
 * numbered earlier but committed later is never skipped. The batch records its entry range, its
 * format, who made it, when, the SHA-256 of its file and the snapshot the file was made with; a
 * re-export renders the same bytes from the (immutable) entries and that snapshot.
 */
import { createHash } from 'node:crypto';
import { type Queryable, withTransaction } from '../../db/client.ts';
import { actingAs } from '../../shared/acting-as.ts';
import { AppError, invalidState, notFound } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CoreDeps } from '../core-deps.ts';
import { journalWatermark } from '../ledger/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import { datevBookingsOf } from './datev-bookings.ts';
import { renderDatev } from './datev-format.ts';
import * as repo from './erp.repository.ts';
import type { DatevOptions, ExportEntry, ExportFormat, ExportSnapshot } from './export.types.ts';
import { buildSnapshot } from './export-snapshot.ts';
import { fiscalYearStartOf } from './fiscal-year.ts';
import { renderLedgerCsv } from './ledger-csv.ts';

/** The most entries one batch holds; more wait for the next export. */
export const MAX_BATCH_ENTRIES = 20_000;

export interface ExportRequest {
  readonly format: ExportFormat;
  /** Required for `datev`. */
  readonly datev?: DatevOptions | undefined;
}

export interface ExportBatch {
  readonly batchId: string;
  readonly batchNo: number;
  readonly format: ExportFormat;
  readonly afterEntryNo: bigint;
  readonly toEntryNo: bigint;
  readonly entryCount: number;
  readonly sha256: string;
  readonly createdAt: Date;
  readonly createdByName: string | null;
  readonly fileName: string;
}

export interface ExportFile {
  readonly batch: ExportBatch;
  readonly bytes: Buffer;
  readonly contentType: string;
}

/** The journal entries numbered in (after, upTo], in entry number order, at most `limit`. */
export async function entriesBetween(
  q: Queryable,
  deps: Pick<CoreDeps, 'ledger'>,
  tenantId: string,
  after: bigint,
  upTo: bigint,
  limit: number,
): Promise<ExportEntry[]> {
  const rows = await deps.ledger.journal(q, tenantId, after, limit);
  return rows
    .filter((r) => r.head.entryNo <= upTo)
    .map(({ head, lines }) => ({
      entryId: head.entryId,
      entryNo: head.entryNo,
      eventCode: head.eventCode,
      effectiveDate: head.effectiveDate,
      description: head.description,
      reversesEntryId: head.reversesEntryId,
      lines: lines.map((l) => ({ ...l })),
    }));
}

/** Make the next batch of `request.format` from the entries no batch holds yet. */
export async function createExportBatch(
  deps: CoreDeps,
  tenantId: string,
  request: ExportRequest,
): Promise<ExportFile> {
  if (request.format === 'datev' && !request.datev)
    throw new AppError('validation_failed', 'a DATEV export needs the consultant and client numbers', [
      { field: 'datev', message: 'required for format datev' },
    ]);
  const watermark = await journalWatermark(deps.db);
  return withTransaction(deps.db, async (tx) => {
    const last = await repo.lastBatch(tx, tenantId);
    const after = last?.toEntryNo ?? 0n;
    const pending = await entriesBetween(tx, deps, tenantId, after, watermark, MAX_BATCH_ENTRIES);
    const entries = request.datev ? withinOneFiscalYear(pending, request.datev) : pending;
    const lastEntry = entries.at(-1);
    if (!lastEntry)
      throw invalidState(
        last
          ? `no journal entries to export: every entry up to no. ${after} is in batch ${last.batchNo}`
          : 'no journal entries to export yet',
      );
    const { baseCurrency } = await getTenantOrThrow(tx, tenantId);
    const head = {
      batchNo: (last?.batchNo ?? 0) + 1,
      createdAt: deps.clock.now().toISOString(),
      baseCurrency,
      datev: request.datev ?? null,
    };
    const snapshot = await buildSnapshot(tx, deps, tenantId, entries, head);
    const bytes = render(request.format, entries, snapshot);
    const row = batchRow(tenantId, request.format, after, lastEntry.entryNo, entries.length, bytes, snapshot);
    await repo.insertBatch(tx, row);
    return fileOf(batchOf(row), bytes);
  });
}

/** A DATEV file holds one fiscal year: the batch stops before the first entry of another. */
function withinOneFiscalYear(entries: readonly ExportEntry[], datev: DatevOptions): ExportEntry[] {
  const first = entries[0];
  if (!first) return [];
  const year = fiscalYearStartOf(first.effectiveDate, datev.fiscalYearStartMonth);
  const cut = entries.findIndex(
    (e) => fiscalYearStartOf(e.effectiveDate, datev.fiscalYearStartMonth) !== year,
  );
  return cut < 0 ? [...entries] : entries.slice(0, cut);
}

function batchRow(
  tenantId: string,
  format: ExportFormat,
  after: bigint,
  to: bigint,
  entryCount: number,
  bytes: Buffer,
  snapshot: ExportSnapshot,
) {
  return {
    tenantId,
    batchId: newId(),
    batchNo: snapshot.batchNo,
    format,
    afterEntryNo: after,
    toEntryNo: to,
    entryCount,
    sha256: sha256(bytes),
    snapshot,
    createdAt: new Date(snapshot.createdAt),
    createdByName: actingAs()?.name ?? null,
  };
}

/** The file of past batch `batchNo` again, byte for byte (its SHA-256 is checked against the record). */
export async function reExportBatch(deps: CoreDeps, tenantId: string, batchNo: number): Promise<ExportFile> {
  const row = await repo.findBatch(deps.db, tenantId, batchNo);
  if (!row) throw notFound('export batch', String(batchNo));
  const entries = await entriesBetween(
    deps.db,
    deps,
    tenantId,
    row.afterEntryNo,
    row.toEntryNo,
    row.entryCount,
  );
  const batch = batchOf(row);
  const bytes = render(batch.format, entries, row.snapshot as ExportSnapshot);
  if (sha256(bytes) !== row.sha256)
    throw invalidState(`batch ${batchNo} no longer renders to its recorded SHA-256: the journal was altered`);
  return fileOf(batch, bytes);
}

export async function listExportBatches(q: Queryable, tenantId: string, limit = 100): Promise<ExportBatch[]> {
  return (await repo.listBatches(q, tenantId, limit)).map(batchOf);
}

function render(format: ExportFormat, entries: readonly ExportEntry[], s: ExportSnapshot): Buffer {
  if (format === 'csv') return renderLedgerCsv(entries, s);
  const datev = s.datev;
  if (!datev) throw invalidState('a DATEV batch without DATEV options');
  const dates = entries.map((e) => e.effectiveDate).sort();
  return renderDatev(
    {
      options: datev,
      createdAt: s.createdAt,
      fiscalYearStart: fiscalYearStartOf(dates[0] ?? s.createdAt.slice(0, 10), datev.fiscalYearStartMonth),
      from: dates[0] ?? '',
      to: dates.at(-1) ?? '',
      label: `cashloop batch ${s.batchNo}`,
      currency: s.baseCurrency,
    },
    entries.flatMap((e) => datevBookingsOf(e, s)),
  );
}

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

function batchOf(row: repo.BatchRow): ExportBatch {
  const format = row.format as ExportFormat;
  return {
    batchId: row.batchId,
    batchNo: row.batchNo,
    format,
    afterEntryNo: row.afterEntryNo,
    toEntryNo: row.toEntryNo,
    entryCount: row.entryCount,
    sha256: row.sha256,
    createdAt: row.createdAt,
    createdByName: row.createdByName,
    fileName:
      format === 'datev' ? `EXTF_Buchungsstapel_${row.batchNo}.csv` : `ledger-batch-${row.batchNo}.csv`,
  };
}

function fileOf(batch: ExportBatch, bytes: Buffer): ExportFile {
  const contentType = batch.format === 'datev' ? 'text/csv; charset=windows-1252' : 'text/csv; charset=utf-8';
  return { batch, bytes, contentType };
}
