import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, test } from 'node:test';
import { type ParsedStatement, StatementSyntaxError } from '../statement.ts';
import { parseBai2 } from './bai2.ts';

const FIXTURES = new URL('../../../../test/fixtures/bank/bai2/', import.meta.url);
const read = (path: string) => readFileSync(new URL(path, FIXTURES), 'utf8');
const sum = (s: ParsedStatement) => s.entries.reduce((t, e) => t + e.amountMinor, 0n);

/** Rejects with a StatementSyntaxError at `line` (and `column` when given). */
function rejectsAt(text: string, line: number, column?: number, message?: RegExp): void {
  assert.throws(
    () => parseBai2(text),
    (error: unknown) => {
      assert.ok(error instanceof StatementSyntaxError, String(error));
      assert.equal(error.line, line);
      if (column !== undefined) assert.equal(error.column, column);
      if (message) assert.match(error.message, message);
      return true;
    },
  );
}

describe('parseBai2 on the real samples', () => {
  // Expected values: shared/external/SOURCES.md "BAI2" (ministryofjustice parser results, 49/98/99
  // control totals) and moov-io, which accepts all five of its samples.
  const cases: {
    file: string;
    accounts: number;
    entries: number[];
    currency: string;
    balances?: (readonly [bigint | null, bigint | null])[];
  }[] = [
    { file: 'moov-io-bai2/sample1.txt', accounts: 2, entries: [11, 6], currency: 'CAD' },
    { file: 'moov-io-bai2/sample2.txt', accounts: 5, entries: [1, 1, 2, 0, 0], currency: 'USD' },
    {
      file: 'moov-io-bai2/sample3.txt',
      accounts: 15,
      entries: [6, 0, 0, 2, 0, 0, 0, 6, 4, 8, 0, 0, 0, 0, 0],
      currency: 'USD',
    },
    {
      file: 'moov-io-bai2/sample4-continuations-newline-delimited.txt',
      accounts: 5,
      entries: [0, 3, 14, 0, 0],
      currency: 'USD',
    },
    { file: 'moov-io-bai2/sample5-issue113.txt', accounts: 5, entries: [0, 3, 17, 0, 0], currency: 'USD' },
    {
      file: 'ministryofjustice-bai2/account_trailer_amount_blank_example.bai2',
      accounts: 2,
      entries: [0, 0],
      currency: 'USD',
    },
    {
      file: 'ministryofjustice-bai2/citi_example.bai2',
      accounts: 1,
      entries: [1],
      currency: 'GBP',
      balances: [[10000n, 10000n]],
    },
    {
      file: 'ministryofjustice-bai2/nwb_example.bai2',
      accounts: 1,
      entries: [5],
      currency: 'GBP',
      balances: [[36521n, 33845n]],
    },
    {
      file: 'ministryofjustice-bai2/svb_us_example.bai2',
      accounts: 2,
      entries: [1, 1],
      currency: 'USD',
      balances: [
        [34726979n, 35217175n],
        [35217175n, 36122975n],
      ],
    },
  ];
  for (const c of cases)
    test(c.file, () => {
      const parsed = parseBai2(read(c.file));
      assert.equal(parsed.format, 'bai2');
      assert.equal(parsed.statements.length, c.accounts);
      assert.deepEqual(
        parsed.statements.map((s) => s.entries.length),
        c.entries,
      );
      for (const s of parsed.statements) {
        assert.equal(s.currency, c.currency);
        assert.equal(s.format, 'bai2');
        for (const e of s.entries) assert.equal(e.currency, c.currency);
      }
      if (c.balances)
        assert.deepEqual(
          parsed.statements.map((s) => [
            s.openingBalance?.amountMinor ?? null,
            s.closingBalance?.amountMinor ?? null,
          ]),
          c.balances,
        );
    });

  test('sample1: amounts, signs, control totals (834,000 and 446,000) add up without warnings', () => {
    const [a, b] = parseBai2(read('moov-io-bai2/sample1.txt')).statements;
    assert.ok(a && b);
    assert.equal(a.account.accountNumber, '10200123456');
    assert.equal(a.fromDate, '2006-03-17');
    assert.equal(a.statementId, '001/1');
    assert.deepEqual(a.warnings, []);
    assert.deepEqual(b.warnings, []);
    const first = a.entries[0];
    assert.ok(first);
    assert.equal(first.amountMinor, -2500n); // 409 is a debit
    assert.equal(first.transactionCode, '409');
    assert.equal(first.bookingDate, '2006-03-17');
    assert.equal(first.valueDate, '2006-03-16'); // funds type V
    assert.deepEqual(first.remittance, ['RETURNED CHEQUE']);
    assert.equal(first.line, 5);
    assert.equal(a.entries[3]?.amountMinor, 203500n); // 108 is a credit
    // 417,000 of details: 208,500 in, 208,500 out.
    assert.equal(sum(a), 0n);
    assert.equal(
      a.entries.filter((e) => e.amountMinor > 0n).reduce((t, e) => t + e.amountMinor, 0n),
      208500n,
    );
  });

  test('sample2: funds types S and D with their extra fields, 03 groups continued on 88 records', () => {
    const s = parseBai2(read('moov-io-bai2/sample2.txt')).statements;
    // Every 49 total matches the sum of its 03/88 summaries and 16 details.
    for (const st of s)
      assert.ok(!st.warnings.some((w) => w.includes('control total')), st.warnings.join('; '));
    assert.equal(s[0]?.entries[0]?.amountMinor, 450000n);
    assert.equal(s[1]?.openingBalance?.amountMinor, -500000n);
    const lc = s[2]?.entries[0];
    assert.equal(lc?.bankReference, 'SP4738');
    assert.equal(lc?.valueDate, '2004-06-22');
    assert.deepEqual(lc?.remittance, ['PROCEEDS OF LETTER OF CREDIT FROM THE ARAMCO OIL CO']);
    assert.equal(s[1]?.entries[0]?.bankReference, null);
    assert.deepEqual(s[1]?.entries[0]?.remittance, ['LOCK BOX NO.68751']);
  });

  test('sample3: several records on one line and text wrapped onto a line without record code', () => {
    const s = parseBai2(read('moov-io-bai2/sample3.txt')).statements;
    assert.equal(
      s.reduce((n, st) => n + st.entries.length, 0),
      26,
    );
    for (const st of s) assert.deepEqual(st.warnings, []);
    const [a] = s;
    assert.equal(a?.entries[1]?.amountMinor, 500n);
    assert.deepEqual(a?.entries[1]?.remittance, ['TRANSFER   MSPBNA BANK        PPD']);
    assert.equal(a?.openingBalance?.amountMinor, -3500n);
    assert.equal(a?.closingBalance?.amountMinor, -3600n);
    assert.equal(sum(a as ParsedStatement), -100n);
    const wrapped = s[7]?.entries[0];
    assert.equal(wrapped?.line, 18);
    assert.deepEqual(wrapped?.remittance, [
      '111111     ACH_SETL           1111111111 111111111111111',
      '1111111111',
    ]);
  });

  test('sample4/5: newline-delimited 16 records whose text holds commas, references, 88 text', () => {
    const s4 = parseBai2(read('moov-io-bai2/sample4-continuations-newline-delimited.txt')).statements;
    const e = s4[1]?.entries[0];
    assert.equal(e?.transactionCode, '447');
    assert.equal(e?.amountMinor, -60000n);
    assert.equal(e?.bankReference, 'SPB2322984714570');
    assert.deepEqual(e?.remittance, [
      'ACH Credit Payment,Entry Description: EXP; -, SEC: CCD, Client Ref ID: 1111, GS ID: SPB2322984714570',
      'EREF: 1111',
      'DBNM: TEST INC',
      'CACT: ACHCONTROLOUTUSD01',
    ]);
    assert.equal(s4[2]?.openingBalance?.amountMinor, 159581194n);
    assert.equal(s4[2]?.closingBalance?.amountMinor, 159381194n);
    // The upstream file's account trailer 49,-1260161341762 does not add up: a warning, not a rejection.
    assert.ok(s4[1]?.warnings.some((w) => w.includes('account control total -1260161341762')));
    const s5 = parseBai2(read('moov-io-bai2/sample5-issue113.txt')).statements;
    const slashes = s5[1]?.entries[2];
    assert.equal(slashes?.bankReference, 'SPB2322684598521');
    assert.match(slashes?.remittance[0] ?? '', /Client Ref ID: AB\/GS\/TEST0001\/RPBA0001, GS ID/);
    const interest = s5[2]?.entries.at(-1);
    assert.equal(interest?.transactionCode, '354');
    assert.equal(interest?.amountMinor, 1764n);
  });

  test('citi: funds type V with date, references, seven 88 text records', () => {
    const [s] = parseBai2(read('ministryofjustice-bai2/citi_example.bai2')).statements;
    const e = s?.entries[0];
    assert.equal(e?.amountMinor, 1n);
    assert.equal(e?.transactionCode, '191');
    assert.equal(e?.bankReference, '1234567890');
    assert.equal(e?.valueDate, '2015-07-15');
    assert.equal(e?.remittance.length, 7);
    assert.equal(e?.remittance[0], 'FR:FP SIP INCOMING');
    assert.equal(s?.account.accountNumber, '77777777');
    assert.equal(s?.account.bic, 'CITIGB00');
    // opening 100.00 + 0.01 ≠ closing 100.00: the file does not balance, which is a warning.
    assert.ok(s?.warnings.some((w) => w.includes('opening ledger')));
    assert.ok(!s?.warnings.some((w) => w.includes('control total')));
  });

  test('nwb: 88 continuing the 03 summaries, text only in 88 records', () => {
    const [s] = parseBai2(read('ministryofjustice-bai2/nwb_example.bai2')).statements;
    assert.deepEqual(s?.warnings, []);
    assert.equal(s?.account.accountNumber, '88888888 600004');
    assert.deepEqual(
      s?.entries.map((e) => e.amountMinor),
      [-971n, -100n, -123n, -1571n, 89n],
    );
    assert.deepEqual(s?.entries[4]?.remittance, [
      'TFR XBANKGO24007680SJ CAT JPY 2 GBPXBANKGO24007680BGC INTERNATIONAL-5373 CLIE',
      'NT SECCY AC TFR',
    ]);
  });

  test('svb: two groups with their own as-of dates', () => {
    const s = parseBai2(read('ministryofjustice-bai2/svb_us_example.bai2')).statements;
    assert.deepEqual(
      s.map((x) => [x.statementId, x.fromDate, x.entries[0]?.bookingDate, x.entries[0]?.bankReference]),
      [
        ['1/1', '2022-02-01', '2022-02-01', '172629'],
        ['1/2', '2022-02-02', '2022-02-02', '150675'],
      ],
    );
    for (const st of s) assert.deepEqual(st.warnings, []);
  });

  test('a blank account trailer amount parses (as 0)', () => {
    const s = parseBai2(read('ministryofjustice-bai2/account_trailer_amount_blank_example.bai2')).statements;
    assert.deepEqual(
      s.map((x) => x.account.accountNumber),
      ['12345', '54321'],
    );
    for (const st of s) assert.ok(!st.warnings.some((w) => w.includes('control total')));
  });

  test('moov-io errors/sample-parseError.txt is rejected with its position', () => {
    rejectsAt(read('moov-io-bai2/errors/sample-parseError.txt'), 1, 1, /record code "00"/);
  });
});

