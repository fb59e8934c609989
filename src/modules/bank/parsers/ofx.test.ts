import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { StatementSyntaxError } from '../statement.ts';
import { parseOfx, parseOfxDate } from './ofx.ts';

const FIXTURES = new URL('../../../../test/fixtures/bank/ofx/ofxparse/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8');

function rejectsAt(text: string, line: number | null, message: RegExp): void {
  assert.throws(
    () => parseOfx(text),
    (error: unknown) => {
      assert.ok(error instanceof StatementSyntaxError, String(error));
      assert.equal(error.line, line);
      assert.match(error.message, message);
      return true;
    },
  );
}

describe('parseOfx on the ofxparse samples', () => {
  // Expected values: shared/external/SOURCES.md "OFX / QFX" (ofxparse results, also asserted in its
  // tests/test_parse.py): account id, currency, transactions, Σ amounts, ledger balance.
  const cases: {
    file: string;
    statements: { account: string; currency: string; entries: number; sum: bigint; ledger: bigint | null }[];
  }[] = [
    {
      file: 'anzcc.ofx',
      statements: [{ account: '1234123412341234', currency: 'AUD', entries: 1, sum: -550n, ledger: -12345n }],
    },
    {
      file: 'bank_medium.ofx',
      statements: [
        { account: '12300 000012345678', currency: 'CAD', entries: 3, sum: -34527n, ledger: 38234n },
      ],
    },
    {
      file: 'checking.ofx',
      statements: [{ account: '1452687~7', currency: 'USD', entries: 3, sum: -5950n, ledger: 10099n }],
    },
    {
      file: 'suncorp.ofx',
      statements: [{ account: '123456789', currency: 'AUD', entries: 1, sum: -1685n, ledger: 123412n }],
    },
    {
      file: 'multiple_accounts.ofx',
      statements: [
        { account: '9100', currency: 'USD', entries: 0, sum: 0n, ledger: 11100n },
        { account: '9200', currency: 'USD', entries: 0, sum: 0n, ledger: 22200n },
      ],
    },
    {
      file: 'multiple_accounts2.ofx',
      statements: [
        { account: '9100', currency: 'USD', entries: 0, sum: 0n, ledger: 11100n },
        { account: '9200', currency: 'USD', entries: 0, sum: 0n, ledger: 22200n },
      ],
    },
    // Broken on purpose upstream, parsed leniently here (ofxparse fail_fast=False): warnings.
    {
      file: 'ofx-v102-empty-tags.ofx',
      statements: [{ account: '12345678', currency: 'AUD', entries: 1, sum: 1234n, ledger: null }],
    },
    {
      file: 'fail_nice/empty_balance.ofx',
      statements: [{ account: '192639749', currency: 'CAD', entries: 1, sum: 12000n, ledger: null }],
    },
    // No bank or credit-card statement: account listings, sign-on only, investment statements.
    ...[
      'account_listing_aggregation.ofx',
      'bank_small.ofx',
      'signon_success.ofx',
      'signon_success_no_message.ofx',
      'fidelity-savings.ofx',
      'fidelity.ofx',
      'investment_401k.ofx',
      'investment_medium.ofx',
      'td_ameritrade.ofx',
      'tiaacref.ofx',
      'vanguard.ofx',
      'vanguard401k.ofx',
    ].map((file) => ({ file, statements: [] })),
  ];
  for (const c of cases)
    test(c.file, () => {
      const parsed = parseOfx(read(c.file));
      assert.equal(parsed.format, 'ofx');
      assert.deepEqual(
        parsed.statements.map((s) => ({
          account: s.account.accountNumber,
          currency: s.currency,
          entries: s.entries.length,
          sum: s.entries.reduce((t, e) => t + e.amountMinor, 0n),
          ledger: s.closingBalance?.amountMinor ?? null,
        })),
        c.statements,
      );
      for (const s of parsed.statements) assert.equal(s.openingBalance, null);
    });

  test('bank_medium.ofx: SGML on one line without closing tags, FITID, dates with time zone', () => {
    const [s] = parseOfx(read('bank_medium.ofx')).statements;
    assert.ok(s);
    assert.deepEqual(s.warnings, []);
    assert.equal(s.fromDate, '2009-04-01');
    assert.equal(s.toDate, '2009-05-23');
    assert.deepEqual(s.closingBalance, { amountMinor: 38234n, currency: 'CAD', date: '2009-05-23' });
    const e = s.entries[1];
    assert.deepEqual(e, {
      bankReference: '0000123456782009040200004',
      bookingDate: '2009-04-02',
      valueDate: null,
      amountMinor: -31667n,
      currency: 'CAD',
      transactionCode: 'CHECK',
      counterparty: { name: "Joe's Bald Hairstyles", iban: null, accountNumber: null, bic: null },
      ultimateParty: null,
      remittance: ["MISCELLANEOUS PAYMENTS;Joe's Bald Hairstyles"],
      structuredReferences: [],
      endToEndId: null,
      reversal: false,
      line: 16,
    });
  });

  test('checking.ofx: one tag per line, entry lines', () => {
    const [s] = parseOfx(read('checking.ofx')).statements;
    assert.deepEqual(
      s?.entries.map((e) => [e.line, e.transactionCode, e.amountMinor, e.bankReference]),
      [
        [46, 'CREDIT', 1n, '0000486'],
        [54, 'DEBIT', -3451n, '0000487'],
        [62, 'CHECK', -2500n, '0000488'],
      ],
    );
  });

  test('anzcc.ofx (credit card, OFX 2.03) and suncorp.ofx (XML, CRLF, CDATA)', () => {
    const [cc] = parseOfx(read('anzcc.ofx')).statements;
    assert.equal(cc?.entries[0]?.valueDate, '2017-05-08'); // DTUSER
    assert.deepEqual(cc?.entries[0]?.remittance, ['SOME MEMO']);
    const [s] = parseOfx(read('suncorp.ofx')).statements;
    assert.equal(s?.entries[0]?.counterparty.name, 'EFTPOS WDL HANDYWAY ALDI STORE');
    assert.deepEqual(s?.entries[0]?.remittance, ['EFTPOS WDL HANDYWAY ALDI STORE   GEELONG WEST VICAU']);
    assert.equal(s?.entries[0]?.line, 35);
  });

  test('empty tags and an empty balance give warnings', () => {
    const [s] = parseOfx(read('ofx-v102-empty-tags.ofx')).statements;
    assert.equal(s?.entries[0]?.bankReference, null);
    assert.equal(s?.entries[0]?.transactionCode, 'Credit');
    assert.ok(s?.warnings.some((w) => w.includes('no CURDEF')));
    assert.ok(s?.warnings.some((w) => w.includes('empty ledger balance')));
    const [b] = parseOfx(read('fail_nice/empty_balance.ofx')).statements;
    assert.deepEqual(b?.warnings, ['line 37: empty ledger balance (LEDGERBAL/BALAMT)']);
  });

  test('files broken on purpose and error responses are rejected with a position', () => {
    rejectsAt(read('fail_nice/date_missing.ofx'), 33, /without a DTPOSTED date/);
    rejectsAt(read('fail_nice/decimal_error.ofx'), 36, /DTPOSTED "201120000000" is not a date/);
    rejectsAt(read('signon_fail.ofx'), 11, /error response .*code 15500/);
    rejectsAt(read('error_message.ofx'), 22, /code 2000 \(General Server Error\)/);
  });
});

