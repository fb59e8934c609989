/**
 * The kinds the audit trail gained with issue 11's secrets work: each appears, with the right
 * actor and origin, after the thing is done through the API (or, for what only jobs and the CLI
 * do, through the service from that origin): bank statements, remittance advices, disputes,
 * promises, collectors, collection and delivery settings, automatic credit holds, demo reset.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { evaluatePromises } from '../../src/modules/collections/promise-evaluation.service.ts';
import { evaluateCreditHolds } from '../../src/modules/credit/credit-holds.service.ts';
import { resetTenantData } from '../../src/modules/demo/demo-reset.ts';
import { runFromOrigin } from '../../src/shared/acting-as.ts';
import { type ApiTestContext, apiTenant, call, client, openApiTestContext } from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';

const OUR_IBAN = 'DE02120300000000202051';
const job = (name: string) => ({ channel: 'job' as const, ip: null, agent: name });

const camt053 = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>S1</MsgId><CreDtTm>2026-03-17T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>S1</Id><CreDtTm>2026-03-17T06:00:00</CreDtTm>
    <Acct><Id><IBAN>${OUR_IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>
      <Ntry><Amt Ccy="EUR">12.50</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-03-16</Dt></BookgDt><AcctSvcrRef>R1</AcctSvcrRef>
        <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>Müller Bau GmbH</Nm></Dbtr></RltdPties>
          <RmtInf><Ustrd>Rechnung</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>
  </Stmt></BkToCstmrStmt></Document>`;

describe(`audit coverage (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
  });
  after(() => ctx.close());

  it('records each kind with who did it and from where', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const tenantId = tenant.tenantId;
    const admin = client(ctx.app, keys.admin);
    const ok = <T extends { status: number; text: string }>(r: T, what: string): T => {
      assert.ok(r.status < 300, `${what}: ${r.status} ${r.text}`);
      return r;
    };
    const upload = (url: string, body: string, type: string) =>
      call(ctx.app, 'POST', url, { key: keys.admin, body, headers: { 'content-type': type } });
    ok(await upload('/v1/bank/statements', camt053, 'application/xml'), 'statement');
    ok(await upload('/v1/remittance-advices', 'invoice;amount\nINV-000001;12,50\n', 'text/csv'), 'advice');
    ok(await admin.post('/v1/customers', { externalId: 'MB-1', name: 'Müller Bau GmbH' }), 'customer');
    ok(await admin.post('/v1/customers', { externalId: 'MB-2', name: 'Mueller Bau GmbH' }), 'customer 2');
    const line = (p: string) => [{ description: 'Work', quantity: '1', unitPrice: p, taxRate: '0' }];
    const inv = (c: string, p: string) =>
      admin.post('/v1/invoices', { customer: c, issue: true, issueDate: '2026-03-01', lines: line(p) });
    const [i1, i2, i3] = [
      await inv('MB-1', '100.00'),
      await inv('MB-1', '50.00'),
      await inv('MB-2', '70.00'),
    ];
    for (const i of [i1, i2, i3]) ok(i, 'invoice');
    const d1 = ok(
      await admin.post('/v1/disputes', { invoice: i1.body.number, reason: 'quality' }),
      'dispute',
    );
    ok(await admin.post(`/v1/disputes/${d1.body.id}/notes`, { text: 'Rückruf vereinbart' }), 'note');
    ok(
      await admin.post(`/v1/disputes/${d1.body.id}/reject`, { reason: 'Lieferschein unterschrieben' }),
      'reject',
    );
    const d2 = ok(
      await admin.post('/v1/disputes', { invoice: i2.body.number, reason: 'pricing' }),
      'dispute 2',
    );
    ok(await admin.post(`/v1/disputes/${d2.body.id}/resolve`, { creditAmount: '5.00' }), 'resolve');
    const p1 = ok(
      await admin.post('/v1/promises', {
        customer: 'MB-1',
        invoices: [i1.body.number],
        promisedOn: '2026-04-10',
      }),
      'promise',
    );
    ok(await admin.post(`/v1/promises/${p1.body.id}/cancel`, { reason: 'withdrawn' }), 'cancel');
    ok(
      await admin.post('/v1/promises', {
        customer: 'MB-2',
        invoices: [i3.body.number],
        promisedOn: '2026-04-01',
      }),
      'promise 2',
    );
    const collector = ok(
      await admin.post('/v1/collectors', { name: 'Zoë', email: 'zoe@xn--bcher-kva.example' }),
      'c',
    );
    ok(
      await admin.post('/v1/assignments', { collector: collector.body.id, customers: ['MB-1', 'MB-2'] }),
      'assign',
    );
    ok(await admin.patch('/v1/collections/settings', { promiseGraceDays: 5 }), 'collection settings');
    ok(await admin.patch('/v1/delivery/settings', { monthlyStatements: false }), 'delivery settings');
    ok(await admin.post('/v1/credit/customers/MB-1/limit', { limit: '10.00', reason: 'Review' }), 'limit');
    // Setting the limit applies the hold at once (in that request); the job finds the overdue one.
    ok(await admin.patch('/v1/credit/settings', { holdOverdueDays: 5 }), 'credit settings');
    await atTime(ctx, '2026-04-20T06:00:00Z', async () => {
      await runFromOrigin(job('promises.check'), () => evaluatePromises(ctx.deps, tenantId, '2026-04-20'));
      await runFromOrigin(job('credit.check'), () => evaluateCreditHolds(ctx.deps, tenantId, '2026-04-20'));
    });
    await runFromOrigin({ channel: 'cli', ip: null, agent: 'cashloop demo --reset (test)' }, () =>
      resetTenantData(ctx.deps.db, tenantId),
    );

    // biome-ignore lint/suspicious/noExplicitAny: the records as the API answers them
    const records: any[] = [];
    for (let url = '/v1/audit?limit=500'; ; ) {
      const page = ok(await admin.get(url), 'audit').body;
      records.push(...page.items);
      if (!page.nextCursor) break;
      url = `/v1/audit?limit=500&cursor=${encodeURIComponent(page.nextCursor)}`;
    }
    const byKind = new Map(records.map((r) => [r.kind, r]));
    const viaApi = [
      'bank_statement.imported',
      'remittance_advice.imported',
      'dispute.opened',
      'dispute.note_added',
      'dispute.rejected',
      'dispute.resolved',
      'promise.created',
      'promise.cancelled',
      'collector.created',
      'collector.assigned',
      'collection_settings.updated',
      'delivery_settings.updated',
    ];
    for (const kind of viaApi) {
      const r = byKind.get(kind);
      assert.ok(r, `${kind} recorded (have: ${[...byKind.keys()].sort().join(', ')})`);
      assert.deepEqual([r.actor.kind, r.origin.channel], ['api_key', 'http'], kind);
    }
    const statement = byKind.get('bank_statement.imported');
    assert.match(statement.details.fileSha256, /^[0-9a-f]{64}$/);
    assert.deepEqual([statement.details.account, statement.details.imported], [OUR_IBAN, 1]);
    assert.equal(byKind.get('dispute.rejected').reason, 'Lieferschein unterschrieben');
    assert.deepEqual(byKind.get('dispute.resolved').changes.status, ['open', 'resolved']);
    assert.deepEqual(byKind.get('collection_settings.updated').changes, { promiseGraceDays: [3, 5] });
    assert.deepEqual(byKind.get('delivery_settings.updated').changes, { monthlyStatements: [true, false] });
    for (const [kind, agent] of [
      ['promise.broken', 'promises.check'],
      ['credit_hold.set', 'credit.check'],
    ] as const) {
      const r = records.find((x) => x.kind === kind && x.origin.channel === 'job');
      assert.ok(r, `${kind} by the job`);
      assert.deepEqual([r.actor.kind, r.origin.agent], ['system', agent], kind);
    }
    assert.equal(records.find((x) => x.kind === 'credit_hold.set')?.details.automatic, true);
    const reset = byKind.get('demo.reset');
    assert.deepEqual([reset?.actor.kind, reset?.origin.channel], ['system', 'cli']);
  });
});
