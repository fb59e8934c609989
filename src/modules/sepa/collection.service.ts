/**
 * Collection runs: pick the invoices due under active mandates, write the pain.008 file, record
 * the run and its items (the invoices are then "in collection" and no other run takes them), or
 * cancel a run not yet booked. Booking is `collection-booking.service.ts`.
 */
import { type Tx, withTransaction } from '../../db/client.ts';
import { type CalendarDate, todayUtc } from '../../shared/calendar-date.ts';
import { invalidState, validationFailed } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import { recordAudit } from '../audit/index.ts';
import type { CoreDeps } from '../core-deps.ts';
import { openItemsOfCustomers } from '../invoices/index.ts';
import {
  mandatePerCustomer,
  type OpenInvoice,
  type Selected,
  selectInvoices,
} from './collection-selection.ts';
import { creditorOrThrow } from './creditor.ts';
import { getSepaSettings, isMandateExpired, setMandateStatusInTx } from './mandates.service.ts';
import { type CollectionTransaction, type SepaCreditor, writePain008 } from './pain008.ts';
import { getRunOrThrow, lockRunOrThrow, recordRunWithFile } from './runs.service.ts';
import { type CollectInput, collectInput } from './sepa.input.ts';
import * as repo from './sepa.repository.ts';
import { identifierPart, sepaText } from './sepa-text.ts';
import { isTargetBusinessDay, nextTargetBusinessDay } from './target-calendar.ts';

const MAX_INVOICES = 100_000;

/** Create a collection run for `collectionDate`; refuses when nothing is due. */
export async function createCollectionRun(deps: CoreDeps, tenantId: string, raw: CollectInput) {
  const input = collectInput.parse(raw);
  const today = todayUtc(deps.clock.now());
  assertCollectionDate(input.collectionDate, today);
  return withTransaction(deps.db, async (tx) => {
    const creditor = await creditorOrThrow(tx, tenantId, true);
    const selected = await invoicesToCollect(tx, tenantId, input.collectionDate);
    if (selected.length === 0)
      throw invalidState(
        `nothing to collect on ${input.collectionDate}: no open invoice due under an active mandate`,
      );
    const runId = newId();
    const items = selected.map((s) => itemOf(tenantId, runId, s));
    const run = {
      runId,
      kind: 'collection',
      version: input.version,
      executionDate: input.collectionDate,
      items,
    } as const;
    return recordRunWithFile(tx, deps, tenantId, run, (header) =>
      writePain008({
        ...header,
        version: input.version,
        creditor,
        collectionDate: input.collectionDate,
        currency: 'EUR',
        transactions: selected.map((s, i) => transactionOf(s, items[i]?.endToEndId ?? '')),
      }),
    );
  });
}

/**
 * EPC SDD: a collection is submitted at the latest one TARGET2 business day before its due date
 * (CORE and B2B alike since the 2016 rulebook), so the date must be a business day after today's next.
 */
function assertCollectionDate(date: CalendarDate, today: CalendarDate) {
  const earliest = nextTargetBusinessDay(today);
  if (!isTargetBusinessDay(date))
    throw validationFailed(`${date} is not a TARGET2 business day`, [
      { field: 'collectionDate', message: 'not a business day' },
    ]);
  if (date < earliest)
    throw validationFailed(
      `collection date ${date} is too early: the earliest is ${earliest} (D-1 submission)`,
      [{ field: 'collectionDate', message: `earliest ${earliest}` }],
    );
}

/** Mandates (lapsed ones expired on the way), the open EUR invoices of their customers, the selection. */
async function invoicesToCollect(
  tx: Tx,
  tenantId: string,
  collectionDate: CalendarDate,
): Promise<Selected[]> {
  const active = await repo.listMandates(tx, tenantId, { status: 'active' });
  const usable = [];
  for (const m of active) {
    if (!isMandateExpired(m, collectionDate)) usable.push(m);
    else
      await setMandateStatusInTx(tx, tenantId, m.mandateId, 'expired', 'unused for 36 months (EPC rulebook)');
  }
  const mandates = mandatePerCustomer(usable);
  if (mandates.size === 0) return [];
  const rows = await openItemsOfCustomers(tx, tenantId, {
    customerIds: [...mandates.keys()],
    currency: 'EUR',
    limit: MAX_INVOICES,
  });
  const invoices: OpenInvoice[] = rows.map((r) => ({
    invoiceId: r.invoice_id,
    number: r.number,
    customerId: r.customer_id,
    issueDate: r.issue_date,
    dueDate: r.due_date,
    openMinor: BigInt(r.open_minor),
  }));
  const held = await repo.pendingInvoiceIds(
    tx,
    tenantId,
    invoices.map((i) => i.invoiceId),
  );
  const { preNotificationDays } = await getSepaSettings(tx, tenantId);
  return selectInvoices(invoices, mandates, held, collectionDate, preNotificationDays);
}

function itemOf(tenantId: string, runId: string, s: Selected) {
  const itemId = newId();
  return {
    tenantId,
    itemId,
    runId,
    customerId: s.invoice.customerId,
    mandateId: s.mandate.mandateId,
    invoiceId: s.invoice.invoiceId,
    invoiceNumber: s.invoice.number,
    sequence: s.mandate.sequence,
    endToEndId: `${identifierPart(s.invoice.number, 26)}-${itemId.slice(-8).toUpperCase()}`,
    amountMinor: s.invoice.openMinor,
    iban: s.mandate.iban,
    status: 'pending',
    firstOfMandate: s.mandate.sequence === 'FRST',
  };
}

function transactionOf(s: Selected, endToEndId: string): CollectionTransaction {
  const m = s.mandate;
  return {
    endToEndId,
    amountMinor: s.invoice.openMinor,
    scheme: m.scheme as CollectionTransaction['scheme'],
    sequence: m.sequence as CollectionTransaction['sequence'],
    mandateReference: m.reference,
    signedOn: m.signedOn,
    amendedFromIban: m.amendedFromIban,
    debtorName: sepaText(m.debtorName, 70),
    iban: m.iban,
    bic: m.bic,
    remittance: sepaText(`Invoice ${s.invoice.number}`, 140),
  };
}

/** Cancel a run not yet booked: its invoices are free for the next run. */
export async function cancelCollectionRun(deps: CoreDeps, tenantId: string, runId: string) {
  return withTransaction(deps.db, async (tx) => {
    const run = await lockRunOrThrow(tx, tenantId, runId);
    if (run.kind !== 'collection' || run.status !== 'created')
      throw invalidState(`run ${runId} is ${run.status}: only a created collection run can be cancelled`);
    await repo.updateRun(tx, tenantId, runId, { status: 'cancelled', cancelledAt: deps.clock.now() });
    for (const item of await repo.itemsOfRun(tx, tenantId, runId))
      await repo.updateItem(tx, tenantId, item.itemId, { status: 'cancelled' });
    await recordAudit(tx, tenantId, {
      kind: 'sepa.collection_run_cancelled',
      objectType: 'sepa_run',
      objectId: runId,
    });
    return getRunOrThrow(tx, tenantId, runId);
  });
}

export type { SepaCreditor };
