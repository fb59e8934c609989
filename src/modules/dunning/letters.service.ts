/**
 * Recorded dunning runs and letters: pages of them (newest first), one letter with its invoices and
 * the interest arithmetic, and letter status changes as the outbox delivers them.
 */
import type { Queryable, Tx } from '../../db/client.ts';
import { AppError, assertUnreachable, notFound } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import type { Actor } from '../activities/index.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import type { InterestDetail } from './dunning.tables.ts';
import type { Channel, LetterStatus } from './dunning.types.ts';
import { printRefusal } from './letter-printing.ts';
import { legacyTemplateLevel } from './letter-template.ts';
import * as repo from './letters.repository.ts';
import { runCustomers } from './run.repository.ts';
import type { DunningLetter, LetterInvoice, LetterPrinted } from './run-records.ts';

export type DunningRun = repo.RunRow;

/** A page of runs, newest first. */
export async function listRuns(q: Queryable, tenantId: string, page: { cursor?: string; limit: number }) {
  const rows = await repo.listRunRows(q, tenantId, {
    limit: page.limit + 1,
    ...(page.cursor ? { beforeId: page.cursor } : {}),
  });
  const runs = rows.slice(0, page.limit);
  return { runs, nextCursor: rows.length > page.limit ? (runs.at(-1)?.runId ?? null) : null };
}

export async function getRunOrThrow(q: Queryable, tenantId: string, runId: string): Promise<DunningRun> {
  const run = isUuid(runId) ? await repo.findRun(q, tenantId, runId) : null;
  if (!run) throw notFound('dunning run', runId);
  return run;
}

/** A recorded letter: its id, the letterhead version of its run, and whether it was printed. */
export interface RecordedLetter extends DunningLetter {
  readonly letterId: string;
  readonly runId: string;
  /** Null for letters recorded before runs kept it (they print the current letterhead). */
  readonly letterheadVersion: number | null;
  readonly printed: LetterPrinted | null;
}

export interface LetterDetail extends RecordedLetter {
  readonly interestDetails: ReadonlyMap<string, InterestDetail>;
}

export interface LetterListQuery {
  customer?: string;
  runId?: string;
  status?: LetterStatus;
  /** With `status: 'planned'` and `channel: 'letter'`: the print queue. */
  channel?: Channel;
  /** Letters naming this invoice (id). */
  invoiceId?: string;
  cursor?: string;
  limit: number;
}

/** A page of letters, newest first, each with its invoices. */
export async function listLetters(q: Queryable, tenantId: string, query: LetterListQuery) {
  const customerId = query.customer
    ? (await getCustomerRowOrThrow(q, tenantId, query.customer)).customerId
    : undefined;
  const run = query.runId ? await getRunOrThrow(q, tenantId, query.runId) : null;
  const rows = await repo.listLetterRows(q, tenantId, {
    limit: query.limit + 1,
    ...(customerId ? { customerId } : {}),
    ...(run ? { runId: run.runId, asOf: run.asOf } : {}),
    ...(query.status ? { status: query.status } : {}),
    ...(query.channel ? { channel: query.channel } : {}),
    ...(query.invoiceId ? { invoiceId: query.invoiceId } : {}),
    ...(query.cursor ? { beforeId: query.cursor } : {}),
  });
  const page = rows.slice(0, query.limit);
  return {
    letters: await lettersOf(q, tenantId, page),
    nextCursor: rows.length > query.limit ? (page.at(-1)?.letterId ?? null) : null,
  };
}

/** One letter with its invoices and, per invoice, how its interest was computed. */
export async function getLetterOrThrow(
  q: Queryable,
  tenantId: string,
  letterId: string,
): Promise<LetterDetail> {
  const row = isUuid(letterId) ? await repo.findLetter(q, tenantId, letterId) : null;
  const [letter] = row ? await lettersOf(q, tenantId, [row]) : [];
  if (!letter) throw notFound('dunning letter', letterId);
  const notices = await repo.noticesOfLetters(q, tenantId, [letter.letterId ?? '']);
  const details = notices.flatMap((n) =>
    n.interest_detail ? [[n.invoice_id, n.interest_detail as InterestDetail] as const] : [],
  );
  return { ...letter, interestDetails: new Map(details) };
}

