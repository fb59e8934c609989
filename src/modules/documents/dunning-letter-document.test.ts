/**
 * What goes on a dunning letter: the template's wording cut into paragraphs, aligned total lines
 * and the two slots; the items, amounts, the summary rule and the references to quote; and the
 * layout data stored with the PDF coming back unchanged.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { renderContextOf } from '../messaging/message-context.ts';
import { renderMessageParts } from '../messaging/message-render.ts';
import type { MessagingSettings } from '../messaging/settings.service.ts';
import { effectiveTemplate } from '../messaging/templates.service.ts';
import {
  type DunningLetterSource,
  dunningLetterDocument,
  LETTER_BLOCKS,
  type LetterWording,
  letterBlocks,
  letterFromLayoutData,
  letterLayoutData,
  needsSummary,
} from './dunning-letter-document.ts';

const SELLER = {
  version: 2,
  name: 'Nordlicht',
  legalName: 'Nordlicht Handels GmbH',
  country: 'DE',
  taxId: null,
  address: { street: 'Hafenstraße 12', postalCode: '20457', city: 'Hamburg' },
  iban: 'DE89370400440532013000',
  bic: null,
  bankName: null,
  email: null,
  phone: null,
  website: null,
  registration: null,
  footer: null,
  electronicAddress: null,
};

const CUSTOMER = {
  externalId: 'ATH',
  name: 'Αθηναϊκή Εμπορική Α.Ε.',
  legalName: null,
  billingAddress: { street: 'Οδός Ερμού 25', postalCode: '105 63', city: 'Αθήνα' },
  country: 'GR',
  taxId: null,
  language: 'de',
};

/** Two invoices, 2,500.00 + 10,000.00 open, interest 39.76 + 121.01, fee 5.00, charge DUN-000001. */
function letter(extra: Partial<DunningLetterSource['letter']> = {}): DunningLetterSource['letter'] {
  return {
    letterId: '01a233e5-44c1-72a0-a614-e9fe4ca300c5',
    asOf: '2026-03-07',
    levelNo: 4,
    currency: 'EUR',
    openMinor: 1_250_000n,
    feeMinor: 500n,
    interestMinor: 16_077n,
    invoices: [
      {
        number: 'INV-000002',
        dueDate: '2026-01-20',
        daysOverdue: 46,
        openMinor: 250_000n,
        interestMinor: 3_976n,
        interestPeriod: { from: '2026-01-21', through: '2026-03-07' },
        paymentReference: 'RF42INV000002',
      },
      {
        number: 'INV-000001',
        dueDate: '2026-01-31',
        daysOverdue: 35,
        openMinor: 1_000_000n,
        interestMinor: 12_101n,
        interestPeriod: { from: '2026-02-01', through: '2026-03-07' },
        paymentReference: null,
      },
    ],
    charge: { number: 'DUN-000001', paymentReference: 'RF20DUN000001' },
    ...extra,
  };
}

const SETTINGS = {
  defaultLanguage: 'en',
  companyName: 'Nordlicht Handels GmbH',
  tenant: { iban: 'DE89370400440532013000' },
} as MessagingSettings;

/** The shipped wording of a dunning level, as the outbox would render it for this letter. */
function shippedWording(level: number, language: string, fee = 500n, interest = 16_077n): LetterWording {
  const template = effectiveTemplate(new Map(), { kind: 'dunning', level }, language);
  assert.ok(template);
  const ctx = renderContextOf(
    SETTINGS,
    { name: CUSTOMER.name, externalId: 'ATH', contacts: [], currency: 'EUR' },
    language,
    language,
  );
  const euro = (amountMinor: bigint) => ({ amountMinor, currency: 'EUR' });
  const content = {
    kind: 'dunning' as const,
    level,
    letterDate: '2026-03-07',
    invoices: [{ number: 'INV-000002', dueDate: '2026-01-20', total: euro(250_000n), open: euro(250_000n) }],
    ...(fee > 0n ? { fee: euro(fee) } : {}),
    ...(interest > 0n ? { interest: euro(interest) } : {}),
  };
  return {
    language,
    locale: language,
    ...renderMessageParts(template, content, ctx, Object.keys(LETTER_BLOCKS)),
  };
}

function source(extra: Partial<DunningLetterSource> = {}): DunningLetterSource {
  return { letter: letter(), seller: SELLER, customer: CUSTOMER, wording: shippedWording(4, 'de'), ...extra };
}