const SGML_HEAD = 'OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\n\n';

describe('parseOfx edge cases', () => {
  test('a 30 February in a value, balance or period date is reported with its line, not moved', () => {
    const text = `${SGML_HEAD}<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS>
<CURDEF>EUR
<BANKACCTFROM><ACCTID>DE89370400440532013000</BANKACCTFROM>
<BANKTRANLIST>
<DTSTART>20240201
<DTEND>20240230
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240229<DTAVAIL>20240230<DTUSER>20240228<TRNAMT>5.00<FITID>F-1</STMTTRN>
</BANKTRANLIST>
<LEDGERBAL><BALAMT>5.00<DTASOF>20240230</LEDGERBAL>
</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>
`;
    const [statement] = parseOfx(text).statements;
    assert.equal(
      statement?.entries[0]?.valueDate,
      '2024-02-28',
      'DTUSER stands in for the impossible DTAVAIL',
    );
    assert.equal(statement?.toDate, null);
    assert.equal(statement?.closingBalance?.date, null);
    assert.deepEqual(
      statement?.warnings.map((w) => w.replace(/ is not a date; read without it$/, '')).sort(),
      ['line 12: DTEND "20240230"', 'line 13: DTAVAIL "20240230"', 'line 15: DTASOF "20240230"'],
    );
  });

  test('SGML without closing tags: two statements (bank and credit card), PAYEE, BANKACCTTO, entities', () => {
    const text = `${SGML_HEAD}<OFX>
<BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STATUS><CODE>0<SEVERITY>INFO</STATUS>
<STMTRS>
<CURDEF>EUR
<BANKACCTFROM>
<BANKID>DEUTDEFF
<ACCTID>DE89 3704 0044 0532 0130 00
<ACCTTYPE>CHECKING
</BANKACCTFROM>
<BANKTRANLIST>
<DTSTART>20240101
<DTEND>20240131
<STMTTRN>
<TRNTYPE>CREDIT
<DTPOSTED>20240131230000.000[-5:EST]
<DTUSER>20240130
<TRNAMT>1.234,56
<FITID>F-1
<PAYEE><NAME>ACME &amp; Sons GmbH<ADDR1>Street 1</PAYEE>
<BANKACCTTO><BANKID>COBADEFF<ACCTID>DE44500105175407324931<ACCTTYPE>CHECKING</BANKACCTTO>
<MEMO>Invoice INV-1001 &lt;paid&gt;
</STMTTRN>
<STMTTRN>
<TRNTYPE>DEBIT
<DTPOSTED>20240102
<TRNAMT>-12,5
<FITID>F-2
<CHECKNUM>77
<NAME>
<MEMO>fee
</STMTTRN>
</BANKTRANLIST>
<LEDGERBAL><BALAMT>1222,06<DTASOF>20240131120000[+1:CET]</LEDGERBAL>
<AVAILBAL><BALAMT>99999<DTASOF>20240131</AVAILBAL>
</STMTRS>
</STMTTRNRS></BANKMSGSRSV1>
<CREDITCARDMSGSRSV1><CCSTMTTRNRS><TRNUID>2
<CCSTMTRS><CURDEF>USD<CCACCTFROM><ACCTID>4111111111111111</CCACCTFROM>
<BANKTRANLIST><STMTTRN><TRNTYPE>PAYMENT<DTPOSTED>20240115<TRNAMT>+50.00<FITID>C-1</STMTTRN></BANKTRANLIST>
</CCSTMTRS></CCSTMTTRNRS></CREDITCARDMSGSRSV1>
</OFX>
`;
    const [bank, card] = parseOfx(text).statements;
    assert.ok(bank && card);
    assert.deepEqual(bank.warnings, []);
    assert.deepEqual(bank.account, {
      iban: 'DE89370400440532013000',
      accountNumber: null,
      bic: 'DEUTDEFF',
      name: null,
    });
    assert.equal(bank.currency, 'EUR');
    assert.deepEqual(bank.closingBalance, { amountMinor: 122206n, currency: 'EUR', date: '2024-01-31' });
    const [credit, debit] = bank.entries;
    assert.equal(credit?.bookingDate, '2024-01-31'); // the date as written, not shifted to UTC
    assert.equal(credit?.valueDate, '2024-01-30');
    assert.equal(credit?.amountMinor, 123456n);
    assert.deepEqual(credit?.counterparty, {
      name: 'ACME & Sons GmbH',
      iban: 'DE44500105175407324931',
      accountNumber: null,
      bic: 'COBADEFF',
    });
    assert.deepEqual(credit?.remittance, ['Invoice INV-1001 <paid>']);
    assert.equal(credit?.line, 19);
    assert.equal(debit?.amountMinor, -1250n);
    assert.equal(debit?.counterparty.name, null);
    assert.deepEqual(debit?.remittance, ['fee']);
    assert.equal(card.account.accountNumber, '4111111111111111');
    assert.equal(card.currency, 'USD');
    assert.equal(card.entries[0]?.amountMinor, 5000n);
    assert.equal(card.entries[0]?.bankReference, 'C-1');
  });

  test('an empty unclosed leaf whose name is closed elsewhere stays a leaf', () => {
    const text = `${SGML_HEAD}<OFX><STMTRS><CURDEF>USD<BANKACCTFROM><ACCTID>1</BANKACCTFROM><BANKTRANLIST>
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240101<TRNAMT>1<FITID>A<NAME>Payer</NAME><MEMO>one</STMTTRN>
<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20240101<TRNAMT>2<FITID>B<NAME><MEMO>two</STMTTRN>
</BANKTRANLIST></STMTRS></OFX>`;
    const [s] = parseOfx(text).statements;
    assert.deepEqual(
      s?.entries.map((e) => [e.counterparty.name, e.remittance, e.amountMinor]),
      [
        ['Payer', ['one'], 100n],
        [null, ['two'], 200n],
      ],
    );
  });

  test('XML form with a BOM and CRLF; more decimals than the currency → warning', () => {
    const text = `\uFEFF<?xml version="1.0"?>\r\n<?OFX OFXHEADER="200" VERSION="220"?>\r\n<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>USD</CURDEF>\r\n<BANKACCTFROM><BANKID>1</BANKID><ACCTID>42</ACCTID></BANKACCTFROM>\r\n<BANKTRANLIST><STMTTRN><TRNTYPE>CREDIT</TRNTYPE><DTPOSTED>20240105</DTPOSTED><TRNAMT>10.005</TRNAMT><FITID>X</FITID></STMTTRN></BANKTRANLIST>\r\n</STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\r\n`;
    const [s] = parseOfx(text).statements;
    assert.equal(s?.entries[0]?.amountMinor, 1001n);
    assert.equal(s?.entries[0]?.line, 5);
    assert.deepEqual(s?.warnings, ['line 5: TRNAMT 10.005 has more decimals than USD; rounded']);
  });

  test('DTPOSTED forms', () => {
    assert.equal(parseOfxDate('20240229'), '2024-02-29');
    assert.equal(parseOfxDate('20240229123000'), '2024-02-29');
    assert.equal(parseOfxDate('20240229123000.123[-8:PST]'), '2024-02-29');
    assert.equal(parseOfxDate('20230229'), null);
    assert.equal(parseOfxDate(''), null);
  });

  test('malformed files are rejected', () => {
    rejectsAt('OFXHEADER:100\n\nnothing here', null, /no <OFX> element/);
    rejectsAt(
      `${SGML_HEAD}<OFX>\n<STMTRS><CURDEF>USD\n<BANKTRANLIST><STMTTRN><DTPOSTED>20240101<TRNAMT>$5</STMTTRN></BANKTRANLIST></STMTRS></OFX>`,
      9,
      /"\$5" is not an amount/,
    );
    rejectsAt(
      `${SGML_HEAD}<OFX>\n<STMTRS><CURDEF>USD\n<BANKTRANLIST><STMTTRN><DTPOSTED>20240101\n`,
      9,
      /ends inside <STMTTRN> \(opened on line 9\)/,
    );
    rejectsAt(`${SGML_HEAD}<OFX>\n<STMTRS><CURDEF>USD\n<BANKTRANLIST><STMTTRN\n`, 9, /malformed tag/);
    rejectsAt(`${SGML_HEAD}<OFX>\n<STMTRS><CURDEF>XYZ</STMTRS></OFX>`, 8, /unknown currency "XYZ"/);
  });
});

