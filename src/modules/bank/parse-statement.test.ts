import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { detectCsvProfile, detectFormat, parseStatementFile } from './parse-statement.ts';
import { StatementSyntaxError } from './statement.ts';

const FIXTURES = fileURLToPath(new URL('../../../test/fixtures/bank/', import.meta.url));
const read = (path: string) => readFileSync(join(FIXTURES, path), 'utf8');

function filesUnder(dir: string): string[] {
  return readdirSync(join(FIXTURES, dir)).flatMap((name) => {
    const path = join(dir, name);
    return statSync(join(FIXTURES, path)).isDirectory() ? filesUnder(path) : [path];
  });
}

const MT940 = `:20:STARTUMS
:25:DE89370400440532013000
:28C:1/1
:60F:C240101EUR1000,00
:61:2401020102C100,00NTRFNONREF
:86:INVOICE 1
:62F:C240102EUR1100,00
-`;

describe('detectFormat', () => {
  const snippets: [string, string, string | null][] = [
    [
      'camt.053 by namespace',
      '<?xml version="1.0"?>\n<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt/></Document>',
      'camt.053',
    ],
    [
      'camt.052 by namespace',
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.052.001.02"></Document>',
      'camt.052',
    ],
    [
      'camt.054 by namespace',
      '<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.054.001.04"></Document>',
      'camt.054',
    ],
    ['camt.053 by root element without namespace', '<Document><BkToCstmrStmt><GrpHdr/>', 'camt.053'],
    ['camt.052 by prefixed root element', '<ns2:Document xmlns:ns2="x"><ns2:BkToCstmrAcctRpt>', 'camt.052'],
    ['camt.054 by root element', '<Document>\n  <BkToCstmrDbtCdtNtfctn>', 'camt.054'],
    ['other XML', '<?xml version="1.0"?><Invoice xmlns="urn:oasis:names"/>', null],
    [
      'OFX 1.x SGML header',
      'OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\n\r\n<OFX><SIGNONMSGSRSV1>',
      'ofx',
    ],
    ['OFX 2.x XML', '<?xml version="1.0"?>\n<?OFX OFXHEADER="200" VERSION="211"?>\n<OFX>', 'ofx'],
    ['OFX without header', '\n\n<OFX>\n<BANKMSGSRSV1>', 'ofx'],
    ['BAI2', '01,SENDER,RECEIVER,240131,1200,1,,,2/\n02,A,B,1,240131,,USD,2/', 'bai2'],
    ['MT940 by :20:/:25:/:60F:', MT940, 'mt940'],
    ['MT940 with a bank header line', `ABNANL2A\n940\nABNANL2A\n${MT940}`, 'mt940'],
    ['MT940 in SWIFT blocks', `{1:F01BANKDEFFAXXX0000000000}{2:I940BANKDEFFXXXXN}{4:\n${MT940}\n-}`, 'mt940'],
    ['MT940 fragment starting with a field', ':61:1409010902DR1,62NTRFNONREF\n', 'mt940'],
    ['MT942 by :34F:', ':20:X\n:25:NL12\n:28C:1\n:34F:EURD0,\n:13D:2401021200+0100\n', 'mt942'],
    [
      'MT942 by application header',
      '{1:F01BANKDEFFAXXX0000000000}{2:O942BANKDEFFXXXXN}{4:\n:20:X\n-}',
      'mt942',
    ],
    ['CSV, generic profile', 'booking_date,amount,currency,remittance\n2024-01-02,10.00,EUR,INV 1\n', 'csv'],
    [
      'CSV, Sparkasse profile (";", umlauts)',
      '"Auftragskonto";"Buchungstag";"Valutadatum";"Buchungstext";"Verwendungszweck";"Begünstigter/Zahlungspflichtiger";"Kontonummer/IBAN";"BIC (SWIFT-Code)";"Betrag";"Waehrung"\n',
      'csv',
    ],
    [
      'CSV, ING NL profile',
      '"Datum","Naam / Omschrijving","Rekening","Tegenrekening","Code","Af Bij","Bedrag (EUR)","Mutatiesoort","Mededelingen"\n',
      'csv',
    ],
    ['CSV with unknown columns', 'date,value,text\n2024-01-01,1,x\n', null],
    ['plain text', 'hello world\n', null],
    ['empty', '', null],
  ];
  for (const [name, text, expected] of snippets)
    test(name, () => {
      assert.equal(detectFormat(text), expected);
      assert.equal(detectFormat(`\uFEFF${text}`), expected, 'with a BOM');
    });

  test('CSV profile detection picks the profile whose columns the header has', () => {
    assert.equal(detectCsvProfile('booking_date,amount\n'), 'generic');
    assert.equal(detectCsvProfile('Buchungstag;Betrag;Verwendungszweck\n'), 'de-sparkasse');
    assert.equal(detectCsvProfile('Datum,Af Bij,Bedrag (EUR)\n'), 'nl-ing');
    assert.equal(detectCsvProfile('Datum;Betrag\n'), null);
  });

  test('every sample fixture is detected as its format (except the ones broken on purpose)', () => {
    const expected = (path: string): string | null => {
      if (path.startsWith('bai2/')) return path.includes('errors/') ? null : 'bai2';
      if (path.startsWith('ofx/')) return 'ofx';
      if (path.startsWith('camt/')) {
        if (path.includes('subite-camt-to-coda/Other/') || path.includes('general/')) return 'camt.053';
        const m = /(?:camt\.?|\/)0?5([234])[./]/.exec(path) ?? /CAMT_05([234])/.exec(path);
        return m ? `camt.05${m[1]}` : 'unknown camt';
      }
      if (path.startsWith('mt940/')) {
        if (/invalid_statement|empty_non_swift/.test(path)) return null;
        return /942/.test(path) ? 'mt942' : 'mt940';
      }
      return 'unexpected';
    };
    let checked = 0;
    for (const dir of ['bai2', 'ofx', 'camt', 'mt940']) {
      for (const path of filesUnder(dir)) {
        if (/LICENSE|SOURCE\.md$|\.json$|\.yml$|biome\.json$/.test(path)) continue;
        assert.equal(detectFormat(read(path)), expected(path), path);
        checked += 1;
      }
    }
    assert.ok(checked > 200, `only ${checked} fixtures checked`);
  });
});

