/**
 * /v1/dunning over HTTP on both back ends: policies validated field by field (bad input changes
 * nothing), the default policy, assignment precedence (customer > subcategory > category >
 * default), holds, runs (dry and recorded, idempotent replays), runs and letters listed and read.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiTestContext, apiTenant, call, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { examplePolicyInput } from '../helpers/dunning.ts';

describe(`dunning API (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext();
  });
  after(() => ctx.close());

  it('creates a policy and refuses bad ones, naming each field, without storing anything', async () => {
    const { keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    const created = await api.post('/v1/dunning/policies', examplePolicyInput());
    assert.equal(created.status, 201);
    assert.deepEqual(
      created.body.levels.map((l: { level: number; offsetDays: number; fees: object }) => [
        l.level,
        l.offsetDays,
        l.fees,
      ]),
      [
        [1, -3, {}],
        [2, 7, {}],
        [3, 21, {}],
        [4, 35, { EUR: '5.00' }],
        [5, 50, { EUR: '10.00' }],
      ],
    );
    assert.deepEqual(created.body.interest, {
      dayCount: 'act/365',
      marginPct: '9',
      baseRates: [{ effectiveFrom: '2020-01-01', ratePct: '3.62' }],
    });
    const bad = await api.post('/v1/dunning/policies', {
      name: 'Broken',
      levels: [
        { offsetDays: 7, templateKey: 'a', fees: { EUR: '1.005' } },
        { offsetDays: 7, templateKey: 'b', chargesInterest: true },
        { offsetDays: 3, templateKey: 'c', fees: { XXQ: '1.00' } },
      ],
    });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((e: { field: string }) => e.field).sort(), [
      'interest',
      'levels[0].fees.EUR',
      'levels[1].offsetDays',
      'levels[2].fees.XXQ',
      'levels[2].offsetDays',
    ]);
    const unknown = await api.post('/v1/dunning/policies', {
      ...examplePolicyInput({ name: 'X' }),
      colour: 'red',
    });
    assert.deepEqual([unknown.status, unknown.body.errors[0]?.field], [422, 'colour']);
    const dup = await api.post('/v1/dunning/policies', examplePolicyInput());
    assert.deepEqual([dup.status, dup.body.code, dup.body.errors[0]?.field], [409, 'conflict', 'name']);
    const list = await api.get('/v1/dunning/policies');
    assert.deepEqual(
      list.body.items.map((p: { name: string }) => p.name),
      ['Standard B2B'],
    );
  });

  it('keeps one default policy and changes a policy by PATCH', async () => {
    const { keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    const first = (await api.post('/v1/dunning/policies', examplePolicyInput({ name: 'First' }))).body;
    await api.post('/v1/dunning/policies', examplePolicyInput({ name: 'Second' }));
    assert.equal((await api.get(`/v1/dunning/policies/${first.id}`)).body.isDefault, false);
    const patched = await api.patch('/v1/dunning/policies/First', {
      graceDays: 3,
      levels: [{ offsetDays: 10, templateKey: 'only', channel: 'letter' }],
      interest: null,
    });
    assert.equal(patched.status, 200);
    assert.deepEqual(
      [patched.body.graceDays, patched.body.levels.length, patched.body.interest, patched.body.name],
      [3, 1, null, 'First'],
    );
    const clash = await api.patch('/v1/dunning/policies/First', { name: 'Second' });
    assert.deepEqual([clash.status, clash.body.errors[0]?.field], [409, 'name']);
    assert.equal((await api.patch('/v1/dunning/policies/Nope', { graceDays: 1 })).status, 404);
  });

  it('resolves a customer’s policy: own, else subcategory, else category, else default; holds', async () => {
    const { keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    const ids: Record<string, string> = {};
    for (const name of ['Default', 'Retail', 'Online', 'Own'])
      ids[name] = (
        await api.post('/v1/dunning/policies', examplePolicyInput({ name, isDefault: name === 'Default' }))
      ).body.id;
    const customer = await api.post('/v1/customers', {
      externalId: 'R-1',
      name: 'Retailer',
      category: 'Retail',
      subcategory: 'Online',
    });
    const profile = async () => (await api.get('/v1/dunning/customers/R-1')).body;
    assert.deepEqual((await profile()).policy, { id: ids.Default, name: 'Default', source: 'default' });
    await api.post('/v1/dunning/assignments', { policy: 'Retail', category: customer.body.categoryId });
    assert.equal((await profile()).policy.source, 'category');
    await api.post('/v1/dunning/assignments', { policy: ids.Online, category: customer.body.subcategoryId });
    assert.deepEqual((await profile()).policy, { id: ids.Online, name: 'Online', source: 'subcategory' });
    await api.post('/v1/dunning/assignments', { policy: 'Own', customer: 'R-1' });
    assert.equal((await profile()).policy.name, 'Own');
    await api.post('/v1/dunning/assignments', { policy: null, customer: 'R-1' });
    assert.equal((await profile()).policy.name, 'Online');
    const assignments = await api.get('/v1/dunning/assignments');
    assert.equal(assignments.body.categories.length, 2);
    const neither = await api.post('/v1/dunning/assignments', { policy: 'Own' });
    assert.equal(neither.status, 422);
    const unknownPolicy = await api.post('/v1/dunning/assignments', { policy: 'Nope', customer: 'R-1' });
    assert.deepEqual([unknownPolicy.status, unknownPolicy.body.errors[0]?.field], [404, 'policy']);

    const held = await api.post('/v1/dunning/customers/R-1/hold', {
      reason: 'in talks',
      until: '2026-04-30',
    });
    assert.deepEqual(
      [held.status, held.body.hold.reason, held.body.hold.until],
      [200, 'in talks', '2026-04-30'],
    );
    const released = await call(ctx.app, 'DELETE', '/v1/dunning/customers/R-1/hold', {
      key: keys.accountant,
    });
    assert.deepEqual([released.status, released.body.hold], [200, null]);
    assert.equal((await api.post('/v1/dunning/customers/NOPE/hold', { reason: 'x' })).status, 404);
  });

  it('runs dunning (dry, recorded, replayed) and lists runs and letters', async () => {
    const { keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    await api.post('/v1/dunning/policies', examplePolicyInput());
    await api.post('/v1/customers', { externalId: 'L-1', name: 'Late Payer' });
    // Issued 2026-01-01 on NET30: due 01-31; with nothing sent before, 03-10 is level 1 (catch-up).
    await api.post('/v1/invoices', {
      customer: 'L-1',
      issue: true,
      issueDate: '2026-01-01',
      paymentTerms: 'NET30',
      lines: [{ description: 'Work', quantity: '1', unitPrice: '500.00' }],
    });
    const dry = await api.post('/v1/dunning/runs', { asOf: '2026-03-10', dryRun: true });
    assert.deepEqual(
      [dry.status, dry.body.runId, dry.body.letters[0]?.level, dry.body.letters[0]?.id],
      [200, null, 1, null],
    );
    assert.deepEqual((await api.get('/v1/dunning/runs')).body.items, []);
    // The preview as a read: the same plan for a role that may only read, and still nothing recorded.
    const preview = await client(ctx.app, keys.viewer).get('/v1/dunning/preview?asOf=2026-03-10');
    assert.equal(preview.status, 200, preview.text);
    assert.deepEqual(preview.body, dry.body);
    assert.equal(
      (await client(ctx.app, keys.viewer).post('/v1/dunning/runs', { asOf: '2026-03-10', dryRun: true }))
        .status,
      403,
    );
    assert.deepEqual((await api.get('/v1/dunning/runs')).body.items, []);
    const headers = { 'idempotency-key': 'dun-2026-03-10' };
    const run = await api.post('/v1/dunning/runs', { asOf: '2026-03-10' }, headers);
    assert.equal(run.status, 201);
    const letter = run.body.letters[0];
    assert.deepEqual(
      [
        letter.customer.externalId,
        letter.level,
        letter.templateKey,
        letter.template,
        letter.channel,
        letter.status,
        letter.open,
        letter.overdue,
      ],
      // The pre-due level caught up 38 days overdue takes the overdue wording; L-1 has no email
      // address, so its email letter goes to the print queue.
      ['L-1', 1, 'friendly', 'dunning-2', 'letter', 'planned', '500.00', '500.00'],
    );
    const replay = await api.post('/v1/dunning/runs', { asOf: '2026-03-10' }, headers);
    assert.deepEqual(
      [replay.status, replay.headers['idempotent-replayed'], replay.body],
      [201, 'true', run.body],
    );
    assert.deepEqual(
      run.body.notices.map((n: { code: string; count: number }) => [n.code, n.count]),
      [['no_email_address', 1]],
    );
    const runs = await api.get('/v1/dunning/runs');
    assert.deepEqual(
      runs.body.items.map((r: { id: string; letters: number }) => [r.id, r.letters]),
      [[run.body.runId, 1]],
    );
    const letters = await api.get('/v1/dunning/letters?customer=L-1');
    assert.deepEqual(
      letters.body.items.map((l: { id: string }) => l.id),
      [letter.id],
    );
    const detail = await api.get(`/v1/dunning/letters/${letter.id}`);
    assert.deepEqual([detail.status, detail.body.invoices[0]?.daysOverdue], [200, 38]);
    assert.equal((await api.get('/v1/dunning/letters/00000000-0000-7000-8000-000000000000')).status, 404);
    const viewer = client(ctx.app, keys.viewer);
    assert.equal((await viewer.post('/v1/dunning/runs', { asOf: '2026-03-11' })).status, 403);
    assert.equal((await viewer.get('/v1/dunning/letters')).status, 200);
  });
});
