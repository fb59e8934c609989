/**
 * SEPA Direct Debit run by the company itself, through the services on both back ends: mandates,
 * a collection run (pain.008 valid against its XSD), booking, returns (API input and camt.054),
 * a refund run (pain.001), with the ledger invariants (balanced entries, AR subledger = control)
 * after every step. Expected amounts are the invoices' own totals, not what the code printed.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { getInvoiceRowOrThrow } from '../../src/modules/invoices/index.ts';
import { recordReceipt } from '../../src/modules/receipts/receipts.service.ts';
import {
  bookCollectionRun,
  cancelCollectionRun,
  createCollectionRun,
  createMandate,
  createRefundRun,
  getMandateOrThrow,
  importReturns,
  recordReturn,
  revokeMandate,
  updateMandate,
  updateSepaSettings,
} from '../../src/modules/sepa/index.ts';
import { updateLetterhead } from '../../src/modules/tenants/index.ts';
import { atTime, backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';
import { assertInvariants, tenantState } from '../helpers/invariants.ts';
import { xsdErrors } from '../helpers/xsd.ts';

const OUR_IBAN = 'DE02120300000000202051';
const IBAN_A = 'DE89370400440532013000';
const IBAN_B = 'DE75512108001245126199';
const IBAN_C = 'AT611904300234573201';

describe(`SEPA direct debit (${backendName})`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext('2026-03-31T12:00:00Z');
  });
  after(() => ctx.database.close());

  async function company() {
    const tenant = await newTenant(ctx);
    const t = tenant.tenantId;
    await updateLetterhead(ctx.deps, t, {
      legalName: 'Müller & Töchter GmbH',
      iban: OUR_IBAN,
      bic: 'BYLADEM1001',
    });
    await updateSepaSettings(ctx.deps, t, { creditorId: 'DE98 ZZZ0 9999 9999 99' });
    return t;
  }

  it('collects, books, takes a return twice once, and refunds a credit, the books tied out after each step', async () => {
    const t = await company();
    const grosse = await makeCustomer(ctx.deps, t, { name: 'Bäckerei Groß & Söhne' });
    const twin = await makeCustomer(ctx.deps, t, { name: 'Bäckerei Gross & Soehne' });
    const dual = await makeCustomer(ctx.deps, t, { name: 'Zwei Mandate AG' });
    const gone = await makeCustomer(ctx.deps, t, { name: 'Widerrufen KG' });
    const none = await makeCustomer(ctx.deps, t, { name: 'Ohne Mandat e.K.' });
    await createMandate(ctx.deps, t, {
      customer: grosse.id,
      reference: 'MAND-GROSS-1',
      signedOn: '2025-01-10',
      iban: IBAN_A,
    });
    await createMandate(ctx.deps, t, {
      customer: twin.id,
      reference: 'MAND-GROSS-2',
      signedOn: '2025-01-10',
      iban: IBAN_B,
      bic: 'GENODEF1ABC',
    });
    await createMandate(ctx.deps, t, {
      customer: dual.id,
      reference: 'DUAL-OLD',
      signedOn: '2024-05-01',
      iban: IBAN_A,
    });
    await createMandate(ctx.deps, t, {
      customer: dual.id,
      reference: 'DUAL-NEW',
      signedOn: '2025-06-01',
      iban: IBAN_C,
      scheme: 'B2B',
    });
    await createMandate(ctx.deps, t, {
      customer: gone.id,
      reference: 'GONE-1',
      signedOn: '2025-01-01',
      iban: IBAN_A,
    });
    await revokeMandate(ctx.deps, t, 'GONE-1', 'customer withdrew it');

    const cent = await issueInvoice(ctx.deps, t, grosse.id, '0.01');
    const many: Awaited<ReturnType<typeof issueInvoice>>[] = [];
    for (let i = 0; i < 40; i++) many.push(await issueInvoice(ctx.deps, t, twin.id, `${100 + i}.50`));
    const dualInv = await issueInvoice(ctx.deps, t, dual.id, '250.00');
    await issueInvoice(ctx.deps, t, gone.id, '99.00');
    await issueInvoice(ctx.deps, t, none.id, '77.00');
    const late = await issueInvoice(ctx.deps, t, grosse.id, '10.00', { issueDate: '2026-03-25' });
    await assertInvariants(ctx, t);

    const { run, items } = await createCollectionRun(ctx.deps, t, { collectionDate: '2026-04-01' });
    assert.deepEqual(await xsdErrors(run.fileXml, 'pain.008.001.08'), []);
    const collected = new Set(items.map((i) => i.invoiceId));
    assert.equal(items.length, 42, 'the cent, 40 invoices of the twin and the dual customer');
    assert.ok(collected.has(cent.invoiceId) && collected.has(dualInv.invoiceId));
    assert.ok(!collected.has(late.invoiceId), 'issued 7 days before: too late to pre-notify 14 days');
    const expectedTotal = 1n + 250_00n + many.reduce((s, i) => s + i.totalMinor, 0n);
    assert.equal(run.totalMinor, expectedTotal);
    assert.match(run.fileXml, /<CtrlSum>[\d.]+<\/CtrlSum>/);
    assert.ok(run.fileXml.includes(`<NbOfTxs>42</NbOfTxs>`));
    assert.ok(
      run.fileXml.includes('<Nm>Mueller + Toechter GmbH</Nm>'),
      'creditor name in the SEPA character set',
    );
    assert.ok(run.fileXml.includes('<Nm>Baeckerei Gross + Soehne</Nm>'));
    assert.ok(
      run.fileXml.includes('<MndtId>DUAL-NEW</MndtId>') && !run.fileXml.includes('DUAL-OLD'),
      'newer mandate wins',
    );
    assert.ok(run.fileXml.includes('<Cd>B2B</Cd>') && run.fileXml.includes('<SeqTp>FRST</SeqTp>'));
    assert.ok(run.fileXml.includes('<InstdAmt Ccy="EUR">0.01</InstdAmt>'));
    assert.ok(run.fileXml.includes(`<Ustrd>Invoice ${cent.number}</Ustrd>`));

    await assert.rejects(
      createCollectionRun(ctx.deps, t, { collectionDate: '2026-04-01' }),
      /nothing to collect/,
      'invoices are in collection',
    );
    await assertInvariants(ctx, t);

    await assert.rejects(bookCollectionRun(ctx.deps, t, run.runId), /book it on or after/);
    const booked = await atTime(ctx, '2026-04-01T09:00:00Z', () => bookCollectionRun(ctx.deps, t, run.runId));
    assert.equal(booked.run.status, 'booked');
    await assertInvariants(ctx, t);
    assert.equal((await getInvoiceRowOrThrow(ctx.deps.db, t, cent.invoiceId)).openMinor, 0n);
    assert.equal((await getMandateOrThrow(ctx.deps.db, t, 'MAND-GROSS-2')).sequence, 'RCUR');
    await assert.rejects(cancelCollectionRun(ctx.deps, t, run.runId), /only a created collection run/);

    const returned = booked.items.find((i) => i.invoiceId === dualInv.invoiceId);
    assert.ok(returned);
    const input = {
      endToEndId: returned.endToEndId,
      reasonCode: 'AM04' as const,
      returnedOn: '2026-04-03',
      fee: '3.00',
    };
    assert.equal((await recordReturn(ctx.deps, t, input)).outcome, 'returned');
    assert.equal((await recordReturn(ctx.deps, t, input)).outcome, 'already_returned');
    await assertInvariants(ctx, t);
    assert.equal(
      (await getInvoiceRowOrThrow(ctx.deps.db, t, dualInv.invoiceId)).openMinor,
      250_00n,
      'reopened',
    );
    const dualMandate = await getMandateOrThrow(ctx.deps.db, t, 'DUAL-NEW');
    assert.equal(dualMandate.status, 'active', 'AM04 (insufficient funds) keeps the mandate');
    assert.equal(dualMandate.sequence, 'FRST', 'its first collection failed: the next is FRST again');

    const md01 = booked.items.find((i) => i.invoiceId === many[0]?.invoiceId);
    assert.ok(md01);
    const camt = camt054(md01.endToEndId, 'MD01', '100.50');
    const first = await importReturns(ctx.deps, t, camt);
    assert.deepEqual(first.returned, [md01.endToEndId]);
    const again = await importReturns(ctx.deps, t, camt);
    assert.deepEqual([again.returned, again.alreadyReturned], [[], [md01.endToEndId]]);
    await assertInvariants(ctx, t);
    assert.equal((await getMandateOrThrow(ctx.deps.db, t, 'MAND-GROSS-2')).status, 'revoked', 'MD01 revokes');

    await recordReceipt(ctx.deps, t, {
      customer: none.id,
      method: 'bank_transfer',
      receivedOn: '2026-04-01',
      amount: '120.00',
      payerIban: 'FR1420041010050500013M02606',
      allocations: [
        { invoice: (await issueInvoice(ctx.deps, t, none.id, '20.00')).number ?? '', amount: '20.00' },
      ],
    });
    const refund = await atTime(ctx, '2026-04-01T10:00:00Z', () =>
      createRefundRun(ctx.deps, t, { executionDate: '2026-04-02' }),
    );
    assert.deepEqual(await xsdErrors(refund.run.fileXml, 'pain.001.001.09'), []);
    assert.deepEqual(
      refund.items.map((i) => [i.iban, i.amountMinor]),
      [['FR1420041010050500013M02606', 100_00n]],
    );
    await assertInvariants(ctx, t);

    // A new account after a booked collection travels once as amendment information.
    await updateMandate(ctx.deps, t, 'MAND-GROSS-1', { iban: IBAN_C });
    await issueInvoice(ctx.deps, t, grosse.id, '5.00');
    const amended = await createCollectionRun(ctx.deps, t, { collectionDate: '2026-04-07' });
    assert.deepEqual(await xsdErrors(amended.run.fileXml, 'pain.008.001.08'), []);
    assert.ok(
      amended.run.fileXml.includes(
        `<AmdmntInd>true</AmdmntInd><AmdmntInfDtls><OrgnlDbtrAcct><Id><IBAN>${IBAN_A}</IBAN>`,
      ),
    );
    assert.ok(amended.run.fileXml.includes('<SeqTp>RCUR</SeqTp>'));
  });

  it('writes pain.008.001.02 on request, re-collects after a cancel, and the XSD check rejects a broken file', async () => {
    const t = await company();
    const c = await makeCustomer(ctx.deps, t, { name: 'Société Générale & Fils' });
    await createMandate(ctx.deps, t, {
      customer: c.id,
      reference: "REF/2025:(A).,'+?-1",
      signedOn: '2025-02-01',
      iban: IBAN_C,
      oneOff: true,
    });
    await issueInvoice(ctx.deps, t, c.id, '42.00');
    const first = await createCollectionRun(ctx.deps, t, { collectionDate: '2026-04-02', version: '001.02' });
    assert.deepEqual(await xsdErrors(first.run.fileXml, 'pain.008.001.02'), []);
    assert.ok(
      first.run.fileXml.includes('<SeqTp>OOFF</SeqTp>') &&
        first.run.fileXml.includes('Societe Generale + Fils'),
    );
    await cancelCollectionRun(ctx.deps, t, first.run.runId);
    const second = await createCollectionRun(ctx.deps, t, { collectionDate: '2026-04-02' });
    assert.equal(second.items.length, 1, 'a cancelled run frees its invoices');
    await atTime(ctx, '2026-04-02T08:00:00Z', () => bookCollectionRun(ctx.deps, t, second.run.runId));
    assert.equal(
      (await getMandateOrThrow(ctx.deps.db, t, "REF/2025:(A).,'+?-1")).status,
      'revoked',
      'one-off used',
    );
    await assertInvariants(ctx, t);

    const broken = first.run.fileXml.replace(/<ReqdColltnDt>[^<]*<\/ReqdColltnDt>/, '');
    const errors = await xsdErrors(broken, 'pain.008.001.02');
    assert.ok(
      errors.some((e) => /Cdtr/.test(e) && /not expected/.test(e)),
      errors.join('\n'),
    );
    assert.notDeepEqual(
      await xsdErrors(
        second.run.fileXml.replace('<Cd>SEPA</Cd>', '<Cd>SEPA</Cd><Cd>X</Cd>'),
        'pain.008.001.08',
      ),
      [],
    );
  });

  it('refuses bad input with the field named and leaves the books unchanged', async () => {
    const t = await company();
    const c = await makeCustomer(ctx.deps, t, { name: 'Prüfung GmbH' });
    const mandate = (reference: string, iban: string) =>
      createMandate(ctx.deps, t, { customer: c.id, reference, signedOn: '2025-01-01', iban });
    await mandate('DUP-1', IBAN_A);
    const before = await tenantState(ctx.deps.db, t);
    const refused: [reference: string, iban: string, problem: RegExp][] = [
      ['X-2', 'DE89370400440532013001', /IBAN/],
      ['DUP-1', IBAN_A, /already used/],
      ['Müller 1', IBAN_A, /35 characters/],
    ];
    for (const [reference, iban, problem] of refused)
      await assert.rejects(mandate(reference, iban), (e: Error) => problem.test(e.message), reference);
    await assert.rejects(
      updateSepaSettings(ctx.deps, t, { creditorId: 'DE97ZZZ09999999999' }),
      /creditor identifier/,
    );
    await assert.rejects(
      createCollectionRun(ctx.deps, t, { collectionDate: '2026-04-03' }),
      /not a TARGET2 business day/,
      'Good Friday',
    );
    await assert.rejects(createCollectionRun(ctx.deps, t, { collectionDate: '2026-03-31' }), /too early/);
    assert.equal(await tenantState(ctx.deps.db, t), before);
  });
});

function camt054(endToEndId: string, reason: string, amount: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
  <GrpHdr><MsgId>N1</MsgId><CreDtTm>2026-04-06T06:00:00</CreDtTm></GrpHdr>
  <Ntfctn><Id>N1</Id><CreDtTm>2026-04-06T06:00:00</CreDtTm>
    <Acct><Id><IBAN>${OUR_IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>
    <Ntry><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
      <BookgDt><Dt>2026-04-06</Dt></BookgDt><ValDt><Dt>2026-04-06</Dt></ValDt><AcctSvcrRef>RET-1</AcctSvcrRef>
      <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RDDT</Cd><SubFmlyCd>UPDD</SubFmlyCd></Fmly></Domn></BkTxCd>
      <NtryDtls><TxDtls><Refs><EndToEndId>${endToEndId}</EndToEndId><MndtId>MAND-GROSS-2</MndtId></Refs>
        <Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>DBIT</CdtDbtInd>
        <RtrInf><Rsn><Cd>${reason}</Cd></Rsn></RtrInf></TxDtls></NtryDtls></Ntry>
  </Ntfctn></BkToCstmrDbtCdtNtfctn></Document>`;
}
