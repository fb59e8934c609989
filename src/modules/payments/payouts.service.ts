/**
 * Payouts: the provider's transfers of the clearing balance to the company's bank account. A
 * `payout.paid` event records the payout as an expected bank credit; the bank line that brings it
 * (payout-matching.ts) is booked Dr bank / Cr clearing (`payment_clearing`, 1360) — not a customer
 * receipt — and the line's verdict (`ignored`, posted, naming the payout and the entry) links both.
 * Either may come first: the event looks for a line already imported, cash application looks for
 * a payout already announced (`settlePayoutLines`). A payout that fails after it was matched is
 * returned: the match is reversed (Dr clearing / Cr bank: the money is back on the provider's
 * balance) and the line goes back to the review queue, where a person settles it with its return.
 */
import { type Tx, withTransaction } from '../../db/client.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { AppError } from '../../shared/errors.ts';
import { formatAmount } from '../../shared/money.ts';
import {
  type BankLineRow,
  type BankLineStatus,
  lockOpenCreditsOf,
  lockUnprocessedLines,
  recordVerdicts,
} from '../bank/index.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { JournalEntryBuilder } from '../ledger/index.ts';
import { getTenantOrThrow } from '../tenants/index.ts';
import * as repo from './payments.repository.ts';
import { type ExpectedPayout, mayBePayout, payoutOfLine, payoutWindow } from './payout-matching.ts';
import type { StripePayout } from './stripe-events.ts';

const PROVIDER = 'stripe';

type Handled = { status: 'booked' | 'recorded'; note: string };

/** The text of a line the matching rule reads: remittance, payer name, ultimate party. */
const lineText = (l: BankLineRow) =>
  [l.remittance, l.counterparty_name ?? '', l.ultimate_party ?? ''].join(' ');

const expectedOf = (p: repo.PayoutRow): ExpectedPayout => ({
  payoutId: p.payoutId,
  amountMinor: p.amountMinor,
  currency: p.currency,
  arrivalDate: p.arrivalDate,
  statementDescriptor: p.statementDescriptor,
});

const amountText = (amountMinor: bigint, currency: string) =>
  `${formatAmount(amountMinor, currency)} ${currency}`;

/** `payout.paid`: record the expected credit, and book the line that brought it if it is here. */
export async function payoutPaidInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  payout: StripePayout,
): Promise<Handled> {
  await repo.insertPayout(tx, {
    tenantId,
    provider: PROVIDER,
    payoutId: payout.id,
    amountMinor: payout.amountMinor,
    currency: payout.currency,
    arrivalDate: payout.arrivalDate,
    statementDescriptor: payout.statementDescriptor,
    status: 'paid',
  });
  const row = await repo.lockPayout(tx, tenantId, PROVIDER, payout.id);
  if (!row) throw new Error(`payout ${payout.id} vanished`);
  if (row.matchState !== 'expected') return { status: 'recorded', note: `payout ${row.matchState} already` };
  const lines = await lockOpenCreditsOf(tx, tenantId, {
    ...payoutWindow(row),
    amountMinor: row.amountMinor,
    currency: row.currency,
  });
  const bringing = lines.filter((l) => payoutOfLine(lineOf(l), [expectedOf(row)]).kind === 'match');
  const [line] = bringing;
  if (!line || bringing.length > 1) {
    const note = line
      ? `${bringing.length} bank lines could bring it; a person picks`
      : 'awaiting its bank line';
    await repo.updatePayout(tx, row, { note, updatedAt: deps.clock.now() });
    return { status: 'recorded', note: `payout ${payout.id} ${note}` };
  }
  const { booked, note } = await bookPayoutLineInTx(tx, deps, row, line, line.status);
  return { status: booked ? 'booked' : 'recorded', note };
}

function lineOf(l: BankLineRow) {
  return {
    amountMinor: l.amount_minor,
    currency: l.currency,
    bookingDate: l.booking_date,
    text: lineText(l),
  };
}

/**
 * Book the line as the payout (Dr the line's bank account / Cr clearing), write its verdict
 * (`ignored`, posted: naming the payout and the entry) if it still has `expected`, and mark the
 * payout matched. Throws `conflict` when the line was decided meanwhile (the caller rolls back).
 */
