/**
 * Idempotency-Key on POST: replay with no second effect; another method, path, query string or body
 * under the key is 422; per tenant; concurrency-safe; long runs keep their own transactions.
 */

import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { idempotencyPrincipal } from '../../src/http/idempotency.ts';
import { authenticateApiKey } from '../../src/modules/apikeys/index.ts';
import { BOOKING_BATCH } from '../../src/modules/cash-application/cash-application.service.ts';
import { requestFingerprint, runIdempotent } from '../../src/modules/idempotency/idempotency.service.ts';
import { type ApiTestContext, apiTenant, call, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';

/** A camt.053 statement of EUR credits booked 2026-03-05 on one account. */
function camt(id: string, entries: { ref: string; amount: string; text: string }[]): string {
  const ntry = entries
    .map(
      (e) => `<Ntry><Amt Ccy="EUR">${e.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>${e.ref}</AcctSvcrRef>
        <NtryDtls><TxDtls><RmtInf><Ustrd>${e.text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>${id}</MsgId><CreDtTm>2026-03-06T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>${id}</Id><CreDtTm>2026-03-06T06:00:00</CreDtTm>
    <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>${ntry}</Stmt></BkToCstmrStmt></Document>`;
}

const EMPTY_RUN = { lines: 0, applied: 0, suggested: 0, unmatched: 0, ignored: 0 };

describe(`API idempotency (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext();
  });
  after(() => ctx.close());

  /** The principal an API key's requests claim idempotency keys as. */
  async function principalOfKey(key: string): Promise<string> {
    const found = await authenticateApiKey(ctx.deps.db, key, new Date());
    if (!found) throw new Error('unknown test key');
    return idempotencyPrincipal({ kind: 'key', ...found, userId: null, name: found.keyId });
  }

  it('scopes a key to its principal: a collector using it first neither blocks nor answers the accountant', async () => {
    const { api, keys } = await tenantWithCustomer();
    const shared = { 'idempotency-key': 'zahlung-2026-03-15' };
    const collector = client(ctx.app, keys.collector);
    const note = await collector.post(
      '/v1/activities',
      { customer: 'IDEM-1', kind: 'note', text: 'Rückruf: zahlt am 15.03.' },
      shared,
    );
    assert.equal(note.status, 201, JSON.stringify(note.body));
    const paid = await api.post('/v1/receipts', receipt, shared);
    assert.equal(paid.status, 201, 'not a mismatch with the collector’s request under the same key');
    assert.equal(paid.headers['idempotent-replayed'], 'false');
    const again = await api.post('/v1/receipts', receipt, shared);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.body.id, paid.body.id);
    const noteAgain = await collector.post(
      '/v1/activities',
      { customer: 'IDEM-1', kind: 'note', text: 'Rückruf: zahlt am 15.03.' },
      shared,
    );
    assert.equal(noteAgain.headers['idempotent-replayed'], 'true');
    assert.equal(noteAgain.body.id, note.body.id, 'each principal replays its own response');
  });

  async function tenantWithCustomer() {
    const t = await apiTenant(ctx);
    const api = client(ctx.app, t.keys.accountant);
    await api.post('/v1/customers', { externalId: 'IDEM-1', name: 'Idem Oy' });
    return { ...t, api };
  }

  const receipt = {
    customer: 'IDEM-1',
    method: 'bank_transfer',
    receivedOn: '2026-03-15',
    amount: '250.50',
    reference: 'RF18 5390 0754 7034',
  };

  it('replays the stored response and records the receipt and its entry only once', async () => {
    const { api } = await tenantWithCustomer();
    const key = { 'idempotency-key': 'rcpt-0001' };
    const first = await api.post('/v1/receipts', receipt, key);
    assert.equal(first.status, 201);
    assert.equal(first.headers['idempotent-replayed'], 'false');
    assert.equal(first.body.amount, '250.50');
    const reordered = Object.fromEntries(Object.entries(receipt).reverse());
    const second = await api.post('/v1/receipts', reordered, key);
    assert.equal(second.status, 201);
    assert.equal(second.headers['idempotent-replayed'], 'true');
    assert.deepEqual(second.body, first.body);

    const list = await api.get('/v1/receipts');
    assert.deepEqual(
      list.body.items.map((r: { id: string; amount: string }) => [r.id, r.amount]),
      [[first.body.id, '250.50']],
    );
    const journal = await api.get('/v1/ledger/journal');
    const recorded = journal.body.items.filter(
      (e: { eventCode: string }) => e.eventCode === 'receipt.recorded',
    );
    assert.equal(recorded.length, 1);
    assert.equal(recorded[0].sourceId, first.body.id);
  });

  it('rejects the same key with another body or path as 422 idempotency_mismatch', async () => {
    const { api } = await tenantWithCustomer();
    const key = { 'idempotency-key': 'rcpt-0002' };
    assert.equal((await api.post('/v1/receipts', receipt, key)).status, 201);
    const other = await api.post('/v1/receipts', { ...receipt, amount: '250.51' }, key);
    assert.equal(other.status, 422);
    assert.equal(other.headers['content-type'], 'application/problem+json; charset=utf-8');
    assert.equal(other.body.code, 'idempotency_mismatch');
    const otherPath = await api.post('/v1/customers', { externalId: 'X', name: 'X' }, key);
    assert.equal(otherPath.status, 422);
    assert.equal(otherPath.body.code, 'idempotency_mismatch');
    assert.equal((await api.get('/v1/customers/X')).status, 404, 'the mismatched request had no effect');
    assert.equal((await api.get('/v1/receipts')).body.items.length, 1);
  });

  it('keeps keys per tenant', async () => {
    const a = await tenantWithCustomer();
    const b = await tenantWithCustomer();
    const key = { 'idempotency-key': 'shared-key' };
    const ra = await a.api.post('/v1/receipts', receipt, key);
    const rb = await b.api.post('/v1/receipts', receipt, key);
    assert.equal(rb.status, 201);
    assert.equal(rb.headers['idempotent-replayed'], 'false');
    assert.notEqual(rb.body.id, ra.body.id);
    assert.equal((await b.api.get(`/v1/receipts/${ra.body.id}`)).status, 404);
  });

  it('stores nothing for a failed request, so a corrected retry with the same key runs', async () => {
    const { api } = await tenantWithCustomer();
    const key = { 'idempotency-key': 'inv-after-404' };
    const body = {
      customer: 'LATE-1',
      issue: true,
      issueDate: '2026-03-01',
      lines: [{ description: 'Setup', quantity: '1', unitPrice: '80' }],
    };
    const missing = await api.post('/v1/invoices', body, key);
    assert.equal(missing.status, 404);
    await api.post('/v1/customers', { externalId: 'LATE-1', name: 'Late Ltd' });
    const ok = await api.post('/v1/invoices', body, key);
    assert.equal(ok.status, 201);
    assert.equal(ok.body.total, '80.00');
    const replay = await api.post('/v1/invoices', body, key);
    assert.equal(replay.body.number, ok.body.number);
    assert.equal((await api.get('/v1/invoices')).body.items.length, 1, 'one invoice, one number taken');
  });

  it('lets concurrent duplicates through only once', async () => {
    const { api } = await tenantWithCustomer();
    const key = { 'idempotency-key': 'race-1' };
    const results = await Promise.all([1, 2, 3, 4].map(() => api.post('/v1/receipts', receipt, key)));
    assert.deepEqual(
      results.map((r) => r.status),
      [201, 201, 201, 201],
    );
    assert.equal(new Set(results.map((r) => r.body.id)).size, 1);
    assert.equal(results.filter((r) => r.headers['idempotent-replayed'] === 'false').length, 1);
    assert.equal((await api.get('/v1/receipts')).body.items.length, 1);
  });

  it('replays an API key creation without creating a second key or storing the clear key', async () => {
    const { keys } = await apiTenant(ctx);
    const admin = client(ctx.app, keys.admin);
    const key = { 'idempotency-key': 'key-create-1' };
    const first = await admin.post('/v1/api-keys', { role: 'viewer' }, key);
    assert.equal(first.status, 201);
    assert.match(first.body.key, /^clk_/);
    const replay = await admin.post('/v1/api-keys', { role: 'viewer' }, key);
    assert.equal(replay.status, 201);
    assert.equal(replay.body.id, first.body.id);
    assert.equal(replay.body.key, null);
    const viewers = (await admin.get('/v1/api-keys')).body.items.filter(
      (k: { role: string }) => k.role === 'viewer',
    );
    assert.equal(viewers.length, 2, 'the seeded viewer key and the one created here');
  });

  async function postStatement(key: string, xml: string, query: string, idempotencyKey?: string) {
    return ctx.app.inject({
      method: 'POST',
      url: `/v1/bank/statements${query}`,
      headers: {
        authorization: `Bearer ${key}`,
        'content-type': 'application/xml',
        ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
      },
      payload: xml,
    });
  }

  async function bankLineCount(tenantId: string): Promise<number> {
    const [row] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from bank_transactions where tenant_id = ${tenantId}`,
    );
    return row?.n ?? -1;
  }

  it('tells a dry run from the real import by its query string: replaying one as the other is 422', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const xml = camt('IDEM-Q', [{ ref: 'Q1', amount: '99.95', text: 'Rechnung INV-100003' }]);
    const dry = await postStatement(keys.accountant, xml, '?dryRun=true&format=camt.053', 'stmt-2026-03-05');
    assert.equal(dry.statusCode, 200, dry.body);
    const sameDry = await postStatement(
      keys.accountant,
      xml,
      '?format=camt.053&dryRun=true',
      'stmt-2026-03-05',
    );
    assert.equal(sameDry.statusCode, 200, 'the order of the parameters does not matter');
    assert.equal(sameDry.headers['idempotent-replayed'], 'true');
    const real = await postStatement(keys.accountant, xml, '?format=camt.053', 'stmt-2026-03-05');
    assert.equal(real.statusCode, 422, real.body);
    assert.equal(real.json().code, 'idempotency_mismatch');
    assert.equal(await bankLineCount(tenant.tenantId), 0, 'the dry run was not replayed as the import');
    const imported = await postStatement(keys.accountant, xml, '?format=camt.053', 'stmt-2026-03-05-real');
    assert.equal(imported.statusCode, 201, imported.body);
    assert.equal(await bankLineCount(tenant.tenantId), 1);
  });

  it('answers a duplicate of a run still in progress with 409 and Retry-After, then replays it', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    const scope = {
      tenantId: tenant.tenantId,
      principal: await principalOfKey(keys.accountant),
      key: 'run-2026-03-31',
      fingerprint: requestFingerprint('POST', '/v1/cash-application/run', '', {}),
    };
    let open: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      open = resolve;
    });
    // The effect runs only once the claim is committed: wait for it, so the duplicate meets the claim.
    let started: () => void = () => undefined;
    const running = new Promise<void>((resolve) => {
      started = resolve;
    });
    const first = runIdempotent(ctx.deps.db, scope, async () => {
      started();
      await gate;
      return { statusCode: 200, body: { results: [], summary: EMPTY_RUN } };
    });
    await running;
    const duplicate = await api.post('/v1/cash-application/run', {}, { 'idempotency-key': scope.key });
    assert.equal(duplicate.status, 409);
    assert.equal(duplicate.body.code, 'idempotency_in_progress');
    assert.equal(duplicate.headers['retry-after'], '2');
    const other = await api.post(
      '/v1/cash-application/run',
      { dryRun: true },
      { 'idempotency-key': scope.key },
    );
    assert.equal(other.status, 422, 'another body under the key is a mismatch even while it runs');
    open();
    assert.equal((await first).replayed, false);
    const replay = await api.post('/v1/cash-application/run', {}, { 'idempotency-key': scope.key });
    assert.equal(replay.status, 200);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.deepEqual(replay.body.summary, EMPTY_RUN);
  });

  it('runs again under a key whose claim a dead process left, once its lease has run out', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    const key = 'run-after-crash';
    await postStatement(
      keys.accountant,
      camt('CRASH', [{ ref: 'C1', amount: '10.00', text: 'unknown' }]),
      '',
    );
    const fingerprint = requestFingerprint('POST', '/v1/cash-application/run', '', {});
    const principal = await principalOfKey(keys.accountant);
    await ctx.deps.db.execute(sql`insert into idempotency_keys
        (tenant_id, principal, key, request_hash, state, claim_token, locked_until, status_code, response_body)
      values (${tenant.tenantId}, ${principal}, ${key}, ${fingerprint}, 'in_progress', 'dead-process',
              now() + interval '1 minute', 0, '{}'::jsonb)`);
    const live = await api.post('/v1/cash-application/run', {}, { 'idempotency-key': key });
    assert.equal(live.status, 409, 'a claim within its lease is a request in progress');
    await ctx.deps.db.execute(
      sql`update idempotency_keys set locked_until = now() - interval '1 second'
          where tenant_id = ${tenant.tenantId} and key = ${key}`,
    );
    const rerun = await api.post('/v1/cash-application/run', {}, { 'idempotency-key': key });
    assert.equal(rerun.status, 200, JSON.stringify(rerun.body));
    assert.equal(rerun.headers['idempotent-replayed'], 'false');
    assert.equal(rerun.body.summary.lines, 1, 'the line the dead run left unprocessed');
    const replay = await api.post('/v1/cash-application/run', {}, { 'idempotency-key': key });
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    assert.deepEqual(replay.body, rerun.body);
  });

  it('lets concurrent runs under one key book each line once: one runs, the others wait their turn', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    await postStatement(
      keys.accountant,
      camt('RACE', [
        { ref: 'RC1', amount: '1.00', text: 'a' },
        { ref: 'RC2', amount: '2.00', text: 'b' },
      ]),
      '',
    );
    const results = await Promise.all(
      [1, 2, 3].map(() => api.post('/v1/cash-application/run', {}, { 'idempotency-key': 'race-run' })),
    );
    const ran = results.filter((r) => r.status === 200 && r.headers['idempotent-replayed'] === 'false');
    assert.equal(ran.length, 1, results.map((r) => `${r.status} ${r.headers['idempotent-replayed']}`).join());
    for (const r of results) {
      assert.ok(r.status === 200 || (r.status === 409 && r.body.code === 'idempotency_in_progress'));
      if (r.status === 200) assert.equal(r.body.summary.lines, 2);
    }
    const [processed] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from bank_transactions where tenant_id = ${tenant.tenantId} and status <> 'new'`,
    );
    assert.equal(processed?.n, 2);
  });

  it('lets a cash application run with a key commit as it goes, not in one transaction', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    // More lines than one booking transaction takes, so that a run that commits as it goes uses two.
    const lines = BOOKING_BATCH + 50;
    const rule = await client(ctx.app, keys.accountant).post('/v1/cash-application/rules', {
      name: 'bank fees are not receipts',
      conditions: { textMatches: 'Kontofuehrung' },
      action: { type: 'ignore' },
    });
    assert.equal(rule.status, 201);
    const entries = Array.from({ length: lines }, (_, i) => ({
      ref: `FEE-${i}`,
      amount: `${i + 1}.00`,
      text: `Kontofuehrung ${i}`,
    }));
    assert.equal((await postStatement(keys.accountant, camt('FEES', entries), '')).statusCode, 201);
    const processed = async () => {
      const [row] = await queryRows<{ n: number; starts: number }>(
        ctx.deps.db,
        sql`select count(*)::int as n, count(distinct processed_at)::int as starts from bank_transactions
            where tenant_id = ${tenant.tenantId} and status <> 'new'`,
      );
      return { n: row?.n ?? 0, starts: row?.starts ?? 0 };
    };
    let done = false;
    const run = call(ctx.app, 'POST', '/v1/cash-application/run', {
      key: keys.accountant,
      body: {},
      headers: { 'idempotency-key': 'fees-run' },
    }).finally(() => {
      done = true;
    });
    // PostgreSQL: another connection watches the lines while the run goes on. (PGlite has one
    // connection, and a run never yields it to a poller between its transactions.)
    const seen: number[] = [];
    while (backendName === 'postgres' && !done) seen.push((await processed()).n);
    const res = await run;
    assert.equal(res.status, 200);
    assert.equal(res.body.summary.ignored, lines);
    // processed_at is now(), the start of the transaction that booked the line: one transaction
    // for the whole run would have given every line the same.
    const after = await processed();
    assert.equal(after.n, lines);
    assert.ok(after.starts > 1, `the lines were booked in ${after.starts} transaction(s)`);
    if (backendName === 'postgres')
      assert.ok(
        seen.some((n) => n > 0 && n < lines),
        `another connection saw lines booked while the run went on (counts seen: ${[...new Set(seen)].join(', ')})`,
      );
  });
});
