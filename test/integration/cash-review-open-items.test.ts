/**
 * What the review screen reads besides the lines: the customers' names on a line and on each
 * suggestion, and the open items a line can be applied to by hand (the customer's and its
 * group's, in the line's currency, searchable by number).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

function camt(entries: { ref: string; amount: string; name: string; text: string }[]) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>OI-1</MsgId><CreDtTm>2026-03-06T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>OI-1</Id><CreDtTm>2026-03-06T06:00:00</CreDtTm>
    <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>${entries
      .map(
        (c) => `
      <Ntry><Amt Ccy="EUR">${c.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>${c.ref}</AcctSvcrRef>
        <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>${c.name}</Nm></Dbtr></RltdPties>
          <RmtInf><Ustrd>${c.text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
      )
      .join('')}
  </Stmt></BkToCstmrStmt></Document>`;
}

describe(`the review screen's reads on ${backendName}`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-06T12:00:00Z');
  });
  after(() => ctx.close());

  test('lines and suggestions name their customers; open items of the customer and its group', async () => {
    const { keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    for (const c of [
      { externalId: 'OI-HOLD', name: 'Orion Holding AG' },
      { externalId: 'OI-SUB', name: 'Orion Services GmbH', parentExternalId: 'OI-HOLD' },
      { externalId: 'OI-OTHER', name: 'Vega Trading Ltd' },
    ])
      assert.equal((await api.post('/v1/customers', c)).status, 201);
    const invoice = async (customer: string, net: string, issueDate: string, currency = 'EUR') => {
      const res = await api.post('/v1/invoices', {
        customer,
        currency,
        ...(currency === 'EUR' ? {} : { fxRate: '0.9' }),
        issue: true,
        issueDate,
        lines: [{ description: 'Service', quantity: '1', unitPrice: net, taxRate: '0' }],
      });
      assert.equal(res.status, 201, res.text);
      return res.body as { id: string; number: string };
    };
    const h1 = await invoice('OI-HOLD', '400.00', '2026-02-02');
    const h2 = await invoice('OI-HOLD', '400.00', '2026-02-01');
    const s1 = await invoice('OI-SUB', '120.00', '2026-02-03');
    await invoice('OI-HOLD', '90.00', '2026-02-04', 'USD');
    await invoice('OI-OTHER', '55.00', '2026-02-04');

    const imported = await api.post(
      '/v1/bank/statements',
      camt([{ ref: 'OI-R1', amount: '400.00', name: 'Orion Holding AG', text: 'payment' }]),
      { 'content-type': 'application/xml' },
    );
    assert.equal(imported.status, 201, imported.text);
    assert.equal((await api.post('/v1/cash-application/run', {})).status, 200);

    const queue = await api.get('/v1/bank/transactions');
    assert.equal(queue.status, 200, queue.text);
    const [line] = queue.body.items;
    assert.equal(line.status, 'suggested', 'two open 400.00 invoices: for a person');
    assert.ok(line.suggestions.length >= 2);
    for (const s of line.suggestions) {
      assert.equal(s.customerName, 'Orion Holding AG');
      assert.equal(s.customerExternalId, 'OI-HOLD');
    }
    assert.equal(line.customerName, line.customerId ? 'Orion Holding AG' : null);

    const items = await api.get(`/v1/bank/transactions/${line.id}/open-items?customer=OI-HOLD`);
    assert.equal(items.status, 200, items.text);
    assert.deepEqual(items.body.customer.name, 'Orion Holding AG');
    assert.equal(items.body.currency, 'EUR');
    // Oldest due first; the member's invoice too; not the USD one, not another customer's.
    assert.deepEqual(
      items.body.items.map((i: { number: string; open: string; customerName: string }) => [
        i.number,
        i.open,
        i.customerName,
      ]),
      [
        [h2.number, '400.00', 'Orion Holding AG'],
        [h1.number, '400.00', 'Orion Holding AG'],
        [s1.number, '120.00', 'Orion Services GmbH'],
      ],
    );
    const searched = await api.get(
      `/v1/bank/transactions/${line.id}/open-items?customer=OI-HOLD&search=${encodeURIComponent(s1.number.slice(-4))}`,
    );
    assert.deepEqual(
      searched.body.items.map((i: { number: string }) => i.number),
      [s1.number],
    );

    const unknownCustomer = await api.get(`/v1/bank/transactions/${line.id}/open-items?customer=NOPE`);
    assert.equal(unknownCustomer.status, 404);
    const unknownLine = await api.get(
      '/v1/bank/transactions/0190a0a0-0000-7000-8000-000000000000/open-items?customer=OI-HOLD',
    );
    assert.equal(unknownLine.status, 404);
    const noCustomer = await api.get(`/v1/bank/transactions/${line.id}/open-items`);
    assert.equal(noCustomer.status, 422);
    assert.equal(noCustomer.body.errors[0].field, 'customer');
  });
});
