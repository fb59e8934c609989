import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../shared/errors.ts';
import { headerKey, MAX_HEADER_CELL, parseAdviceCsv } from './advice-csv.ts';

const OPTS = { currency: 'EUR', today: '2026-06-20' };

/** The error a bad file is refused with: its message and the first detail. */
function refusal(text: string): { message: string; line?: number | undefined; field?: string | undefined } {
  try {
    parseAdviceCsv(text, OPTS);
  } catch (error) {
    assert.ok(error instanceof AppError, String(error));
    assert.equal(error.code, 'import_rejected');
    return { message: error.message, line: error.details[0]?.line, field: error.details[0]?.field };
  }
  assert.fail('the file was accepted');
}

describe('remittance advice CSV', () => {
  test('an e-mail advice: BOM, head lines, `;`, German decimal comma, quoted fields, a total line', () => {
    const text = [
      '\uFEFFZahlungsavis',
      '',
      'Zahler: Silverline Foods GmbH',
      'IBAN: DE44 5001 0517 5407 3249 31',
      'Referenz;ZA-2026-0042',
      'Datum: 12.06.2026',
      '',
      'Rechnungsnummer;Betrag;Grund',
      'RE 4711;1.234,56;',
      '"INV-004712";"99,00";"Transportschaden; Kiste 3 ""nass"""',
      'GS 815;-120,00;Gutschrift',
      'Summe;;1.213,56',
    ].join('\r\n');
    const { advices, warnings } = parseAdviceCsv(text, OPTS);
    assert.deepEqual(warnings, []);
    assert.equal(advices.length, 1);
    const [a] = advices;
    assert.equal(a?.payerName, 'Silverline Foods GmbH');
    assert.equal(a?.payerIban, 'DE44500105175407324931');
    assert.equal(a?.paymentReference, 'ZA-2026-0042');
    assert.equal(a?.date, '2026-06-12');
    assert.equal(a?.currency, 'EUR');
    assert.equal(a?.totalMinor, 121_356n);
    assert.deepEqual(
      a?.lines.map((l) => [l.reference, l.amountMinor, l.reason, l.sourceLine]),
      [
        ['RE 4711', 123_456n, null, 9],
        ['INV-004712', 9_900n, 'Transportschaden; Kiste 3 "nass"', 10],
        ['GS 815', -12_000n, 'Gutschrift', 11],
      ],
    );
  });

  test('English columns with `,` and decimal points; the payer, reference and date in each row make two advices', () => {
    const text = [
      'payer,payment reference,date,currency,invoice,amount paid,reason',
      'Baltic Retail N.V.,E2E-77,2026-06-10,USD,INV-000101,"1,000.00",',
      'Baltic Retail N.V.,E2E-77,2026-06-10,USD,INV-000102,250.5,short delivery',
      'Baltic Retail Corp.,E2E-78,11/06/2026,USD,INV-000200,80.00,',
    ].join('\n');
    const { advices } = parseAdviceCsv(text, OPTS);
    assert.deepEqual(
      advices.map((a) => [a.payerName, a.paymentReference, a.date, a.currency, a.totalMinor, a.lines.length]),
      [
        ['Baltic Retail N.V.', 'E2E-77', '2026-06-10', 'USD', 125_050n, 2],
        ['Baltic Retail Corp.', 'E2E-78', '2026-06-11', 'USD', 8_000n, 1],
      ],
    );
    assert.equal(advices[0]?.lines[1]?.reason, 'short delivery');
  });

  test('a bare table: the currency written with the amounts, no date (dated the day of import, with a warning)', () => {
    const { advices, warnings } = parseAdviceCsv('invoice;amount\nINV-1;10,00 CHF\nINV-2;CHF 5,50\n', OPTS);
    assert.equal(advices[0]?.currency, 'CHF');
    assert.equal(advices[0]?.totalMinor, 1_550n);
    assert.equal(advices[0]?.date, '2026-06-20');
    assert.match(warnings[0] ?? '', /no date/);
  });

  test('a tab-separated advice with a stated total that agrees', () => {
    const { advices } = parseAdviceCsv(
      'Total\t300.00\nInvoice No.\tAmount (EUR)\nA-1\t100.00\nA-2\t200.00\n',
      OPTS,
    );
    assert.equal(advices[0]?.totalMinor, 30_000n);
  });

  test('bad files are refused naming the line and the field', () => {
    const cases: [string, number, string, RegExp][] = [
      ['Rechnungsnummer;Betrag\nRE 1;12,3x\n', 2, 'amount', /"12,3x" is not an amount/],
      ['Rechnungsnummer;Betrag\nRE 1;12,00\n;5,00\n', 3, 'invoice', /no invoice number/],
      ['Rechnungsnummer;Betrag\nRE 1;\n', 2, 'amount', /no amount for RE 1/],
      [
        'Summe: 20,00\nRechnungsnummer;Betrag\nRE 1;12,00\n',
        1,
        'total',
        /states EUR 20\.00, its lines add up to EUR 12\.00/,
      ],
      ['invoice,amount\nA,"1,5"\nB,2.50\n', 3, 'amount', /decimal point, line 2 \("1,5"\) a decimal comma/],
      ['Datum: 31.02.2026\nRechnungsnummer;Betrag\nRE 1;12,00\n', 1, 'date', /"31.02.2026" is not a date/],
      ['IBAN: DE00 1234\nRechnungsnummer;Betrag\nRE 1;12,00\n', 1, 'iban', /not a valid IBAN/],
      ['Währung: EUX\nRechnungsnummer;Betrag\nRE 1;12,00\n', 1, 'currency', /"EUX" is no currency code/],
      ['Rechnungsnummer;Betrag\nRE 1;12,001\n', 2, 'amount', /more decimals than EUR has/],
      ['Rechnungsnummer;Betrag\nRE 1;10,00\nGS 2;-10,00\n', 2, 'amount', /pays nothing/],
      ['Rechnungsnummer;Betrag\n', 1, 'invoice', /no invoice lines/],
      ['Liebe Kollegen,\nanbei die Zahlung.\n', 1, 'header', /no header row/],
      ['invoice;amount\nINV-1;10,00 USD\nINV-2;5,00 EUR\n', 3, 'amount', /in EUR, the advice is in USD/],
      ['Rechnungsnummer;Betrag\n"RE 1;12,00\n', 2, 'file', /quote/],
    ];
    for (const [text, line, field, message] of cases) {
      const got = refusal(text);
      assert.equal(got.line, line, `${JSON.stringify(text)}: ${got.message}`);
      assert.equal(got.field, field, `${JSON.stringify(text)}: ${got.message}`);
      assert.match(got.message, message);
      assert.match(got.message, new RegExp(`^line ${line}, ${field}: `));
    }
  });
});

