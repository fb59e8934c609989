/**
 * Stripe payouts reconciled against the bank line that brings them, on both back ends: the
 * payout event records an expected bank credit; the line (camt.053) is booked Dr bank / Cr 1360
 * clearing by cash application, or by the event when the line came first; an amount that differs
 * is an exception for a person; a payout failed after it was matched goes back to the clearing
 * account. Expected amounts come from the invoices and the fee the fake was told.
 */
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { findLineWithVerdict, importBankStatement } from '../../src/modules/bank/index.ts';
import { runCashApplication } from '../../src/modules/cash-application/index.ts';
import type { CoreDeps } from '../../src/modules/core-deps.ts';
import { parseSecretKey } from '../../src/shared/secret-box.ts';
import { ok } from '../helpers/api.ts';
import { backendName, openTestContext, type TestContext } from '../helpers/backends.ts';
import { assertInvariants, tenantState } from '../helpers/invariants.ts';
import { payoutObject, type StripeFake, startStripeFake } from '../helpers/stripe-fake.ts';
import { openShop, SHOP_SECRET_KEY, type Shop } from '../helpers/stripe-shop.ts';

const NOW = '2026-04-06T12:00:00Z';
const NOW_SECONDS = Date.parse(NOW) / 1000;
/** The payout's arrival date, 2026-04-02. */
const ARRIVAL = Date.parse('2026-04-02T00:00:00Z') / 1000;
const IBAN = 'DE02120300000000202051';
/** 350.00 paid by card, fee 10.45: what Stripe pays out. */
const NET = 35000 - 1045;

