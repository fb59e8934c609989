import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { balanceDifference, StatementSyntaxError } from '../statement.ts';
import { parseCamt } from './camt.ts';

/** A camt.053.001.<version> document with one statement holding `body` after the account. */
function statement053(body: string, version = '02', account = '<IBAN>DE89370400440532013000</IBAN>'): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.${version}">
  <BkToCstmrStmt>
    <GrpHdr><MsgId>M1</MsgId><CreDtTm>2024-05-02T06:00:00+02:00</CreDtTm></GrpHdr>
    <Stmt>
      <Id>S-1</Id>
      <FrToDt><FrDtTm>2024-05-01T00:00:00</FrDtTm><ToDtTm>2024-05-01T23:59:59</ToDtTm></FrToDt>
      <Acct><Id>${account}</Id><Ccy>EUR</Ccy><Svcr><FinInstnId><BIC>COBADEFFXXX</BIC></FinInstnId></Svcr></Acct>
${body}
    </Stmt>
  </BkToCstmrStmt>
</Document>
`;
}

function bal(code: string, amount: string, indicator = 'CRDT', date = '<Dt>2024-05-01</Dt>'): string {
  return `      <Bal><Tp><CdOrPrtry><Cd>${code}</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${amount}</Amt><CdtDbtInd>${indicator}</CdtDbtInd><Dt>${date}</Dt></Bal>`;
}

const BATCH = `${bal('OPBD', '100.00')}
${bal('CLBD', '420.00')}
      <Ntry>
        <NtryRef>N-7</NtryRef>
        <Amt Ccy="EUR">320.00</Amt>
        <CdtDbtInd>CRDT</CdtDbtInd>
        <Sts>BOOK</Sts>
        <BookgDt><Dt>2024-05-01</Dt></BookgDt>
        <ValDt><Dt>2024-05-02</Dt></ValDt>
        <AcctSvcrRef>BANK-REF-1</AcctSvcrRef>
        <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
        <NtryDtls>
          <Btch><NbOfTxs>3</NbOfTxs></Btch>
          <TxDtls>
            <Refs><EndToEndId>E2E-A</EndToEndId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">100.00</Amt></TxAmt></AmtDtls>
            <RltdPties>
              <Dbtr><Nm>Alpha GmbH</Nm></Dbtr>
              <DbtrAcct><Id><IBAN>DE44 5001 0517 5407 3249 31</IBAN></Id></DbtrAcct>
              <UltmtDbtr><Nm>Alpha Holding</Nm></UltmtDbtr>
            </RltdPties>
            <RltdAgts><DbtrAgt><FinInstnId><BIC>INGDDEFFXXX</BIC></FinInstnId></DbtrAgt></RltdAgts>
            <RmtInf><Ustrd>INV-1001</Ustrd><Ustrd>INV-1002</Ustrd></RmtInf>
          </TxDtls>
          <TxDtls>
            <Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs>
            <AmtDtls><TxAmt><Amt Ccy="EUR">250.00</Amt></TxAmt></AmtDtls>
            <RltdPties><Dbtr><Nm>Beta SA</Nm></Dbtr><DbtrAcct><Id><Othr><Id>12345678</Id></Othr></Id></DbtrAcct></RltdPties>
            <RmtInf><Strd><CdtrRefInf><Ref>RF18539007547034</Ref></CdtrRefInf></Strd></RmtInf>
          </TxDtls>
          <TxDtls>
            <Amt Ccy="EUR">30.00</Amt>
            <CdtDbtInd>DBIT</CdtDbtInd>
            <BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RRCT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>
            <RltdPties><Cdtr><Nm>Gamma Ltd</Nm></Cdtr></RltdPties>
          </TxDtls>
        </NtryDtls>
      </Ntry>`;

describe('camt: batch entries', () => {
  test('a batch entry whose TxDtls carry amounts becomes one entry per transaction', () => {
    const file = parseCamt(statement053(BATCH));
    assert.equal(file.format, 'camt.053');
    const [s] = file.statements;
    assert.ok(s);
    assert.equal(s.entries.length, 3);
    assert.deepEqual(
      s.entries.map((e) => [e.bankReference, e.amountMinor, e.line]),
      [
        ['BANK-REF-1/1', 10000n, 22],
        ['BANK-REF-1/2', 25000n, 33],
        ['BANK-REF-1/3', -3000n, 39],
      ],
    );
    const [a, b, c] = s.entries;
    assert.deepEqual(a?.counterparty, {
      name: 'Alpha GmbH',
      iban: 'DE44500105175407324931',
      accountNumber: null,
      bic: 'INGDDEFFXXX',
    });
    assert.equal(a?.ultimateParty, 'Alpha Holding');
    assert.deepEqual(a?.remittance, ['INV-1001', 'INV-1002']);
    assert.equal(a?.endToEndId, 'E2E-A');
    assert.equal(a?.transactionCode, 'PMNT/RCDT/ESCT');
    assert.equal(a?.bookingDate, '2024-05-01');
    assert.equal(a?.valueDate, '2024-05-02');
    assert.equal(b?.endToEndId, null, 'NOTPROVIDED is no end-to-end id');
    assert.deepEqual(b?.counterparty, { name: 'Beta SA', iban: null, accountNumber: '12345678', bic: null });
    assert.deepEqual(b?.structuredReferences, ['RF18539007547034']);
    assert.equal(c?.counterparty.name, 'Gamma Ltd', 'a debit names the creditor');
    assert.equal(c?.transactionCode, 'PMNT/RRCT/ESCT', 'the transaction code of the TxDtls wins');
    assert.equal(balanceDifference(s), 0n);
    assert.deepEqual(s.warnings, []);
  });

  test('without transaction amounts the batch entry stays whole, its details merged', () => {
    const text = statement053(BATCH).replace(/<AmtDtls>.*?<\/AmtDtls>|<Amt Ccy="EUR">30\.00<\/Amt>/g, '');
    const [s] = parseCamt(text).statements;
    assert.equal(s?.entries.length, 1);
    const [e] = s?.entries ?? [];
    assert.equal(e?.bankReference, 'BANK-REF-1');
    assert.equal(e?.amountMinor, 32000n);
    assert.equal(e?.line, 11);
    assert.equal(e?.counterparty.name, 'Alpha GmbH');
    assert.deepEqual(e?.remittance, ['INV-1001', 'INV-1002']);
    assert.deepEqual(e?.structuredReferences, ['RF18539007547034']);
    assert.equal(e?.endToEndId, 'E2E-A');
    assert.deepEqual(s?.warnings, []);
  });

  test('transaction amounts that do not add up to the entry keep it whole, with a warning', () => {
    const text = statement053(BATCH).replace('<Amt Ccy="EUR">250.00</Amt>', '<Amt Ccy="EUR">249.00</Amt>');
    const [s] = parseCamt(text).statements;
    assert.equal(s?.entries.length, 1);
    assert.equal(s?.entries[0]?.amountMinor, 32000n);
    assert.match(
      s?.warnings[0] ?? '',
      /^line 11: the 3 transaction amounts add up to 319\.00 EUR.*kept whole/,
    );
  });

  test('without an AcctSvcrRef the NtryRef is the reference; a single TxDtls is never split', () => {
    const text = statement053(BATCH)
      .replace('<AcctSvcrRef>BANK-REF-1</AcctSvcrRef>', '')
      .replace(/<TxDtls>[\s\S]*?<\/TxDtls>\s*<TxDtls>[\s\S]*?<\/TxDtls>/, '')
      .replace('<Amt Ccy="EUR">320.00</Amt>', '<Amt Ccy="EUR">30.00</Amt>')
      .replace(
        '<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">420.00',
        '<Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">130.00',
      );
    const [s] = parseCamt(text).statements;
    assert.equal(s?.entries.length, 1);
    assert.equal(s?.entries[0]?.bankReference, 'N-7');
    assert.equal(s?.entries[0]?.amountMinor, 3000n, 'the sign comes from the entry, not the TxDtls');
    assert.equal(s?.entries[0]?.transactionCode, 'PMNT/RCDT/ESCT');
  });
});

describe('camt: statements and balances', () => {
  test('account, balances, dates and a balanced statement', () => {
    const [s] = parseCamt(statement053(BATCH)).statements;
    assert.equal(s?.statementId, 'S-1');
    assert.deepEqual(s?.account, {
      iban: 'DE89370400440532013000',
      accountNumber: null,
      bic: 'COBADEFFXXX',
      name: null,
    });
    assert.equal(s?.currency, 'EUR');
    assert.deepEqual(s?.openingBalance, { amountMinor: 10000n, currency: 'EUR', date: '2024-05-01' });
    assert.deepEqual(s?.closingBalance, { amountMinor: 42000n, currency: 'EUR', date: '2024-05-01' });
    assert.equal(s?.fromDate, '2024-05-01');
    assert.equal(s?.toDate, '2024-05-01');
  });

  test('an unbalanced statement parses, with a warning naming the difference', () => {
    const text = statement053(BATCH).replace('420.00', '421.00');
    const [s] = parseCamt(text).statements;
    assert.ok(s);
    assert.equal(balanceDifference(s), -100n);
    assert.deepEqual(s.warnings, [
      'line 5: statement does not balance: opening 100.00 EUR + entries 320.00 EUR ≠ closing 421.00 EUR (difference -1.00 EUR)',
    ]);
  });

  test('PRCD opens when there is no OPBD; a DBIT balance is negative; DtTm is reduced to its date', () => {
    const body = `${bal('PRCD', '50.00', 'DBIT', '<DtTm>2024-04-30T23:30:00+02:00</DtTm>')}