async function bookPayoutLineInTx(
  tx: Tx,
  deps: TxDeps,
  payout: repo.PayoutRow,
  line: BankLineRow,
  expected: BankLineStatus,
): Promise<{ booked: boolean; note: string }> {
  const { tenantId } = payout;
  const { baseCurrency } = await getTenantOrThrow(tx, tenantId);
  if (line.currency !== baseCurrency) {
    const why = `only payouts in ${baseCurrency} are booked automatically`;
    return { booked: false, note: await exceptionInTx(tx, deps, tenantId, [payout], line, expected, why) };
  }
  const codes = await deps.ledger.ensureAccounts(tx, tenantId, ['payment_clearing']);
  const amount = line.amount_minor;
  const entry = new JournalEntryBuilder(
    'payment.payout',
    line.booking_date,
    `Stripe payout ${payout.payoutId}`,
  )
    .from('bank_transaction', line.transaction_id)
    .line('bank', line.currency, amount, amount, {
      accountCode: line.ledger_account_code,
      memo: payout.payoutId,
    })
    .line('bank', line.currency, -amount, -amount, {
      accountCode: codes.get('payment_clearing') ?? '1360',
      memo: payout.payoutId,
    })
    .build();
  const entryId = await deps.ledger.post(tx, tenantId, entry);
  const reason = `Stripe payout ${payout.payoutId}: booked to the payment clearing account`;
  const written = await recordVerdicts(tx, tenantId, [
    {
      transactionId: line.transaction_id,
      expected,
      status: 'ignored',
      customerId: null,
      confidence: null,
      decision: { payoutId: payout.payoutId, entryId, reasons: [reason] },
      receiptId: null,
    },
  ]);
  if (!written.has(line.transaction_id))
    throw new AppError(
      'conflict',
      `bank line ${line.transaction_id} was processed meanwhile; nothing was booked`,
    );
  await repo.updatePayout(tx, payout, {
    matchState: 'matched',
    transactionId: line.transaction_id,
    entryId,
    note: `bank line ${line.bank_reference ?? line.transaction_id} of ${line.booking_date}`,
    updatedAt: deps.clock.now(),
  });
  return { booked: true, note: `payout ${payout.payoutId} matched to bank line ${line.transaction_id}` };
}

/** A line that names payouts but cannot be booked as one: unmatched, with why, for a person. */
async function exceptionInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  payouts: readonly repo.PayoutRow[],
  line: BankLineRow,
  expected: BankLineStatus,
  why: string,
): Promise<string> {
  const named = payouts.map(
    (p) => `${p.payoutId} (${amountText(p.amountMinor, p.currency)}, ${p.arrivalDate})`,
  );
  const reason = `Stripe payout ${named.join(', ')}: ${why}; the line brings ${amountText(line.amount_minor, line.currency)}`;
  await recordVerdicts(tx, tenantId, [
    {
      transactionId: line.transaction_id,
      expected,
      status: 'unmatched',
      customerId: null,
      confidence: null,
      decision: { payoutIds: payouts.map((p) => p.payoutId), reasons: [reason] },
      receiptId: null,
    },
  ]);
  for (const p of payouts)
    await repo.updatePayout(tx, p, {
      matchState: 'exception',
      note: `${why}: bank line ${line.transaction_id}`,
      updatedAt: deps.clock.now(),
    });
  return reason;
}

/** What cash application reports of a line the payouts decided. */
export interface PayoutLineVerdict {
  readonly status: 'ignored' | 'unmatched';
  readonly reason: string;
}

/**
 * Cash application's first look at the lines of a run: each that may be a payout is matched with
 * the payouts still expected and booked (`ignored`: posted to the clearing account) or marked an
 * exception (`unmatched`, with why), in one transaction holding the lines and the payouts.
 * Returns the lines it decided, by id; the engine decides the rest.
 */
export async function settlePayoutLines(
  deps: CoreDeps,
  tenantId: string,
  rows: readonly BankLineRow[],
): Promise<Map<string, PayoutLineVerdict>> {
  const lines = rows.filter((r) => r.amount_minor > 0n && mayBePayout(lineText(r)));
  if (lines.length === 0) return new Map();
  return withTransaction(deps.db, async (tx) => {
    const decided = new Map<string, PayoutLineVerdict>();
    let expected = (await repo.lockWaitingPayouts(tx, tenantId)).filter((p) => p.matchState === 'expected');
    if (expected.length === 0) return decided;
    const open = await lockUnprocessedLines(
      tx,
      tenantId,
      lines.map((l) => l.transaction_id),
    );
    for (const line of lines.filter((l) => open.has(l.transaction_id))) {
      const verdict = payoutOfLine(lineOf(line), expected.map(expectedOf));
      if (verdict.kind === 'none') continue;
      const ids = new Set(
        verdict.kind === 'match' ? [verdict.payout.payoutId] : verdict.payouts.map((p) => p.payoutId),
      );
      const payouts = expected.filter((p) => ids.has(p.payoutId));
      const [first] = payouts;
      if (!first) continue;
      const { booked, note } =
        verdict.kind === 'match'
          ? await bookPayoutLineInTx(tx, deps, first, line, 'new')
          : {
              booked: false,
              note: await exceptionInTx(tx, deps, tenantId, payouts, line, 'new', verdict.why),
            };
      expected = expected.filter((p) => !ids.has(p.payoutId));
      decided.set(line.transaction_id, { status: booked ? 'ignored' : 'unmatched', reason: note });
    }
    return decided;
  });
}

