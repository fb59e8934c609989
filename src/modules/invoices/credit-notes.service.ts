/** Credit notes: a document of its own (CN series) that lowers an invoice's open amount. */

import { type Tx, withTransaction } from '../../db/client.ts';
import { type CalendarDate, todayUtc } from '../../shared/calendar-date.ts';
import { newId } from '../../shared/ids.ts';
import { allocate, money } from '../../shared/money.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import { JournalEntryBuilder, type JournalEntryDraft, toBase } from '../ledger/index.ts';
import { takeNextNumber } from '../numbering/index.ts';
import { getTenantOrThrow, type Tenant } from '../tenants/index.ts';
import { amountWithinOpen, invoiceBaseShare, reduceOpen } from './invoice-adjustments.service.ts';
import { auditInvoice } from './invoice-audit.ts';
import { announceIssued, billToOf } from './invoice-issue.service.ts';
import { getInvoiceRowOrThrow, type InvoiceRow, lockOne } from './invoice-queries.service.ts';
import { assertCanApply } from './invoice-status.ts';
import { type CreditInvoiceInput, creditInvoiceInput } from './invoices.input.ts';
import * as repo from './invoices.repository.ts';

/**
 * Credit note against an invoice, for at most its open amount: a document of its own (CN series)
 * that reduces the invoice's open amount. Net and tax are credited in the invoice's proportions.
 */
export async function creditInvoice(
  deps: CoreDeps,
  tenantId: string,
  idOrNumber: string,
  raw: CreditInvoiceInput,
) {
  return withTransaction(deps.db, (tx) => creditInvoiceInTx(tx, deps, tenantId, idOrNumber, raw));
}

/** creditInvoice in the caller's transaction `tx`. */
export async function creditInvoiceInTx(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  idOrNumber: string,
  raw: CreditInvoiceInput,
) {
  const input = creditInvoiceInput.parse(raw);
  const invoice = await lockOne(tx, tenantId, idOrNumber);
  assertCanApply('credit', invoice.status, invoice.number);
  const amount = amountWithinOpen(invoice, input.amount);
  const date = input.date ?? todayUtc(deps.clock.now());
  const tenant = await getTenantOrThrow(tx, tenantId);
  const [netMinor = 0n, taxMinor = 0n] = allocate(amount, [invoice.netMinor, invoice.taxMinor]);
  const number = await takeNextNumber(tx, tenantId, 'CN', date);
  const note: CreditNote = {
    creditNoteId: newId(),
    number,
    date,
    amount,
    netMinor,
    taxMinor,
    reason: input.reason,
  };
  await insertCreditNote(tx, deps, tenant, invoice, note);
  const arBase = await invoiceBaseShare(deps, tx, tenant, invoice, amount);
  const entryId = await deps.ledger.post(tx, tenantId, creditNoteEntry(tenant, invoice, note, arBase));
  await repo.insertAdjustment(tx, {
    tenantId,
    adjustmentId: newId(),
    invoiceId: invoice.invoiceId,
    kind: 'credit_note',
    amountMinor: amount,
    creditNoteId: note.creditNoteId,
    reason: input.reason,
    entryId,
  });
  await reduceOpen(deps, tx, invoice, amount, 'credit');
  await announceIssued(tx, deps, tenantId);
  const after = {
    invoice: await getInvoiceRowOrThrow(tx, tenantId, invoice.invoiceId),
    creditNote: await getInvoiceRowOrThrow(tx, tenantId, note.creditNoteId),
  };
  await auditInvoice(tx, tenantId, 'credit_note.issued', null, after.creditNote, {
    reason: input.reason,
    details: { invoiceId: invoice.invoiceId, invoiceNumber: invoice.number, amountMinor: amount },
  });
  await auditInvoice(tx, tenantId, 'invoice.credited', invoice, after.invoice, {
    reason: input.reason,
    details: { creditNoteId: note.creditNoteId, amountMinor: amount },
  });
  return after;
}

/** A credit note being issued: its number and date, and the amount split into net and tax. */
interface CreditNote {
  readonly creditNoteId: string;
  readonly number: string;
  readonly date: CalendarDate;
  readonly amount: bigint;
  readonly netMinor: bigint;
  readonly taxMinor: bigint;
  readonly reason: string;
}

/** The credit note's document: issued, settled from birth, one line, naming the customer as of now. */
async function insertCreditNote(
  tx: Tx,
  deps: TxDeps,
  tenant: Tenant,
  invoice: InvoiceRow,
  note: CreditNote,
): Promise<void> {
  const customer = await getCustomerRowOrThrow(tx, tenant.tenantId, invoice.customerId);
  await repo.insertInvoice(
    tx,
    {
      tenantId: tenant.tenantId,
      invoiceId: note.creditNoteId,
      kind: 'credit_note',
      number: note.number,
      series: 'CN',
      customerId: invoice.customerId,
      status: 'issued',
      issueDate: note.date,
      dueDate: note.date,
      paymentTerms: 'DUE_ON_RECEIPT',
      currency: invoice.currency,
      fxRate: invoice.fxRate,
      netMinor: note.netMinor,
      taxMinor: note.taxMinor,
      totalMinor: note.amount,
      openMinor: 0n,
      description: note.reason,
      creditedInvoiceId: invoice.invoiceId,
      issuedAt: deps.clock.now(),
      letterheadVersion: tenant.letterheadVersion,
      billTo: billToOf(customer),
    },
    [
      {
        tenantId: tenant.tenantId,
        invoiceId: note.creditNoteId,
        lineNo: 1,
        description: `Credit for ${invoice.number}: ${note.reason}`.slice(0, 500),
        quantity: '1',
        unitPrice: '0',
        netMinor: note.netMinor,
      },
    ],
  );
}

/** Dr revenue (net) / Dr tax payable / Cr AR of the invoice; `arBase` is the invoice's base share. */
function creditNoteEntry(
  tenant: Tenant,
  invoice: InvoiceRow,
  note: CreditNote,
  arBase: bigint,
): JournalEntryDraft {
  const taxBase = toBase(note.taxMinor, invoice.currency, tenant.baseCurrency, invoice.fxRate);
  return new JournalEntryBuilder(
    'credit_note.issued',
    note.date,
    `Credit note ${note.number} for ${invoice.number}`,
  )
    .from('credit_note', note.creditNoteId)
    .debit('revenue', money(note.netMinor, invoice.currency), arBase - taxBase)
    .debit('tax_payable', money(note.taxMinor, invoice.currency), taxBase)
    .credit('ar_control', money(note.amount, invoice.currency), arBase, {
      customerId: invoice.customerId,
      invoiceId: invoice.invoiceId,
    })
    .build();
}
