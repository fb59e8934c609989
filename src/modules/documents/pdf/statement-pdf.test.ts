/** The statement PDF's tables read back with poppler-utils: headers whole, unused columns left out, amounts in the millions. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  assertApart,
  assertNoOverlaps,
  assertWhole,
  pdfText,
  pdfWords,
  popplerMissing,
} from '../../../../test/helpers/pdf.ts';
import { documentReading } from '../document-language.ts';
import type { StatementDocument, StatementSection } from '../statement-document.ts';
import { renderStatementPdf } from './statement-pdf.ts';

const SELLER: StatementDocument['seller'] = {
  version: 1,
  name: 'Nordlicht Software',
  legalName: 'Nordlicht Software GmbH',
  country: 'DE',
  taxId: 'DE123456789',
  address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin' },
  iban: 'DE89370400440532013000',
  bic: 'COBADEFFXXX',
  bankName: 'Commerzbank',
  email: null,
  phone: null,
  website: null,
  registration: null,
  footer: null,
  electronicAddress: null,
};

/** 14,603,833.00 open 59 days past due and 100.00 not yet due; 20.00 unapplied. */
function section(overrides: Partial<StatementSection> = {}): StatementSection {
  return {
    currency: 'EUR',
    items: [
      {
        number: 'INV-000042',
        issueDate: '2026-01-01',
        dueDate: '2026-01-31',
        totalMinor: 1_460_383_300n,
        openMinor: 1_460_383_300n,
        daysOverdue: 59,
        paymentReference: 'RF29INV000042',
      },
      {
        number: 'INV-000043',
        issueDate: '2026-03-01',
        dueDate: '2026-04-30',
        totalMinor: 12_000n,
        openMinor: 10_000n,
        daysOverdue: 0,
        paymentReference: null,
      },
    ],
    payments: [
      {
        receivedOn: '2026-03-02',
        reference: 'Zahlung Rechnung 43 und 44',
        amountMinor: 5_000n,
        unappliedMinor: 2_000n,
      },
    ],
    buckets: { current: 10_000n, '1-30': 0n, '31-60': 1_460_383_300n, '61-90': 0n, '91+': 0n },
    totalOpenMinor: 1_460_393_300n,
    unappliedMinor: 2_000n,
    totalDueMinor: 1_460_391_300n,
    ...overrides,
  };
}

function statement(language: string, s: StatementSection = section()): StatementDocument {
  const customer = {
    externalId: 'ACME',
    name: 'Acme',
    legalName: null,
    billingAddress: { street: 'Rue de Rivoli 1', postalCode: '75001', city: 'Paris', country: 'FR' },
    country: 'FR',
    taxId: null,
    language,
  };
  return {
    asOf: '2026-03-31',
    seller: SELLER,
    customer,
    ...documentReading(customer, null, SELLER.country),
    sections: [s],
  };
}

describe('statement PDF tables', { skip: popplerMissing }, () => {
  for (const [language, headers, amounts] of [
    [
      'fr',
      ['Facture', 'Référence', 'Date', 'Échéance', 'Montant', 'Restant dû', 'Jours de retard', 'Reçu le'],
      ['14 603 833,00 €', '14 603 933,00 €', '14 603 913,00 €'],
    ],
    [
      'de',
      ['Rechnung', 'Verwendungszweck', 'Datum', 'Fällig', 'Betrag', 'Offen', 'Tage überfällig', 'Eingang'],
      ['14.603.833,00 €', '14.603.933,00 €', '14.603.913,00 €'],
    ],
  ] as const)
    it(`prints ${language} headers whole and amounts in the millions on one line, apart`, async () => {
      const words = pdfWords(await renderStatementPdf(statement(language)));
      assertWhole(words, headers);
      assertWhole(words, amounts, 1);
      assertApart(words, amounts);
      assertNoOverlaps(words);
    });

  it('leaves out days overdue when nothing is overdue, and the reference when no item has one', async () => {
    const current = section().items.map((i) => ({ ...i, daysOverdue: 0, paymentReference: null }));
    const text = pdfText(await renderStatementPdf(statement('en', section({ items: current }))));
    assert.ok(text.includes('Open items') && text.includes('INV-000042'), text);
    assert.ok(!text.includes('Days overdue'), 'no days-overdue column');
    const itemsTable = text.slice(text.indexOf('Open items'), text.indexOf('Unapplied payments'));
    assert.ok(!itemsTable.includes('Reference'), `no reference column in:\n${itemsTable}`);
  });
});
