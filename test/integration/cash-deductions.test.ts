/**
 * Short payments with a reason become disputes: a bank line paying 880.00 of a 1,000.00 invoice
 * with `INV-… abzgl. 120,00 EUR Transportschaden` is applied for 880.00, the 120.00 stays open, and
 * a dispute on the invoice for 120.00 quotes the payer — in the booking's transaction, whichever
 * path books it (the run, accepting a suggestion, applying by hand). Dunning holds the invoice.
 * Unapplying leaves the dispute and says so on its thread.
 *
 * The booking paths are driven with proposals that carry the deduction themselves, so they are
 * tested whatever the engine proposes; the end-to-end runs at the bottom read the deduction from
 * the remittance text through the engine.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows, withTransaction } from '../../src/db/client.ts';
import { findLineWithVerdict, recordVerdicts } from '../../src/modules/bank/index.ts';
import type { Proposal } from '../../src/modules/cash-application/engine.ts';
import { bookLinesInTx } from '../../src/modules/cash-application/line-booking.service.ts';
import { proposalJson } from '../../src/modules/cash-application/stored-decision.ts';
import { dunningSeams } from '../../src/modules/communication/dunning-letters.service.ts';
import { runDunning } from '../../src/modules/dunning/run.service.ts';
import { getInvoiceRowOrThrow } from '../../src/modules/invoices/invoice-queries.service.ts';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { createExamplePolicy } from '../helpers/dunning.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';
import { assertInvariants } from '../helpers/invariants.ts';

interface Credit {
  ref: string;
  amount: string;
  name?: string;
  text?: string;
}

const xml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;');

function camt(id: string, entries: Credit[]) {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>${id}</MsgId><CreDtTm>2026-03-06T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>${id}</Id><CreDtTm>2026-03-06T06:00:00</CreDtTm>
    <Acct><Id><IBAN>DE89370400440532013000</IBAN></Id><Ccy>EUR</Ccy></Acct>${entries
      .map(
        (c) => `
      <Ntry><Amt Ccy="EUR">${c.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-03-05</Dt></BookgDt><AcctSvcrRef>${c.ref}</AcctSvcrRef>
        <NtryDtls><TxDtls><RltdPties>${c.name ? `<Dbtr><Nm>${xml(c.name)}</Nm></Dbtr>` : ''}</RltdPties>
          <RmtInf>${c.text ? `<Ustrd>${xml(c.text)}</Ustrd>` : ''}</RmtInf></TxDtls></NtryDtls></Ntry>`,
      )
      .join('')}
  </Stmt></BkToCstmrStmt></Document>`;
}

const PAYER = 'Spedition Krüger GmbH & Co. KG';

describe(`short payments with a reason become disputes on ${backendName}`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-06T12:00:00Z');
  });
  after(() => ctx.close());

  /**
   * A tenant with the dunning example policy, Krüger's invoice of 1,000.00 (due 2026-03-03) and a
   * statement of `lines` imported; `api` is an accountant's client.
   */
  async function setUp(lines: (number: string) => Credit[]) {
    const { tenant, keys } = await apiTenant(ctx);
    const tenantId = tenant.tenantId;
    const api = client(ctx.app, keys.accountant);
    await createExamplePolicy(ctx, tenantId);
    const customer = await makeCustomer(ctx.deps, tenantId, { name: PAYER });
    const invoice = await issueInvoice(ctx.deps, tenantId, customer.externalId, '1000.00', {
      issueDate: '2026-02-01',
      paymentTerms: 'NET30',
    });
    const number = invoice.number ?? '';
    const imported = await ctx.app.inject({
      method: 'POST',
      url: '/v1/bank/statements',
      headers: { authorization: `Bearer ${keys.accountant}`, 'content-type': 'application/xml' },
      payload: camt(`S-${number}`, lines(number)),
    });
    assert.equal(imported.statusCode, 201, imported.body);
    const line = async (ref: string, status = 'new') => {
      const items = (await api.get(`/v1/bank/transactions?status=${status}`)).body.items as {
        id: string;
        bankReference: string;
      }[];
      const item = items.find((i) => i.bankReference === ref);
      assert.ok(item, `line ${ref} is ${status}`);
      return item.id;
    };
    return { tenantId, keys, api, customer, invoice, number, line };
  }

  /** The proposal the engine makes of 880.00 on the invoice with 120.00 deducted for `reason`. */
  function shortPayment(customerId: string, invoiceId: string, number: string, reason: string): Proposal {
    return {
      customerId,
      allocations: [{ invoiceId, number, amountMinor: 880_00n }],
      adjustments: [],
      unappliedMinor: 0n,
      confidence: 0.98,
      reasons: [`reference ${number}`, 'partial payment: the rest stays open'],
      deduction: { kind: 'short_payment', invoiceId, amountMinor: 120_00n, reason },
    };
  }

  async function disputesOf(api: ReturnType<typeof client>, invoiceId: string) {
    const res = await api.get(`/v1/disputes?invoiceId=${invoiceId}`);
    assert.equal(res.status, 200, res.text);
    return res.body.items as {
      id: string;
      amount: string;
      reason: string;
      status: string;
      openedBy: unknown;
    }[];
  }

  async function notesOf(api: ReturnType<typeof client>, disputeId: string): Promise<string[]> {
    const res = await api.get(`/v1/disputes/${disputeId}`);
    assert.equal(res.status, 200, res.text);
    return (res.body.notes as { text: string }[]).map((n) => n.text);
  }

  async function systemEvents(tenantId: string, event: string) {
    return queryRows<{ text: string; author_name: string }>(
      ctx.deps.db,
      sql`select text, author_name from activities where tenant_id = ${tenantId} and event = ${event}
          order by occurred_at, activity_id`,
    );
  }

  test('booking a deduction opens a dispute in the same transaction; dunning holds the invoice; unapply keeps it', async () => {
    const s = await setUp((n) => [
      { ref: 'B-123', amount: '880.00', name: PAYER, text: `${n} abzgl. 120,00 EUR Transportschaden` },
    ]);
    const lineId = await s.line('B-123');
    const row = await findLineWithVerdict(ctx.deps.db, s.tenantId, lineId);
    assert.ok(row);
    const proposal = shortPayment(s.customer.id, s.invoice.invoiceId, s.number, 'Transportschaden');
    await withTransaction(ctx.deps.db, (tx) =>
      bookLinesInTx(tx, ctx.deps, s.tenantId, [{ line: row, proposal, how: 'auto' }]),
    );

    const invoice = await getInvoiceRowOrThrow(ctx.deps.db, s.tenantId, s.invoice.invoiceId);
    assert.equal(invoice.openMinor, 120_00n, 'the deducted 120.00 stays open');
    assert.equal(invoice.status, 'partially_paid');
    const [dispute, ...more] = await disputesOf(s.api, s.invoice.invoiceId);
    assert.ok(dispute);
    assert.equal(more.length, 0);
    assert.equal(dispute.amount, '120.00');
    assert.equal(dispute.reason, 'quality', 'damaged goods');
    assert.equal(dispute.status, 'open');
    assert.deepEqual(await notesOf(s.api, dispute.id), [
      'Short payment of EUR 120.00: "Transportschaden" (bank line B-123)',
    ]);
    const [opened] = await systemEvents(s.tenantId, 'dispute_opened');
    assert.equal(opened?.author_name, 'cash application');
    assert.equal(
      opened?.text,
      `Dispute opened on ${s.number} (quality): EUR 120.00 of EUR 120.00 open — Short payment of EUR 120.00: "Transportschaden" (bank line B-123)`,
    );
    const applied = (await s.api.get('/v1/bank/transactions?status=applied')).body.items[0];
    assert.deepEqual(applied.deduction, {
      kind: 'short_payment',
      invoiceId: s.invoice.invoiceId,
      invoiceNumber: s.number,
      amount: '120.00',
      reason: 'Transportschaden',
      disputeId: dispute.id,
    });
    await assertInvariants(ctx, s.tenantId);

    // Dunning holds the disputed invoice (a reminder is due: it fell due on 2026-03-03); another
    // customer's invoice due the same day gets its letter, so the hold is the dispute's doing.
    const other = await makeCustomer(ctx.deps, s.tenantId, { name: 'Ohne Streit AG' });
    const plain = await issueInvoice(ctx.deps, s.tenantId, other.externalId, '500.00', {
      issueDate: '2026-02-01',
      paymentTerms: 'NET30',
    });
    const dunning = await runDunning(
      ctx.deps,
      s.tenantId,
      { asOf: '2026-03-06', dryRun: true },
      dunningSeams(ctx.deps),
    );
    assert.deepEqual(
      dunning.skipped.filter((k) => k.invoiceIds.includes(s.invoice.invoiceId)).map((k) => k.reason),
      ['disputed'],
    );
    assert.deepEqual(
      dunning.letters.map((l) => l.customerId),
      [other.id],
      `a letter for ${plain.number} only`,
    );

    // Unapply: the invoice is open for 1,000.00 again, the dispute stays open and says why.
    const unapplied = await s.api.post(`/v1/bank/transactions/${lineId}/unapply`);
    assert.equal(unapplied.status, 200, unapplied.text);
    assert.equal(
      (await getInvoiceRowOrThrow(ctx.deps.db, s.tenantId, s.invoice.invoiceId)).openMinor,
      1000_00n,
    );
    const [still] = await disputesOf(s.api, s.invoice.invoiceId);
    assert.equal(still?.status, 'open');
    assert.equal(still?.amount, '120.00');
    const notes = await notesOf(s.api, dispute.id);
    assert.equal(notes.length, 2);
    assert.match(
      notes[1] ?? '',
      /^The payment of bank line B-123 that deducted EUR 120\.00 \("Transportschaden"\) was unapplied; the dispute stays as it is/,
    );
    const [noted] = await systemEvents(s.tenantId, 'dispute_noted');
    assert.match(
      noted?.text ?? '',
      new RegExp(`^Dispute on ${s.number} \\(open\\): The payment of bank line B-123`),
    );
    await assertInvariants(ctx, s.tenantId);

    // Applied again by hand with the same deduction: no second dispute, a note on the open one.
    const again = await s.api.post(`/v1/bank/transactions/${lineId}/apply`, {
      customer: s.customer.externalId,
      allocations: [{ invoice: s.number, amount: '880.00' }],
      deduction: { invoice: s.number, amount: '120.00', reason: 'Transportschaden' },
    });
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.deduction.disputeId, dispute.id);
    assert.equal((await disputesOf(s.api, s.invoice.invoiceId)).length, 1);
    assert.equal((await notesOf(s.api, dispute.id)).length, 3);
    assert.equal((await systemEvents(s.tenantId, 'dispute_opened')).length, 1);
    assert.equal(
      (await getInvoiceRowOrThrow(ctx.deps.db, s.tenantId, s.invoice.invoiceId)).openMinor,
      120_00n,
    );
    await assertInvariants(ctx, s.tenantId);
  });

  test('two deductions on one invoice booked in one batch: the first opens the dispute, the second is a note on it', async () => {
    const s = await setUp(() => [
      { ref: 'B-201', amount: '500.00', name: PAYER, text: 'abzgl. 100,00 Transportschaden' },
      { ref: 'B-202', amount: '300.00', name: PAYER, text: 'abzgl. 50,00 Preisdifferenz' },
    ]);
    const rows = await Promise.all(
      ['B-201', 'B-202'].map(async (ref) => findLineWithVerdict(ctx.deps.db, s.tenantId, await s.line(ref))),
    );
    const [first, second] = rows;
    assert.ok(first && second);
    const paying = (amount: bigint, deducted: bigint, reason: string): Proposal => ({
      ...shortPayment(s.customer.id, s.invoice.invoiceId, s.number, reason),
      allocations: [{ invoiceId: s.invoice.invoiceId, number: s.number, amountMinor: amount }],
      deduction: { kind: 'short_payment', invoiceId: s.invoice.invoiceId, amountMinor: deducted, reason },
    });
    await withTransaction(ctx.deps.db, (tx) =>
      bookLinesInTx(tx, ctx.deps, s.tenantId, [
        { line: first, proposal: paying(500_00n, 100_00n, 'Transportschaden'), how: 'auto' },
        { line: second, proposal: paying(300_00n, 50_00n, 'Preisdifferenz'), how: 'auto' },
      ]),
    );
    const [dispute, ...more] = await disputesOf(s.api, s.invoice.invoiceId);
    assert.ok(dispute);
    assert.equal(more.length, 0, 'one dispute for both deductions');
    assert.equal(dispute.amount, '100.00', 'opened by the first deduction');
    assert.deepEqual(await notesOf(s.api, dispute.id), [
      'Short payment of EUR 100.00: "Transportschaden" (bank line B-201)',
      'Short payment of EUR 50.00: "Preisdifferenz" (bank line B-202)',
    ]);
    const opened = await systemEvents(s.tenantId, 'dispute_opened');
    assert.equal(opened.length, 1);
    assert.match(opened[0]?.text ?? '', /EUR 100\.00 of EUR 200\.00 open/);
    const noted = await systemEvents(s.tenantId, 'dispute_noted');
    assert.equal(noted.length, 1);
    assert.match(noted[0]?.text ?? '', /\(open\): Short payment of EUR 50\.00/);
    for (const row of rows) {
      const booked = await findLineWithVerdict(ctx.deps.db, s.tenantId, row?.transaction_id ?? '');
      assert.equal(booked?.status, 'applied');
      assert.equal((booked?.decision as { disputeId?: string } | undefined)?.disputeId, dispute.id);
    }
    await assertInvariants(ctx, s.tenantId);
  });

  test('accepting a suggestion that carries a deduction opens its dispute (price difference → pricing)', async () => {
    const s = await setUp((n) => [
      { ref: 'B-200', amount: '880.00', name: 'KRUEGER SPEDITION', text: `RE ${n} abzgl. Preisdifferenz` },
    ]);
    const lineId = await s.line('B-200');
    const suggestion = shortPayment(s.customer.id, s.invoice.invoiceId, s.number, 'Preisdifferenz');
    await withTransaction(ctx.deps.db, (tx) =>
      recordVerdicts(tx, s.tenantId, [
        {
          transactionId: lineId,
          expected: 'new',
          status: 'suggested',
          customerId: s.customer.id,
          confidence: suggestion.confidence,
          decision: { suggestions: [proposalJson(suggestion)], reasons: ['the payer name is only similar'] },
          receiptId: null,
        },
      ]),
    );
    const queued = (await s.api.get('/v1/bank/transactions')).body.items[0];
    assert.deepEqual(queued.suggestions[0].deduction, {
      kind: 'short_payment',
      invoiceId: s.invoice.invoiceId,
      invoiceNumber: s.number,
      amount: '120.00',
      reason: 'Preisdifferenz',
    });
    assert.equal(queued.deduction, null, 'nothing booked yet');

    const accepted = await s.api.post(`/v1/bank/transactions/${lineId}/accept`, {});
    assert.equal(accepted.status, 200, accepted.text);
    const [dispute] = await disputesOf(s.api, s.invoice.invoiceId);
    assert.equal(dispute?.reason, 'pricing');
    assert.equal(dispute?.amount, '120.00');
    assert.equal(accepted.body.deduction.disputeId, dispute?.id);
    assert.deepEqual(await notesOf(s.api, dispute?.id ?? ''), [
      'Short payment of EUR 120.00: "Preisdifferenz" (bank line B-200)',
    ]);
    assert.equal(
      (await getInvoiceRowOrThrow(ctx.deps.db, s.tenantId, s.invoice.invoiceId)).openMinor,
      120_00n,
    );
    await assertInvariants(ctx, s.tenantId);
  });

  test('an invoice already in dispute gets a note, not a second dispute; a deduction that does not fit books nothing', async () => {
    const s = await setUp(() => [
      { ref: 'B-300', amount: '880.00', name: PAYER, text: 'abzgl. 120,00 Mengendifferenz' },
    ]);
    const lineId = await s.line('B-300', 'new');
    const collector = client(ctx.app, s.keys.collector);
    const opened = await collector.post('/v1/disputes', {
      invoice: s.number,
      reason: 'quantity',
      amount: '200.00',
      note: 'customer called: 3 cartons missing',
    });
    assert.equal(opened.status, 201, opened.text);
    const count = async (table: 'receipts' | 'disputes' | 'dispute_notes') =>
      (
        await queryRows<{ n: number }>(
          ctx.deps.db,
          sql`select count(*)::int as n from ${sql.identifier(table)} where tenant_id = ${s.tenantId}`,
        )
      )[0]?.n;
    const before = { receipts: await count('receipts'), notes: await count('dispute_notes') };
    assert.equal(await count('disputes'), 1);

    // Applied by hand with the payer's deduction: the open dispute gets the payer's words.
    const applied = await s.api.post(`/v1/bank/transactions/${lineId}/apply`, {
      customer: s.customer.externalId,
      allocations: [{ invoice: s.number, amount: '880.00' }],
      deduction: { invoice: s.number, amount: '120.00', reason: 'Mengendifferenz' },
    });
    assert.equal(applied.status, 200, applied.text);
    assert.equal(applied.body.deduction.disputeId, opened.body.id);
    const unapplied = await s.api.post(`/v1/bank/transactions/${lineId}/unapply`);
    assert.equal(unapplied.status, 200, unapplied.text);

    // A deduction on an invoice of another customer: refused, nothing booked.
    const other = await makeCustomer(ctx.deps, s.tenantId, { name: 'Andere GmbH' });
    const foreign = await issueInvoice(ctx.deps, s.tenantId, other.externalId, '300.00');
    const wrong = await s.api.post(`/v1/bank/transactions/${lineId}/apply`, {
      customer: s.customer.externalId,
      allocations: [{ invoice: s.number, amount: '880.00' }],
      deduction: { invoice: foreign.number, amount: '120.00', reason: 'Mengendifferenz' },
    });
    assert.equal(wrong.status, 422, wrong.text);
    assert.match(wrong.body.detail ?? wrong.body.title, /not an invoice of this customer/);
    assert.equal(
      (await getInvoiceRowOrThrow(ctx.deps.db, s.tenantId, s.invoice.invoiceId)).openMinor,
      1000_00n,
    );
    assert.equal((await findLineWithVerdict(ctx.deps.db, s.tenantId, lineId))?.status, 'unmatched');

    const [dispute, ...more] = await disputesOf(s.api, s.invoice.invoiceId);
    assert.equal(more.length, 0, 'one open dispute per invoice');
    assert.equal(await count('disputes'), 1);
    assert.equal(dispute?.amount, '200.00', 'the open dispute keeps its amount');
    const notes = await notesOf(s.api, dispute?.id ?? '');
    assert.deepEqual(notes.slice(0, 2), [
      'customer called: 3 cartons missing',
      'Short payment of EUR 120.00: "Mengendifferenz" (bank line B-300)',
    ]);
    assert.match(notes[2] ?? '', /^The payment of bank line B-300 that deducted EUR 120\.00/);
    assert.equal(notes.length, 3);
    assert.equal(
      await count('receipts'),
      (before.receipts ?? 0) + 1,
      'an unapplied line keeps its one receipt',
    );
    assert.equal(await count('dispute_notes'), (before.notes ?? 0) + 2);
    assert.equal((await systemEvents(s.tenantId, 'dispute_noted')).length, 2);
    await assertInvariants(ctx, s.tenantId);
  });

  test('a deduction larger than what the payment leaves open is refused, nothing booked', async () => {
    const s = await setUp((n) => [
      { ref: 'B-400', amount: '880.00', name: PAYER, text: `${n} abzgl. 150,00 defekt` },
    ]);
    const lineId = await s.line('B-400', 'new');
    const counts = async () =>
      queryRows<{ receipts: number; disputes: number; entries: number }>(
        ctx.deps.db,
        sql`select (select count(*)::int from receipts where tenant_id = ${s.tenantId}) as receipts,
                   (select count(*)::int from disputes where tenant_id = ${s.tenantId}) as disputes,
                   (select count(*)::int from journal_entries where tenant_id = ${s.tenantId}) as entries`,
      );
    const before = await counts();
    const res = await s.api.post(`/v1/bank/transactions/${lineId}/apply`, {
      customer: s.customer.externalId,
      allocations: [{ invoice: s.number, amount: '880.00' }],
      deduction: { invoice: s.number, amount: '150.00', reason: 'defekt' },
    });
    assert.equal(res.status, 422, res.text);
    assert.match(res.text, /cannot dispute EUR 150\.00 of invoice .*: EUR 120\.00 is open/);
    assert.deepEqual(await counts(), before);
    assert.equal((await findLineWithVerdict(ctx.deps.db, s.tenantId, lineId))?.status, 'new');
    await assertInvariants(ctx, s.tenantId);
  });

  test('end to end: the run applies 880.00, leaves 120.00 open and opens the dispute', async () => {
    const s = await setUp((n) => [
      { ref: 'B-500', amount: '880.00', name: PAYER, text: `${n} abzgl. 120,00 EUR Transportschaden` },
    ]);
    const run = await s.api.post('/v1/cash-application/run', {});
    assert.equal(run.status, 200, run.text);
    const [result] = run.body.results;
    assert.equal(result.status, 'applied', JSON.stringify(result));
    assert.deepEqual(result.allocations, [{ invoiceNumber: s.number, amount: '880.00' }]);
    assert.deepEqual(result.deduction, {
      invoiceNumber: s.number,
      amount: '120.00',
      reason: 'Transportschaden',
      kind: 'short_payment',
    });
    const [dispute, ...more] = await disputesOf(s.api, s.invoice.invoiceId);
    assert.equal(more.length, 0);
    assert.equal(dispute?.amount, '120.00');
    assert.equal(dispute?.reason, 'quality');
    assert.deepEqual(await notesOf(s.api, dispute?.id ?? ''), [
      'Short payment of EUR 120.00: "Transportschaden" (bank line B-500)',
    ]);
    assert.equal(
      (await getInvoiceRowOrThrow(ctx.deps.db, s.tenantId, s.invoice.invoiceId)).openMinor,
      120_00n,
    );
    await assertInvariants(ctx, s.tenantId);
  });

  test('end to end: invoices paid net of a credit note that is not an open credit dispute the amount netted', async () => {
    const s = await setUp(() => []);
    const second = await issueInvoice(ctx.deps, s.tenantId, s.customer.externalId, '450.00', {
      issueDate: '2026-02-02',
    });
    const text = `RE ${s.number}, ${second.number} abzgl. GS 815`;
    await ctx.app.inject({
      method: 'POST',
      url: '/v1/bank/statements',
      headers: { authorization: `Bearer ${s.keys.accountant}`, 'content-type': 'application/xml' },
      payload: camt('S-GS', [{ ref: 'B-600', amount: '1400.00', name: PAYER, text }]),
    });
    const run = await s.api.post('/v1/cash-application/run', {});
    const [result] = run.body.results;
    assert.equal(result.status, 'applied', JSON.stringify(result));
    assert.equal(result.deduction?.kind, 'credit_note');
    assert.equal(result.deduction?.amount, '50.00');
    const invoiceId = [s.invoice, second].find((i) => i.number === result.deduction.invoiceNumber)?.invoiceId;
    assert.ok(invoiceId);
    const [dispute] = await disputesOf(s.api, invoiceId);
    assert.equal(dispute?.amount, '50.00');
    assert.match(
      (await notesOf(s.api, dispute?.id ?? ''))[0] ?? '',
      /^Deducted ".*815" \(a credit note not found/,
    );
    await assertInvariants(ctx, s.tenantId);
  });
});
