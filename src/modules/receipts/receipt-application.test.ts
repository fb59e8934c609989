import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import { type ApplicationDraft, checkApplication, type InvoiceBalance } from './receipt-application.ts';

const ACME = 'c-acme';
const ACME_OST = 'c-acme-ost';
/** A group: the holding and its subsidiaries Acme and Brightwater (Acme Ost is no member). */
const HOLDING = 'c-acme-holding';
const BRIGHTWATER = 'c-brightwater';
const GROUP: ReadonlySet<string> = new Set([HOLDING, ACME, BRIGHTWATER]);

function invoice(id: string, openMinor: bigint, over: Partial<InvoiceBalance> = {}): InvoiceBalance {
  return {
    invoiceId: id,
    kind: 'invoice',
    number: `INV-${id}`,
    customerId: ACME,
    currency: 'EUR',
    status: 'issued',
    openMinor,
    totalMinor: openMinor,
    ...over,
  };
}

const balances = new Map(
  [
    invoice('1', 1000_00n),
    invoice('2', 250_00n, { status: 'partially_paid', totalMinor: 300_00n }),
    invoice('paid', 0n, { status: 'paid', totalMinor: 80_00n }),
    invoice('cn', 50_00n, { kind: 'credit_note' }),
    invoice('ost', 400_00n, { customerId: ACME_OST }),
    invoice('usd', 400_00n, { currency: 'USD' }),
    invoice('bw', 1234_56n, { customerId: BRIGHTWATER, number: 'BW/2026/0007' }),
    invoice('hold', 99_99n, { customerId: HOLDING }),
  ].map((i) => [i.invoiceId, i]),
);

function draft(over: Partial<ApplicationDraft>): ApplicationDraft {
  return {
    customerId: ACME,
    settles: new Set([ACME]),
    currency: 'EUR',
    availableMinor: 0n,
    allocations: [],
    adjustments: [],
    ...over,
  };
}

/** The AppError `fn` throws: its code, message and the fields it names. */
function refusal(fn: () => unknown) {
  try {
    fn();
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    return { code: error.code, message: error.message, fields: error.details.map((d) => d.field) };
  }
  assert.fail('accepted');
}

describe('checkApplication', () => {
  test('a payment less its early-payment discount settles the invoice: open amounts after it', () => {
    const open = checkApplication(
      draft({
        availableMinor: 980_00n,
        allocations: [{ invoiceId: '1', amountMinor: 980_00n }],
        adjustments: [{ invoiceId: '1', kind: 'discount', amountMinor: 20_00n }],
      }),
      (id) => balances.get(id),
    );
    assert.deepEqual([...open], [['1', 0n]]);
  });

  test('cash left over stays unapplied; several invoices at once', () => {
    const open = checkApplication(
      draft({
        availableMinor: 2000_00n,
        allocations: [
          { invoiceId: '1', amountMinor: 600_00n },
          { invoiceId: '2', amountMinor: 250_00n },
        ],
      }),
      (id) => balances.get(id),
    );
    assert.deepEqual(
      [...open],
      [
        ['1', 400_00n],
        ['2', 0n],
      ],
    );
  });

  const refusals: [string, Partial<ApplicationDraft>, { code: string; message: RegExp; fields: string[] }][] =
    [
      [
        'an invoice allocated twice',
        {
          availableMinor: 500_00n,
          allocations: [
            { invoiceId: '1', amountMinor: 100_00n },
            { invoiceId: '1', amountMinor: 100_00n },
          ],
        },
        { code: 'validation_failed', message: /appears twice/, fields: ['items[2].allocations'] },
      ],
      [
        "a look-alike customer's invoice",
        { availableMinor: 500_00n, allocations: [{ invoiceId: 'ost', amountMinor: 100_00n }] },
        {
          code: 'validation_failed',
          message: /INV-ost belongs to another customer/,
          fields: ['items[2].allocations[0]'],
        },
      ],
      [
        'an invoice in another currency',
        { availableMinor: 500_00n, allocations: [{ invoiceId: 'usd', amountMinor: 100_00n }] },
        {
          code: 'validation_failed',
          message: /is in USD, the receipt in EUR/,
          fields: ['items[2].allocations[0]'],
        },
      ],
      [
        'a credit note',
        { availableMinor: 500_00n, allocations: [{ invoiceId: 'cn', amountMinor: 10_00n }] },
        {
          code: 'validation_failed',
          message: /INV-cn is not an invoice/,
          fields: ['items[2].allocations[0]'],
        },
      ],
      [
        'a paid invoice',
        { availableMinor: 500_00n, allocations: [{ invoiceId: 'paid', amountMinor: 10_00n }] },
        { code: 'invalid_state', message: /it is paid/, fields: [] },
      ],
      [
        'a zero amount',
        { availableMinor: 500_00n, allocations: [{ invoiceId: '1', amountMinor: 0n }] },
        {
          code: 'validation_failed',
          message: /must be positive/,
          fields: ['items[2].allocations[0].amount'],
        },
      ],
      [
        'more than is open',
        { availableMinor: 2000_00n, allocations: [{ invoiceId: '2', amountMinor: 250_01n }] },
        {
          code: 'over_allocation',
          message: /exceeds the open amount of INV-2/,
          fields: ['items[2].allocations[0].amount'],
        },
      ],
      [
        'a discount beyond what the payment left open',
        {
          availableMinor: 1000_00n,
          allocations: [{ invoiceId: '1', amountMinor: 990_00n }],
          adjustments: [{ invoiceId: '1', kind: 'discount', amountMinor: 20_00n }],
        },
        {
          code: 'over_allocation',
          message: /discount exceeds the open amount/,
          fields: ['items[2].adjustments[0].amount'],
        },
      ],
      [
        'more than the cash available',
        { availableMinor: 100_00n, allocations: [{ invoiceId: '1', amountMinor: 100_01n }] },
        {
          code: 'over_allocation',
          message: /more than the receipt's unapplied cash/,
          fields: ['items[2].allocations'],
        },
      ],
      [
        'an invoice nobody locked (unknown)',
        { availableMinor: 100_00n, allocations: [{ invoiceId: 'nope', amountMinor: 1n }] },
        { code: 'not_found', message: /invoice nope not found/, fields: [] },
      ],
    ];
  for (const [name, over, expected] of refusals)
    test(`refuses ${name}, naming the field`, () => {
      const got = refusal(() => checkApplication(draft(over), (id) => balances.get(id), 'items[2].'));
      assert.equal(got.code, expected.code);
      assert.match(got.message, expected.message);
      assert.deepEqual(got.fields, expected.fields);
    });
});

