/**
 * Stripe chargebacks (`charge.dispute.*`) on both back ends: the disputed amount is withdrawn
 * (the invoice reopens, Dr AR / Cr 1360), the dispute fee booked Dr 6810 / Cr 1360, a cashloop
 * dispute `chargeback` opened on the reopened invoice; won → reinstated and the dispute closed;
 * lost → stays open. Repeated, overtaken and late snapshots book nothing twice. Expected amounts
 * are the invoices' totals, the card fee (10.45) and the dispute fee (15.00) the events carry.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import type { CoreDeps } from '../../src/modules/core-deps.ts';
import { getInvoiceRowOrThrow } from '../../src/modules/invoices/index.ts';
import { parseSecretKey } from '../../src/shared/secret-box.ts';
import { ok } from '../helpers/api.ts';
import { backendName, openTestContext, type TestContext } from '../helpers/backends.ts';
import { assertInvariants, tenantState } from '../helpers/invariants.ts';
import { disputeMovement, disputeObject, type StripeFake, startStripeFake } from '../helpers/stripe-fake.ts';
import { openShop, SHOP_SECRET_KEY, type Shop } from '../helpers/stripe-shop.ts';

const NOW = '2026-04-06T12:00:00Z';
const NOW_SECONDS = Date.parse(NOW) / 1000;

describe(`Stripe chargebacks (${backendName})`, () => {
  let ctx: TestContext;
  let deps: CoreDeps;
  let app: FastifyInstance;
  let fake: StripeFake;

  before(async () => {
    const base = await openTestContext(NOW);
    deps = {
      ...base.deps,
      secrets: { current: parseSecretKey(randomBytes(32).toString('base64')), previous: null },
    };
    ctx = { ...base, deps };
    app = await buildApp(deps);
    await app.ready();
    fake = await startStripeFake(SHOP_SECRET_KEY);
  });
  after(async () => {
    await app.close();
    await fake.close();
    await ctx.database.close();
  });

  const shop = () => openShop(ctx, app, fake, NOW_SECONDS);
  const openOf = async (s: Shop, invoiceId: string) =>
    (await getInvoiceRowOrThrow(deps.db, s.t, invoiceId)).openMinor;
  async function disputesOf(s: Shop) {
    const page = await ok(s.reader.get('/v1/disputes?limit=50'), 200);
    return page.items as {
      invoiceId: string;
      reasonCode?: string;
      reason?: string;
      status: string;
      amount: string;
    }[];
  }

  it('withdrawn: the invoice reopens with a chargeback dispute and the fee; won: reinstated once, dispute closed', async () => {
    const s = await shop();
    const intent = await s.payBoth(1045);
    const taken = disputeMovement(-25000, 1500, 'txn_dp_taken');
    const created = disputeObject(intent, 25000, 'needs_response', [taken], 'dp_won');
    const first = await s.deliver('charge.dispute.created', created, 'evt_dp_created');
    assert.equal(first.status, 'booked');
    // 350.00 paid, 250.00 withdrawn: the later invoice (250.00) is open again; fee 15.00.
    assert.deepEqual([await openOf(s, s.a.invoiceId), await openOf(s, s.b.invoiceId)], [0n, 25000n]);
    assert.deepEqual(await s.balances(), {
      '1100': 25000n,
      '1360': 35000n - 1045n - 25000n - 1500n,
      '6810': 2545n,
    });
    const opened = await disputesOf(s);
    assert.equal(opened.length, 1);
    assert.equal(opened[0]?.invoiceId, s.b.invoiceId);
    assert.equal(opened[0]?.status, 'open');
    assert.ok(JSON.stringify(opened[0]).includes('chargeback'));
    const state = await tenantState(deps.db, s.t);
    assert.equal((await s.deliver('charge.dispute.created', created, 'evt_dp_created')).status, 'duplicate');
    assert.equal((await s.deliver('charge.dispute.funds_withdrawn', created)).status, 'recorded');
    assert.equal(await tenantState(deps.db, s.t), state);

    const given = disputeMovement(25000, -1500, 'txn_dp_given');
    const won = disputeObject(intent, 25000, 'won', [taken, given], 'dp_won');
    assert.equal((await s.deliver('charge.dispute.funds_reinstated', won)).status, 'booked');
    assert.equal((await s.deliver('charge.dispute.closed', won)).status, 'recorded');
    // A late snapshot from before the reinstatement changes nothing.
    const late = disputeObject(intent, 25000, 'under_review', [taken], 'dp_won');
    assert.equal((await s.deliver('charge.dispute.funds_withdrawn', late)).status, 'recorded');
    assert.deepEqual([await openOf(s, s.a.invoiceId), await openOf(s, s.b.invoiceId)], [0n, 0n]);
    assert.deepEqual(await s.balances(), { '1100': 0n, '1360': 35000n - 1045n, '6810': 1045n });
    assert.deepEqual(
      (await disputesOf(s)).map((d) => d.status),
      ['rejected'],
    );
    await assertInvariants(ctx, s.t);
  });

  it('out of order and lost: the closed event first books the withdrawal; the late created event nothing', async () => {
    const s = await shop();
    const intent = await s.payBoth(1045);
    const taken = disputeMovement(-10000, 1500);
    const lost = disputeObject(intent, 10000, 'lost', [taken], 'dp_lost');
    assert.equal((await s.deliver('charge.dispute.closed', lost)).status, 'booked');
    const state = await tenantState(deps.db, s.t);
    const created = disputeObject(intent, 10000, 'needs_response', [], 'dp_lost');
    assert.equal((await s.deliver('charge.dispute.created', created)).status, 'recorded');
    assert.equal(await tenantState(deps.db, s.t), state);
    // 100.00 withdrawn from the last allocation (250.00 on b): b is open 100.00, a stays paid.
    assert.deepEqual([await openOf(s, s.a.invoiceId), await openOf(s, s.b.invoiceId)], [0n, 10000n]);
    assert.deepEqual(await s.balances(), {
      '1100': 10000n,
      '1360': 35000n - 1045n - 10000n - 1500n,
      '6810': 2545n,
    });
    const disputes = await disputesOf(s);
    assert.deepEqual(
      disputes.map((d) => [d.invoiceId, d.status]),
      [[s.b.invoiceId, 'open']],
    );
    await assertInvariants(ctx, s.t);
  });

  it('a chargeback before its payment is booked waits, then books with it', async () => {
    const s = await shop();
    const session = await ok(
      s.collector.post('/v1/payments/checkout-sessions', {
        invoices: [s.a.invoiceId],
        successUrl: 'https://shop.example/paid',
        cancelUrl: 'https://shop.example/cancel',
      }),
    );
    const sent = fake.sessions.find((x) => x.id === session.sessionId);
    assert.ok(sent);
    const intent = fake.pay(sent.id, 100);
    const early = disputeObject(intent, 10000, 'needs_response', [disputeMovement(-10000, 1500)], 'dp_early');
    assert.equal((await s.deliver('charge.dispute.created', early)).status, 'pending');
    assert.equal((await s.deliver('payment_intent.succeeded', fake.intentObject(intent))).status, 'booked');
    assert.equal(await openOf(s, s.a.invoiceId), 10000n);
    assert.deepEqual(await s.balances(), {
      '1100': 35000n,
      '1360': 10000n - 100n - 10000n - 1500n,
      '6810': 1600n,
    });
    const events = await ok(s.reader.get('/v1/payments/events'), 200);
    assert.ok(events.items.every((e: { status: string }) => e.status === 'booked'));
    await assertInvariants(ctx, s.t);
  });
});
