import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { AppError } from '../../../shared/errors.ts';
import { StatementSyntaxError } from '../statement.ts';
import { CSV_PROFILES, type CsvProfile, parseCsvStatement } from './csv-statement.ts';

const IBAN = 'DE89370400440532013000';
const NL_IBAN = 'NL91ABNA0417164300';

function rejects(run: () => unknown, line: number | null, message: RegExp): void {
  assert.throws(run, (e: unknown) => {
    assert.ok(e instanceof StatementSyntaxError, String(e));
    assert.equal(e.line, line);
    assert.match(e.message, message);
    return true;
  });
}

describe('CSV statements: generic profile', () => {
  const header =
    'booking_date,value_date,amount,currency,counterparty_name,counterparty_iban,remittance,bank_reference';

  test('reads every mapped column; signed amounts; quoted separators; one statement', () => {
    const text = [
      header,
      `2024-03-01,2024-03-02,1250.00,EUR,"Acme, Inc.",${IBAN},"Invoice INV-1, INV-2",B-1`,
      '2024-03-04,,-12.5,EUR,Bank,,"fees ""March""",B-2',
      '',
      '2024-02-28,2024-02-28,"1,000.10",USD,Smith,12345,,',
    ].join('\r\n');
    const file = parseCsvStatement(text, 'generic');
    assert.equal(file.format, 'csv');
    const statement = file.statements[0];
    assert.ok(statement);
    assert.equal(statement.format, 'csv');
    assert.equal(statement.openingBalance, null);
    assert.equal(statement.fromDate, '2024-02-28');
    assert.equal(statement.toDate, '2024-03-04');
    const [a, b, c] = statement.entries;
    assert.deepEqual(a, {
      bankReference: 'B-1',
      bookingDate: '2024-03-01',
      valueDate: '2024-03-02',
      amountMinor: 125000n,
      currency: 'EUR',
      transactionCode: null,
      counterparty: { name: 'Acme, Inc.', iban: IBAN, accountNumber: null, bic: null },
      ultimateParty: null,
      remittance: ['Invoice INV-1, INV-2'],
      structuredReferences: [],
      endToEndId: null,
      reversal: false,
      line: 2,
    });
    assert.equal(b?.amountMinor, -1250n);
    assert.equal(b?.valueDate, null);
    assert.deepEqual(b?.remittance, ['fees "March"']);
    assert.equal(c?.line, 5);
    assert.equal(c?.amountMinor, 100010n);
    assert.equal(c?.currency, 'USD');
    assert.deepEqual(c?.counterparty, { name: 'Smith', iban: null, accountNumber: '12345', bic: null });
    assert.equal(c?.bankReference, null);
    assert.match(statement.warnings.join('\n'), /several currencies: EUR, USD/);
  });

  test('header names are matched without case or punctuation; columns may come in any order', () => {
    const text = 'Amount;Booking Date;Currency\n10;2024-01-05;CHF\n';
    const profile: CsvProfile = { ...(CSV_PROFILES.generic as CsvProfile), delimiter: ';' };
    const entry = parseCsvStatement(text, profile).statements[0]?.entries[0];
    assert.equal(entry?.amountMinor, 1000n);
    assert.equal(entry?.currency, 'CHF');
    assert.equal(entry?.bookingDate, '2024-01-05');
  });

  test('currency and account from the options when the file has none', () => {
    const file = parseCsvStatement('booking_date,amount\n2024-01-05,-3.10\n', 'generic', {
      currency: 'EUR',
      account: NL_IBAN,
    });
    const statement = file.statements[0];
    assert.equal(statement?.account.iban, NL_IBAN);
    assert.equal(statement?.currency, 'EUR');
    assert.equal(statement?.entries[0]?.amountMinor, -310n);
  });

  test('amount sign conventions: trailing minus, parentheses, plus', () => {
    const text =
      'booking_date,amount,currency\n2024-01-01,5.00-,EUR\n2024-01-01,(7.25),EUR\n2024-01-01,+1,EUR\n';
    const amounts = parseCsvStatement(text, 'generic').statements[0]?.entries.map((e) => e.amountMinor);
    assert.deepEqual(amounts, [-500n, -725n, 100n]);
  });

  test('more decimals than the currency has: rounded with a warning', () => {
    const statement = parseCsvStatement('booking_date,amount,currency\n2024-01-01,1.005,EUR\n', 'generic')
      .statements[0];
    assert.equal(statement?.entries[0]?.amountMinor, 101n);
    assert.match(statement?.warnings.join('\n') ?? '', /line 2: amount has more decimals/);
  });

  test('bad rows reject the file with the line and the column name', () => {
    const base = 'booking_date,amount,currency\n2024-01-01,1.00,EUR\n';
    rejects(
      () => parseCsvStatement(`${base}2024-02-30,1.00,EUR\n`, 'generic'),
      3,
      /column "booking_date".*"2024-02-30" is not a date/,
    );
    rejects(() => parseCsvStatement(`${base}01.02.2024,1.00,EUR\n`, 'generic'), 3, /column "booking_date"/);
    rejects(
      () => parseCsvStatement(`${base}2024-02-01,1.0.0,EUR\n`, 'generic'),
      3,
      /column "amount".*"1.0.0" is not an amount/,
    );
    rejects(() => parseCsvStatement(`${base}2024-02-01,abc,EUR\n`, 'generic'), 3, /column "amount"/);
    rejects(
      () => parseCsvStatement(`${base}2024-02-01,1,00,EUR\n`, 'generic'),
      3,
      /column "currency".*unknown currency "00"/,
    );
    rejects(
      () => parseCsvStatement(`${base}2024-02-01,,EUR\n`, 'generic'),
      3,
      /column "amount": an amount is required/,
    );
    rejects(
      () => parseCsvStatement(`${base}\n\n,1.00,EUR\n`, 'generic'),
      5,
      /column "booking_date": a date is required/,
    );
    rejects(
      () => parseCsvStatement(`${base}2024-02-01,"1.00,EUR\n`, 'generic'),
      3,
      /unterminated quoted field/,
    );
    const e = (() => {
      try {
        parseCsvStatement(`${base}2024-02-01,x,EUR\n`, 'generic');
      } catch (error) {
        return error;
      }
    })();
    assert.ok(e instanceof StatementSyntaxError);
    assert.equal(e.column, 2);
    assert.equal(e.code, 'import_rejected');
  });

  test('a header without the required columns, an empty file, an unknown profile', () => {
    rejects(
      () => parseCsvStatement('\ndate,amount\n2024-01-01,1\n', 'generic', { currency: 'EUR' }),
      2,
      /no booking date column "booking_date"/,
    );
    rejects(
      () => parseCsvStatement('booking_date,amount\n2024-01-01,1\n', 'generic'),
      1,
      /no currency column/,
    );
    rejects(() => parseCsvStatement('  \n', 'generic'), 1, /empty/);
    assert.throws(
      () => parseCsvStatement('x', 'fr-unknown'),
      (e: unknown) =>
        e instanceof AppError &&
        e.code === 'validation_failed' &&
        /generic, de-sparkasse, nl-ing/.test(e.message),
    );
  });
});

