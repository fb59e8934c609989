/**
 * Remittance advices: imported from a file (CSV / e-mail list or camt.054) and stored for the
 * cash application runs, which match each to its bank line and apply the line per advice line
 * (advice-proposals.ts). An advice is `open` until a run finds its line, `matched` while that
 * line waits in review, `applied` once the line is booked with it (and `matched` again when the
 * line is unapplied).
 */
import { createHash } from 'node:crypto';
import { type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { notFound } from '../../shared/errors.ts';
import { isUuid, newId } from '../../shared/ids.ts';
import { formatAmount } from '../../shared/money.ts';
import { batchObjects, recordAudit } from '../audit/index.ts';
import type { LineVerdict } from '../bank/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import { readAdviceFile } from './advice-file.ts';
import {
  type AdviceLineRow,
  type AdviceRow,
  adviceAppliedTo,
  adviceLineRows,
  adviceRows,
  insertAdvice,
  setAdviceStatus,
} from './advices.repository.ts';
import type { AdviceFormat, AdviceStatus, ParsedAdvice, RemittanceAdvice } from './advices.ts';
import { storedSuggestions } from './stored-decision.ts';

/** An advice as the API and the CLI show it (amounts as decimal strings). */
export interface AdviceView {
  id: string;
  format: string;
  status: AdviceStatus;
  payerName: string | null;
  payerIban: string | null;
  paymentReference: string | null;
  date: string;
  currency: string;
  total: string;
  /** The bank line the advice was matched to or applied on. */
  bankTransactionId: string | null;
  importedAt: string;
  lines: {
    lineNo: number;
    invoiceReference: string;
    amount: string;
    reason: string | null;
    sourceLine: number;
  }[];
}

export interface AdviceImportResult {
  format: AdviceFormat;
  /** The advices stored by this import. */
  advices: AdviceView[];
  /** Advices of the file stored before (the same payer, reference, date and lines): not stored again. */
  skipped: number;
  warnings: string[];
}

export interface AdviceImportOptions {
  readonly format?: AdviceFormat | undefined;
  /** The currency of an advice that states none (default: the tenant's base currency). */
  readonly currency?: string | undefined;
}

/** Read an advice file and store its advices; a file that cannot be read stores nothing. */
export async function importRemittanceAdvice(
  deps: CoreDeps,
  tenantId: string,
  text: string,
  opts: AdviceImportOptions = {},
): Promise<AdviceImportResult> {
  const tenant = await getTenantOrThrow(deps.db, tenantId);
  const file = readAdviceFile(text, {
    format: opts.format,
    currency: opts.currency ?? tenant.baseCurrency,
    today: todayUtc(deps.clock.now()),
  });
  const stored = await withTransaction(deps.db, async (tx) => {
    const ids: string[] = [];
    for (const advice of file.advices) {
      const adviceId = newId();
      if (await insertParsed(tx, tenantId, adviceId, file.format, advice)) ids.push(adviceId);
    }
    await recordAudit(tx, tenantId, {
      kind: 'remittance_advice.imported',
      objectType: 'remittance_advice',
      objectId: ids.length === 1 ? (ids[0] ?? null) : null,
      details: {
        fileSha256: createHash('sha256').update(text).digest('hex'),
        format: file.format,
        advices: batchObjects(ids),
        skipped: file.advices.length - ids.length,
      },
    });
    return ids;
  });
  const advices = await views(deps.db, tenantId, await adviceRows(deps.db, tenantId, { ids: stored }));
  return {
    format: file.format,
    advices,
    skipped: file.advices.length - stored.length,
    warnings: file.warnings,
  };
}

function insertParsed(tx: Tx, tenantId: string, adviceId: string, format: AdviceFormat, a: ParsedAdvice) {
  return insertAdvice(
    tx,
    {
      tenantId,
      adviceId,
      format,
      dedupeKey: dedupeKey(a),
      payerName: a.payerName,
      payerIban: a.payerIban,
      paymentReference: a.paymentReference,
      adviceDate: a.date,
      currency: a.currency,
      totalMinor: a.totalMinor,
    },
    a.lines.map((l, i) => ({
      tenantId,
      adviceId,
      lineNo: i + 1,
      reference: l.reference,
      amountMinor: l.amountMinor,
      reason: l.reason,
      sourceLine: l.sourceLine,
    })),
  );
}

/** What the advice says, hashed: the same advice imported again is the same key. */
function dedupeKey(a: ParsedAdvice): string {
  const content = [
    a.payerName,
    a.payerIban,
    a.paymentReference,
    a.date,
    a.currency,
    String(a.totalMinor),
    ...a.lines.map((l) => [l.reference, String(l.amountMinor), l.reason]),
  ];
  return createHash('sha256').update(JSON.stringify(content)).digest('hex');
}

/** A page of advices, oldest first, optionally of one status. */
export async function listRemittanceAdvices(
  q: Queryable,
  tenantId: string,
  query: { status?: AdviceStatus; cursor?: string; limit: number },
) {
  const rows = await adviceRows(q, tenantId, {
    ...(query.status ? { status: query.status } : {}),
    ...(query.cursor ? { afterId: query.cursor } : {}),
    limit: query.limit + 1,
  });
  const page = rows.slice(0, query.limit);
  return {
    items: await views(q, tenantId, page),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.adviceId ?? null) : null,
  };
}