async function lettersOf(
  q: Queryable,
  tenantId: string,
  rows: readonly repo.LetterRow[],
): Promise<RecordedLetter[]> {
  const customers = await runCustomers(q, tenantId, [...new Set(rows.map((r) => r.customerId))]);
  const byCustomer = new Map(customers.map((c) => [c.customer_id, c]));
  const notices = await repo.noticesOfLetters(
    q,
    tenantId,
    rows.map((r) => r.letterId),
  );
  const charges = await repo.invoiceNumbers(
    q,
    tenantId,
    rows.flatMap((r) => r.chargeInvoiceId ?? []),
  );
  const numbers = new Map(charges.map((c) => [c.invoice_id, c.number]));
  return rows.map((r) => {
    const c = byCustomer.get(r.customerId);
    return {
      letterId: r.letterId,
      runId: r.runId,
      asOf: r.asOf,
      customerId: r.customerId,
      customer: { externalId: c?.external_id ?? '', name: c?.name ?? '', language: c?.language ?? 'en' },
      currency: r.currency,
      policyId: r.policyId,
      levelNo: r.levelNo,
      templateKey: r.templateKey,
      templateLevel:
        r.templateLevel ??
        legacyTemplateLevel(
          r.templateKey,
          r.levelNo,
          notices.some((n) => n.letter_id === r.letterId && n.days_overdue > 0),
        ),
      channel: r.channel as Channel,
      status: r.status as LetterStatus,
      openMinor: r.openMinor,
      overdueMinor: r.overdueMinor,
      feeMinor: r.feeMinor,
      interestMinor: r.interestMinor,
      chargeInvoiceId: r.chargeInvoiceId,
      chargeNumber: r.chargeInvoiceId ? (numbers.get(r.chargeInvoiceId) ?? null) : null,
      handsOver: r.handsOver,
      invoices: notices.filter((n) => n.letter_id === r.letterId).map(letterInvoice),
      letterheadVersion: r.letterheadVersion,
      printed:
        r.printedAt && r.printedBy
          ? { at: r.printedAt, by: { name: r.printedBy, keyId: r.printedByKeyId, userId: r.printedByUserId } }
          : null,
    };
  });
}

function letterInvoice(n: repo.NoticeView): LetterInvoice {
  return {
    invoiceId: n.invoice_id,
    number: n.number,
    dueDate: n.due_date,
    daysOverdue: n.days_overdue,
    levelNo: n.level_no,
    openMinor: n.open_minor,
    interestMinor: n.interest_minor,
    interestFrom: n.interest_from,
    interestThrough: n.interest_through,
  };
}

/** May a letter move from `from` to `to`? queued ← planned | failed; sent, failed ← planned | queued (| failed). */
export function canMoveLetter(from: LetterStatus, to: LetterStatus): boolean {
  switch (to) {
    case 'queued':
      return from === 'planned' || from === 'failed';
    case 'sent':
    case 'failed':
      return from === 'planned' || from === 'queued' || from === 'failed';
    case 'planned':
    case 'recorded':
      return false;
    default:
      return assertUnreachable(to);
  }
}

/**
 * Move letters to `status` (the outbox: `queued` when the message is queued, `sent` or `failed` as
 * delivery goes). Runs in `q`, e.g. the run's transaction inside `onLetters`. A move the lifecycle
 * does not allow is `invalid_state` and changes nothing.
 */