describe('CSV statements: de-sparkasse profile', () => {
  const header =
    '"Auftragskonto";"Buchungstag";"Valutadatum";"Buchungstext";"Verwendungszweck";"Glaeubiger ID";"Mandatsreferenz";"Kundenreferenz (End-to-End)";"Sammlerreferenz";"Lastschrift Ursprungsbetrag";"Auslagenersatz Ruecklastschrift";"Beguenstigter/Zahlungspflichtiger";"Kontonummer/IBAN";"BIC (SWIFT-Code)";"Betrag";"Waehrung";"Info"';

  test("';' separator, ',' decimals with '.' thousands, DD.MM.YYYY and DD.MM.YY, German headers", () => {
    const text = [
      header,
      `"${IBAN}";"04.03.2024";"05.03.24";"GUTSCHR. UEBERWEISUNG";"RE 2024-17; Danke";"";"";"E2E-17";"";"";"";"Muster GmbH";"${NL_IBAN}";"ABNANL2A";"1.234,56";"EUR";"Umsatz gebucht"`,
      `"${IBAN}";"29.02.2024";"29.02.2024";"KARTENZAHLUNG";"Tankstelle";"";"";"NOTPROVIDED";"";"";"";"Tank AG";"0123456789";"";"-45,10";"EUR";"Umsatz gebucht"`,
    ].join('\n');
    const statement = parseCsvStatement(text, 'de-sparkasse').statements[0];
    assert.ok(statement);
    assert.equal(statement.account.iban, IBAN);
    assert.equal(statement.currency, 'EUR');
    const [credit, debit] = statement.entries;
    assert.equal(credit?.amountMinor, 123456n);
    assert.equal(credit?.bookingDate, '2024-03-04');
    assert.equal(credit?.valueDate, '2024-03-05');
    assert.equal(credit?.transactionCode, 'GUTSCHR. UEBERWEISUNG');
    assert.deepEqual(credit?.remittance, ['RE 2024-17; Danke']);
    assert.equal(credit?.endToEndId, 'E2E-17');
    assert.deepEqual(credit?.counterparty, {
      name: 'Muster GmbH',
      iban: NL_IBAN,
      accountNumber: null,
      bic: 'ABNANL2A',
    });
    assert.equal(debit?.amountMinor, -4510n);
    assert.equal(debit?.endToEndId, null);
    assert.equal(debit?.counterparty.accountNumber, '0123456789');
    assert.deepEqual(statement.warnings, []);
  });

  test('umlaut header spellings match; a bad German date names its column', () => {
    const text =
      'Buchungstag;Betrag;Währung;Begünstigter/Zahlungspflichtiger\n01.02.2024;-1,5;EUR;Müller\n31.04.2024;2;EUR;X\n';
    rejects(
      () => parseCsvStatement(text, 'de-sparkasse'),
      3,
      /column "Buchungstag": "31.04.2024" is not a date DD.MM.YYYY/,
    );
    const ok = parseCsvStatement(text.split('\n').slice(0, 2).join('\n'), 'de-sparkasse').statements[0]
      ?.entries[0];
    assert.equal(ok?.amountMinor, -150n);
    assert.equal(ok?.counterparty.name, 'Müller');
  });

  test("a '.' decimal point is not a grouping separator in a ',' profile", () => {
    const text = 'Buchungstag;Betrag;Waehrung\n01.02.2024;12.5;EUR\n';
    rejects(() => parseCsvStatement(text, 'de-sparkasse'), 2, /column "Betrag": "12.5" is not an amount/);
  });
});

