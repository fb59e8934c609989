/**
 * Collections work through the API: the activity log and who may write it, disputes (a thread of
 * notes, resolution by a credit note that leaves the books sound, rejection) and promises to pay
 * (kept, broken, idempotent evaluation). Amounts are worked out by hand in the comments.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../src/modules/apikeys/apikeys.service.ts';
import { invoicesUnderOpenPromise } from '../../src/modules/collections/promises.service.ts';
import { disputedInvoiceIds } from '../../src/modules/disputes/disputes.service.ts';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';
import { assertInvariants } from '../helpers/invariants.ts';

type Api = ReturnType<typeof client>;

/** An issued invoice of `net` at 0 % tax, NET30 from `issueDate`. */
async function invoice(api: Api, customer: string, net: string, issueDate: string) {
  const res = await api.post('/v1/invoices', {
    customer,
    issue: true,
    issueDate,
    lines: [{ description: 'Goods', quantity: '1', unitPrice: net }],
  });
  assert.equal(res.status, 201, JSON.stringify(res.body));
  return res.body as { id: string; number: string; open: string; dueDate: string };
}

describe(`collections over the API (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
  });
  after(() => ctx.close());

  it('a collector logs a call but cannot record a receipt or post a credit note', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const maria = await createApiKey(ctx.deps.db, tenant.tenantId, 'collector', 'Maria (collections)');
    const accountant = client(ctx.app, keys.accountant);
    const collector = client(ctx.app, maria.key);
    await accountant.post('/v1/customers', { externalId: 'CALL-1', name: 'Callme GmbH' });
    await accountant.post('/v1/customers', { externalId: 'CALL-2', name: 'Other GmbH' });
    const inv = await invoice(accountant, 'CALL-1', '500.00', '2026-02-01');
    const other = await invoice(accountant, 'CALL-2', '10.00', '2026-02-01');

    const call = await collector.post('/v1/activities', {
      customer: 'CALL-1',
      kind: 'call',
      text: 'Spoke to AP: payment run on Friday',
      invoices: [inv.number],
    });
    assert.equal(call.status, 201, JSON.stringify(call.body));
    assert.equal(call.body.kind, 'call');
    assert.equal(call.body.event, null);
    assert.deepEqual(call.body.author, { name: 'Maria (collections)', keyId: maria.keyId, userId: null });
    assert.deepEqual(call.body.invoiceNumbers, [inv.number]);
    assert.equal(call.body.occurredAt, '2026-03-31T12:00:00.000Z', 'now, by the clock');

    const earlier = await collector.post('/v1/activities', {
      customer: 'CALL-1',
      kind: 'email',
      text: 'Sent a copy of the invoice',
      occurredAt: '2026-03-30T09:15:00Z',
    });
    assert.equal(earlier.status, 201);
    const log = await collector.get('/v1/activities?customer=CALL-1');
    assert.deepEqual(
      log.body.items.map((a: { kind: string }) => a.kind),
      ['call', 'email'],
      'newest first by when it happened',
    );

    const wrong = await collector.post('/v1/activities', {
      customer: 'CALL-1',
      kind: 'note',
      text: 'x',
      invoices: [other.number],
    });
    assert.equal(wrong.status, 422);
    assert.equal(wrong.body.errors[0].field, 'invoices[0]');

    const receipt = await collector.post('/v1/receipts', {
      customer: 'CALL-1',
      method: 'bank_transfer',
      receivedOn: '2026-03-31',
      amount: '500.00',
    });
    assert.equal(receipt.status, 403);
    assert.equal(receipt.body.code, 'forbidden');
    assert.equal((await collector.post(`/v1/invoices/${inv.id}/credit`, { reason: 'x' })).status, 403);
    const viewer = client(ctx.app, keys.viewer);
    assert.equal(
      (await viewer.post('/v1/activities', { customer: 'CALL-1', kind: 'note', text: 'x' })).status,
      403,
    );
    assert.equal((await viewer.get('/v1/activities')).status, 200, 'everyone reads the log');
    await assertInvariants(ctx, tenant.tenantId);
  });

  it('a dispute pauses dunning, keeps a thread, and is resolved by a credit note with the books intact', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const accountant = client(ctx.app, keys.accountant);
    const collector = client(ctx.app, keys.collector);
    await accountant.post('/v1/customers', { externalId: 'DISP-1', name: 'Dispute SARL' });
    // 2 × 500.00 at 19 % → total 1,190.00
    const created = await accountant.post('/v1/invoices', {
      customer: 'DISP-1',
      issue: true,
      issueDate: '2026-02-01',
      lines: [{ description: 'Consulting', quantity: '2', unitPrice: '500.00', taxRate: '19' }],
    });
    const inv = created.body;
    assert.equal(inv.total, '1190.00');

    const opened = await collector.post('/v1/disputes', {
      invoice: inv.number,
      reason: 'pricing',
      amount: '200.00',
      note: 'The 2026 price list was not applied',
    });
    assert.equal(opened.status, 201, JSON.stringify(opened.body));
    assert.equal(opened.body.status, 'open');
    assert.equal(opened.body.amount, '200.00');
    assert.equal(opened.body.invoiceNumber, inv.number);
    assert.equal(opened.body.notes.length, 1);
    assert.ok((await disputedInvoiceIds(ctx.deps.db, tenant.tenantId)).has(inv.id), 'dunning skips it');

    const again = await collector.post('/v1/disputes', { invoice: inv.number, reason: 'other' });
    assert.equal(again.status, 409);
    const noted = await collector.post(`/v1/disputes/${opened.body.id}/notes`, {
      text: 'Customer sent the price list',
    });
    assert.equal(noted.status, 201);
    assert.deepEqual(
      noted.body.notes.map((n: { text: string }) => n.text),
      ['The 2026 price list was not applied', 'Customer sent the price list'],
    );

    const byCollector = await collector.post(`/v1/disputes/${opened.body.id}/resolve`, {});
    assert.equal(byCollector.status, 403, 'a credit note posts money');
    const resolved = await accountant.post(`/v1/disputes/${opened.body.id}/resolve`, {
      note: 'Agreed: 200.00 off',
    });
    assert.equal(resolved.status, 200, JSON.stringify(resolved.body));
    assert.equal(resolved.body.status, 'resolved');
    assert.match(resolved.body.creditNoteNumber, /^CN-/);
    assert.equal(resolved.body.resolution, 'Agreed: 200.00 off');

    // 1,190.00 − the agreed 200.00 = 990.00 still open; the credit note carries 200.00.
    const after = await accountant.get(`/v1/invoices/${inv.id}`);
    assert.equal(after.body.open, '990.00');
    assert.equal(after.body.status, 'partially_paid');
    const note = await accountant.get(`/v1/invoices/${resolved.body.creditNoteId}`);
    assert.equal(note.body.total, '200.00');
    assert.equal(note.body.creditedInvoiceId, inv.id);
    await assertInvariants(ctx, tenant.tenantId);
    assert.ok(!(await disputedInvoiceIds(ctx.deps.db, tenant.tenantId)).has(inv.id), 'dunning resumes');

    const twice = await accountant.post(`/v1/disputes/${opened.body.id}/resolve`, {});
    assert.equal(twice.status, 409);
    const events = await accountant.get('/v1/activities?customer=DISP-1&kind=system');
    assert.deepEqual(events.body.items.map((a: { event: string }) => a.event).sort(), [
      'dispute_opened',
      'dispute_resolved',
    ]);
    const listed = await accountant.get('/v1/disputes?status=resolved&customer=DISP-1');
    assert.deepEqual(
      listed.body.items.map((d: { id: string }) => d.id),
      [opened.body.id],
    );
  });

  it('rejects a dispute, links an existing credit note, and refuses what makes no sense', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const accountant = client(ctx.app, keys.accountant);
    const collector = client(ctx.app, keys.collector);
    await accountant.post('/v1/customers', { externalId: 'DISP-2', name: 'Quality Ltd' });
    const a = await invoice(accountant, 'DISP-2', '300.00', '2026-02-01');
    const b = await invoice(accountant, 'DISP-2', '400.00', '2026-02-01');
    const c = await invoice(accountant, 'DISP-2', '100.00', '2026-02-01');

    const tooMuch = await collector.post('/v1/disputes', {
      invoice: a.number,
      reason: 'quality',
      amount: '300.01',
    });
    assert.equal(tooMuch.status, 422);
    assert.equal(tooMuch.body.errors[0].field, 'amount');
    const rejected = await collector.post('/v1/disputes', { invoice: a.number, reason: 'not_received' });
    assert.equal(rejected.body.amount, '300.00', 'defaults to the open amount');
    const byCollector = await collector.post(`/v1/disputes/${rejected.body.id}/reject`, {
      reason: 'Signed delivery note on file',
    });
    assert.equal(byCollector.status, 403, 'a collector logs disputes; deciding them is accounting');
    const r = await accountant.post(`/v1/disputes/${rejected.body.id}/reject`, {
      reason: 'Signed delivery note on file',
    });
    assert.equal(r.status, 200);
    assert.equal(r.body.status, 'rejected');
    assert.equal(r.body.resolution, 'Signed delivery note on file');
    assert.equal(r.body.notes.at(-1).text, 'Rejected: Signed delivery note on file');

    // A credit note of 50.00 issued by hand on b, then linked: nothing more is credited.
    const disputed = await collector.post('/v1/disputes', {
      invoice: b.number,
      reason: 'quantity',
      amount: '50.00',
    });
    const credited = await accountant.post(`/v1/invoices/${b.id}/credit`, {
      amount: '50.00',
      reason: 'short delivery',
    });
    assert.equal(credited.status, 201);
    const wrongNote = await accountant.post(`/v1/disputes/${disputed.body.id}/resolve`, {
      creditNote: 'CN-999999',
    });
    assert.equal(wrongNote.status, 422);
    const linked = await accountant.post(`/v1/disputes/${disputed.body.id}/resolve`, {
      creditNote: credited.body.creditNote.number,
    });
    assert.equal(linked.status, 200, JSON.stringify(linked.body));
    assert.equal(linked.body.creditNoteId, credited.body.creditNote.id);
    assert.equal(
      (await accountant.get(`/v1/invoices/${b.id}`)).body.open,
      '350.00',
      '400.00 − 50.00, credited once',
    );

    await accountant.post('/v1/receipts', {
      customer: 'DISP-2',
      method: 'cash',
      receivedOn: '2026-03-30',
      amount: '100.00',
      allocations: [{ invoice: c.number, amount: '100.00' }],
    });
    const paid = await collector.post('/v1/disputes', { invoice: c.number, reason: 'duplicate' });
    assert.equal(paid.status, 409, 'a paid invoice has nothing to dispute');
    assert.equal(
      (await collector.post('/v1/disputes', { invoice: 'INV-404404', reason: 'other' })).status,
      404,
    );
    await assertInvariants(ctx, tenant.tenantId);
  });

  it('promises: covered until the date + grace, kept by a payment, broken when short — logged once', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const accountant = client(ctx.app, keys.accountant);
    const collector = client(ctx.app, keys.collector);
    await accountant.post('/v1/customers', { externalId: 'PROM-1', name: 'Promise AG' });
    await accountant.post('/v1/customers', { externalId: 'PROM-2', name: 'Overall BV' });
    // NET30 from 2026-01-30 → due 2026-03-01
    const i1 = await invoice(accountant, 'PROM-1', '1000.00', '2026-01-30');
    const i2 = await invoice(accountant, 'PROM-1', '500.00', '2026-01-30');
    await invoice(accountant, 'PROM-2', '800.00', '2026-01-30');

    const past = await collector.post('/v1/promises', {
      customer: 'PROM-1',
      invoices: [i1.number],
      promisedOn: '2026-03-30',
    });
    assert.equal(past.status, 422);
    const p1 = await collector.post('/v1/promises', {
      customer: 'PROM-1',
      invoices: [i1.number],
      promisedOn: '2026-04-10',
      note: 'CFO confirmed by phone',
    });
    assert.equal(p1.status, 201, JSON.stringify(p1.body));
    assert.equal(p1.body.amount, '1000.00', 'the open amount of the invoice named');
    assert.equal(p1.body.madeOn, '2026-03-31');
    assert.equal(p1.body.keepBy, '2026-04-13', 'promised date + 3 grace days (the default)');
    const dup = await collector.post('/v1/promises', {
      customer: 'PROM-1',
      invoices: [i1.number],
      promisedOn: '2026-04-20',
    });
    assert.equal(dup.status, 409);

    const under = await invoicesUnderOpenPromise(ctx.deps.db, tenant.tenantId, '2026-04-01');
    assert.ok(under.has(i1.id) && !under.has(i2.id));
    assert.ok(
      !(await invoicesUnderOpenPromise(ctx.deps.db, tenant.tenantId, '2026-04-14')).has(i1.id),
      'past keepBy',
    );

    const p2 = await collector.post('/v1/promises', {
      customer: 'PROM-2',
      amount: '300.00',
      promisedOn: '2026-04-05',
    });
    assert.equal(p2.status, 201);
    assert.deepEqual(p2.body.invoiceIds, []);
    const noAmount = await collector.post('/v1/promises', { customer: 'PROM-2', promisedOn: '2026-04-05' });
    assert.equal(noAmount.status, 422, 'a promise overall needs an amount');
    assert.equal(noAmount.body.errors[0].field, 'amount');
    const second = await collector.post('/v1/promises', {
      customer: 'PROM-2',
      amount: '1.00',
      promisedOn: '2026-04-05',
    });
    assert.equal(second.status, 409, 'one open promise overall at a time');

    // PROM-2 pays 300.00 on account on 2026-04-03: kept. PROM-1 pays 400.00 of 1,000.00 on 2026-04-08.
    await accountant.post('/v1/receipts', {
      customer: 'PROM-2',
      method: 'bank_transfer',
      receivedOn: '2026-04-03',
      amount: '300.00',
    });
    await accountant.post('/v1/receipts', {
      customer: 'PROM-1',
      method: 'bank_transfer',
      receivedOn: '2026-04-08',
      amount: '400.00',
      allocations: [{ invoice: i1.number, amount: '400.00' }],
    });
    const day1 = await atTime(ctx, '2026-04-06T12:00:00Z', () =>
      collector.post('/v1/promises/check', { asOf: '2026-04-06' }),
    );
    assert.equal(day1.status, 200);
    assert.deepEqual(
      day1.body.settled.map((s: { customerExternalId: string; outcome: string; paid: string }) => [
        s.customerExternalId,
        s.outcome,
        s.paid,
      ]),
      [['PROM-2', 'kept', '300.00']],
    );
    const lastGraceDay = await atTime(ctx, '2026-04-13T12:00:00Z', () =>
      collector.post('/v1/promises/check', { asOf: '2026-04-13' }),
    );
    assert.deepEqual(lastGraceDay.body.settled, [], 'still open on its last grace day');
    const broken = await atTime(ctx, '2026-04-14T12:00:00Z', () =>
      collector.post('/v1/promises/check', { asOf: '2026-04-14' }),
    );
    assert.deepEqual(
      broken.body.settled.map((s: { customerExternalId: string; outcome: string; paid: string }) => [
        s.customerExternalId,
        s.outcome,
        s.paid,
      ]),
      [['PROM-1', 'broken', '400.00']],
    );
    const rerun = await atTime(ctx, '2026-04-14T12:00:00Z', () =>
      collector.post('/v1/promises/check', { asOf: '2026-04-14' }),
    );
    assert.deepEqual(rerun.body.settled, [], 'idempotent');
    assert.equal(rerun.body.evaluated, 0);

    const log = await accountant.get('/v1/activities?customer=PROM-1&event=promise_broken');
    assert.equal(log.body.items.length, 1, 'logged once');
    assert.equal(
      log.body.items[0].text,
      'Promise of EUR 1,000.00 by 2026-04-10 broken: EUR 400.00 received by 2026-04-13',
    );
    assert.equal(log.body.items[0].author.name, 'system');
    assert.equal((await accountant.get(`/v1/promises/${p1.body.id}`)).body.status, 'broken');
    assert.equal((await collector.post(`/v1/promises/${p1.body.id}/cancel`, {})).status, 409);

    const work = await collector.get('/v1/worklist?asOf=2026-04-14');
    assert.equal(work.status, 200, JSON.stringify(work.body));
    const item = work.body.items.find(
      (w: { customerExternalId: string }) => w.customerExternalId === 'PROM-1',
    );
    assert.ok(item.reasons.includes('promise of 2026-04-10 broken'), item.reasons.join(' | '));
    assert.equal(item.brokenPromiseFactor, 1.5);
    await assertInvariants(ctx, tenant.tenantId);
  });

  it('a repeated request with the same Idempotency-Key makes one promise and one credit note', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const accountant = client(ctx.app, keys.accountant);
    await accountant.post('/v1/customers', { externalId: 'IDEM-1', name: 'Twice Ltd' });
    const inv = await invoice(accountant, 'IDEM-1', '700.00', '2026-02-01');
    const body = { customer: 'IDEM-1', invoices: [inv.number], promisedOn: '2026-04-30' };
    const first = await accountant.post('/v1/promises', body, { 'idempotency-key': 'promise-idem-1' });
    const again = await accountant.post('/v1/promises', body, { 'idempotency-key': 'promise-idem-1' });
    assert.equal(first.status, 201);
    assert.equal(again.headers['idempotent-replayed'], 'true');
    assert.equal(again.body.id, first.body.id);
    assert.equal((await accountant.get('/v1/promises?customer=IDEM-1')).body.items.length, 1);
    const made = await accountant.get('/v1/activities?customer=IDEM-1&event=promise_made');
    assert.equal(made.body.items.length, 1);

    const dispute = await accountant.post('/v1/disputes', {
      invoice: inv.number,
      reason: 'pricing',
      amount: '70.00',
    });
    const resolve = () =>
      accountant.post(`/v1/disputes/${dispute.body.id}/resolve`, {}, { 'idempotency-key': 'resolve-idem-1' });
    const r1 = await resolve();
    const r2 = await resolve();
    assert.equal(r1.status, 200);
    assert.equal(r2.headers['idempotent-replayed'], 'true');
    assert.equal(r2.body.creditNoteId, r1.body.creditNoteId);
    // 700.00 − 70.00 credited once = 630.00
    assert.equal((await accountant.get(`/v1/invoices/${inv.id}`)).body.open, '630.00');
    const notes = await accountant.get('/v1/invoices?customer=IDEM-1&kind=credit_note');
    assert.equal(notes.body.items.length, 1);
    await assertInvariants(ctx, tenant.tenantId);
  });
});