describe('parseStatementFile', () => {
  test('dispatches BAI2 and OFX, detected or named', () => {
    const bai2 = read('bai2/moov-io-bai2/sample1.txt');
    assert.equal(parseStatementFile(bai2).format, 'bai2');
    assert.equal(parseStatementFile(bai2, { format: 'bai2' }).statements.length, 2);
    const ofx = read('ofx/ofxparse/bank_medium.ofx');
    const parsed = parseStatementFile(`\uFEFF${ofx}`);
    assert.equal(parsed.format, 'ofx');
    assert.equal(parsed.statements[0]?.entries.length, 3);
  });

  test('a named format wins over detection (and its parser rejects what it cannot read)', () => {
    assert.throws(
      () => parseStatementFile(read('bai2/moov-io-bai2/sample1.txt'), { format: 'ofx' }),
      (e: unknown) => e instanceof StatementSyntaxError && /no <OFX> element/.test(e.message),
    );
  });

  test('an unknown format is rejected with a hint to name it', () => {
    assert.throws(
      () => parseStatementFile('hello world\n'),
      (e: unknown) =>
        e instanceof StatementSyntaxError &&
        e.line === null &&
        e.message.startsWith('cannot tell the format of this file; name it with --format'),
    );
  });

  test('a rejection of the whole file names what to fix instead of a line (found by npm run fuzz)', () => {
    const fieldOf = (text: string, opts: Parameters<typeof parseStatementFile>[1] = {}) => {
      try {
        parseStatementFile(text, opts);
      } catch (e) {
        return e instanceof StatementSyntaxError ? e.details.map((d) => d.field ?? `line ${d.line}`) : e;
      }
      return 'accepted';
    };
    assert.deepEqual(fieldOf('hello world\n'), ['format']);
    assert.deepEqual(fieldOf('date,value\n2024-01-01,1\n', { format: 'csv' }), ['profile']);
    assert.deepEqual(fieldOf('', { format: 'bai2' }), ['file']);
    assert.deepEqual(fieldOf('OFXHEADER:100\n\nnothing here', { format: 'ofx' }), ['file']);
  });

  test('CSV without a profile whose columns match is rejected', () => {
    assert.throws(
      () => parseStatementFile('date,value\n2024-01-01,1\n', { format: 'csv' }),
      (e: unknown) => e instanceof StatementSyntaxError && /CSV profile/.test(e.message),
    );
  });
});