describe('CSV statements: nl-ing profile', () => {
  const header =
    '"Datum","Naam / Omschrijving","Rekening","Tegenrekening","Code","Af Bij","Bedrag (EUR)","Mutatiesoort","Mededelingen"';

  test("YYYYMMDD dates, 'Af Bij' sign column, ',' decimals, EUR from the profile", () => {
    const text = [
      header,
      `"20240105","Klant B.V.","${NL_IBAN}","${IBAN}","OV","Bij","1.500,00","Overschrijving","Naam: Klant B.V. Omschrijving: factuur 2024-001, 2024-002 IBAN: ${IBAN}"`,
      `"20240106","Kosten","${NL_IBAN}","","DV","Af","2,95","Diversen","Kosten betaalpakket"`,
    ].join('\n');
    const statement = parseCsvStatement(text, 'nl-ing').statements[0];
    assert.ok(statement);
    assert.equal(statement.account.iban, NL_IBAN);
    assert.equal(statement.currency, 'EUR');
    const [credit, debit] = statement.entries;
    assert.equal(credit?.amountMinor, 150000n);
    assert.equal(credit?.bookingDate, '2024-01-05');
    assert.equal(credit?.transactionCode, 'OV');
    assert.equal(credit?.counterparty.iban, IBAN);
    assert.equal(credit?.counterparty.name, 'Klant B.V.');
    assert.match(credit?.remittance[0] ?? '', /factuur 2024-001, 2024-002/);
    assert.equal(debit?.amountMinor, -295n);
    assert.equal(debit?.counterparty.iban, null);
    assert.equal(debit?.counterparty.accountNumber, null);
  });

  test('an unknown Af/Bij value or a bad YYYYMMDD date is rejected with line and column', () => {
    rejects(
      () => parseCsvStatement(`${header}\n"20240105","X","","","OV","Plus","1,00","",""\n`, 'nl-ing'),
      2,
      /column "Af Bij": "Plus" is neither Af nor Bij/,
    );
    rejects(
      () => parseCsvStatement(`${header}\n"2024015","X","","","OV","Af","1,00","",""\n`, 'nl-ing'),
      2,
      /column "Datum": "2024015" is not a date YYYYMMDD/,
    );
  });
});

describe('CSV statements: custom profile with debit and credit columns', () => {
  const profile: CsvProfile = {
    name: 'uk-debit-credit',
    description: 'test',
    delimiter: ',',
    decimalSeparator: '.',
    dateFormat: 'DD/MM/YYYY',
    currency: 'GBP',
    sign: { kind: 'debit-credit', debit: 'Paid out', credit: 'Paid in' },
    columns: { bookingDate: 'Date', remittance: ['Description'] },
  };

  test('a value in the debit column is money out, whatever its sign', () => {
    const text =
      'Date,Description,Paid out,Paid in\n31/01/2024,Rent,"1,200.00",\n01/02/2024,Invoice 9,,250.5\n02/02/2024,Fee,-3.00,0.00\n';
    const amounts = parseCsvStatement(text, profile).statements[0]?.entries.map((e) => e.amountMinor);
    assert.deepEqual(amounts, [-120000n, 25050n, -300n]);
  });

  test('both or neither column filled is rejected', () => {
    rejects(
      () => parseCsvStatement('Date,Paid out,Paid in\n31/01/2024,1.00,2.00\n', profile),
      2,
      /both "Paid out" and "Paid in"/,
    );
    rejects(
      () => parseCsvStatement('Date,Paid out,Paid in\n31/01/2024,,\n', profile),
      2,
      /must hold an amount/,
    );
  });
});