/**
 * `payout.failed` / `payout.canceled`: a payout never matched is closed (no line will come); one
 * matched already is returned — Stripe puts the money back on its balance, so the bank pays it
 * back: Dr clearing / Cr bank, the reversal of the match. Once per payout.
 */
export async function payoutFailedInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  payout: StripePayout,
  status: 'failed' | 'canceled',
): Promise<Handled> {
  await repo.insertPayout(tx, {
    tenantId,
    provider: PROVIDER,
    payoutId: payout.id,
    amountMinor: payout.amountMinor,
    currency: payout.currency,
    arrivalDate: payout.arrivalDate,
    statementDescriptor: payout.statementDescriptor,
    status,
    matchState: 'closed',
  });
  const row = await repo.lockPayout(tx, tenantId, PROVIDER, payout.id);
  if (!row) throw new Error(`payout ${payout.id} vanished`);
  const now = deps.clock.now();
  if (row.matchState === 'returned' || row.matchState === 'closed')
    return { status: 'recorded', note: `payout ${status}: nothing more to do` };
  if (row.matchState !== 'matched' || !row.entryId) {
    await repo.updatePayout(tx, row, {
      status,
      matchState: 'closed',
      note: `payout ${status}`,
      updatedAt: now,
    });
    return { status: 'recorded', note: `payout ${payout.id} ${status} before its bank line came` };
  }
  const returnEntryId = await deps.ledger.reverse(
    tx,
    tenantId,
    row.entryId,
    todayUtc(now),
    'payment.payout_returned',
    `Stripe payout ${payout.id} ${status}`,
  );
  if (row.transactionId) await reopenLineInTx(tx, tenantId, row.transactionId, payout.id, status);
  await repo.updatePayout(tx, row, {
    status,
    matchState: 'returned',
    returnEntryId,
    note: `payout ${status} after it was matched: its booking reversed, the money is back on the Stripe balance`,
    updatedAt: now,
  });
  return { status: 'booked', note: `payout ${payout.id} ${status}: returned Dr clearing / Cr bank` };
}

/**
 * The line a returned payout was matched to goes back to the review queue (`unmatched`, no
 * entry): the bank takes the money back with a line of its own, and a person settles both.
 */
async function reopenLineInTx(
  tx: Tx,
  tenantId: string,
  transactionId: string,
  payoutId: string,
  status: string,
) {
  const reason = `Stripe payout ${payoutId} ${status} after it was matched: its booking was reversed; the bank returns the money — ignore this line and its return`;
  await recordVerdicts(tx, tenantId, [
    {
      transactionId,
      expected: 'ignored',
      status: 'unmatched',
      customerId: null,
      confidence: null,
      decision: { payoutIds: [payoutId], reasons: [reason] },
      receiptId: null,
    },
  ]);
}

/** A payout as `GET /v1/payments/payouts` shows it. */
export interface PayoutView {
  readonly payoutId: string;
  readonly provider: string;
  readonly amount: string;
  readonly currency: string;
  readonly arrivalDate: string;
  readonly status: string;
  readonly matchState: string;
  readonly bankLineId: string | null;
  readonly entryId: string | null;
  readonly returnEntryId: string | null;
  readonly note: string | null;
}

/** Up to `limit` payouts after `before`, newest arrival first, with their match state. */
export async function listPayouts(
  q: Parameters<typeof repo.listPayouts>[0],
  tenantId: string,
  limit: number,
  before?: { arrivalDate: string; payoutId: string },
): Promise<PayoutView[]> {
  const rows = await repo.listPayouts(q, tenantId, limit, before);
  return rows.map((r) => ({
    payoutId: r.payoutId,
    provider: r.provider,
    amount: formatAmount(r.amountMinor, r.currency),
    currency: r.currency,
    arrivalDate: r.arrivalDate,
    status: r.status,
    matchState: r.matchState,
    bankLineId: r.transactionId,
    entryId: r.entryId,
    returnEntryId: r.returnEntryId,
    note: r.note,
  }));
}
