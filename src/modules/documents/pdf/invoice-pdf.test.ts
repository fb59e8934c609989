/** The invoice PDF read back with poppler-utils: every field, each language's formats, page breaks, same bytes. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import {
  assertApart,
  assertNoOverlaps,
  assertWhole,
  pdfPages,
  pdfText,
  pdfWords,
  popplerMissing,
  rasterisedPages,
} from '../../../../test/helpers/pdf.ts';
import { parsePaymentTerms } from '../../terms/payment-terms.ts';
import { documentReading } from '../document-language.ts';
import type { InvoiceDocument } from '../invoice-document.ts';
import { renderInvoicePdf } from './invoice-pdf.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

function invoice(overrides: Partial<InvoiceDocument> = {}): InvoiceDocument {
  return {
    kind: 'invoice',
    number: 'INV-000042',
    issueDate: '2026-03-01',
    dueDate: '2026-03-31',
    issuedAt: new Date('2026-03-01T09:30:00Z'),
    currency: 'EUR',
    seller: {
      version: 3,
      name: 'Nordlicht Software',
      legalName: 'Nordlicht Software GmbH',
      country: 'DE',
      taxId: 'DE123456789',
      address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin' },
      iban: 'DE89370400440532013000',
      bic: 'COBADEFFXXX',
      bankName: 'Commerzbank',
      email: 'billing@nordlicht.example',
      phone: '+49 30 1234567',
      website: 'nordlicht.example',
      registration: 'Amtsgericht Charlottenburg HRB 123456',
      footer: 'Vielen Dank für Ihren Auftrag.',
      electronicAddress: null,
    },
    customer: {
      externalId: 'ACME-PL',
      name: 'Zakład Łódź',
      legalName: 'Zakład Produkcyjny Łódź Sp. z o.o.',
      billingAddress: { street: 'ul. Żółkiewskiego 5', postalCode: '90-001', city: 'Łódź', country: 'PL' },
      country: 'PL',
      taxId: 'PL5260250995',
      language: 'de',
    },
    language: 'de',
    locale: 'de',
    poNumber: 'PO-7781',
    description: 'Leistungszeitraum März 2026',
    // 2 × 600.00 − 10 % = 1,080.00 at 19 %; 1 × 1,234.56 at 7 %.
    lines: [
      {
        description: 'Beratung',
        quantity: '2',
        unitPrice: '600.00',
        discountPct: '10',
        taxRate: '19',
        netMinor: 108000n,
      },
      {
        description: 'Schulung',
        quantity: '1',
        unitPrice: '1234.56',
        discountPct: '0',
        taxRate: '7',
        netMinor: 123456n,
      },
    ],
    // 19 % of 1,080.00 = 205.20; 7 % of 1,234.56 = 86.4192 → 86.42. Net 2,314.56, tax 291.62, total 2,606.18.
    taxes: [
      { rate: '19', netMinor: 108000n, taxMinor: 20520n },
      { rate: '7', netMinor: 123456n, taxMinor: 8642n },
    ],
    netMinor: 231456n,
    taxMinor: 29162n,
    totalMinor: 260618n,
    terms: parsePaymentTerms('2/10 NET30'),
    // 2 % of 2,606.18 = 52.1236 → 52.12; then due 2,554.06.
    discount: { deadline: '2026-03-11', pct: '2', amountMinor: 5212n },
    paymentReference: 'RF29INV000042',
    credited: null,
    vatNotes: [],
    ...overrides,
  };
}

/** The invoice to a customer of `language`, written as the loader would (no company language). */
function withCustomerLanguage(language: string): InvoiceDocument {
  const d = invoice();
  const customer = { ...d.customer, language };
  return { ...d, customer, ...documentReading(customer, null, d.seller.country) };
}

