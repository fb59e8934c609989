/**
 * The SEPA routes end to end: roles, problem+json on bad input with nothing changed, a collection
 * run through the API whose downloaded file matches its SHA-256 and passes the XSD, booking, a
 * return imported as a camt.054 body, and the ledger invariants after each money step.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type ApiTestContext, apiTenant, client, ok, openApiTestContext } from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';
import { assertInvariants } from '../helpers/invariants.ts';
import { xsdErrors } from '../helpers/xsd.ts';

describe(`SEPA API (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
  });
  after(() => ctx.close());

  it('mandates, a collection run, its file, booking and a camt.054 return through the API', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const t = tenant.tenantId;
    const admin = client(ctx.app, keys.admin);
    const accountant = client(ctx.app, keys.accountant);
    const collector = client(ctx.app, keys.collector);

    const badCi = await admin.patch('/v1/sepa/settings', { creditorId: 'DE00ZZZ09999999999' });
    assert.equal(badCi.status, 422);
    assert.equal(badCi.body.errors?.[0]?.field, 'creditorId', badCi.text);
    assert.equal(
      (await accountant.patch('/v1/sepa/settings', { creditorId: 'DE98ZZZ09999999999' })).status,
      403,
    );
    await ok(admin.patch('/v1/sepa/settings', { creditorId: 'DE98ZZZ09999999999' }), 200);
    await ok(
      admin.patch('/v1/tenant/letterhead', { legalName: 'Weiß & Co. KG', iban: 'DE02120300000000202051' }),
      200,
    );

    const customer = await ok(
      accountant.post('/v1/customers', { externalId: 'K-ß-1', name: 'Jürgen Weiß & Partner' }),
    );
    const mandate = {
      customer: customer.id,
      reference: 'M-0001',
      signedOn: '2025-03-01',
      iban: 'DE89 3704 0044 0532 0130 00',
    };
    assert.equal((await collector.post('/v1/sepa/mandates', mandate)).status, 403);
    const badIban = await accountant.post('/v1/sepa/mandates', {
      ...mandate,
      iban: 'DE89370400440532013001',
    });
    assert.equal(badIban.status, 422);
    assert.equal(badIban.body.errors?.[0]?.field, 'iban', badIban.text);
    const created = await ok(accountant.post('/v1/sepa/mandates', mandate));
    assert.equal(created.iban, 'DE89370400440532013000');
    assert.equal(created.sequence, 'FRST');
    const dup = await accountant.post('/v1/sepa/mandates', mandate);
    assert.equal(dup.status, 409);
    assert.equal(dup.body.errors?.[0]?.field, 'reference', dup.text);
    assert.equal(
      (await ok(accountant.get('/v1/sepa/mandates'), 200)).items.length,
      1,
      'nothing stored by the refusals',
    );

    const invoice = await ok(
      accountant.post('/v1/invoices', {
        customer: customer.id,
        issue: true,
        issueDate: '2026-03-01',
        lines: [{ description: 'Wartung', quantity: '1', unitPrice: '0.01', taxRate: '0' }],
      }),
    );
    const run = await ok(accountant.post('/v1/sepa/collections', { collectionDate: '2026-04-01' }));
    assert.equal(run.items.length, 1);
    assert.equal(run.total, '0.01');
    const file = await accountant.get(`/v1/sepa/runs/${run.id}/file`);
    assert.equal(file.status, 200);
    assert.match(String(file.headers['content-type']), /application\/xml/);
    assert.equal(createHash('sha256').update(file.text, 'utf8').digest('hex'), run.fileSha256);
    assert.deepEqual(await xsdErrors(file.text, 'pain.008.001.08'), []);
    assert.ok(file.text.includes('<Nm>Juergen Weiss + Partner</Nm>'));

    await atTime(ctx, '2026-04-01T12:00:00Z', async () => {
      const booked = await ok(accountant.post(`/v1/sepa/collections/${run.id}/book`), 200);
      assert.equal(booked.status, 'booked');
    });
    await assertInvariants(ctx, t);
    const paid = await ok(accountant.get(`/v1/invoices/${invoice.id}`), 200);
    assert.equal(paid.status, 'paid');

    const e2e = run.items[0].endToEndId;
    const camt = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.02"><BkToCstmrDbtCdtNtfctn>
<GrpHdr><MsgId>N</MsgId><CreDtTm>2026-04-07T06:00:00</CreDtTm></GrpHdr>
<Ntfctn><Id>N</Id><CreDtTm>2026-04-07T06:00:00</CreDtTm><Acct><Id><IBAN>DE02120300000000202051</IBAN></Id></Acct>
<Ntry><Amt Ccy="EUR">0.01</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-04-07</Dt></BookgDt>
<NtryDtls><TxDtls><Refs><EndToEndId>${e2e}</EndToEndId></Refs><RtrInf><Rsn><Cd>AC04</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry>
<Ntry><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts>BOOK</Sts><BookgDt><Dt>2026-04-07</Dt></BookgDt>
<NtryDtls><TxDtls><Refs><EndToEndId>SOMEONE-ELSE</EndToEndId></Refs><RtrInf><Rsn><Cd>AM04</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry>
</Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;
    const headers = { 'content-type': 'application/xml' };
    const imported = await ok(
      ctx.app
        .inject({
          method: 'POST',
          url: '/v1/sepa/returns/import',
          payload: camt,
          headers: { ...headers, authorization: `Bearer ${keys.accountant}` },
        })
        .then(asResponse),
      200,
    );
    assert.deepEqual(imported.returned, [e2e]);
    assert.deepEqual(
      imported.unmatched.map((u: { endToEndId: string }) => u.endToEndId),
      ['SOMEONE-ELSE'],
    );
    await assertInvariants(ctx, t);
    assert.equal((await ok(accountant.get(`/v1/invoices/${invoice.id}`), 200)).status, 'issued', 'reopened');
    assert.equal(
      (await ok(accountant.get('/v1/sepa/mandates/M-0001'), 200)).status,
      'revoked',
      'AC04 revokes',
    );
    const again = await ok(
      accountant.post('/v1/sepa/returns', { endToEndId: e2e, reasonCode: 'AC04', returnedOn: '2026-04-07' }),
      200,
    );
    assert.equal(again.outcome, 'already_returned');
    await assertInvariants(ctx, t);
  });
});

function asResponse(res: {
  statusCode: number;
  headers: Record<string, unknown>;
  body: string;
  json: () => unknown;
}) {
  const json = String(res.headers['content-type'] ?? '').includes('json');
  return {
    status: res.statusCode,
    headers: res.headers as Record<string, string>,
    body: json ? res.json() : undefined,
    text: res.body,
  };
}