${bal('CLAV', '999.00')}
${bal('CLBD', '20.00', 'DBIT')}`;
    const [s] = parseCamt(statement053(body)).statements;
    assert.deepEqual(s?.openingBalance, { amountMinor: -5000n, currency: 'EUR', date: '2024-04-30' });
    assert.deepEqual(s?.closingBalance, { amountMinor: -2000n, currency: 'EUR', date: '2024-05-01' });
    assert.equal(s?.warnings.length, 1, 'unbalanced: -50 + 0 ≠ -20');
  });

  test('camt.052: ITBD closes an intraday report without CLBD; OPBD does not close a camt.053', () => {
    const report = `<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.08"><BkToCstmrAcctRpt>
<GrpHdr><MsgId>R</MsgId><CreDtTm>2024-05-01T12:00:00Z</CreDtTm></GrpHdr>
<Rpt><Id>R-1</Id><Acct><Id><Othr><Id>0012345678</Id></Othr></Id></Acct>
${bal('OPBD', '10.00')}
${bal('ITBD', '15.00')}
<Ntry><Amt Ccy="EUR">5.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts>
<BookgDt><DtTm>2024-05-01T10:00:00+02:00</DtTm></BookgDt></Ntry>
</Rpt></BkToCstmrAcctRpt></Document>`;
    const file = parseCamt(report);
    assert.equal(file.format, 'camt.052');
    const [s] = file.statements;
    assert.equal(s?.currency, 'EUR', 'from the balances when the account has no Ccy');
    assert.deepEqual(s?.account, { iban: null, accountNumber: '0012345678', bic: null, name: null });
    assert.equal(s?.closingBalance?.amountMinor, 1500n);
    assert.equal(s?.entries[0]?.bookingDate, '2024-05-01');
    assert.equal(s?.entries[0]?.bankReference, null);
    assert.equal(s?.entries[0]?.line, 6);
    assert.deepEqual(s?.warnings, []);
    const [statement] = parseCamt(statement053(bal('ITBD', '15.00'))).statements;
    assert.equal(statement?.closingBalance, null);
  });

  test('several statements in one file, each with its own lines', () => {
    const one = statement053(BATCH);
    const stmt = one.slice(one.indexOf('<Stmt>'), one.indexOf('</Stmt>') + '</Stmt>'.length);
    const two = one.replace('</Stmt>', `</Stmt>\n${stmt.replace('<Id>S-1</Id>', '<Id>S-2</Id>')}`);
    const file = parseCamt(two);
    assert.deepEqual(
      file.statements.map((s) => s.statementId),
      ['S-1', 'S-2'],
    );
    assert.deepEqual(
      file.statements[1]?.entries.map((e) => e.line),
      [22 + 43, 33 + 43, 39 + 43],
    );
  });
});

describe('camt: entries', () => {
  const entry = (inner: string) =>
    statement053(`      <Ntry>
        <Amt Ccy="EUR">12.50</Amt><CdtDbtInd>DBIT</CdtDbtInd><RvslInd>true</RvslInd>
        <Sts>BOOK</Sts><BookgDt><Dt>2024-05-01</Dt></BookgDt>
        ${inner}
      </Ntry>`);

  test('a reversal, a proprietary transaction code, v8 party names (Pty/Nm, BICFI)', () => {
    const text =
      entry(`<AcctSvcrRef>R-9</AcctSvcrRef><BkTxCd><Prtry><Cd>NMSC+051</Cd><Issr>DK</Issr></Prtry></BkTxCd>
        <NtryDtls><TxDtls>
          <RltdPties><Dbtr><Pty><Nm>Us</Nm></Pty></Dbtr><Cdtr><Pty><Nm>Supplier AG</Nm></Pty></Cdtr>
            <CdtrAcct><Id><IBAN>CH9300762011623852957</IBAN></Id></CdtrAcct><UltmtCdtr><Pty><Nm>Parent AG</Nm></Pty></UltmtCdtr></RltdPties>
          <RltdAgts><CdtrAgt><FinInstnId><BICFI>UBSWCHZH80A</BICFI></FinInstnId></CdtrAgt></RltdAgts>
          <RmtInf><Strd><RfrdDocInf><Nb>INV-77</Nb></RfrdDocInf><AddtlRmtInf>thanks</AddtlRmtInf></Strd></RmtInf>
        </TxDtls></NtryDtls>`);
    const e = parseCamt(text).statements[0]?.entries[0];
    assert.equal(e?.amountMinor, -1250n);
    assert.equal(e?.reversal, true);
    assert.equal(e?.transactionCode, 'NMSC+051');
    assert.deepEqual(e?.counterparty, {
      name: 'Supplier AG',
      iban: 'CH9300762011623852957',
      accountNumber: null,
      bic: 'UBSWCHZH80A',
    });
    assert.equal(e?.ultimateParty, 'Parent AG');
    assert.deepEqual(e?.remittance, ['INV-77', 'thanks']);
  });

  test('an amount with more decimals than the currency is rounded, with a warning', () => {
    const text = entry('').replace('12.50', '12.505');
    const [s] = parseCamt(text).statements;
    assert.equal(s?.entries[0]?.amountMinor, -1251n);
    assert.match(s?.warnings[0] ?? '', /entry amount 12\.505 EUR rounded to 12\.51 EUR/);
    const exact = parseCamt(entry('').replace('12.50', '12.5000')).statements[0];
    assert.deepEqual(exact?.warnings, []);
  });

  test('without any RmtInf the additional entry information stands in as remittance', () => {
    const e = parseCamt(entry('<AddtlNtryInf>Zahlungseingang / Ref.-Nr. 99999</AddtlNtryInf>')).statements[0]
      ?.entries[0];
    assert.deepEqual(e?.remittance, ['Zahlungseingang / Ref.-Nr. 99999']);
    assert.equal(e?.counterparty.name, null);
  });

  test('a pending entry (camt.052 PDNG) is kept, with a warning', () => {
    const [s] = parseCamt(entry('').replace('<Sts>BOOK</Sts>', '<Sts>PDNG</Sts>')).statements;
    assert.equal(s?.entries.length, 1);
    assert.match(s?.warnings[0] ?? '', /pending entry/);
  });

  test('without a booking date the value date stands in, with a warning', () => {
    const text = entry('<ValDt><Dt>2024-05-03</Dt></ValDt>').replace(
      '<BookgDt><Dt>2024-05-01</Dt></BookgDt>',
      '',
    );
    const [s] = parseCamt(text).statements;
    assert.equal(s?.entries[0]?.bookingDate, '2024-05-03');
    assert.match(s?.warnings[0] ?? '', /no booking date; using the value date 2024-05-03/);
  });

  test('a 30 February is reported with its line, never moved to another day in silence', () => {
    const text = entry('<ValDt><Dt>2024-03-01</Dt></ValDt>')
      .replace('<BookgDt><Dt>2024-05-01</Dt></BookgDt>', '<BookgDt><Dt>2024-02-30</Dt></BookgDt>')
      .replace('<ToDtTm>2024-05-01T23:59:59</ToDtTm>', '<ToDtTm>2024-04-31T23:59:59</ToDtTm>');
    const [s] = parseCamt(text).statements;
    assert.equal(s?.entries[0]?.bookingDate, '2024-03-01', 'the value date stands in, as for a missing date');
    assert.equal(s?.toDate, null);
    const warnings = s?.warnings.join('\n') ?? '';
    assert.match(
      warnings,
      /line \d+: entry has booking date "2024-02-30", which is not a date; using the value date 2024-03-01/,
    );
    assert.match(warnings, /line \d+: period end "2024-04-31T23:59:59" is not a date; read without it/);
    const value = parseCamt(entry('<ValDt><Dt>2024-02-30</Dt></ValDt>')).statements[0];
    assert.equal(value?.entries[0]?.valueDate, null);
    assert.match(
      value?.warnings.join('\n') ?? '',
      /line \d+: value date "2024-02-30" is not a date; read without a value date/,
    );
  });

  test('namespace prefixes, a byte-order mark and the V01 root element are read like any other', () => {
    const prefixed = `\uFEFF<?xml version="1.0"?>
