/**
 * Booking bank lines: a line is booked at most once, whatever runs at the same time, and each bank
 * account's cash account moves exactly as its booked lines less the refunds paid from it — which
 * the tie-out (`GET /v1/ledger/reconciliation`) proves, so that a double booking shows.
 */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import {
  BOOKING_BATCH,
  type CashApplicationRun,
  runCashApplication,
} from '../../src/modules/cash-application/cash-application.service.ts';
import { applyManually, ignoreLine } from '../../src/modules/cash-application/review.service.ts';
import {
  claimHolderOf,
  isGoneProcess,
  RUN_LEASE_SECONDS,
} from '../../src/modules/cash-application/run-claim.service.ts';
import { importRates } from '../../src/modules/fx/index.ts';
import { importCustomersCsv } from '../../src/modules/imports/customers-import.ts';
import { importInvoicesCsv } from '../../src/modules/imports/invoices-import.ts';
import { AppError } from '../../src/shared/errors.ts';
import { newId } from '../../src/shared/ids.ts';
import { type ApiTestContext, apiTenant, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';
import { assertInvariants, findViolations } from '../helpers/invariants.ts';

const OUR_IBAN = 'DE02120300000000202051';
const OUR_USD_ACCOUNT = 'DE44500105175407324931';

interface Credit {
  ref: string;
  amount: string;
  name?: string;
  iban?: string;
  text?: string;
}

function camt(id: string, entries: Credit[], account = OUR_IBAN, currency = 'EUR') {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>${id}</MsgId><CreDtTm>2026-03-06T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>${id}</Id><CreDtTm>2026-03-06T06:00:00</CreDtTm>
    <Acct><Id><IBAN>${account}</IBAN></Id><Ccy>${currency}</Ccy></Acct>${entries
      .map(
        (c) => `
      <Ntry><Amt Ccy="${currency}">${c.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>${c.ref}</AcctSvcrRef>
        <NtryDtls><TxDtls><RltdPties>${c.name ? `<Dbtr><Nm>${c.name}</Nm></Dbtr>` : ''}${c.iban ? `<DbtrAcct><Id><IBAN>${c.iban}</IBAN></Id></DbtrAcct>` : ''}</RltdPties>
          <RmtInf>${c.text ? `<Ustrd>${c.text}</Ustrd>` : ''}</RmtInf></TxDtls></NtryDtls></Ntry>`,
      )
      .join('')}
  </Stmt></BkToCstmrStmt></Document>`;
}

describe(`booking bank lines on ${backendName}`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-06T12:00:00Z');
  });
  after(() => ctx.close());

  /** A tenant with an accountant's key, and `call` bound to it. */
  async function setUp() {
    const { tenant, keys } = await apiTenant(ctx);
    const call = (method: 'GET' | 'POST', url: string, body?: unknown) =>
      ctx.app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${keys.accountant}`,
          ...(body !== undefined
            ? { 'content-type': typeof body === 'string' ? 'application/xml' : 'application/json' }
            : {}),
        },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
    return { tenantId: tenant.tenantId, call };
  }

  const lines = (tenantId: string) =>
    queryRows<{ transaction_id: string; ref: string; status: string; receipt_id: string | null }>(
      ctx.deps.db,
      sql`select transaction_id, bank_reference as ref, status, receipt_id from bank_transactions
          where tenant_id = ${tenantId} order by bank_reference`,
    );

  test('five runs at once: each line is booked once and names its receipt; the line cannot be booked again', async () => {
    const { tenantId, call } = await setUp();
    // Look-alike customers, and a payer name that is neither's.
    const nord = await makeCustomer(ctx.deps, tenantId, { name: 'Nordwind Logistik GmbH' });
    const nordOst = await makeCustomer(ctx.deps, tenantId, { name: 'Nordwind Logistik Ost GmbH' });
    const credits: Credit[] = [];
    for (let i = 0; i < 8; i++) {
      const who = i % 2 === 0 ? nord : nordOst;
      const amount = `${1000 + i * 37}.${String(10 + i).padStart(2, '0')}`;
      const inv = await issueInvoice(ctx.deps, tenantId, who.externalId, amount, {
        issueDate: `2026-02-0${1 + (i % 9)}`,
      });
      credits.push({ ref: `N${i}`, amount, name: who.name.toUpperCase(), text: `RE ${inv.number} DANKE` });
    }
    credits.push({ ref: 'U1', amount: '999.99', name: 'UNBEKANNT AG' });
    const imported = await call('POST', '/v1/bank/statements', camt('S1', credits));
    assert.equal(imported.statusCode, 201, imported.body);

    const runs = await Promise.all(
      Array.from({ length: 5 }, () => call('POST', '/v1/cash-application/run', {})),
    );
    for (const r of runs)
      assert.ok(r.statusCode === 200 || r.statusCode === 409, `${r.statusCode} ${r.body}`);
    const done = runs.filter((r) => r.statusCode === 200).map((r) => r.json());
    assert.ok(done.length >= 1, 'at least one run went through');
    for (const r of runs.filter((x) => x.statusCode === 409))
      assert.match(r.json().detail, /a cash application run is in progress/);
    // Every line was decided by exactly one run: no line is counted by two.
    assert.equal(
      done.reduce((n, r) => n + r.summary.lines, 0),
      credits.length,
      JSON.stringify(done.map((r) => r.summary)),
    );
    assert.equal(
      done.reduce((n, r) => n + r.summary.applied, 0),
      8,
    );

    const after = await lines(tenantId);
    const applied = after.filter((l) => l.ref.startsWith('N'));
    assert.deepEqual(
      applied.map((l) => l.status),
      Array(8).fill('applied'),
      JSON.stringify(after),
    );
    assert.ok(
      applied.every((l) => l.receipt_id !== null),
      'an applied line names its receipt',
    );
    const receipts = await queryRows<{ receipt_id: string }>(
      ctx.deps.db,
      sql`select receipt_id from receipts where tenant_id = ${tenantId}`,
    );
    assert.deepEqual(
      receipts.map((r) => r.receipt_id).sort(),
      applied.map((l) => l.receipt_id).sort(),
      'one receipt per line, each named by its line',
    );

    // Applying an applied line again is refused and books nothing.
    const first = applied[0];
    assert.ok(first);
    const again = await call('POST', `/v1/bank/transactions/${first.transaction_id}/apply`, {
      customer: nord.externalId,
      allocations: [],
    });
    assert.equal(again.statusCode, 409, again.body);
    const count = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from receipts where tenant_id = ${tenantId}`,
    );
    assert.deepEqual(count, [{ n: 8 }]);

    const tieOut = (await call('GET', '/v1/ledger/reconciliation')).json();
    assert.equal(tieOut.balanced, true, JSON.stringify(tieOut));
    await assertInvariants(ctx, tenantId);
  });

  test('runs at once through the service while a person applies and ignores lines: no verdict is written over another', async () => {
    const { tenantId, call } = await setUp();
    const acme = await makeCustomer(ctx.deps, tenantId, { name: 'Acme Trading GmbH' });
    const credits: Credit[] = [];
    const invoices = [];
    for (let i = 0; i < 6; i++) {
      const inv = await issueInvoice(ctx.deps, tenantId, acme.externalId, `${200 + i}.00`);
      invoices.push(inv);
      credits.push({ ref: `A${i}`, amount: `${200 + i}.00`, name: 'ACME TRADING', text: `${inv.number}` });
    }
    await call('POST', '/v1/bank/statements', camt('S1', credits));
    const [l0, l1] = await lines(tenantId);
    assert.ok(l0 && l1);
    const settled = await Promise.allSettled([
      runCashApplication(ctx.deps, tenantId),
      applyManually(ctx.deps, tenantId, l0.transaction_id, {
        customer: acme.externalId,
        allocations: [{ invoice: invoices[0]?.number ?? '', amount: '200.00' }],
      }),
      ignoreLine(ctx.deps, tenantId, l1.transaction_id, 'returned to sender'),
      runCashApplication(ctx.deps, tenantId),
      runCashApplication(ctx.deps, tenantId),
    ]);
    for (const s of settled)
      if (s.status === 'rejected')
        assert.ok(
          s.reason instanceof AppError && ['conflict', 'invalid_state'].includes(s.reason.code),
          String(s.reason),
        );
    const ran = settled.flatMap((s, i) =>
      s.status === 'fulfilled' && [0, 3, 4].includes(i) ? [s.value as CashApplicationRun] : [],
    );
    assert.ok(ran.length >= 1, 'at least one run went through');
    const after = await lines(tenantId);
    for (const l of after) {
      assert.ok(['applied', 'ignored'].includes(l.status), JSON.stringify(after));
      assert.equal(l.status === 'applied', l.receipt_id !== null, JSON.stringify(l));
    }
    const receipts = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from receipts where tenant_id = ${tenantId}`,
    );
    assert.deepEqual(receipts, [{ n: after.filter((l) => l.status === 'applied').length }]);
    assert.equal(
      ran.reduce((n, r) => n + r.summary.applied, 0) + (settled[1]?.status === 'fulfilled' ? 1 : 0),
      after.filter((l) => l.status === 'applied').length,
      'every applied line was booked by exactly one of them',
    );
    await assertInvariants(ctx, tenantId);
  });

  test('a run of more than two batches books one batch while it decides the next: each line once, as decided, a person’s verdict kept', async () => {
    const { tenantId, call } = await setUp();
    const count = BOOKING_BATCH * 2 + 37;
    await importCustomersCsv(
      ctx.deps,
      tenantId,
      `external_id,name,country,currency\n${Array.from({ length: 40 }, (_, c) => `K${c},Kunde ${c} GmbH,DE,EUR`).join('\n')}\n`,
    );
    // Every third line pays nothing open (a suggestion or unmatched), the others one invoice each.
    const rows = Array.from({ length: count }, (_, i) => ({
      number: `B-${100_000 + i}`,
      amount: `${10 + (i % 97)}.${String(i % 100).padStart(2, '0')}`,
    }));
    await importInvoicesCsv(
      ctx.deps,
      tenantId,
      `number,customer_external_id,issue_date,currency,total\n${rows.map((r, i) => `${r.number},K${i % 40},2026-02-01,EUR,${r.amount}`).join('\n')}\n`,
    );
    const credits = rows.map((r, i) => ({
      ref: `P${String(i).padStart(5, '0')}`,
      amount: r.amount,
      text: i % 3 === 2 ? 'Zahlung' : r.number,
    }));
    assert.equal((await call('POST', '/v1/bank/statements', camt('BIG', credits))).statusCode, 201);
    const dry = await runCashApplication(ctx.deps, tenantId, { dryRun: true });
    const person = (await lines(tenantId))[BOOKING_BATCH + 5];
    assert.ok(person);
    const [run] = await Promise.all([
      runCashApplication(ctx.deps, tenantId),
      ignoreLine(ctx.deps, tenantId, person.transaction_id, 'returned to sender').catch(() => null),
    ]);
    const after = await lines(tenantId);
    const ignoredByPerson =
      after.find((l) => l.transaction_id === person.transaction_id)?.status === 'ignored';
    assert.equal(run.summary.lines, count - (ignoredByPerson ? 1 : 0));
    // Line for line what the dry run decided: booking while deciding changes no decision.
    const decidedBefore = new Map(dry.results.map((r) => [r.bankReference, r]));
    for (const r of run.results) assert.deepEqual(r, decidedBefore.get(r.bankReference));
    const applied = after.filter((l) => l.status === 'applied');
    assert.equal(
      applied.length,
      dry.summary.applied - (ignoredByPerson ? 1 : 0),
      'every line the dry run applied, but the person’s',
    );
    assert.equal(run.summary.applied, applied.length);
    assert.ok(applied.every((l) => l.receipt_id !== null));
    const receipts = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from receipts where tenant_id = ${tenantId}`,
    );
    assert.deepEqual(receipts, [{ n: applied.length }]);
    assert.equal((await call('GET', '/v1/ledger/reconciliation')).json().balanced, true);
    await assertInvariants(ctx, tenantId);
  });

  /** A tenant with one invoice and the bank line that pays it, waiting for a run. */
  async function oneLineToApply() {
    const tenant = await setUp();
    const acme = await makeCustomer(ctx.deps, tenant.tenantId, { name: 'Acme Trading GmbH' });
    const inv = await issueInvoice(ctx.deps, tenant.tenantId, acme.externalId, '310.00');
    await tenant.call(
      'POST',
      '/v1/bank/statements',
      camt('S1', [{ ref: 'C1', amount: '310.00', text: `${inv.number}` }]),
    );
    return tenant;
  }

  test('a run is refused while another holds the claim, a dry run is not, and a claim left by a dead process lapses', async () => {
    const { tenantId, call } = await oneLineToApply();
    // Another process's run, alive a moment ago.
    await ctx.deps.db.execute(
      sql`insert into cash_application_runs (tenant_id, run_id, started_at, heartbeat_at)
          values (${tenantId}, ${newId()}, now() - interval '2 minutes', now() - interval '10 seconds')`,
    );
    const refused = await call('POST', '/v1/cash-application/run', {});
    assert.equal(refused.statusCode, 409, refused.body);
    assert.match(refused.json().detail, /a cash application run is in progress \(started 20\d\d-/);
    assert.deepEqual(
      (await lines(tenantId)).map((l) => l.status),
      ['new'],
      'nothing decided',
    );
    const dry = await call('POST', '/v1/cash-application/run', { dryRun: true });
    assert.equal(dry.statusCode, 200, dry.body);
    assert.equal(dry.json().summary.applied, 1);

    // Its process died: no heartbeat for longer than the lease.
    await ctx.deps.db.execute(
      sql`update cash_application_runs set heartbeat_at = now() - make_interval(secs => ${RUN_LEASE_SECONDS + 1})
          where tenant_id = ${tenantId}`,
    );
    const taken = await call('POST', '/v1/cash-application/run', {});
    assert.equal(taken.statusCode, 200, taken.body);
    assert.equal(taken.json().summary.applied, 1);
    const claims = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from cash_application_runs where tenant_id = ${tenantId}`,
    );
    assert.deepEqual(claims, [{ n: 0 }], 'the run gave its claim up');
    await assertInvariants(ctx, tenantId);
  });

  test('a claim of a process of this host that is gone is taken over at once; a live one is not', async () => {
    const { tenantId, call } = await oneLineToApply();
    const claimBy = (holder: string) =>
      ctx.deps.db.execute(
        sql`insert into cash_application_runs (tenant_id, run_id, holder, heartbeat_at)
            values (${tenantId}, ${newId()}, ${holder}, now())
            on conflict (tenant_id) do update set run_id = excluded.run_id, holder = excluded.holder, heartbeat_at = now()`,
      );
    // A live process of this host (the parent of this test process) still holds it: refused.
    const parent = claimHolderOf(process.ppid);
    await claimBy(parent);
    assert.equal((await call('POST', '/v1/cash-application/run', {})).statusCode, 409);
    // Another host's process is never judged from here: refused until its lease lapses.
    await claimBy(JSON.stringify({ ...JSON.parse(parent), host: 'another-host.example' }));
    assert.equal((await call('POST', '/v1/cash-application/run', {})).statusCode, 409);
    assert.ok(!isGoneProcess(claimHolderOf(process.pid)), 'this process is alive');
    // The parent's PID, recorded with another start time: a process that reused the PID, not the claimant.
    assert.equal(
      isGoneProcess(JSON.stringify({ ...JSON.parse(parent), start: '1' })),
      JSON.parse(parent).start !== null,
      'a reused PID is not the claimant (where /proc gives start times)',
    );
    // A process of this host killed mid-run (its pid no longer exists): taken over at once.
    const dead = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
    await claimBy(claimHolderOf(Number(dead.stdout.toString())));
    const taken = await call('POST', '/v1/cash-application/run', {});
    assert.equal(taken.statusCode, 200, taken.body);
    assert.equal(taken.json().summary.applied, 1);
    await assertInvariants(ctx, tenantId);
  });

  test('a line a rule posted is booked: it can be neither ignored again nor applied', async () => {
    const { tenantId, call } = await setUp();
    const acme = await makeCustomer(ctx.deps, tenantId, { name: 'Acme Trading GmbH' });
    const rule = await call('POST', '/v1/cash-application/rules', {
      name: 'Card settlements',
      conditions: { textMatches: 'KARTENUMSATZ' },
      action: { type: 'post', accountCode: '4000' },
    });
    assert.equal(rule.statusCode, 201, rule.body);
    await call(
      'POST',
      '/v1/bank/statements',
      camt('S1', [{ ref: 'K1', amount: '88.20', name: 'PAYONE GMBH', text: 'KARTENUMSATZ 05.03.' }]),
    );
    const run = (await call('POST', '/v1/cash-application/run', {})).json();
    assert.equal(run.summary.ignored, 1, JSON.stringify(run));
    const [line] = await lines(tenantId);
    assert.ok(line);
    const ignored = await call('POST', `/v1/bank/transactions/${line.transaction_id}/ignore`, {
      reason: 'not ours',
    });
    assert.equal(ignored.statusCode, 409, ignored.body);
    const applied = await call('POST', `/v1/bank/transactions/${line.transaction_id}/apply`, {
      customer: acme.externalId,
      allocations: [],
    });
    assert.equal(applied.statusCode, 409, applied.body);
    const tieOut = (await call('GET', '/v1/ledger/reconciliation')).json();
    assert.equal(tieOut.balanced, true, JSON.stringify(tieOut));
    assert.equal(tieOut.bankAccounts[0].bookedLines, '88.20');
    await assertInvariants(ctx, tenantId);
  });

  test('statements of two new bank accounts imported at once: each gets a cash account of its own', async () => {
    const { call } = await setUp();
    const imports = await Promise.all([
      call('POST', '/v1/bank/statements', camt('S1', [{ ref: 'X1', amount: '1.00' }], OUR_IBAN)),
      call('POST', '/v1/bank/statements', camt('S2', [{ ref: 'X2', amount: '2.00' }], OUR_USD_ACCOUNT)),
    ]);
    for (const r of imports) assert.equal(r.statusCode, 201, r.body);
    const codes = imports.map((r) => r.json().statements[0].ledgerAccount).sort();
    assert.deepEqual(codes, ['1201', '1202']);
  });

  test('the tie-out compares each bank account’s cash account with its booked lines: a double booking shows', async () => {
    const { tenantId, call } = await setUp();
    const acme = await makeCustomer(ctx.deps, tenantId, { name: 'Acme Trading GmbH' });
    const inv = await issueInvoice(ctx.deps, tenantId, acme.externalId, '700.00');
    await call(
      'POST',
      '/v1/bank/statements',
      camt('S1', [{ ref: 'D1', amount: '700.00', name: 'ACME TRADING', text: `${inv.number}` }]),
    );
    const run = await call('POST', '/v1/cash-application/run', {});
    assert.equal(run.json().summary.applied, 1, run.body);
    const balanced = (await call('GET', '/v1/ledger/reconciliation')).json();
    assert.equal(balanced.balanced, true, JSON.stringify(balanced));
    assert.deepEqual(
      balanced.bankAccounts.map((b: Record<string, unknown>) => ({
        account: b.account,
        cashAccount: b.cashAccount,
        ledger: b.ledger,
        bookedLines: b.bookedLines,
        refunds: b.refunds,
        difference: b.difference,
      })),
      [
        {
          account: OUR_IBAN,
          cashAccount: '1201',
          ledger: '700.00',
          bookedLines: '700.00',
          refunds: '0.00',
          difference: '0.00',
        },
      ],
    );

    // What the race used to leave behind: the line back in the queue without its receipt…
    const [line] = await lines(tenantId);
    assert.ok(line);
    await ctx.deps.db.execute(
      sql`update bank_transactions set status = 'suggested', receipt_id = null
          where tenant_id = ${tenantId} and transaction_id = ${line.transaction_id}`,
    );
    const lost = (await call('GET', '/v1/ledger/reconciliation')).json();
    assert.equal(lost.balanced, false, 'money on the cash account that no booked line explains');
    assert.equal(lost.bankAccounts[0].difference, '700.00');
    // …and a person then books the payment a second time.
    const twice = await call('POST', `/v1/bank/transactions/${line.transaction_id}/apply`, {
      customer: acme.externalId,
      allocations: [],
    });
    assert.equal(twice.statusCode, 200, twice.body);
    const doubled = (await call('GET', '/v1/ledger/reconciliation')).json();
    assert.equal(doubled.balanced, false);
    assert.equal(doubled.bankAccounts[0].ledger, '1400.00');
    assert.equal(doubled.bankAccounts[0].bookedLines, '700.00');
    assert.equal(doubled.bankAccounts[0].difference, '700.00');
    assert.ok(
      (await findViolations(ctx, tenantId)).some((p) => p.includes('cash account')),
      'the invariants see it too',
    );
  });

  test('a refund of cash-applied money leaves from that bank account’s own cash account, on every booking path', async () => {
    const { tenantId, call } = await setUp();
    const acme = await makeCustomer(ctx.deps, tenantId, { name: 'Acme Trading GmbH' });
    const usd = await makeCustomer(ctx.deps, tenantId, { name: 'Globex Corp', currency: 'USD' });
    const eur = await issueInvoice(ctx.deps, tenantId, acme.externalId, '1000.00');
    const dollars = await issueInvoice(ctx.deps, tenantId, usd.externalId, '500.00', {
      currency: 'USD',
      fxRate: '0.9',
    });
    // Paid 1,200.00 for 1,000.00 (bulk path), 600 USD for 500 USD (one-by-one path), and 300.00 that
    // a person applies (single-line path): each leaves unapplied cash to refund.
    await call(
      'POST',
      '/v1/bank/statements',
      camt('S1', [
        { ref: 'E1', amount: '1200.00', name: 'ACME TRADING', text: `${eur.number}` },
        { ref: 'E2', amount: '300.00', name: 'SOMEONE ELSE' },
      ]),
    );
    await call(
      'POST',
      '/v1/bank/statements',
      camt(
        'S2',
        [{ ref: 'U1', amount: '600.00', name: 'GLOBEX CORP', text: `${dollars.number}` }],
        OUR_USD_ACCOUNT,
        'USD',
      ),
    );
    const run = (await call('POST', '/v1/cash-application/run', {})).json();
    assert.equal(run.summary.applied, 2, JSON.stringify(run));
    const byRef = new Map((await lines(tenantId)).map((l) => [l.ref, l]));
    const manual = await call('POST', `/v1/bank/transactions/${byRef.get('E2')?.transaction_id}/apply`, {
      customer: acme.externalId,
      allocations: [],
    });
    assert.equal(manual.statusCode, 200, manual.body);
    const refunded = new Map((await lines(tenantId)).map((l) => [l.ref, l]));
    for (const [ref, amount] of [
      ['E1', '200.00'],
      ['U1', '100.00'],
      ['E2', '300.00'],
    ] as const) {
      const receiptId = refunded.get(ref)?.receipt_id;
      assert.ok(receiptId, ref);
      const res = await call('POST', `/v1/receipts/${receiptId}/refund`, { reason: 'paid too much' });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().disbursements?.[0]?.amount ?? amount, amount);
    }
    const credited = await queryRows<{ account_code: string; currency: string; amount_minor: bigint }>(
      ctx.deps.db,
      sql`select l.account_code, l.currency, l.amount_minor from journal_entries e
          join journal_lines l on l.tenant_id = e.tenant_id and l.entry_id = e.entry_id
          where e.tenant_id = ${tenantId} and e.event_code = 'receipt.refunded' and l.amount_minor < 0
          order by l.amount_minor`,
    );
    assert.deepEqual(credited, [
      { account_code: '1201', currency: 'EUR', amount_minor: -300_00n },
      { account_code: '1201', currency: 'EUR', amount_minor: -200_00n },
      { account_code: '1202', currency: 'USD', amount_minor: -100_00n },
    ]);
    const tieOut = (await call('GET', '/v1/ledger/reconciliation')).json();
    assert.equal(tieOut.balanced, true, JSON.stringify(tieOut));
    assert.deepEqual(
      tieOut.bankAccounts.map((b: Record<string, string>) => [
        b.cashAccount,
        b.currency,
        b.ledger,
        b.refunds,
      ]),
      [
        ['1201', 'EUR', '1000.00', '500.00'],
        ['1202', 'USD', '500.00', '100.00'],
      ],
    );
    await assertInvariants(ctx, tenantId);
  });

  test('a USD bank line is recorded at the rate in force on its booking date, and applying it books the realised difference', async () => {
    const { tenantId, call } = await setUp();
    const globex = await makeCustomer(ctx.deps, tenantId, { name: 'Globex Corp', currency: 'USD' });
    const globexUk = await makeCustomer(ctx.deps, tenantId, { name: 'Globex Corp UK', currency: 'USD' });
    // EUR per USD: 1 / 1.25 = 0.8 on 03-05 (the lines' booking date); the invoices were issued at 0.9 and 0.85.
    await importRates(ctx.deps.db, tenantId, 'date,currency,rate\n2026-03-04,USD,1.25\n');
    const first = await issueInvoice(ctx.deps, tenantId, globex.externalId, '500.00', {
      currency: 'USD',
      fxRate: '0.9',
    });
    const second = await issueInvoice(ctx.deps, tenantId, globexUk.externalId, '200.00', {
      currency: 'USD',
      fxRate: '0.85',
    });
    await call(
      'POST',
      '/v1/bank/statements',
      camt(
        'FX1',
        [
          { ref: 'U1', amount: '500.00', name: 'GLOBEX CORP', text: first.number ?? '' },
          { ref: 'U2', amount: '200.00', name: 'GLOBEX CORP UK', text: second.number ?? '' },
        ],
        OUR_USD_ACCOUNT,
        'USD',
      ),
    );
    const run = (await call('POST', '/v1/cash-application/run', {})).json();
    assert.equal(run.summary.applied, 2, JSON.stringify(run));
    const rates = await queryRows<{ fx_rate: string }>(
      ctx.deps.db,
      sql`select fx_rate::text from receipts where tenant_id = ${tenantId} order by fx_rate`,
    );
    assert.deepEqual(rates, [{ fx_rate: '0.8000000000' }, { fx_rate: '0.8000000000' }]);
    const realised = await queryRows<{ event_code: string; base: bigint }>(
      ctx.deps.db,
      sql`select e.event_code, l.base_amount_minor as base
            from journal_lines l
            join journal_entries e on e.tenant_id = l.tenant_id and e.entry_id = l.entry_id
           where l.tenant_id = ${tenantId} and l.account_code = '7900'
           order by l.base_amount_minor`,
    );
    // Realised loss: 500 × (0.9 − 0.8) = 50.00 and 200 × (0.85 − 0.8) = 10.00, each a debit.
    assert.deepEqual(realised, [
      { event_code: 'receipt.allocated', base: 10_00n },
      { event_code: 'receipt.allocated', base: 50_00n },
    ]);
    await assertInvariants(ctx, tenantId);
  });
});