describe('checkApplication of a group paying for its members', () => {
  /** The holding's receipt, allowed to settle what `settles` says. */
  const holdingPays = (over: Partial<ApplicationDraft>) =>
    draft({ customerId: HOLDING, settles: GROUP, availableMinor: 2214_56n, ...over });

  test("the holding's one amount settles its subsidiaries' invoices, discount included", () => {
    const open = checkApplication(
      holdingPays({
        allocations: [
          { invoiceId: '1', amountMinor: 1000_00n },
          { invoiceId: 'bw', amountMinor: 1214_56n },
        ],
        adjustments: [{ invoiceId: 'bw', kind: 'discount', amountMinor: 20_00n }],
      }),
      (id) => balances.get(id),
    );
    assert.deepEqual(
      [...open],
      [
        ['1', 0n],
        ['bw', 0n],
      ],
    );
  });

  test("a member's receipt settles its parent's invoice too (the group, not the direction)", () => {
    const open = checkApplication(
      draft({
        settles: GROUP,
        availableMinor: 99_99n,
        allocations: [{ invoiceId: 'hold', amountMinor: 99_99n }],
      }),
      (id) => balances.get(id),
    );
    assert.deepEqual([...open], [['hold', 0n]]);
  });

  const strangers: [string, Partial<ApplicationDraft>, { message: string; field: string }][] = [
    [
      "a stranger's invoice beside the members' (allocation)",
      {
        allocations: [
          { invoiceId: 'bw', amountMinor: 100_00n },
          { invoiceId: 'ost', amountMinor: 100_00n },
        ],
      },
      { message: 'invoice INV-ost belongs to another customer', field: 'items[2].allocations[1]' },
    ],
    [
      "a stranger's invoice (adjustment)",
      {
        allocations: [{ invoiceId: 'bw', amountMinor: 100_00n }],
        adjustments: [{ invoiceId: 'ost', kind: 'bank_charge', amountMinor: 5_00n }],
      },
      { message: 'invoice INV-ost belongs to another customer', field: 'items[2].adjustments[0]' },
    ],
    [
      "a member's invoice when the set holds the receipt's customer only",
      { settles: new Set([HOLDING]), allocations: [{ invoiceId: 'bw', amountMinor: 100_00n }] },
      { message: 'invoice BW/2026/0007 belongs to another customer', field: 'items[2].allocations[0]' },
    ],
  ];
  for (const [name, over, expected] of strangers)
    test(`refuses ${name}, with the words of any other customer`, () => {
      const got = refusal(() => checkApplication(holdingPays(over), (id) => balances.get(id), 'items[2].'));
      assert.deepEqual(got, {
        code: 'validation_failed',
        message: expected.message,
        fields: [expected.field],
      });
    });
});
