/**
 * Alert rules through the API: an overdue rule's boundaries (exactly the amount and the days count,
 * a cent less or a day less do not, another currency and a partly paid invoice do not), broken
 * promises and old unapplied cash; each event told once — a notification to each user concerned
 * (the customer's collector, matched by an IDN address, and the roles named) and one e-mail per
 * recipient — and never again on a second check; each user's inbox their own.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
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

type Api = ReturnType<typeof client>;

const COLLECTOR_EMAIL = 'zoë.ünal@brauerei-köln.example';

describe(`alert rules and notifications (${backendName})`, () => {
  let ctx: ApiTestContext;
  let admin: Api;
  let tenantId: string;
  const numbers: Record<string, string> = {};
  const at = <T>(day: string, fn: () => Promise<T>) => atTime(ctx, `${day}T10:00:00Z`, fn);

  async function issue(key: string, customer: string, issueDate: string, unitPrice: string, fx = {}) {
    await at(issueDate, async () => {
      const draft = await ok(
        admin.post('/v1/invoices', {
          customer,
          issueDate,
          lines: [{ description: 'Fassbier', quantity: '1', unitPrice }],
          ...fx,
        }),
      );
      numbers[key] = (await ok(admin.post(`/v1/invoices/${draft.id}/issue`, {}), 200)).number;
    });
  }

  async function users() {
    const made = async (email: string, role: 'collector' | 'credit_manager' | 'accountant') => {
      await createUser(ctx.deps, tenantId, { email, role, password: `${role}-password-long` });
      return sessionClient(ctx.app, await signIn(ctx.app, email, `${role}-password-long`));
    };
    return {
      collector: await made(COLLECTOR_EMAIL, 'collector'),
      credit: await made('kredit@brauerei.example', 'credit_manager'),
      accountant: await made('buchhaltung@brauerei.example', 'accountant'),
    };
  }

  let inbox: Awaited<ReturnType<typeof users>>;

  before(async () => {
    ctx = await openApiTestContext('2026-06-30T12:00:00Z');
    const t = await apiTenant(ctx);
    tenantId = t.tenant.tenantId;
    admin = client(ctx.app, t.keys.admin);
    await ok(admin.post('/v1/customers', { externalId: 'K-100', name: 'Brauerei Zoë Köln' }));
    await ok(admin.post('/v1/customers', { externalId: 'K-100a', name: 'Brauerei Zoë Köln (Lager)' }));
    await ok(admin.post('/v1/customers', { externalId: 'US-7', name: 'Zoe Brewing Inc.', currency: 'USD' }));
    await issue('A', 'K-100', '2026-04-01', '12000.00'); // due 05-01: 60 days late on 06-30
    await issue('B', 'K-100a', '2026-05-16', '10000.00'); // due 06-15: exactly 15 days, exactly the amount
    await issue('C', 'K-100', '2026-05-17', '20000.00'); // due 06-16: 14 days
    await issue('D', 'K-100a', '2026-04-01', '9999.99'); // a cent below
    await issue('E', 'US-7', '2026-04-01', '50000.00', { fxRate: '0.9231' }); // USD
    await issue('F', 'K-100', '2026-03-01', '15000.00'); // partly paid below
    await at('2026-04-15', () =>
      ok(
        admin.post('/v1/receipts', {
          customer: 'K-100',
          method: 'bank_transfer',
          receivedOn: '2026-04-15',
          amount: '6000.00',
          allocations: [{ invoice: numbers.F, amount: '6000.00' }],
        }),
      ),
    );
    const collector = await ok(admin.post('/v1/collectors', { name: 'Zoë Ünal', email: COLLECTOR_EMAIL }));
    await ok(admin.post('/v1/assignments', { collector: collector.id, customers: ['K-100'] }), 200);
    inbox = await users();
  });
  after(() => ctx.close());

  it('refuses a rule that tells nobody or whose amount does not fit its currency, and a collector may not set rules', async () => {
    const nobody = await admin.post('/v1/alerts/rules', {
      name: 'x',
      notifyCollector: false,
      params: { kind: 'promise_broken' },
    });
    assert.equal(nobody.status, 422, nobody.text);
    assert.match(nobody.text, /notifyRoles/);
    const cents = await admin.post('/v1/alerts/rules', {
      name: 'x',
      notifyCollector: true,
      params: { kind: 'invoice_overdue', currency: 'JPY', minAmount: '10.5', minDaysLate: 3 },
    });
    assert.equal(cents.status, 422, cents.text);
    assert.match(cents.text, /params\.minAmount/);
    const forbidden = await inbox.collector.post('/v1/alerts/rules', {
      name: 'x',
      notifyCollector: true,
      params: { kind: 'promise_broken' },
    });
    assert.equal(forbidden.status, 403);
    assert.equal((await ok(admin.get('/v1/alerts/rules'), 200)).items.length, 0);
  });

  it('tells each event once, to the collector and the roles named, in the inbox and by one e-mail per person', async () => {
    await at('2026-06-01', async () => {
      await ok(
        admin.post('/v1/alerts/rules', {
          name: 'Große Posten überfällig',
          notifyCollector: true,
          notifyRoles: ['credit_manager'],
          params: { kind: 'invoice_overdue', currency: 'eur', minAmount: '10000', minDaysLate: 15 },
        }),
      );
      await ok(
        admin.post('/v1/alerts/rules', {
          name: 'Zusage gebrochen',
          notifyCollector: true,
          params: { kind: 'promise_broken' },
        }),
      );
      await ok(
        admin.post('/v1/alerts/rules', {
          name: 'Unzugeordnete Zahlungen',
          notifyCollector: false,
          notifyRoles: ['accountant'],
          params: { kind: 'unapplied_cash', minDaysOld: 5 },
        }),
      );
    });
    await at('2026-06-10', () =>
      ok(admin.post('/v1/promises', { customer: 'K-100', invoices: [numbers.C], promisedOn: '2026-06-20' })),
    );
    for (const receivedOn of ['2026-06-20', '2026-06-28'])
      await at(receivedOn, () =>
        ok(
          admin.post('/v1/receipts', {
            customer: 'K-100a',
            method: 'bank_transfer',
            receivedOn,
            amount: '250.00',
          }),
        ),
      );
    await ok(admin.post('/v1/promises/check', { asOf: '2026-06-30' }), 200);

    const first = await ok(admin.post('/v1/alerts/check', { asOf: '2026-06-30' }), 200);
    // A and B (overdue), the broken promise, the receipt of 06-20: four events; five notifications
    // (collector: A, promise; credit manager: A, B; accountant: the receipt); three e-mails.
    assert.deepEqual(first, {
      asOf: '2026-06-30',
      rules: 3,
      goals: 0,
      events: 4,
      notifications: 5,
      emails: 3,
    });
    const again = await ok(admin.post('/v1/alerts/check', { asOf: '2026-06-30' }), 200);
    assert.deepEqual(again, {
      asOf: '2026-06-30',
      rules: 3,
      goals: 0,
      events: 0,
      notifications: 0,
      emails: 0,
    });

    const mine = await ok(inbox.collector.get('/v1/notifications'), 200);
    assert.equal(mine.unread, 2);
    assert.deepEqual(mine.items.map((n: { kind: string }) => n.kind).sort(), [
      'invoice_overdue',
      'promise_broken',
    ]);
    const overdue = mine.items.find((n: { kind: string }) => n.kind === 'invoice_overdue');
    assert.equal(overdue.subject.label, numbers.A);
    assert.equal(
      overdue.title,
      `Invoice ${numbers.A} of Brauerei Zoë Köln: EUR 12,000.00 open, 60 days late`,
    );
    const credit = await ok(inbox.credit.get('/v1/notifications'), 200);
    assert.deepEqual(
      credit.items.map((n: { subject: { label: string } }) => n.subject.label).sort(),
      [numbers.A, numbers.B].sort(),
    );
    const booked = await ok(inbox.accountant.get('/v1/notifications'), 200);
    assert.equal(booked.items.length, 1);
    assert.match(
      booked.items[0].title,
      /^Cash of EUR 250\.00 from Brauerei Zoë Köln \(Lager\) unapplied for 10 days/,
    );

    const mails = await queryRows<{ to: string[]; subject: string; body: string }>(
      ctx.deps.db,
      sql`select to_addresses as "to", subject, body_text as body from outbox_messages
          where tenant_id = ${tenantId} and kind = 'receivables_alert' order by subject, body_text`,
    );
    assert.equal(mails.length, 3);
    const toCollector = mails.find((m) => m.to.includes(COLLECTOR_EMAIL));
    assert.ok(toCollector, JSON.stringify(mails.map((m) => m.to)));
    assert.equal(toCollector.subject, '[cashloop] 2 new receivables alerts');
    assert.ok(toCollector.body.includes(`Invoice ${numbers.A} of Brauerei Zoë Köln`));
    assert.ok(!toCollector.body.includes(numbers.B as string));
  });

  it('finds what became due since on the next day, and nothing twice', async () => {
    const next = await ok(admin.post('/v1/alerts/check', { asOf: '2026-07-01' }), 200);
    // C is now 15 days late: one event, told to the collector and the credit manager.
    assert.deepEqual(next, {
      asOf: '2026-07-01',
      rules: 3,
      goals: 0,
      events: 1,
      notifications: 2,
      emails: 2,
    });
  });

  it('keeps each inbox its own: read one, read all, another user’s notification is 404, a key has no inbox', async () => {
    const mine = await ok(inbox.collector.get('/v1/notifications?unread=true&limit=1'), 200);
    assert.equal(mine.items.length, 1);
    assert.ok(mine.nextCursor);
    const id = mine.items[0].id;
    const foreign = await inbox.credit.post(`/v1/notifications/${id}/read`, {});
    assert.equal(foreign.status, 404, foreign.text);
    const read = await ok(inbox.collector.post(`/v1/notifications/${id}/read`, {}), 200);
    assert.ok(read.readAt);
    const all = await ok(inbox.collector.post('/v1/notifications/read-all', {}), 200);
    assert.equal(all.marked, 2);
    assert.equal((await ok(inbox.collector.get('/v1/notifications?unread=true'), 200)).items.length, 0);
    const key = await admin.get('/v1/notifications');
    assert.equal(key.status, 409, key.text);
  });
});
