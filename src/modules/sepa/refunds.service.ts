/**
 * Refund runs: customers' credit balances (unapplied cash of their receipts, in EUR) paid back by
 * SEPA credit transfer. Each receipt's credit is refunded through the receipts module (Dr AR /
 * Cr the cash account the money came in on) in the same transaction that records the run and
 * writes the pain.001 file. The payee account is the customer's newest active mandate's IBAN, else
 * the IBAN the money came from; a credit with neither is left out and reported.
 */
import { type Tx, withTransaction } from '../../db/client.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { invalidState, validationFailed } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { formatAmount } from '../../shared/money.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import { listReceipts, type ReceiptRow, refundReceiptInTx } from '../receipts/index.ts';
import { mandatePerCustomer } from './collection-selection.ts';
import { creditorOrThrow } from './creditor.ts';
import { type TransferTransaction, writePain001 } from './pain001.ts';
import { recordRunWithFile } from './runs.service.ts';
import { type RefundRunInput, refundRunInput } from './sepa.input.ts';
import * as repo from './sepa.repository.ts';
import { sepaText } from './sepa-text.ts';

interface Payout {
  readonly receipt: ReceiptRow;
  readonly iban: string;
  readonly bic: string | null;
  readonly name: string;
}

/** Pay out every EUR credit balance (of one customer if named); refuses when there is none. */
export async function createRefundRun(deps: CoreDeps, tenantId: string, raw: RefundRunInput) {
  const input = refundRunInput.parse(raw);
  if (input.executionDate < todayUtc(deps.clock.now()))
    throw validationFailed('the execution date is in the past', [
      { field: 'executionDate', message: 'in the past' },
    ]);
  return withTransaction(deps.db, async (tx) => {
    const debtor = await creditorOrThrow(tx, tenantId, false);
    const { payouts, skipped } = await payoutsOf(tx, tenantId, input.customer);
    if (payouts.length === 0)
      throw invalidState(
        `no credit balance to refund${skipped.length ? ` with a known IBAN (${skipped.length} without)` : ''}`,
      );
    const runId = newId();
    const items = payouts.map((p) => ({
      tenantId,
      itemId: newId(),
      runId,
      customerId: p.receipt.customerId,
      sourceReceiptId: p.receipt.receiptId,
      endToEndId: `RF-${p.receipt.receiptId.replace(/-/g, '').slice(-26).toUpperCase()}-${runId.slice(-4).toUpperCase()}`,
      amountMinor: p.receipt.unappliedMinor,
      iban: p.iban,
      status: 'booked',
    }));
    for (const p of payouts) await refundOne(tx, deps, tenantId, p.receipt, input.executionDate);
    const run = {
      runId,
      kind: 'refund',
      version: input.version,
      executionDate: input.executionDate,
      items,
    } as const;
    const recorded = await recordRunWithFile(tx, deps, tenantId, run, (header) =>
      writePain001({
        ...header,
        version: input.version,
        debtor,
        executionDate: input.executionDate,
        currency: 'EUR',
        transactions: payouts.map((p, i) => transferOf(p, items[i]?.endToEndId ?? '')),
      }),
    );
    return { ...recorded, skippedReceiptIds: skipped };
  });
}

/** The credit balances and where each goes; receipts without a payee IBAN are skipped. */
async function payoutsOf(tx: Tx, tenantId: string, customer: string | undefined) {
  const mandates = mandatePerCustomer(await repo.listMandates(tx, tenantId, { status: 'active' }));
  const payouts: Payout[] = [];
  const skipped: string[] = [];
  let cursor: string | undefined;
  do {
    const page = await listReceipts(tx, tenantId, {
      unappliedOnly: true,
      limit: 500,
      ...(customer ? { customer } : {}),
      ...(cursor ? { cursor } : {}),
    });
    for (const receipt of page.receipts) {
      if (receipt.currency !== 'EUR') continue;
      const mandate = mandates.get(receipt.customerId);
      const iban = mandate?.iban ?? receipt.payerIban;
      if (!iban) skipped.push(receipt.receiptId);
      else {
        const name =
          mandate?.debtorName ?? (await getCustomerRowOrThrow(tx, tenantId, receipt.customerId)).name;
        payouts.push({ receipt, iban, bic: mandate?.bic ?? null, name });
      }
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
  return { payouts, skipped };
}

async function refundOne(tx: Tx, deps: TxDeps, tenantId: string, receipt: ReceiptRow, date: string) {
  await refundReceiptInTx(tx, deps, tenantId, receipt.receiptId, {
    amount: formatAmount(receipt.unappliedMinor, receipt.currency),
    date,
    reason: 'SEPA credit transfer refund run',
  });
}

function transferOf(p: Payout, endToEndId: string): TransferTransaction {
  return {
    endToEndId,
    amountMinor: p.receipt.unappliedMinor,
    creditorName: sepaText(p.name, 70),
    iban: p.iban,
    bic: p.bic,
    remittance: sepaText(`Refund of credit balance ${p.receipt.reference ?? ''}`, 140),
  };
}
