/** The dunning letter PDF's invoice table read back with poppler-utils: headers whole, unused columns left out. */
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
import { type DunningLetterDocument, LETTER_LAYOUT_FORMAT } from '../dunning-letter-document.ts';
import { renderDunningLetterPdf } from './dunning-letter-pdf.ts';

/** 12,500,000.00 open 46 days, interest 39.76, fee 5.00: 12,500,044.76 due. */
function letter(language: string, overrides: Partial<DunningLetterDocument> = {}): DunningLetterDocument {
  return {
    format: LETTER_LAYOUT_FORMAT,
    letterId: '01a233e5-44c1-72a0-a614-e9fe4ca300c5',
    letterDate: '2026-03-07',
    level: 4,
    currency: 'EUR',
    seller: {
      version: 1,
      name: 'Nordlicht',
      legalName: 'Nordlicht Handels GmbH',
      country: 'DE',
      taxId: 'DE123456789',
      address: { street: 'Hafenstraße 12', postalCode: '20457', city: 'Hamburg' },
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      bankName: 'Commerzbank',
      email: null,
      phone: null,
      website: null,
      registration: null,
      footer: null,
      electronicAddress: null,
    },
    customer: {
      externalId: 'ACME',
      name: 'Acme',
      legalName: null,
      billingAddress: { street: 'Rue de Rivoli 1', postalCode: '75001', city: 'Paris', country: 'FR' },
      country: 'FR',
      taxId: null,
      language,
    },
    language,
    subject: 'Level 4',
    blocks: [{ kind: 'items' }, { kind: 'payment' }],
    items: [
      {
        number: 'INV-000002',
        dueDate: '2026-01-20',
        daysOverdue: 46,
        openMinor: 1_250_000_000n,
        interestMinor: 3_976n,
        interestPeriod: { from: '2026-01-21', through: '2026-03-07' },
      },
    ],
    openMinor: 1_250_000_000n,
    feeMinor: 500n,
    interestMinor: 3_976n,
    totalDueMinor: 1_250_004_476n,
    summary: true,
    references: [{ number: 'INV-000002', reference: 'RF42INV000002', charge: false }],
    ...overrides,
  };
}

describe('dunning letter PDF table', { skip: popplerMissing }, () => {
  for (const [language, headers, texts] of [
    [
      'fr',
      ['Facture', 'Échéance', 'Jours de retard', 'Restant dû', 'Intérêts', 'Période d’intérêts'],
      ['12 500 000,00 €', '21 janv. 2026 – 7 mars 2026'],
    ],
    [
      'de',
      ['Rechnung', 'Fällig', 'Tage überfällig', 'Offen', 'Zinsen', 'Zinszeitraum'],
      ['12.500.000,00 €', '21.01.2026 – 07.03.2026'],
    ],
  ] as const)
    it(`prints ${language} headers whole, amounts and the interest period on one line`, async () => {
      const words = pdfWords(await renderDunningLetterPdf(letter(language)));
      assertWhole(words, headers);
      assertWhole(words, texts, 1);
      assertApart(words, texts);
      assertNoOverlaps(words);
    });

  it('leaves out the interest columns when the letter charges no interest', async () => {
    const items = letter('en').items.map((i) => ({ ...i, interestMinor: 0n, interestPeriod: null }));
    const text = pdfText(
      await renderDunningLetterPdf(letter('en', { items, interestMinor: 0n, totalDueMinor: 1_250_000_500n })),
    );
    assert.ok(text.includes('Days overdue') && text.includes('INV-000002'), text);
    assert.ok(!text.includes('Interest'), `no interest columns in:\n${text}`);
  });
});