describe('invoice PDF', { skip: popplerMissing }, () => {
  it('shows letterhead, customer, number, dates, lines, taxes per rate, totals, terms and payment (de)', async () => {
    const bytes = await renderInvoicePdf(invoice());
    assert.equal(rasterisedPages(bytes), 1, 'a valid one-page PDF');
    const text = pdfText(bytes);
    const expected = [
      // letterhead
      'Nordlicht Software',
      'Nordlicht Software GmbH',
      'Hauptstraße 1',
      '10115 Berlin',
      'USt-IdNr.: DE123456789',
      'billing@nordlicht.example',
      'Amtsgericht Charlottenburg HRB 123456',
      'Vielen Dank für Ihren Auftrag.',
      // customer (Polish letters printed and extracted as such)
      'Zakład Produkcyjny Łódź Sp. z o.o.',
      'Zakład Łódź',
      'ul. Żółkiewskiego 5',
      '90-001 Łódź',
      'Polen',
      'USt-IdNr.: PL5260250995',
      'ACME-PL',
      // the document
      'Rechnung',
      'INV-000042',
      '01.03.2026',
      '31.03.2026',
      'PO-7781',
      'Leistungszeitraum März 2026',
      // lines: description, quantity, unit price, discount, rate, net
      'Beratung',
      '600,00 €',
      '10 %',
      '1.080,00 €',
      'Schulung',
      '1.234,56 €',
      // taxes per rate and totals
      'USt. 19 % auf 1.080,00 €',
      '205,20 €',
      'USt. 7 % auf 1.234,56 €',
      '86,42 €',
      'Summe netto',
      '2.314,56 €',
      'Gesamtbetrag',
      '2.606,18 €',
      // terms in words, due date, early-payment discount
      'Zahlungsbedingungen: 2 % Skonto bei Zahlung innerhalb von 10 Tagen, 30 Tage netto.',
      'Fällig am: 31.03.2026',
      'Skonto: 2 % (52,12 €) bei Zahlung bis 11.03.2026; dann zu zahlen: 2.554,06 €.',
      // payment instructions
      'Bitte überweisen Sie 2.606,18 € bis zum 31.03.2026 auf folgendes Konto:',
      'IBAN: DE89 3704 0044 0532 0130 00',
      'BIC: COBADEFFXXX',
      'Bank: Commerzbank',
      'Verwendungszweck: RF29 INV0 0004 2',
      'Seite 1 von 1',
    ];
    for (const piece of expected) assert.ok(text.includes(piece), `missing "${piece}" in:\n${text}`);
  });

  it('states reverse charge, intra-community supply and an exemption with its reason, in the document language', async () => {
    const vatNotes: InvoiceDocument['vatNotes'] = [
      { category: 'AE', reason: null },
      { category: 'K', reason: 'Art. 138 Directive 2006/112/EC' },
      { category: 'E', reason: 'Heilbehandlung, § 4 Nr. 14 UStG' },
    ];
    const wanted = {
      de: [
        'Steuerschuldnerschaft des Leistungsempfängers (Reverse Charge).',
        'Steuerfreie innergemeinschaftliche Lieferung. Art. 138 Directive 2006/112/EC',
        'Steuerfrei: Heilbehandlung, § 4 Nr. 14 UStG',
      ],
      fr: [
        'Autoliquidation\u00a0: la TVA est due par le preneur.',
        'Exonération de TVA, livraison intracommunautaire (article 262 ter I du CGI). Art. 138',
        'Exonération de TVA\u00a0: Heilbehandlung',
      ],
      en: [
        'Reverse charge: the recipient is liable for the VAT.',
        'VAT-exempt intra-community supply. Art. 138 Directive 2006/112/EC',
        'VAT exempt: Heilbehandlung, § 4 Nr. 14 UStG',
      ],
    };
    for (const [language, pieces] of Object.entries(wanted)) {
      const text = pdfText(await renderInvoicePdf({ ...withCustomerLanguage(language), vatNotes })).replace(
        /\s+/g,
        ' ',
      );
      for (const piece of pieces.map((p) => p.replace(/\s+/g, ' ')))
        assert.ok(text.includes(piece), `${language}: missing "${piece}" in:\n${text}`);
    }
    const plain = pdfText(await renderInvoicePdf(invoice()));
    assert.ok(!/Reverse Charge|Steuerfrei/.test(plain), 'a standard-rated invoice states no exemption');
  });

  it('formats amounts and dates for French and labels in French', async () => {
    const text = pdfText(await renderInvoicePdf(withCustomerLanguage('fr')));
    for (const piece of [
      'Facture',
      'Date d’échéance',
      '1 mars 2026',
      '31 mars 2026',
      '1 234,56 €',
      'TVA 19 % sur 1 080,00 €',
      'Total TTC',
      '2 606,18 €',
      'Escompte de 2 % pour paiement sous 10 jours, net à 30 jours',
      'IBAN : DE89 3704 0044 0532 0130 00',
      'Référence : RF29 INV0 0004 2',
      'Page 1 sur 1',
    ])
      assert.ok(text.includes(piece), `missing "${piece}" in:\n${text}`);
  });

  it('writes a language without labels (pl) in English as a whole: words, dates, numbers, country', async () => {
    const text = pdfText(await renderInvoicePdf(withCustomerLanguage('pl')));
    // English in Poland (en-PL): "1 Mar 2026", €2,606.18 — not Polish "1 mar 2026", "2606,18 €".
    for (const piece of ['Invoice', 'Due date', '€2,606.18', '1 Mar 2026', 'Poland', 'Page 1 of 1'])
      assert.ok(text.includes(piece), `missing "${piece}" in:\n${text}`);
    for (const polish of ['1 mar 2026', '2606,18', 'Polska', 'Polen'])
      assert.ok(!text.includes(polish), `"${polish}" in an English invoice:\n${text}`);
  });

  it('prints Greek and Cyrillic names as the same characters', async () => {
    const d = invoice();
    const text = pdfText(
      await renderInvoicePdf({
        ...d,
        customer: { ...d.customer, name: 'Ελληνική Εταιρεία Α.Ε.', legalName: 'ООО «Ромашка»' },
        lines: [
          {
            ...(d.lines[0] as InvoiceDocument['lines'][number]),
            description: 'Консультация — Συμβουλευτική',
          },
          ...d.lines.slice(1),
        ],
      }),
    );
    for (const piece of ['Ελληνική Εταιρεία Α.Ε.', 'ООО «Ромашка»', 'Консультация — Συμβουλευτική'])
      assert.ok(text.includes(piece), `missing "${piece}" in:\n${text}`);
  });

  it('breaks a 120-line invoice over pages with the header repeated and pages numbered', async () => {
    const lines = Array.from({ length: 120 }, (_, i) => ({
      description: `Line item ${String(i + 1).padStart(3, '0')}`,
      quantity: '1',
      unitPrice: '10.00',
      discountPct: '0',
      taxRate: '19',
      netMinor: 1000n,
    }));
    const bytes = await renderInvoicePdf(
      invoice({
        lines,
        taxes: [{ rate: '19', netMinor: 120000n, taxMinor: 22800n }],
        netMinor: 120000n,
        taxMinor: 22800n,
        totalMinor: 142800n,
        discount: null,
        terms: parsePaymentTerms('NET30'),
      }),
    );
    const pages = pdfPages(bytes);
    // A row is 13.3 pt (an 8 pt DejaVu line of 9.3 pt plus 2 pt padding above and below). The first
    // page's table runs from below the head (y ≈ 282) to the footer line (y = 748): 35 rows; later
    // pages from below the running head and the repeated header (y ≈ 83): 49 rows. So rows 1–35,
    // 36–84 and 85–120 with the totals and terms; the payment block (~110 pt) moves to page 4.
    const rowsOn = (page: string) => [...page.matchAll(/Line item (\d{3})/g)].map((m) => Number(m[1]));
    assert.equal(pages.length, 4);
    assert.equal(rasterisedPages(bytes), 4);
    assert.deepEqual(
      pages.map((p) => [rowsOn(p)[0], rowsOn(p).at(-1)]),
      [
        [1, 35],
        [36, 84],
        [85, 120],
        [undefined, undefined],
      ],
    );
    pages.forEach((page, i) => {
      if (i < 3)
        assert.ok(page.includes('Beschreibung') && page.includes('Einzelpreis'), `header on page ${i + 1}`);
      assert.ok(page.includes(`Seite ${i + 1} von 4`), `page number on page ${i + 1}`);
      if (i > 0)
        assert.ok(page.includes('Rechnung INV-000042 · Nordlicht Software'), `running head on page ${i + 1}`);
    });
    assert.ok(
      pages[2]?.includes('Gesamtbetrag') && pages[2].includes('1.428,00 €'),
      'totals after the last line',
    );
    assert.ok(pages[3]?.includes('Zahlungsinformationen'), 'payment instructions on the last page');
    for (let n = 1; n <= 120; n++)
      assert.equal(
        pages.filter((p) => p.includes(`Line item ${String(n).padStart(3, '0')}`)).length,
        1,
        `line ${n} on exactly one page`,
      );
  });

  it('names the credited invoice on a credit note and asks for no payment', async () => {
    const text = pdfText(
      await renderInvoicePdf(
        invoice({
          kind: 'credit_note',
          number: 'CN-000007',
          paymentReference: null,
          discount: null,
          credited: { number: 'INV-000042', issueDate: '2026-03-01' },
        }),
      ),
    );
    assert.ok(text.includes('Gutschrift'));
    assert.ok(text.includes('CN-000007'));
    assert.ok(text.includes('Gutschrift zur Rechnung INV-000042 vom 01.03.2026'));
    assert.ok(text.includes('Es ist keine Zahlung fällig.'));
    assert.ok(text.includes('Gutschriftbetrag'));
    assert.ok(!text.includes('Verwendungszweck'), 'no payment reference');
    assert.ok(!text.includes('Fällig am'), 'no due date');
  });
});