const HEADER = '01,SENDER,RECEIVER,240131,1200,FILE7,,,2/\n02,RECEIVER,BANKUS33XXX,1,240131,,USD,2/\n';

describe('parseBai2 edge cases', () => {
  test('03 summaries continued in 88 records, with funds types V, S and D and their extra fields', () => {
    const text = `${HEADER}03,ACC-1,EUR,010,100000,,,100,5000,2,V,240130,1200,400,2000,1,S,500,1000,500/
88,015,103000,,,110,1000,1,D,2,1,600,3,400,/
16,195,5000,S,1000,2000,2000,BR1,CR1,INVOICE 42, 43 AND 44/
88,SECOND LINE, WITH COMMA
16,495,2000,D,2,0,1500,1,500,BR2,,WIRE OUT/
49,218000,4/
98,218000,1,6/
99,218000,1,8/
`;
    const [s] = parseBai2(text).statements;
    assert.ok(s);
    assert.deepEqual(s.warnings, []);
    assert.equal(s.currency, 'EUR');
    assert.equal(s.openingBalance?.amountMinor, 100000n);
    assert.equal(s.closingBalance?.amountMinor, 103000n);
    assert.equal(s.statementId, 'FILE7/1');
    assert.equal(s.account.bic, 'BANKUS33XXX');
    const [credit, debit] = s.entries;
    assert.equal(credit?.amountMinor, 5000n);
    assert.equal(credit?.bankReference, 'BR1');
    assert.deepEqual(credit?.remittance, ['INVOICE 42, 43 AND 44', 'SECOND LINE, WITH COMMA']);
    assert.equal(credit?.valueDate, null);
    assert.equal(debit?.amountMinor, -2000n);
    assert.equal(debit?.bankReference, 'BR2');
    assert.deepEqual(debit?.remittance, ['WIRE OUT']);
    assert.equal(debit?.line, 7);
  });

  test('a 16 record ended before its text gets the text (or the missing fields) from the 88 records', () => {
    const text = `${HEADER}03,ACC-2,,/
16,165,1000,0/
88,,CUST-9,PAYMENT FOR INV-7
16,175,2000,V,240129,0900,,CUST-10/
88,CHECK DEPOSIT
49,3000,5/
98,3000,1,7/
99,3000,1,9/`;
    const [s] = parseBai2(text).statements;
    assert.deepEqual(s?.warnings, []);
    assert.equal(s?.currency, 'USD'); // from the group header
    assert.deepEqual(
      s?.entries.map((e) => [e.bankReference, e.valueDate, e.remittance]),
      [
        ['CUST-9', null, ['PAYMENT FOR INV-7']],
        ['CUST-10', '2024-01-29', ['CHECK DEPOSIT']],
      ],
    );
  });

  test('type codes: 1xx–3xx credit, 4xx–6xx debit, 920–959 credit, 960–999 debit, others credit with a warning', () => {
    const text = `${HEADER}03,ACC-3,USD/
16,301,100,Z,,,/
16,699,100,Z,,,/
16,925,100,Z,,,/
16,975,100,Z,,,/
16,890,100,Z,,,/
49,500,7/
98,500,1,9/
99,500,1,11/`;
    const [s] = parseBai2(text).statements;
    assert.deepEqual(
      s?.entries.map((e) => e.amountMinor),
      [100n, -100n, 100n, -100n, 100n],
    );
    assert.equal(s?.warnings.length, 1);
    assert.match(s?.warnings[0] ?? '', /line 8: type code "890"/);
  });

  test('a wrapped text line that looks like a record code continues the text; an unknown funds type warns', () => {
    const text = `${HEADER}03,ACC-6,USD/
16,195,1250,Q,BR,,PAID 2 INVOICES,
12,50 EACH/
49,1250,3/
`;
    const [s] = parseBai2(text).statements;
    assert.deepEqual(s?.entries[0]?.remittance, ['PAID 2 INVOICES, 12,50 EACH']);
    assert.equal(s?.entries[0]?.bankReference, 'BR');
    assert.ok(s?.warnings.some((w) => w.includes('unknown funds type "Q"')));
  });

  test('a 30 February is reported with its line: the as-of date falls back to the creation date, a value date is left out', () => {
    const text = `01,SENDER,RECEIVER,260227,0800,FILE1,,,2/
02,RECEIVER,BANKUS33,1,260230,0800,USD,2/
03,ACC-7,USD/
16,195,100,V,260230,1200,BR-1,,PAID/
49,100,3/
98,100,1,5/
99,100,1,7/`;
    const [s] = parseBai2(text).statements;
    assert.equal(s?.fromDate, '2026-02-27');
    assert.equal(s?.entries[0]?.bookingDate, '2026-02-27');
    assert.equal(s?.entries[0]?.valueDate, null);
    assert.deepEqual(s?.warnings, [
      'line 4: value date "260230" is not a date; read without it',
      'line 2: group as-of date "260230" is not a date; the file creation date is used',
    ]);
  });

  test('control totals that do not add up are warnings', () => {
    const text = `${HEADER}03,ACC-4,USD,010,500,,/
16,195,100,Z,,,X/
49,999,4/
98,999,1,6/
99,1000,1,8/`;
    const [s] = parseBai2(text).statements;
    assert.ok(s?.warnings.some((w) => w.startsWith('line 5: account control total 999 ≠')));
    assert.ok(s?.warnings.some((w) => w.startsWith('file control total 1000 ≠')));
  });

  test('CRLF and CR line ends, a UTF-8 BOM, several records on one line, missing trailers', () => {
    const lf = `${HEADER}03,ACC-5,USD/  16,195,100,Z,,,A/\n16,495,40,Z,,,B/ 49,140,3/\n`;
    for (const text of [`\uFEFF${lf}`, lf.replaceAll('\n', '\r\n'), lf.replaceAll('\n', '\r')]) {
      const [s] = parseBai2(text).statements;
      assert.deepEqual(
        s?.entries.map((e) => [e.amountMinor, e.remittance[0], e.line]),
        [
          [100n, 'A', 3],
          [-40n, 'B', 4],
        ],
      );
      assert.ok(s?.warnings.includes('the file has no 99 file trailer'));
    }
  });

  test('structural errors are rejected with line and column', () => {
    rejectsAt('02,A,B,1,240131,,USD/\n', 1, 1, /must start with a 01/);
    rejectsAt(`${HEADER}16,195,100,Z,,,X/\n`, 3, 1, /outside an account/);
    rejectsAt(`${HEADER}03,A,USD/\n16,195,12.50,Z,,,X/\n`, 4, 1, /"12.50" is not a whole number/);
    rejectsAt(`${HEADER}03,A,USD/ 16,195,1x,Z,,,X/\n`, 3, 11, /"1x"/);
    rejectsAt(`${HEADER}07,A/\n`, 3, 1, /unknown BAI2 record code "07"/);
    rejectsAt('HELLO\n', 1, 1, /must start with a 01/);
    rejectsAt('01,A,B,,1200,1,,,2/\n02,A,B,1,,,USD/\n', 2, 1, /as-of date/);
  });
});

describe('BAI2: hostile sizes (found by npm run fuzz)', () => {
  test('an account record with 100,000 summary fields is read in linear time', () => {
    // Each summary field looked at the whole rest of the file (slice + every) for padding: 28 s.
    const fields = ',015,100,,Z'.repeat(25_000);
    const text = read('moov-io-bai2/sample1.txt').replace(/^(03,10200123456,CAD)/m, `$1${fields}`);
    const started = performance.now();
    const parsed = parseBai2(text);
    const ms = performance.now() - started;
    assert.equal(parsed.statements.length, parseBai2(read('moov-io-bai2/sample1.txt')).statements.length);
    assert.ok(ms < 1000, `took ${Math.round(ms)} ms`);
  });
});