<ns2:Document xmlns:ns2="urn:iso:std:iso:20022:tech:xsd:camt.054.001.01"><ns2:BkToCstmrDbtCdtNtfctnV01>
<ns2:Ntfctn><ns2:Id>N</ns2:Id><ns2:Acct><ns2:Id><ns2:IBAN>DE89370400440532013000</ns2:IBAN></ns2:Id><ns2:Ccy>EUR</ns2:Ccy></ns2:Acct>
<ns2:Ntry><ns2:Amt Ccy="EUR">1.00</ns2:Amt><ns2:CdtDbtInd>CRDT</ns2:CdtDbtInd><ns2:BookgDt><ns2:Dt>2024-01-02</ns2:Dt></ns2:BookgDt>
<ns2:NtryDtls><ns2:TxDtls><ns2:RmtInf><ns2:Ustrd>A &amp; B</ns2:Ustrd></ns2:RmtInf></ns2:TxDtls></ns2:NtryDtls></ns2:Ntry>
</ns2:Ntfctn></ns2:BkToCstmrDbtCdtNtfctnV01></ns2:Document>`;
    const file = parseCamt(prefixed);
    assert.equal(file.format, 'camt.054');
    const e = file.statements[0]?.entries[0];
    assert.deepEqual(e?.remittance, ['A & B']);
    assert.equal(e?.line, 4);
  });
});

describe('camt: rejected files', () => {
  test('malformed XML is rejected with its line and column', () => {
    const text = statement053(BATCH).replace('</Sts>', '</Status>');
    assert.throws(
      () => parseCamt(text),
      (e) =>
        e instanceof StatementSyntaxError &&
        e.line === 15 &&
        e.column === 18 &&
        /^line 15:18: malformed XML: closing tag <\/Status> does not match <Sts> opened at line 15, column 9$/.test(
          e.message,
        ),
    );
  });

  test('a document without a camt message, or a message without statements, is rejected', () => {
    assert.throws(
      () =>
        parseCamt(
          '<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:pain.001.001.03"><CstmrCdtTrfInitn/></Document>',
        ),
      (e) => e instanceof StatementSyntaxError && e.line === 2,
    );
    assert.throws(
      () =>
        parseCamt('<Document><BkToCstmrStmt><GrpHdr><MsgId>x</MsgId></GrpHdr></BkToCstmrStmt></Document>'),
      (e) => e instanceof StatementSyntaxError && /holds no Stmt/.test(e.message),
    );
    assert.throws(() => parseCamt('not xml at all'), StatementSyntaxError);
  });

  test('an entry without a valid CdtDbtInd or amount is rejected at its line', () => {
    assert.throws(
      () => parseCamt(statement053(BATCH).replace('<CdtDbtInd>CRDT</CdtDbtInd>\n        <Sts>', '<Sts>')),
      (e) =>
        e instanceof StatementSyntaxError &&
        e.line === 11 &&
        /CdtDbtInd must be CRDT or DBIT/.test(e.message),
    );
    assert.throws(
      () => parseCamt(statement053(BATCH).replace('320.00', '3x0')),
      (e) => e instanceof StatementSyntaxError && e.line === 11 && /is not a number/.test(e.message),
    );
    assert.throws(
      () => parseCamt(statement053(BATCH).replace('Ccy="EUR">320.00', 'Ccy="XXX">320.00')),
      (e) => e instanceof StatementSyntaxError && /unknown currency XXX/.test(e.message),
    );
  });
});