const MILLIONS_LINES: InvoiceDocument['lines'] = [
  {
    description:
      'Wartungsvertrag für die Gebäudeleittechnik einschließlich Rufbereitschaft rund um die Uhr, Ersatzteilbevorratung und jährlicher Sicherheitsprüfung',
    quantity: '12',
    unitPrice: '104880.50',
    discountPct: '2.5',
    taxRate: '19',
    netMinor: 122_710_185n,
  },
  {
    description: 'Schulung',
    quantity: '1',
    unitPrice: '1234.56',
    discountPct: '0',
    taxRate: '7',
    netMinor: 123_456n,
  },
];

/** 12 × 104,880.50 − 2.5 % = 1,227,101.85 at 19 % (233,149.35); 1,234.56 at 7 % (86.42): 1,461,572.18. */
function millions(language: string): InvoiceDocument {
  const d = invoice({
    lines: MILLIONS_LINES,
    taxes: [
      { rate: '19', netMinor: 122_710_185n, taxMinor: 23_314_935n },
      { rate: '7', netMinor: 123_456n, taxMinor: 8_642n },
    ],
    netMinor: 122_833_641n,
    taxMinor: 23_323_577n,
    totalMinor: 146_157_218n,
    discount: null,
  });
  const customer = { ...d.customer, language };
  return { ...d, customer, ...documentReading(customer, null, d.seller.country) };
}

