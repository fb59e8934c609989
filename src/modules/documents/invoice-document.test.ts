import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { InvoiceRow } from '../invoices/invoice-queries.service.ts';
import type { Letterhead } from '../tenants/letterhead.service.ts';
import {
  creditNoteTaxes,
  invoiceDocument,
  type StoredLine,
  taxesOf,
  vatNotesOf,
} from './invoice-document.ts';

const seller: Letterhead = {
  version: 1,
  name: 'Seller',
  legalName: null,
  country: 'DE',
  taxId: null,
  address: null,
  iban: null,
  bic: null,
  bankName: null,
  email: null,
  phone: null,
  website: null,
  registration: null,
  footer: null,
  electronicAddress: null,
};
const customer = {
  externalId: 'C1',
  name: 'Buyer',
  legalName: null,
  billingAddress: null,
  country: 'DE',
  taxId: null,
  language: 'de',
};

function invoiceRow(overrides: Partial<InvoiceRow>): InvoiceRow {
  return {
    tenantId: 't',
    invoiceId: 'i1',
    kind: 'invoice',
    number: 'INV-000001',
    series: 'INV',
    customerId: 'c',
    status: 'issued',
    issueDate: '2026-03-01',
    dueDate: '2026-03-31',
    discountDate: null,
    discountPct: null,
    paymentTerms: 'NET30',
    currency: 'EUR',
    fxRate: '1',
    fxRateGiven: true,
    netMinor: 0n,
    taxMinor: 0n,
    totalMinor: 0n,
    openMinor: 0n,
    paymentReference: 'RF29INV000042',
    poNumber: null,
    description: null,
    creditedInvoiceId: null,
    source: 'native',
    createdAt: new Date('2026-03-01T08:00:00Z'),
    issuedAt: new Date('2026-03-01T09:00:00Z'),
    closedAt: null,
    voidReason: null,
    letterheadVersion: 1,
    billTo: null,
    ...overrides,
  };
}

const line = (unitPrice: string, taxRate: string, netMinor: bigint): StoredLine => ({
  description: 'x',
  quantity: '1',
  unitPrice,
  discountPct: '0',
  taxRate,
  netMinor,
});

/** Credit note CN-000001 ("Price reduction") of invoice i1 with this net and tax. */
const creditNoteRow = (netMinor: bigint, taxMinor: bigint): InvoiceRow =>
  invoiceRow({
    invoiceId: 'cn1',
    kind: 'credit_note',
    number: 'CN-000001',
    netMinor,
    taxMinor,
    totalMinor: netMinor + taxMinor,
    description: 'Price reduction',
    paymentReference: null,
    creditedInvoiceId: 'i1',
  });

/** The document of `invoice` and its lines, to the test's seller and customer (a credit note names what it credits). */
const documentOf = (
  invoice: InvoiceRow,
  lines: readonly StoredLine[],
  credited: { invoice: InvoiceRow; lines: readonly StoredLine[] } | null = null,
) => invoiceDocument({ invoice, lines, seller, customer, companyLanguage: null, credited });