describe('remittance advice CSV: hostile sizes (found by npm run fuzz)', () => {
  test('an amount cell with 100,000 spaces before a digit is refused in linear time', () => {
    // /\d,\d{1,2}\)?-?\s*\D*$/ split the run of spaces between \s* and \D* every way before failing.
    const csv = `Rechnungsnummer;Betrag\nRE-2026-001;1,00${' '.repeat(100_000)}EUR 5\n`;
    const started = performance.now();
    assert.throws(
      () => parseAdviceCsv(csv, OPTS),
      (e: unknown) => e instanceof AppError && e.details[0]?.line === 2,
    );
    const ms = performance.now() - started;
    assert.ok(ms < 1000, `took ${Math.round(ms)} ms`);
  });

  test('a line above the table of 100,000 spaces, or of one word 40,000 times, is read in linear time', () => {
    // /^([^:=]*?)\s*[:=]\s*(.*)$/ split a head line every way before failing: 217,000 characters
    // took 25 s, 500,000 spaces over two minutes (fuzz inputs 68783 and 5495 of seed 1).
    const fillers = [
      `${' '.repeat(50_000)}†${' '.repeat(50_000)}Währung;EUR`,
      `${'total'.repeat(20_000)}村${'total'.repeat(20_000)} Silverline Foods GmbH`,
    ];
    for (const filler of fillers) {
      const csv = `${filler}\nZahler: Silverline Foods GmbH\nRechnungsnummer;Betrag\nRE-2026-001;1,00\n`;
      const started = performance.now();
      const { advices } = parseAdviceCsv(csv, OPTS);
      const ms = performance.now() - started;
      assert.equal(advices[0]?.payerName, 'Silverline Foods GmbH');
      assert.ok(ms < 1000, `took ${Math.round(ms)} ms`);
    }
  });
});

describe('remittance advice CSV: header cells', () => {
  test('a cell too long to name a column is not normalised; a name with a note in parentheses is', () => {
    assert.equal(headerKey(`Betrag${'x'.repeat(MAX_HEADER_CELL)}`), '');
    assert.equal(headerKey(' Betrag (EUR) '), 'betrag');
    assert.equal(headerKey('Rechnungs-Nr.'), 'rechnungsnr');
    assert.equal(headerKey('   '), '');
  });

  test('a long line of one word above the table leaves the table found', () => {
    const csv = `Zahler: Silverline Foods GmbH\n${'external_id'.repeat(45_000)};Betrag\nRechnungsnummer;Betrag\nRE-2026-001;1,00\n`;
    const { advices } = parseAdviceCsv(csv, OPTS);
    assert.equal(advices[0]?.lines[0]?.reference, 'RE-2026-001');
  });

  test('a header below 200,000 short lines without a delimiter is still found', () => {
    const csv = `Zahler: Silverline Foods GmbH\n${'x\n\n'.repeat(100_000)}Rechnungsnummer;Betrag\nRE-2026-009;7,50\n`;
    const { advices } = parseAdviceCsv(csv, OPTS);
    assert.equal(advices[0]?.lines[0]?.reference, 'RE-2026-009');
  });
});