describe('invoice PDF table layout', { skip: popplerMissing }, () => {
  it('never breaks a column header inside a word (en, with a line discount)', async () => {
    const words = pdfWords(await renderInvoicePdf(withCustomerLanguage('en')));
    assertWhole(words, ['#', 'Description', 'Qty', 'Unit price', 'Discount', 'VAT', 'Net']);
    assertNoOverlaps(words);
  });

  it('prints a long email address whole in the letterhead and in the footer, never broken at its hyphen', async () => {
    const d = invoice();
    const email = 'buchhaltung@nordwind-buerosysteme.example';
    const words = pdfWords(await renderInvoicePdf({ ...d, seller: { ...d.seller, email } }));
    assert.equal(words.filter((w) => w.text === email).length, 2, 'in the letterhead and in the footer');
  });

  it('leaves out the discount column when no line has a discount', async () => {
    const d = withCustomerLanguage('en');
    const lines = d.lines.map((l) => ({ ...l, discountPct: '0' }));
    const en = pdfWords(await renderInvoicePdf({ ...d, lines }));
    assert.ok(!en.some((w) => w.text.startsWith('Discoun')), 'no discount column');
    assertWhole(en, ['Description', 'Unit price', 'VAT', 'Net']);
    const de = pdfWords(await renderInvoicePdf({ ...invoice(), lines }));
    assert.ok(!de.some((w) => w.text === 'Rabatt'), 'no Rabatt column');
  });

  for (const [language, headers, amounts] of [
    [
      'de',
      ['Pos.', 'Beschreibung', 'Menge', 'Einzelpreis', 'Rabatt', 'USt.', 'Netto'],
      ['104.880,50 €', '1.227.101,85 €', '1.461.572,18 €', '233.149,35 €'],
    ],
    [
      'fr',
      ['N°', 'Désignation', 'Qté', 'Prix unitaire HT', 'Remise', 'TVA', 'Montant HT'],
      ['104 880,50 €', '1 227 101,85 €', '1 461 572,18 €', '233 149,35 €'],
    ],
  ] as const)
    it(`fits long ${language} headers, a long description and amounts in the millions`, async () => {
      const words = pdfWords(await renderInvoicePdf(millions(language)));
      assertWhole(words, headers);
      assertWhole(words, amounts, 1);
      // Table cells (the net and the tax also stand in sentences: "… auf 1.227.101,85 €").
      assertApart(words, [amounts[0], amounts[3]]);
      assertWhole(words, ['Sicherheitsprüfung']);
      assertNoOverlaps(words);
    });
});

describe('invoice PDF bytes', () => {
  it('are the same for the same document, with its info dates from the issue, not the clock', async () => {
    const first = await renderInvoicePdf(invoice());
    // Other documents in between (other words, other languages) leave the bytes as they were:
    // the fonts and shaped words kept across documents change nothing in what is written.
    await renderInvoicePdf(withCustomerLanguage('fr'));
    await renderInvoicePdf(invoice({ number: 'INV-000099', description: 'Ελληνικά и кириллица' }));
    const second = await renderInvoicePdf(invoice());
    assert.equal(sha(first), sha(second));
    const raw = Buffer.from(first).toString('latin1');
    // Creation and modification date: the issue moment, 2026-03-01 09:30:00 UTC, and no other date.
    assert.deepEqual([...new Set(raw.match(/\(D:\d{14}Z\)/g))], ['(D:20260301093000Z)']);
    assert.match(raw, /^%PDF-1\.\d/);
    const other = await renderInvoicePdf(invoice({ number: 'INV-000043' }));
    assert.notEqual(sha(first), sha(other));
    const id = (b: Uint8Array) => /\/ID \[<([0-9a-f]+)>/.exec(Buffer.from(b).toString('latin1'))?.[1];
    assert.notEqual(id(first), id(other), 'the file identifier follows the data');
  });
});