describe('letterBlocks', () => {
  it('cuts the final notice into paragraphs, its aligned totals and the table and payment slots', () => {
    const blocks = letterBlocks(shippedWording(4, 'en'));
    assert.deepEqual(
      blocks.map((b) => b.kind),
      [
        'paragraph',
        'paragraph',
        'items',
        'pairs',
        'paragraph',
        'payment',
        'paragraph',
        'paragraph',
        'paragraph',
      ],
    );
    assert.deepEqual(blocks[0], { kind: 'paragraph', lines: ['Dear Sir or Madam,'] });
    // The template's "Total outstanding:  …" lines, label and value apart (en locale: €).
    assert.deepEqual(blocks[3], {
      kind: 'pairs',
      rows: [
        ['Total outstanding:', '€2,500.00'],
        ['Reminder fee:', '€5.00'],
        ['Late interest:', '€160.77'],
        ['Amount now due:', '€2,665.77'],
      ],
    });
    assert.match(JSON.stringify(blocks[4]), /This is our final notice/);
  });

  it('places each slot once, and appends a missing table and payment block in that order', () => {
    const wording: LetterWording = {
      language: 'en',
      locale: 'en',
      subject: 'Reminder',
      parts: [
        { text: 'Dear Sir,\n\nplease pay.' },
        { block: 'payment_instructions' },
        { block: 'payment_instructions' },
      ],
      used: new Set(),
    };
    assert.deepEqual(
      letterBlocks(wording).map((b) => b.kind),
      ['paragraph', 'paragraph', 'payment', 'items'],
    );
    assert.deepEqual(
      letterBlocks({ ...wording, parts: [{ text: 'Hello' }] }).map((b) => b.kind),
      ['paragraph', 'items', 'payment'],
    );
  });
});

describe('needsSummary', () => {
  it('is false when the text shows the total due and every fee and interest the letter charges', () => {
    assert.equal(
      needsSummary(shippedWording(4, 'de').used, { feeMinor: 500n, interestMinor: 16_077n }),
      false,
    );
  });

  it('is true when the text lacks the total due, or a charged fee or interest', () => {
    // The friendly reminder (level 1) shows only the open total.
    assert.equal(needsSummary(shippedWording(1, 'en').used, { feeMinor: 0n, interestMinor: 0n }), true);
    assert.equal(needsSummary(new Set(['total_due']), { feeMinor: 500n, interestMinor: 0n }), true);
    assert.equal(needsSummary(new Set(['total_due', 'fee']), { feeMinor: 500n, interestMinor: 1n }), true);
    assert.equal(needsSummary(new Set(['total_due']), { feeMinor: 0n, interestMinor: 0n }), false);
  });
});

describe('dunningLetterDocument', () => {
  it('holds the items, open + fee + interest as the total due, and the references to quote', () => {
    const d = dunningLetterDocument(source());
    assert.equal(d.totalDueMinor, 1_250_000n + 500n + 16_077n);
    assert.deepEqual(
      d.items.map((i) => [i.number, i.daysOverdue, i.openMinor, i.interestMinor, i.interestPeriod?.from]),
      [
        ['INV-000002', 46, 250_000n, 3_976n, '2026-01-21'],
        ['INV-000001', 35, 1_000_000n, 12_101n, '2026-02-01'],
      ],
    );
    // INV-000001 has no reference (an imported open item may lack one): it is quoted by number.
    assert.deepEqual(d.references, [
      { number: 'INV-000002', reference: 'RF42INV000002', charge: false },
      { number: 'DUN-000001', reference: 'RF20DUN000001', charge: true },
    ]);
    assert.deepEqual([d.letterDate, d.level, d.language, d.summary], ['2026-03-07', 4, 'de', false]);
    assert.match(d.subject, /Kundennummer ATH/);
    assert.equal(d.seller.version, 2);
  });

  it('refuses a letter whose invoices do not add up to it', () => {
    assert.throws(
      () => dunningLetterDocument(source({ letter: letter({ openMinor: 1n }) })),
      /do not add up/,
    );
    assert.throws(
      () => dunningLetterDocument(source({ letter: letter({ interestMinor: 16_078n }) })),
      /do not add up/,
    );
  });
});

describe('layout data', () => {
  it('comes back from its JSON form as the same document, amounts as bigints', () => {
    const d = dunningLetterDocument(source());
    const stored = JSON.parse(JSON.stringify(letterLayoutData(d)));
    assert.equal(typeof stored.totalDueMinor, 'string');
    assert.deepEqual(letterFromLayoutData(stored), d);
  });

  it('refuses data of another format', () => {
    assert.throws(() => letterFromLayoutData({ format: 'dunning-letter/0' }), /not dunning-letter\/1/);
    assert.throws(() => letterFromLayoutData(null), /not dunning-letter\/1/);
  });
});