describe('invoiceDocument', () => {
  // Lines: 100.00 at 19 %, 50.00 at 7 %, 25.00 at 19 %. By rate: 19 % on 125.00 = 23.75, 7 % on 50.00 = 3.50.
  const lines = [line('100.00', '19', 10000n), line('50.00', '7', 5000n), line('25.00', '19', 2500n)];
  const invoice = invoiceRow({ netMinor: 17500n, taxMinor: 2725n, totalMinor: 20225n });

  it('shows the taxes per rate of the invoice rounding rule', () => {
    assert.deepEqual(taxesOf(invoice, lines), [
      { rate: '19', netMinor: 12500n, taxMinor: 2375n },
      { rate: '7', netMinor: 5000n, taxMinor: 350n },
    ]);
  });

  it('refuses lines that do not add up to the stored totals', () => {
    assert.throws(() => taxesOf({ ...invoice, taxMinor: 2726n }, lines), /do not add up/);
  });

  it('offers the early-payment discount on the gross total, rounded half away from zero', () => {
    // 2 % of 202.25 = 4.045 → 4.05.
    const d = documentOf(
      { ...invoice, paymentTerms: '2/10 NET30', discountDate: '2026-03-11', discountPct: '2' },
      lines,
    );
    assert.deepEqual(d.discount, { deadline: '2026-03-11', pct: '2', amountMinor: 405n });
    assert.equal(d.paymentReference, 'RF29INV000042');
    assert.equal(d.terms.kind, 'discount');
  });

  it('shows a credit note per rate of the credited invoice, with no payment reference', () => {
    // Credit 50.00 gross of 202.25: net 43.26 and tax 6.74 by the service (allocate over 175.00 : 27.25).
    const creditNote = creditNoteRow(4326n, 674n);
    const d = documentOf(creditNote, [line('0', '0', 4326n)], { invoice, lines });
    // Net 43.26 over 125.00 : 50.00 → 30.90 and 12.36 (43.26 × 5/7 = 30.9, × 2/7 = 12.36);
    // tax 6.74 over 23.75 : 3.50 → 5.87 and 0.87 (6.74 × 23.75 / 27.25 = 5.874 → 5.87, rest 0.87).
    assert.deepEqual(d.taxes, [
      { rate: '19', netMinor: 3090n, taxMinor: 587n },
      { rate: '7', netMinor: 1236n, taxMinor: 87n },
    ]);
    assert.deepEqual(
      d.lines.map((l) => [l.description, l.unitPrice, l.taxRate, l.netMinor]),
      [
        ['Price reduction', '30.90', '19', 3090n],
        ['Price reduction', '12.36', '7', 1236n],
      ],
    );
    assert.equal(d.paymentReference, null);
    assert.deepEqual(d.credited, { number: 'INV-000001', issueDate: '2026-03-01' });
  });

  it('states each category without VAT once per reason, a typed-in default reason as the standard wording', () => {
    const zero = (vatCategory: StoredLine['vatCategory'], vatExemptionReason: string | null = null) => ({
      ...line('10.00', '0', 1000n),
      vatCategory,
      vatExemptionReason,
    });
    assert.deepEqual(
      vatNotesOf([
        line('10.00', '19', 1000n),
        zero(null),
        zero('Z'),
        zero('AE'),
        zero('AE', ' Reverse charge '),
        zero('E', 'Art. 132 (1)(c)'),
        zero('E', 'Art. 135 (1)(b)'),
        zero('E', 'Art. 132 (1)(c)'),
        zero('K', 'Art. 138'),
      ]),
      [
        { category: 'AE', reason: null },
        { category: 'E', reason: 'Art. 132 (1)(c)' },
        { category: 'E', reason: 'Art. 135 (1)(b)' },
        { category: 'K', reason: 'Art. 138' },
      ],
    );
  });

  it('gives a credit note the VAT notes of the invoice it credits', () => {
    const reverseCharged = { ...line('100.00', '0', 10000n), vatCategory: 'AE' as const };
    const credited = invoiceRow({ netMinor: 10000n, taxMinor: 0n, totalMinor: 10000n });
    const creditNote = creditNoteRow(1000n, 0n);
    const d = documentOf(creditNote, [line('10.00', '0', 1000n)], {
      invoice: credited,
      lines: [reverseCharged],
    });
    assert.deepEqual(d.vatNotes, [{ category: 'AE', reason: null }]);
  });

  it('never loses or invents a cent when it splits a credit note over rates (property)', () => {
    const rate = fc.constantFrom('0', '7', '19', '20', '5.5');
    fc.assert(
      fc.property(
        fc.array(
          fc.record({ rate, netMinor: fc.bigInt(0n, 10_000_000n), taxMinor: fc.bigInt(0n, 2_000_000n) }),
          {
            minLength: 1,
            maxLength: 5,
          },
        ),
        fc.bigInt(0n, 10_000_000n),
        fc.bigInt(0n, 2_000_000n),
        (taxes, net, tax) => {
          const split = creditNoteTaxes(invoiceRow({ netMinor: net, taxMinor: tax }), taxes);
          assert.equal(
            split.reduce((s, t) => s + t.netMinor, 0n),
            net,
          );
          assert.equal(
            split.reduce((s, t) => s + t.taxMinor, 0n),
            tax,
          );
        },
      ),
    );
  });

  it('refuses a draft', () => {
    assert.throws(() => documentOf({ ...invoice, number: null, issuedAt: null }, lines), /never issued/);
  });
});
