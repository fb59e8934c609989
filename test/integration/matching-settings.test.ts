/**
 * /v1/cash-application/settings: the matching thresholds are per tenant, validated, admin-only to
 * change, and used by matching runs — the same bank line is applied with the default threshold and
 * left for a person with a threshold of 1.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';

const statement = (ref: string, amount: string, name: string, text: string) => `
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>M</MsgId><CreDtTm>2026-03-06T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>M</Id><CreDtTm>2026-03-06T06:00:00</CreDtTm>
    <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>
    <Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
      <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>${ref}</AcctSvcrRef>
      <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>${name}</Nm></Dbtr></RltdPties>
      <RmtInf><Ustrd>${text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry></Stmt></BkToCstmrStmt></Document>`;

describe(`matching settings (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-06T12:00:00Z');
  });
  after(() => ctx.close());

  it('shows the defaults, lets an admin change them, and refuses the others and bad values', async () => {
    const { keys } = await apiTenant(ctx);
    const admin = client(ctx.app, keys.admin);
    const viewer = client(ctx.app, keys.viewer);
    const initial = await viewer.get('/v1/cash-application/settings');
    assert.equal(initial.status, 200, initial.text);
    assert.equal(initial.body.autoApplyThreshold, 0.9);
    assert.deepEqual(initial.body.bankChargeTolerances, {});
    assert.equal(initial.body.defaults.bankChargeTolerances.EUR, '15.00');
    assert.equal(initial.body.defaults.bankChargeTolerances.JPY, '2000');
    for (const key of [keys.viewer, keys.accountant, keys.credit_manager, keys.collector])
      assert.equal(
        (await client(ctx.app, key).patch('/v1/cash-application/settings', { maxSuggestions: 4 })).status,
        403,
      );
    const changed = await admin.patch('/v1/cash-application/settings', {
      autoApplyThreshold: 0.95,
      bankChargeTolerances: { EUR: '10.00', JPY: '1500' },
    });
    assert.equal(changed.status, 200, changed.text);
    assert.equal(changed.body.autoApplyThreshold, 0.95);
    assert.equal(changed.body.autoApplyMargin, 0.05, 'left out: kept');
    assert.deepEqual(changed.body.bankChargeTolerances, { EUR: '10.00', JPY: '1500' });
    const back = await admin.patch('/v1/cash-application/settings', { bankChargeTolerances: { EUR: null } });
    assert.deepEqual(back.body.bankChargeTolerances, { JPY: '1500' });
    assert.deepEqual((await viewer.get('/v1/cash-application/settings')).body, back.body, 'persisted');
    for (const [body, field] of [
      [{ autoApplyThreshold: 0.4 }, 'autoApplyThreshold'],
      [{ autoApplyMargin: -0.1 }, 'autoApplyMargin'],
      [{ maxSuggestions: 0 }, 'maxSuggestions'],
      [{ bankChargeTolerances: { JPY: '10.5' } }, 'bankChargeTolerances.JPY'],
      [{ bankChargeTolerances: { EUR: '-1.00' } }, 'bankChargeTolerances.EUR'],
      [{ bankChargeTolerances: { XQQ: '1.00' } }, 'bankChargeTolerances.XQQ'],
    ] as const) {
      const res = await admin.patch('/v1/cash-application/settings', body);
      assert.equal(res.status, 422, `${JSON.stringify(body)}: ${res.text}`);
      assert.match(res.text, new RegExp(field.replace('.', '\\.')), `${JSON.stringify(body)} names ${field}`);
    }
  });

  it('a matching run decides with the tenant threshold: applied at 0.9, left for a person at 1', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const admin = client(ctx.app, keys.admin);
    const acme = await makeCustomer(ctx.deps, tenant.tenantId, { name: 'Acme Trading GmbH' });
    const invoice = await issueInvoice(ctx.deps, tenant.tenantId, acme.externalId, '120.00', {
      issueDate: '2026-02-21',
    });
    const upload = await ctx.app.inject({
      method: 'POST',
      url: '/v1/bank/statements',
      headers: { authorization: `Bearer ${keys.admin}`, 'content-type': 'application/xml' },
      payload: statement('T1', '120.00', 'Acme Trading GmbH', `Invoice ${invoice.number}`),
    });
    assert.equal(upload.statusCode, 201, upload.body);
    const decide = async () => {
      const run = await admin.post('/v1/cash-application/run', { dryRun: true });
      assert.equal(run.status, 200, run.text);
      return run.body.results[0];
    };
    const atDefault = await decide();
    assert.equal(atDefault.status, 'applied', JSON.stringify(atDefault));
    await admin.patch('/v1/cash-application/settings', { autoApplyThreshold: 1 });
    const atOne = await decide();
    assert.equal(atOne.status, 'suggested', JSON.stringify(atOne));
  });
});