export async function getRemittanceAdvice(
  q: Queryable,
  tenantId: string,
  adviceId: string,
): Promise<AdviceView> {
  const rows = isUuid(adviceId) ? await adviceRows(q, tenantId, { ids: [adviceId] }) : [];
  const [view] = await views(q, tenantId, rows);
  if (!view) throw notFound('remittance advice', adviceId);
  return view;
}

/** The open advices, for a run's MatchContext. */
export async function openAdvicesForMatching(q: Queryable, tenantId: string): Promise<RemittanceAdvice[]> {
  const rows = await adviceRows(q, tenantId, { status: 'open' });
  const lines = groupLines(
    await adviceLineRows(
      q,
      tenantId,
      rows.map((r) => r.adviceId),
    ),
  );
  return rows.map((r) => ({
    adviceId: r.adviceId,
    payerName: r.payerName,
    payerIban: r.payerIban,
    paymentReference: r.paymentReference,
    date: r.adviceDate,
    currency: r.currency,
    totalMinor: r.totalMinor,
    sourceLine: 0,
    lines: (lines.get(r.adviceId) ?? []).map((l) => ({
      reference: l.reference,
      amountMinor: l.amountMinor,
      reason: l.reason,
      sourceLine: l.sourceLine,
    })),
  }));
}

/** Lines booked with an advice: the advice is applied (in the booking's transaction). */
export async function markAdvicesAppliedInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  booked: readonly { transactionId: string; adviceId: string | undefined }[],
): Promise<void> {
  const at = deps.clock.now();
  for (const b of booked)
    if (b.adviceId)
      await setAdviceStatus(
        tx,
        tenantId,
        b.adviceId,
        { status: 'applied', transactionId: b.transactionId, from: 'not applied' },
        at,
      );
}

/**
 * Lines left for review whose suggestions come from one advice: the advice is matched to the line
 * (several advices suggested for one line: none is, they stay open).
 */
export async function markAdvicesMatchedInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  verdicts: readonly LineVerdict[],
): Promise<void> {
  const at = deps.clock.now();
  for (const v of verdicts) {
    if (v.status !== 'suggested') continue;
    const ids = new Set(storedSuggestions(v.decision).map((s) => s.adviceId ?? null));
    const [only] = ids;
    if (ids.size === 1 && only)
      await setAdviceStatus(
        tx,
        tenantId,
        only,
        { status: 'matched', transactionId: v.transactionId, from: 'open' },
        at,
      );
  }
}

/** A line applied with an advice was unapplied: the advice is matched to it again, not applied. */
export async function reopenAdviceOfLineInTx(tx: Tx, deps: TxDeps, tenantId: string, transactionId: string) {
  const at = deps.clock.now();
  const adviceId = await adviceAppliedTo(tx, tenantId, transactionId);
  if (adviceId)
    await setAdviceStatus(tx, tenantId, adviceId, { status: 'matched', transactionId, from: 'applied' }, at);
}

async function views(q: Queryable, tenantId: string, rows: readonly AdviceRow[]): Promise<AdviceView[]> {
  const lines = groupLines(
    await adviceLineRows(
      q,
      tenantId,
      rows.map((r) => r.adviceId),
    ),
  );
  return rows.map((r) => ({
    id: r.adviceId,
    format: r.format,
    status: r.status,
    payerName: r.payerName,
    payerIban: r.payerIban,
    paymentReference: r.paymentReference,
    date: r.adviceDate,
    currency: r.currency,
    total: formatAmount(r.totalMinor, r.currency),
    bankTransactionId: r.transactionId,
    importedAt: r.importedAt.toISOString(),
    lines: (lines.get(r.adviceId) ?? []).map((l) => ({
      lineNo: l.lineNo,
      invoiceReference: l.reference,
      amount: formatAmount(l.amountMinor, r.currency),
      reason: l.reason,
      sourceLine: l.sourceLine,
    })),
  }));
}

function groupLines(rows: readonly AdviceLineRow[]): Map<string, AdviceLineRow[]> {
  const out = new Map<string, AdviceLineRow[]>();
  for (const l of rows) {
    const list = out.get(l.adviceId);
    if (list) list.push(l);
    else out.set(l.adviceId, [l]);
  }
  return out;
}