describe('parseOfx: hostile nesting (found by npm run fuzz)', () => {
  test('refuses aggregates nested deeper than OFX ever goes, naming the line, instead of overflowing the stack', () => {
    const deep = `${'<a>\n'.repeat(100_000)}${'</a>'.repeat(100_000)}`;
    // OFX and STMTRS are two aggregates; the 63rd <a> (line 9 + 62) is the 65th.
    rejectsAt(
      `${SGML_HEAD}<OFX>\n<STMTRS><CURDEF>EUR\n${deep}</STMTRS></OFX>`,
      71,
      /nested more than 64 deep/,
    );
  });

  test('closes of names never opened cost nothing (100,000 of them after 60 open aggregates)', () => {
    const open = '<a>'.repeat(60);
    const started = performance.now();
    const parsed = parseOfx(`${SGML_HEAD}<OFX>${open}${'</b>'.repeat(100_000)}</OFX>`);
    assert.equal(parsed.statements.length, 0);
    assert.ok(performance.now() - started < 1000);
  });
});

describe('parseOfx: entity declarations refused (XML bombs, external entities)', () => {
  test('refuses a DOCTYPE that declares entities, naming its line, and expands nothing', () => {
    const xml = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<?OFX OFXHEADER="200" VERSION="220"?>',
      '<!DOCTYPE OFX [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!ENTITY lol "lol">]>',
      '<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>EUR<BANKTRANLIST>',
      '<STMTTRN><TRNTYPE>CREDIT<DTPOSTED>20260301<TRNAMT>1.00<FITID>1<NAME>&xxe;&lol;</STMTTRN>',
      '</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>',
    ].join('\n');
    rejectsAt(xml, 3, /entity declarations are not accepted/);
    rejectsAt(xml.replace('<!DOCTYPE OFX [', '<!DOCTYPE OFX [\n'), 4, /entity declarations are not accepted/);
  });
});
