/**
 * A lump sum with a separate remittance advice, through the API: the statement and the advices
 * (a German CSV e-mail advice, a camt.054) are imported, the run matches each advice to its bank
 * line and applies the line per advice line; an advice naming an invoice that is not open leaves
 * its line for review, matched; the books tie out.
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { getInvoiceRowOrThrow } from '../../src/modules/invoices/invoice-queries.service.ts';
import { setNumberingSeries } from '../../src/modules/invoices/numbering-settings.service.ts';
import { type ApiTestContext, apiTenant, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';
import { assertInvariants } from '../helpers/invariants.ts';

const OUR_IBAN = 'DE02120300000000202051';

interface Credit {
  ref: string;
  amount: string;
  name: string;
  iban?: string;
  text: string;
  endToEndId?: string;
}

function camt053(entries: readonly Credit[]) {
  const ntry = (c: Credit) => `
      <Ntry><Amt Ccy="EUR">${c.amount}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts>BOOK</Sts>
        <BookgDt><Dt>2026-03-16</Dt></BookgDt><AcctSvcrRef>${c.ref}</AcctSvcrRef>
        <NtryDtls><TxDtls>${c.endToEndId ? `<Refs><EndToEndId>${c.endToEndId}</EndToEndId></Refs>` : ''}
          <RltdPties><Dbtr><Nm>${c.name}</Nm></Dbtr>${c.iban ? `<DbtrAcct><Id><IBAN>${c.iban}</IBAN></Id></DbtrAcct>` : ''}</RltdPties>
          <RmtInf><Ustrd>${c.text}</Ustrd></RmtInf></TxDtls></NtryDtls></Ntry>`;
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"><BkToCstmrStmt>
  <GrpHdr><MsgId>S1</MsgId><CreDtTm>2026-03-17T06:00:00</CreDtTm></GrpHdr>
  <Stmt><Id>S1</Id><CreDtTm>2026-03-17T06:00:00</CreDtTm>
    <Acct><Id><IBAN>${OUR_IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>${entries.map(ntry).join('')}
  </Stmt></BkToCstmrStmt></Document>`;
}

/** The payer's debit notification of one transfer paying `docs` (number, remitted amount). */
function camt054(e2e: string, iban: string, owner: string, docs: readonly [string, string][]) {
  const total = docs.reduce((s, [, a]) => s + Math.round(Number(a) * 100), 0);
  const strd = docs
    .map(
      ([nb, amt]) =>
        `<Strd><RfrdDocInf><Nb>${nb}</Nb></RfrdDocInf><RfrdDocAmt><RmtdAmt Ccy="EUR">${amt}</RmtdAmt></RfrdDocAmt></Strd>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.08"><BkToCstmrDbtCdtNtfctn>
  <GrpHdr><MsgId>${e2e}</MsgId><CreDtTm>2026-03-14T09:00:00</CreDtTm></GrpHdr>
  <Ntfctn><Id>N1</Id><Acct><Id><IBAN>${iban}</IBAN></Id><Ownr><Nm>${owner}</Nm></Ownr></Acct>
    <Ntry><Amt Ccy="EUR">${(total / 100).toFixed(2)}</Amt><CdtDbtInd>DBIT</CdtDbtInd><BookgDt><Dt>2026-03-14</Dt></BookgDt>
      <NtryDtls><TxDtls><Refs><EndToEndId>${e2e}</EndToEndId></Refs><RmtInf>${strd}</RmtInf></TxDtls></NtryDtls>
    </Ntry>
  </Ntfctn>
</BkToCstmrDbtCdtNtfctn></Document>`;
}

describe(`remittance advices on ${backendName}`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-17T12:00:00Z');
  });
  after(() => ctx.close());

  async function setUp() {
    const { tenant, keys } = await apiTenant(ctx);
    const call = (method: 'GET' | 'POST', url: string, body?: string | object, type?: string) =>
      ctx.app.inject({
        method,
        url,
        headers: {
          authorization: `Bearer ${keys.accountant}`,
          ...(body !== undefined
            ? { 'content-type': type ?? (typeof body === 'string' ? 'application/xml' : 'application/json') }
            : {}),
        },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      });
    return { tenantId: tenant.tenantId, call };
  }

  test('imports advices, matches each to its lump sum, applies it per advice line; the books tie out', async () => {
    const { tenantId, call } = await setUp();
    const silver = await makeCustomer(ctx.deps, tenantId, { name: 'Silverline Foods GmbH' });
    const silverSarl = await makeCustomer(ctx.deps, tenantId, { name: 'Silverline Foods SARL' });
    const baltic = await makeCustomer(ctx.deps, tenantId, { name: 'Baltic Retail N.V.' });
    await setNumberingSeries(ctx.deps.db, tenantId, 'INV', { next: 4711 }, '2026-03-01');
    const issue = (c: { externalId: string }, amount: string) =>
      issueInvoice(ctx.deps, tenantId, c.externalId, amount);
    const s1 = await issue(silver, '1234.56');
    const s2 = await issue(silver, '120.00');
    const s3 = await issue(silver, '310.00');
    const other = await issue(silverSarl, '1664.56');
    const b1 = await issue(baltic, '800.00');
    const b2 = await issue(baltic, '450.25');
    const b3 = await issue(baltic, '99.00');
    const digits = (n: string | null) => (n ?? '').replace(/\D/g, '').replace(/^0+/, '');

    const statement = camt053([
      { ref: 'LUMP-1', amount: '1643.56', name: 'SILVERLINE FOODS', text: 'Zahlungsavis folgt per E-Mail' },
      {
        ref: 'LUMP-2',
        amount: '1250.25',
        name: 'BALTIC RETAIL',
        text: 'see remittance advice',
        endToEndId: 'BR-2026-0314',
      },
      { ref: 'LUMP-3', amount: '300.00', name: 'BALTIC RETAIL NV', text: 'see remittance advice' },
    ]);
    assert.equal((await call('POST', '/v1/bank/statements', statement)).statusCode, 201);

    const csv = [
      'Zahlungsavis',
      'Zahler: Silverline Foods GmbH',
      'Datum: 14.03.2026',
      'Rechnungsnummer;Betrag;Grund',
      `RE ${digits(s1.number)};1.234,56;`,
      `"${s2.number}";"99,00";"Transportschaden"`,
      `${digits(s3.number)};310,00;`,
      'Summe;;1.643,56',
    ].join('\r\n');
    const imported = await call('POST', '/v1/remittance-advices', `\uFEFF${csv}`, 'text/csv');
    assert.equal(imported.statusCode, 201, imported.body);
    const silverAdvice = imported.json().advices[0];
    assert.deepEqual(
      [
        silverAdvice.status,
        silverAdvice.total,
        silverAdvice.date,
        silverAdvice.lines.map((l: { amount: string }) => l.amount),
      ],
      ['open', '1643.56', '2026-03-14', ['1234.56', '99.00', '310.00']],
    );
    const again = (await call('POST', '/v1/remittance-advices', csv, 'text/csv')).json();
    assert.deepEqual([again.advices.length, again.skipped], [0, 1], 'the same advice again is skipped');

    const bad = await call(
      'POST',
      '/v1/remittance-advices',
      'Rechnungsnummer;Betrag\nRE 1;12,00\nRE 2;zwölf\n',
      'text/csv',
    );
    assert.equal(bad.statusCode, 422, bad.body);
    assert.match(bad.json().detail, /line 3, amount: "zwölf" is not an amount/);

    const xml = camt054('BR-2026-0314', 'NL91ABNA0417164300', 'Baltic Retail N.V.', [
      [b1.number ?? '', '800.00'],
      [b2.number ?? '', '450.25'],
    ]);
    assert.equal((await call('POST', '/v1/remittance-advices', xml)).statusCode, 201);
    const unknown = `invoice;amount\n${b3.number};99.00\nINV-999999;201.00\n`;
    assert.equal(
      (await call('POST', '/v1/remittance-advices?currency=EUR', unknown, 'text/plain')).statusCode,
      201,
    );
    const listed = (await call('GET', '/v1/remittance-advices')).json();
    assert.equal(listed.items.length, 3, 'the refused file stored nothing');

    const run = await call('POST', '/v1/cash-application/run', {});
    assert.equal(run.statusCode, 200, run.body);
    const byRef = new Map(run.json().results.map((r: { bankReference: string }) => [r.bankReference, r]));
    const lump1 = byRef.get('LUMP-1') as { status: string; allocations: unknown };
    assert.equal(lump1.status, 'applied', JSON.stringify(lump1));
    assert.deepEqual(lump1.allocations, [
      { invoiceNumber: s1.number, amount: '1234.56' },
      { invoiceNumber: s2.number, amount: '99.00' },
      { invoiceNumber: s3.number, amount: '310.00' },
    ]);
    const lump2 = byRef.get('LUMP-2') as { status: string; allocations: unknown };
    assert.equal(lump2.status, 'applied', JSON.stringify(lump2));
    const lump3 = byRef.get('LUMP-3') as { status: string; reasons: string[] };
    assert.equal(lump3.status, 'suggested', JSON.stringify(lump3));
    assert.ok(
      lump3.reasons.some((r) => /advice line 2 \(INV-999999, EUR 201\.00\): INV-999999 is not open/.test(r)),
      lump3.reasons.join(' | '),
    );

    const status = async (id: string) => (await getInvoiceRowOrThrow(ctx.deps.db, tenantId, id)).status;
    assert.deepEqual(
      [
        await status(s1.invoiceId),
        await status(s2.invoiceId),
        await status(s3.invoiceId),
        await status(other.invoiceId),
      ],
      ['paid', 'partially_paid', 'paid', 'issued'],
    );
    assert.deepEqual(
      [await status(b1.invoiceId), await status(b2.invoiceId), await status(b3.invoiceId)],
      ['paid', 'paid', 'issued'],
    );
    const open = await queryRows<{ open_minor: bigint }>(
      ctx.deps.db,
      sql`select open_minor from invoices where tenant_id = ${tenantId} and invoice_id = ${s2.invoiceId}`,
    );
    assert.equal(open[0]?.open_minor, 21_00n, 'the short-paid rest stays open');
    // The advice line's reason is the proposal's deduction: booking opened a dispute with the payer's words.
    const disputes = (await call('GET', `/v1/disputes?invoiceId=${s2.invoiceId}`)).json().items;
    assert.deepEqual(
      disputes.map((d: { amount: string; status: string }) => [d.amount, d.status]),
      [['21.00', 'open']],
    );

    const advices = (await call('GET', '/v1/remittance-advices')).json().items;
    const lines = await queryRows<{ transaction_id: string; ref: string }>(
      ctx.deps.db,
      sql`select transaction_id, bank_reference as ref from bank_transactions where tenant_id = ${tenantId}`,
    );
    const lineId = (ref: string) => lines.find((l) => l.ref === ref)?.transaction_id;
    assert.deepEqual(
      advices.map((a: { status: string; bankTransactionId: string | null }) => [
        a.status,
        a.bankTransactionId,
      ]),
      [
        ['applied', lineId('LUMP-1')],
        ['applied', lineId('LUMP-2')],
        ['matched', lineId('LUMP-3')],
      ],
    );
    const matched = (await call('GET', `/v1/remittance-advices?status=matched`)).json().items;
    assert.equal(matched.length, 1);
    const one = await call('GET', `/v1/remittance-advices/${matched[0].id}`);
    assert.equal(one.json().lines[1].invoiceReference, 'INV-999999');
    assert.equal((await call('GET', '/v1/remittance-advices/not-an-id')).statusCode, 404);

    // A person accepts the suggestion: the resolved line is applied, the rest is unapplied cash, the advice applied.
    const accepted = await call('POST', `/v1/bank/transactions/${lineId('LUMP-3')}/accept`, {});
    assert.equal(accepted.statusCode, 200, accepted.body);
    assert.equal(await status(b3.invoiceId), 'paid');
    assert.equal((await call('GET', `/v1/remittance-advices/${matched[0].id}`)).json().status, 'applied');

    // Unapplied, the advice is matched to its line again.
    assert.equal(
      (await call('POST', `/v1/bank/transactions/${lineId('LUMP-1')}/unapply`, {})).statusCode,
      200,
    );
    assert.equal((await call('GET', `/v1/remittance-advices/${silverAdvice.id}`)).json().status, 'matched');

    const tieOut = (await call('GET', '/v1/ledger/reconciliation')).json();
    assert.equal(tieOut.balanced, true, JSON.stringify(tieOut));
    await assertInvariants(ctx, tenantId);
  });
});