export async function markLetters(
  q: Queryable,
  tenantId: string,
  letters: readonly { letterId: string; status: LetterStatus }[],
  to: LetterStatus,
  at: Date,
): Promise<void> {
  const refused = letters.find((l) => !canMoveLetter(l.status, to));
  if (refused)
    throw new AppError(
      'invalid_state',
      `letter ${refused.letterId} cannot go from ${refused.status} to ${to}`,
    );
  await repo.setLetterStatus(
    q,
    tenantId,
    letters.map((l) => l.letterId),
    to,
    at,
  );
}

/**
 * Send planned email letters to the print queue: their customer cannot be emailed (no address, or
 * it takes no email), so they go by post like a `letter` level. Returns the ids moved.
 */
export function sendLettersToPrint(q: Queryable, tenantId: string, letterIds: readonly string[], at: Date) {
  return repo.setLettersToPrint(q, tenantId, letterIds, at);
}

/** The status each letter has now (after delivery: `sent` or `failed` for emailed ones), by id. */
export async function getLetterStatuses(
  q: Queryable,
  tenantId: string,
  letterIds: readonly string[],
): Promise<Map<string, LetterStatus>> {
  const rows = await repo.letterStatuses(q, tenantId, letterIds);
  return new Map(rows.map((r) => [r.letterId, r.status as LetterStatus]));
}

/** Recorded letters by id, in the order given; throws not_found naming the first unknown id. */
export async function getLettersOrThrow(
  q: Queryable,
  tenantId: string,
  letterIds: readonly string[],
): Promise<RecordedLetter[]> {
  const unknownFormat = letterIds.find((id) => !isUuid(id));
  if (unknownFormat !== undefined) throw notFound('dunning letter', unknownFormat);
  const letters = new Map(
    (await lettersOf(q, tenantId, await repo.findLetters(q, tenantId, letterIds))).map((l) => [
      l.letterId,
      l,
    ]),
  );
  return letterIds.map((id) => {
    const letter = letters.get(id);
    if (!letter) throw notFound('dunning letter', id);
    return letter;
  });
}

/**
 * The print queue: planned letters of channel `letter`, oldest first, at most `limit`; of one run
 * when `runId` is given (not_found for an unknown run). `total` counts all of them.
 */
export async function getPrintQueue(
  q: Queryable,
  tenantId: string,
  query: { runId?: string; limit: number },
): Promise<{ letters: RecordedLetter[]; total: number }> {
  const run = query.runId ? await getRunOrThrow(q, tenantId, query.runId) : null;
  const filter = run ? { runId: run.runId, asOf: run.asOf } : {};
  const rows = await repo.printQueueRows(q, tenantId, { ...filter, limit: query.limit });
  return {
    letters: await lettersOf(q, tenantId, rows),
    total: await repo.printQueueCount(q, tenantId, filter),
  };
}

/**
 * Record letters of channel `letter` as printed and posted, in `tx`: each moves `planned` →
 * `sent`, with `at` and `by`. The letters are locked first, so two people recording the same
 * letter cannot both succeed; any letter that may not move (another channel, not planned) makes
 * the whole call `invalid_state`, naming each, and changes nothing. Returns the letters as they
 * were before the move.
 */
export async function markLettersPrinted(
  tx: Tx,
  tenantId: string,
  letterIds: readonly string[],
  by: Actor,
  at: Date,
): Promise<RecordedLetter[]> {
  const rows = await repo.lockLetters(tx, tenantId, letterIds);
  const found = new Set(rows.map((r) => r.letterId));
  const missing = letterIds.find((id) => !found.has(id));
  if (missing !== undefined) throw notFound('dunning letter', missing);
  const letters = await lettersOf(tx, tenantId, rows);
  const refusals = letters.flatMap((l) => printRefusal(l) ?? []);
  if (refusals.length > 0)
    throw new AppError(
      'invalid_state',
      refusals[0] ?? '',
      refusals.map((message) => ({ message })),
    );
  await repo.setLettersPrinted(tx, tenantId, letterIds, by, at);
  return letters;
}
