/** Bank lines and open invoices for the cash application engine's unit tests. */
import type { BankLine, OpenInvoice } from '../../src/modules/cash-application/engine.ts';
import { makeCreditorReference } from '../../src/shared/creditor-reference.ts';

/** A EUR credit of 1.00 booked 2026-03-05 with nothing else known, changed by `overrides`. */
export function bankLine(overrides: Partial<BankLine> = {}): BankLine {
  return {
    id: 'line',
    amountMinor: 100n,
    currency: 'EUR',
    bookingDate: '2026-03-05',
    counterpartyName: null,
    counterpartyIban: null,
    ultimateParty: null,
    remittance: '',
    structuredReferences: [],
    endToEndId: null,
    transactionCode: null,
    reversal: false,
    ...overrides,
  };
}

/** An issued, unpaid EUR invoice with its RF reference, changed by `extra`. */
export function openInvoice(
  number: string,
  customerId: string,
  open: bigint,
  extra: Partial<OpenInvoice> = {},
): OpenInvoice {
  return {
    invoiceId: `i-${number}`,
    number,
    customerId,
    currency: 'EUR',
    openMinor: open,
    totalMinor: open,
    dueDate: '2026-03-01',
    discountDate: null,
    discountPct: null,
    paymentReference: makeCreditorReference(number.replace(/[^A-Za-z0-9]/g, '')),
    poNumber: null,
    ...extra,
  };
}