function camt(lines: { ref: string; amount: string; date: string; text: string; name?: string }[]) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>P1</MsgId><CreDtTm>2026-04-06T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>P1</Id><CreDtTm>2026-04-06T06:00:00</CreDtTm>
    <Acct><Id><IBAN>${IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>${lines
      .map(
        (c) => `
      <Ntry><Amt Ccy="EUR">${c.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>${c.date}</Dt></BookgDt><AcctSvcrRef>${c.ref}</AcctSvcrRef>
        <NtryDtls><TxDtls><RltdPties><Dbtr><Nm>${c.name ?? 'Stripe Technology Europe Ltd'}</Nm></Dbtr></RltdPties>
        <RmtInf><Ustrd>${c.text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`,
      )
      .join('')}
  </Stmt></BkToCstmrStmt></Document>`;
}

describe(`Stripe payouts against the bank line (${backendName})`, () => {
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

  async function importLine(s: Shop, line: Parameters<typeof camt>[0][number]) {
    await importBankStatement(deps, s.t, camt([line]));
  }

  async function payoutsOf(s: Shop) {
    const page = await ok(s.reader.get('/v1/payments/payouts'), 200);
    return page as {
      items: { payoutId: string; matchState: string; bankLineId: string | null; note: string | null }[];
    };
  }

  it('payout first: the line cash application reads is booked Dr bank / Cr 1360, and 1360 nets to zero', async () => {
    const s = await shop();
    await s.payBoth(1045);
    assert.deepEqual(await s.balances(), { '1100': 0n, '1360': BigInt(NET), '6810': 1045n });
    const payout = payoutObject(NET, ARRIVAL);
    const paid = await s.deliver('payout.paid', payout);
    assert.equal(paid.status, 'recorded');
    const expected = await payoutsOf(s);
    assert.deepEqual(
      expected.items.map((p) => [p.payoutId, p.matchState, p.bankLineId]),
      [[payout.id, 'expected', null]],
    );
    // A look-alike: same amount from a customer (no Stripe in its text) stays the engine's.
    await importLine(s, {
      ref: 'B-OTHER',
      amount: '339.55',
      date: '2026-04-03',
      text: 'Rechnung Müller',
      name: 'Müller GmbH',
    });
    await importLine(s, { ref: 'B-PO', amount: '339.55', date: '2026-04-03', text: `STRIPE ${payout.id}` });
    const run = await runCashApplication(deps, s.t);
    const mine = run.results.find((l) => l.bankReference === 'B-PO');
    assert.equal(mine?.status, 'ignored', JSON.stringify(run.results));
    assert.match(mine?.reasons.join(' ') ?? '', new RegExp(payout.id));
    assert.notEqual(run.results.find((l) => l.bankReference === 'B-OTHER')?.status, 'ignored');
    assert.deepEqual(await s.balances(), { '1100': 0n, '1360': 0n, '6810': 1045n });
    const listed = (await payoutsOf(s)).items[0];
    assert.equal(listed?.matchState, 'matched');
    assert.ok(listed?.bankLineId);
    const line = await findLineWithVerdict(deps.db, s.t, listed.bankLineId);
    assert.equal((line?.decision as { payoutId?: string } | undefined)?.payoutId, payout.id);
    // Told again (a new event about the same payout), and a second run: nothing moves.
    const state = await tenantState(deps.db, s.t);
    assert.equal((await s.deliver('payout.paid', payout)).status, 'recorded');
    await runCashApplication(deps, s.t);
    assert.equal(await tenantState(deps.db, s.t), state);
    await assertInvariants(ctx, s.t);
  });

  it('line first: the payout event finds the line already reviewed and books it once', async () => {
    const s = await shop();
    await s.payBoth(1045);
    const payout = payoutObject(NET, ARRIVAL, { statementDescriptor: 'KUNDENSHOP' });
    await importLine(s, {
      ref: 'B-EARLY',
      amount: '339.55',
      date: '2026-04-01',
      text: 'KUNDENSHOP AUSZAHLUNG',
    });
    const run = await runCashApplication(deps, s.t);
    assert.notEqual(run.results[0]?.status, 'ignored');
    const event = await s.deliver('payout.paid', payout);
    assert.equal(event.status, 'booked');
    assert.deepEqual(await s.balances(), { '1100': 0n, '1360': 0n, '6810': 1045n });
    const listed = (await payoutsOf(s)).items[0];
    assert.deepEqual([listed?.matchState, listed?.bankLineId !== null], ['matched', true]);
    await assertInvariants(ctx, s.t);
  });

  it('an amount that differs is an exception for a person, not booked', async () => {
    const s = await shop();
    await s.payBoth(1045);
    const payout = payoutObject(NET, ARRIVAL);
    await s.deliver('payout.paid', payout);
    await importLine(s, {
      ref: 'B-SHORT',
      amount: '339.00',
      date: '2026-04-02',
      text: `STRIPE PAYOUT ${payout.id}`,
    });
    const run = await runCashApplication(deps, s.t);
    assert.equal(run.results[0]?.status, 'unmatched');
    assert.match(run.results[0]?.reasons.join(' ') ?? '', /amount differs/);
    assert.deepEqual(await s.balances(), { '1100': 0n, '1360': BigInt(NET), '6810': 1045n });
    assert.equal((await payoutsOf(s)).items[0]?.matchState, 'exception');
    const queue = await ok(s.reader.get('/v1/bank/transactions'), 200);
    assert.ok(JSON.stringify(queue).includes(payout.id), 'the review queue names the payout');
  });

  it('a payout failed after it was matched goes back to 1360 once; canceled before its line closes it', async () => {
    const s = await shop();
    await s.payBoth(1045);
    const payout = payoutObject(NET, ARRIVAL);
    await importLine(s, { ref: 'B-PO', amount: '339.55', date: '2026-04-02', text: `STRIPE ${payout.id}` });
    assert.equal((await s.deliver('payout.paid', payout)).status, 'booked');
    const failed = { ...payout, status: 'failed', failure_code: 'account_closed' };
    assert.equal((await s.deliver('payout.failed', failed, 'evt_po_failed')).status, 'booked');
    assert.equal((await s.deliver('payout.failed', failed, 'evt_po_failed')).status, 'duplicate');
    assert.equal((await s.deliver('payout.failed', failed)).status, 'recorded');
    assert.deepEqual(await s.balances(), { '1100': 0n, '1360': BigInt(NET), '6810': 1045n });
    const returned = (await payoutsOf(s)).items[0];
    assert.equal(returned?.matchState, 'returned');
    // The line is back in the review queue: the bank's return of it is a person's to settle.
    const line = await findLineWithVerdict(deps.db, s.t, returned?.bankLineId ?? '');
    assert.deepEqual(
      [line?.status, line?.decision && JSON.stringify(line.decision).includes(payout.id)],
      ['unmatched', true],
    );

    const canceled = payoutObject(500, ARRIVAL, { status: 'canceled' });
    assert.equal((await s.deliver('payout.canceled', canceled)).status, 'recorded');
    await importLine(s, { ref: 'B-5', amount: '5.00', date: '2026-04-02', text: `STRIPE ${canceled.id}` });
    assert.equal((await s.deliver('payout.paid', { ...canceled, status: 'paid' })).status, 'recorded');
    const states = (await payoutsOf(s)).items.map((p) => [p.payoutId, p.matchState]);
    assert.deepEqual(
      states.sort(),
      [
        [payout.id, 'returned'],
        [canceled.id, 'closed'],
      ].sort(),
    );
    await assertInvariants(ctx, s.t);
  });
});
