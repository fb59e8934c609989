/**
 * The `predicted_lateness_jump` alert rule through the API: the first check takes each customer's
 * mean predicted days late as its baseline and tells nobody; a later check tells the credit
 * managers once when a customer's prediction rose by at least the rule's days (here: it paid two
 * invoices 60 and 70 days late in between), naming the baseline and the new figure as the
 * prediction API gives it; a look-alike customer that kept paying on time is not told; the same
 * check again and the next day tell nothing; a bad rule is refused naming the field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createUser } from '../../src/modules/users/index.ts';
import {
  type ApiTestContext,
  apiTenant,
  client,
  ok,
  openApiTestContext,
  sessionClient,
  signIn,
} from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';

describe(`predicted lateness alerts (${backendName})`, () => {
  let ctx: ApiTestContext;
  let admin: ReturnType<typeof client>;
  let credit: ReturnType<typeof sessionClient>;
  const ids: Record<string, string> = {};
  const at = <T>(day: string, fn: () => Promise<T>) => atTime(ctx, `${day}T10:00:00Z`, fn);

  async function issue(key: string, customer: string, issueDate: string) {
    await at(issueDate, async () => {
      const draft = await ok(
        admin.post('/v1/invoices', {
          customer,
          issueDate,
          lines: [{ description: 'Fassbier', quantity: '1', unitPrice: '1000.00' }],
        }),
      );
      await ok(admin.post(`/v1/invoices/${draft.id}/issue`, {}), 200);
      ids[key] = draft.id;
    });
  }

  async function pay(key: string, customer: string, receivedOn: string) {
    await at(receivedOn, () =>
      ok(
        admin.post('/v1/receipts', {
          customer,
          method: 'bank_transfer',
          receivedOn,
          amount: '1000.00',
          allocations: [{ invoice: ids[key], amount: '1000.00' }],
        }),
      ),
    );
  }

  before(async () => {
    ctx = await openApiTestContext('2026-06-30T12:00:00Z');
    const t = await apiTenant(ctx);
    admin = client(ctx.app, t.keys.admin);
    await createUser(ctx.deps, t.tenant.tenantId, {
      email: 'kredit@brauerei-köln.example',
      role: 'credit_manager',
      password: 'credit_manager-password-long',
    });
    credit = sessionClient(
      ctx.app,
      await signIn(ctx.app, 'kredit@brauerei-köln.example', 'credit_manager-password-long'),
    );
    await ok(admin.post('/v1/customers', { externalId: 'K-1', name: 'Brauerei Zoë Köln' }));
    await ok(admin.post('/v1/customers', { externalId: 'K-1a', name: 'Brauerei Zoe Koeln' }));
    for (const [customer, p] of [
      ['K-1', 'a'],
      ['K-1a', 'b'],
    ] as const) {
      await issue(`${p}-jan`, customer, '2026-01-05'); // due 02-04
      await issue(`${p}-feb`, customer, '2026-02-05'); // due 03-07
      await issue(`${p}-apr`, customer, '2026-04-01'); // due 05-01
      await issue(`${p}-may`, customer, '2026-05-01'); // due 05-31
      await issue(`${p}-jun`, customer, '2026-06-10'); // due 07-10: open at the end
      await pay(`${p}-jan`, customer, '2026-02-04');
      await pay(`${p}-feb`, customer, '2026-03-07');
    }
    await pay('a-apr', 'K-1', '2026-06-29'); // 59 days late
    await pay('a-may', 'K-1', '2026-06-29'); // 29 days late
    await pay('b-apr', 'K-1a', '2026-05-01');
    await pay('b-may', 'K-1a', '2026-05-31');
  });
  after(() => ctx.close());

  it('refuses a rule without its days, naming the field', async () => {
    const r = await admin.post('/v1/alerts/rules', {
      name: 'Sprung',
      notifyCollector: false,
      notifyRoles: ['credit_manager'],
      params: { kind: 'predicted_lateness_jump', minIncreaseDays: 0 },
    });
    assert.equal(r.status, 422, r.text);
    assert.match(r.text, /minIncreaseDays/);
  });

  it('takes a baseline first, then tells a jump once, and not the look-alike who pays on time', async () => {
    await ok(
      admin.post('/v1/alerts/rules', {
        name: 'Zahlungsverhalten kippt',
        notifyCollector: false,
        notifyRoles: ['credit_manager'],
        params: { kind: 'predicted_lateness_jump', minIncreaseDays: 10 },
      }),
    );
    const first = await ok(admin.post('/v1/alerts/check', { asOf: '2026-04-20' }), 200);
    assert.equal(first.events, 0, 'the first check only takes the baselines');

    const jump = await ok(admin.post('/v1/alerts/check', { asOf: '2026-06-30' }), 200);
    assert.equal(jump.events, 1, JSON.stringify(jump));
    const inbox = await ok(credit.get('/v1/notifications'), 200);
    assert.equal(inbox.items.length, 1);
    const [n] = inbox.items;
    assert.equal(n.kind, 'predicted_lateness_jump');
    assert.deepEqual([n.subject.type, n.subject.id], ['customer', await customerId('K-1')]);
    const prediction = await ok(admin.get(`/v1/invoices/${ids['a-jun']}/prediction`), 200);
    const expected = Number(prediction.daysLate).toFixed(2);
    assert.match(n.title, /^Predicted lateness of Brauerei Zoë Köln jumped: 0\.00 → /);
    assert.ok(n.subject.label.startsWith(`0.00 → ${expected} days late (1 open invoices)`), n.subject.label);

    const again = await ok(admin.post('/v1/alerts/check', { asOf: '2026-06-30' }), 200);
    const nextDay = await ok(admin.post('/v1/alerts/check', { asOf: '2026-07-01' }), 200);
    assert.deepEqual([again.events, nextDay.events], [0, 0], 'the same level is not a jump');
  });

  async function customerId(externalId: string): Promise<string> {
    const page = await ok(admin.get(`/v1/customers?q=${externalId}`), 200);
    const found = page.items.find((c: { externalId: string }) => c.externalId === externalId);
    assert.ok(found, externalId);
    return found.id;
  }
});
