/** Hand-written MT940/MT942 edge cases; the real samples are in mt940.samples.test.ts. */
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { balanceDifference, type ParsedEntry, StatementSyntaxError } from '../statement.ts';
import { parseMt940 } from './mt940.ts';

const IBAN = 'DE89370400440532013000';
const NL_IBAN = 'NL91ABNA0417164300';

function only<T>(list: readonly T[]): T {
  assert.equal(list.length, 1);
  const [first] = list;
  assert.ok(first !== undefined);
  return first;
}

function entry(body: string): ParsedEntry {
  const text = [':20:REF', ':25:12345678/0001234567', ':28C:1/1', ':60F:C240101EUR0,00', body, '-'].join(
    '\n',
  );
  return only(only(parseMt940(text).statements).entries);
}

function rejects(text: string, line: number, message: RegExp): void {
  assert.throws(
    () => parseMt940(text),
    (e: unknown) => e instanceof StatementSyntaxError && e.line === line && message.test(e.message),
  );
}

describe('MT940 structure', () => {
  test('SWIFT block wrappers, two messages in one file, CRLF', () => {
    const message = (n: number, open: string, amount: string, close: string) =>
      [
        `{1:F01ABNANL2AXXXX0000000000}{2:O9400000000000000000000000000000000000000N}{3:}{4:`,
        `:20:STMT${n}`,
        `:25:${NL_IBAN}`,
        `:28C:${n}/1`,
        `:60F:C24010${n}EUR${open}`,
        `:61:24010${n}C${amount}NTRFNONREF//B${n}`,
        `:86:payment ${n}`,
        `:62F:C24010${n}EUR${close}`,
        '-}{5:}',
      ].join('\r\n');
    const file = parseMt940(
      `${message(1, '10,00', '5,00', '15,00')}\r\n${message(2, '15,00', '1,50', '16,50')}\r\n`,
    );
    assert.equal(file.format, 'mt940');
    assert.equal(file.statements.length, 2);
    const [first, second] = file.statements;
    assert.equal(first?.statementId, '1/1');
    assert.equal(first?.account.iban, NL_IBAN);
    assert.equal(first?.currency, 'EUR');
    assert.deepEqual(first?.openingBalance, { amountMinor: 1000n, currency: 'EUR', date: '2024-01-01' });
    assert.deepEqual(first?.closingBalance, { amountMinor: 1500n, currency: 'EUR', date: '2024-01-01' });
    assert.deepEqual(first?.warnings, []);
    assert.equal(second?.statementId, '2/1');
    assert.equal(second?.entries[0]?.amountMinor, 150n);
    assert.equal(second?.entries[0]?.line, 15);
    assert.equal(second?.entries[0]?.bankReference, 'B2');
  });

  test('CR-only and LF line ends, blank lines, trailing whitespace, control characters', () => {
    const lines = [
      '\u0001',
      ':20:REF   ',
      '',
      ':25:12345678/0001234567  ',
      ':28C:00001/001',
      ':60F:C240102EUR100,00   ',
      '',
      ':61:2401020102D10,00NMSCNONREF  ',
      ':86:free text \u0000',
      '   ',
      ':62F:C240102EUR90,00',
      '-\u0003',
    ];
    for (const eol of ['\r', '\n', '\r\n']) {
      const statement = only(parseMt940(lines.join(eol)).statements);
      const e = only(statement.entries);
      assert.equal(e.amountMinor, -1000n);
      assert.equal(e.line, 8);
      assert.deepEqual(e.remittance, ['free text']);
      assert.equal(statement.account.accountNumber, '12345678/0001234567');
      assert.equal(balanceDifference(statement), 0n);
      assert.deepEqual(statement.warnings, []);
    }
  });

  test('a statement that does not reconcile is kept, with a warning', () => {
    const text = [
      ':20:X',
      ':25:1',
      ':28C:7',
      ':60F:C240101EUR10,00',
      ':61:240101C1,00NTRFNONREF',
      ':62F:C240101EUR12,00',
    ];
    const statement = only(parseMt940(text.join('\n')).statements);
    assert.equal(balanceDifference(statement), -100n);
    assert.match(statement.warnings.join('\n'), /statement 7 does not reconcile.*-100/);
  });

  test('debit balances are negative; currency may follow the account in :25:', () => {
    const text = [
      ':20:X',
      ':25:51210600/9223382012EUR',
      ':28C:1',
      ':60F:D240101EUR1.000,00',
      ':62F:D240101EUR1000,00',
    ];
    const statement = only(parseMt940(text.join('\n')).statements);
    assert.equal(statement.account.accountNumber, '51210600/9223382012');
    assert.equal(statement.openingBalance?.amountMinor, -100000n);
    assert.equal(statement.closingBalance?.amountMinor, -100000n);
  });

  test('intermediate balances (:62M:/:60M:) split a statement into pages', () => {
    const text = [
      ':20:X',
      ':25:ACC',
      ':28C:5/1',
      ':60F:C240101EUR0,00',
      ':61:240101C1,00NTRFA',
      ':62M:C240101EUR1,00',
      ':20:X',
      ':25:ACC',
      ':28C:5/2',
      ':60M:C240101EUR1,00',
      ':61:240101C2,00NTRFB',
      ':62F:C240101EUR3,00',
    ];
    const file = parseMt940(text.join('\n'));
    assert.deepEqual(
      file.statements.map((s) => [s.statementId, s.entries.length, balanceDifference(s)]),
      [
        ['5/1', 1, 0n],
        ['5/2', 1, 0n],
      ],
    );
  });

  test('MT942: floor limit and date-time, no balances; or the {2:I942} header', () => {
    const body = [
      ':20:INTERIM',
      `:25:${NL_IBAN}`,
      ':28C:1/1',
      ':34F:EURD0,00',
      ':13D:2401191815+0100',
      ':61:2401190119CN0,01NTRFNONREF//MB1',
      ':90C:1EUR0,01',
    ];
    const file = parseMt940(body.join('\n'));
    assert.equal(file.format, 'mt942');
    const statement = only(file.statements);
    assert.equal(statement.format, 'mt942');
    assert.equal(statement.currency, 'EUR');
    assert.equal(statement.openingBalance, null);
    assert.equal(statement.toDate, '2024-01-19');
    assert.equal(only(statement.entries).amountMinor, 1n);
    const headed = ['{1:F01X}{2:I942BANKDEFFXXXXN}{4:', ':20:A', ':25:1', ':61:240119C1,00NTRFNONREF', '-}'];
    assert.equal(parseMt940(headed.join('\n')).format, 'mt942');
  });

  test('files that cannot be read are rejected with the line', () => {
    rejects('hello\nworld\n', 1, /no MT940 field/);
    rejects(
      [':20:X', ':25:1', ':60F:C240101EUR1,00', ':61:2401XXC1,00NTRF'].join('\n'),
      4,
      /:61: statement line/,
    );
    rejects([':20:X', ':25:1', ':60F:C240101EUR1,00', ':61:241301C1,00NTRF'].join('\n'), 4, /:61:/);
    rejects([':20:X', ':25:1', ':60F:X240101EUR1,00'].join('\n'), 3, /:60F: balance/);
    rejects([':20:X', ':25:1', ':62F:C240101EUR'].join('\n'), 3, /:62F: balance/);
    rejects([':20:X', ':61:2401011332C1,00NTRF'].join('\n'), 2, /entry date 1332/);
  });
});

describe('MT940 :61: statement line', () => {
  test('value date, entry date, mark, funds code, amount, type, references, supplementary details', () => {
    const e = entry(':61:2401020103CR1234,56NTRFCUSTREF123//BANKREF456\nSUPPLEMENTARY INFO');
    assert.equal(e.valueDate, '2024-01-02');
    assert.equal(e.bookingDate, '2024-01-03');
    assert.equal(e.amountMinor, 123456n);
    assert.equal(e.currency, 'EUR');
    assert.equal(e.transactionCode, 'NTRF');
    assert.equal(e.bankReference, 'BANKREF456');
    assert.equal(e.reversal, false);
  });

  test('entry date across the new year, both ways', () => {
    const back = entry(':61:2401011231D1,00NTRFNONREF');
    assert.equal(back.valueDate, '2024-01-01');
    assert.equal(back.bookingDate, '2023-12-31');
    const forward = entry(':61:2312310102C1,00NTRFNONREF');
    assert.equal(forward.valueDate, '2023-12-31');
    assert.equal(forward.bookingDate, '2024-01-02');
  });

  test('30 February: the line is kept on the last day of February, and the statement warns with the line', () => {
    const statementWith = (...fields: string[]) =>
      only(
        parseMt940([':20:REF', ':25:12345678/0001234567', ':28C:1/1', ...fields, '-'].join('\n')).statements,
      );
    const leap = statementWith(':60F:C160229EUR0,00', ':61:1602300301DR6,00N024NONREF');
    assert.equal(only(leap.entries).valueDate, '2016-02-29');
    assert.deepEqual(leap.warnings, [
      'line 5: :61: value date 160230 is 30 February 2016, a day that does not exist; read as 2016-02-29, the last day of that month',
    ]);
    const common = statementWith(':60F:C230228EUR0,00', ':61:2302300301DR6,00N024NONREF');
    assert.equal(only(common.entries).valueDate, '2023-02-28');
    assert.match(common.warnings.join('\n'), /^line 5: :61: value date 230230 is 30 February 2023/);
  });

  test('an impossible entry date or balance date is reported too, never changed in silence', () => {
    const statement = only(
      parseMt940(
        [
          ':20:REF',
          ':25:12345678/0001234567',
          ':28C:1/1',
          ':60F:C230230EUR0,00',
          ':61:2303010230C6,00NTRFNONREF',
          ':61:2304300431C1,00NTRFNONREF',
          ':62F:C230631EUR7,00',
          '-',
        ].join('\n'),
      ).statements,
    );
    assert.equal(statement.openingBalance?.date, '2023-02-28');
    assert.deepEqual(
      statement.entries.map((e) => e.bookingDate),
      ['2023-02-28', '2023-04-30'],
    );
    assert.equal(statement.closingBalance?.date, '2023-06-30');
    assert.deepEqual(
      statement.warnings.map((w) => w.replace(/ is .*; read as /, ' → ')),
      [
        'line 4: :60F: balance date 230230 → 2023-02-28, the last day of that month',
        'line 5: :61: entry date 0230 → 2023-02-28, the last day of that month',
        'line 6: :61: entry date 0431 → 2023-04-30, the last day of that month',
        'line 7: :62F: balance date 230631 → 2023-06-30, the last day of that month',
      ],
    );
  });

  test('a date that is no date at all (month 13, day 32) still rejects the line', () => {
    rejects([':20:REF', ':25:1', ':61:2313010101C1,00NTRFNONREF', '-'].join('\n'), 3, /value date YYMMDD/);
    rejects([':20:REF', ':25:1', ':61:2301011332C1,00NTRFNONREF', '-'].join('\n'), 3, /entry date 1332/);
  });

  test('RC/RD reversals: RC is a debit, RD a credit, both flagged', () => {
    const rc = entry(':61:2401020102RCR204,88NRTINONREF');
    assert.equal(rc.amountMinor, -20488n);
    assert.equal(rc.reversal, true);
    const rd = entry(':61:240102RD5,00NRTINONREF');
    assert.equal(rd.amountMinor, 500n);
    assert.equal(rd.reversal, true);
  });

  test('amounts: no decimals, trailing comma, legacy "." decimals, amount on the next line', () => {
    assert.equal(entry(':61:240102C500NTRFNONREF').amountMinor, 50000n);
    assert.equal(entry(':61:240102D12,NMSCNONREF').amountMinor, -1200n);
    assert.equal(entry(':61:240102C000000000300.00NMSC170059286').amountMinor, 30000n);
    const split = entry(':61:2401020102CR\n30,00N062NONREF');
    assert.equal(split.amountMinor, 3000n);
    assert.equal(split.transactionCode, 'N062');
  });

  test('bank reference: the // part, else the customer reference, never NONREF', () => {
    assert.equal(entry(':61:240102C1,00NTRFCUST1//BANK1').bankReference, 'BANK1');
    assert.equal(entry(':61:240102C1,00NTRFCUST1').bankReference, 'CUST1');
    assert.equal(entry(':61:240102C1,00NTRFNONREF').bankReference, null);
    assert.equal(entry(':61:240102C1,00NTRFNONREF//B2').bankReference, 'B2');
    assert.equal(entry(':61:240102CN1,00//19239782213').bankReference, '19239782213');
  });

  test('more decimals than the currency has: rounded, with a warning', () => {
    const text = [
      ':20:X',
      ':25:1',
      ':60F:C240101JPY0,',
      ':61:240101C1000,5NTRFNONREF',
      ':62F:C240101JPY1001,',
    ];
    const statement = only(parseMt940(text.join('\n')).statements);
    assert.equal(only(statement.entries).amountMinor, 1001n);
    assert.match(statement.warnings.join('\n'), /line 4: amount 1000,5 JPY .*rounded/);
  });
});

describe('MT940 :86: information to account owner', () => {
  test('German ?xx sub-fields over continuation lines, with SEPA EREF+/SVWZ+ prefixes', () => {
    const e = entry(
      [
        ':61:2401020102CR50990,05NTRFNONREF//0724710333343453',
        ':86:166?00GUTSCHRIFT?100399?20EREF+E2E-4711?21SVWZ+Rechnung RE-2024-0',
        '01 und RE-2024-002?22?30COBADEFFXXX?31DE89 3704 0044 0532 0130 00?32KARL',
        '?33        KAUFMANN GMBH?34000',
      ].join('\n'),
    );
    assert.equal(e.transactionCode, '166');
    assert.equal(e.endToEndId, 'E2E-4711');
    assert.deepEqual(e.remittance, ['Rechnung RE-2024-001 und RE-2024-002']);
    assert.deepEqual(e.counterparty, {
      name: 'KARL KAUFMANN GMBH',
      iban: IBAN,
      accountNumber: null,
      bic: 'COBADEFFXXX',
    });
    assert.equal(e.bankReference, '0724710333343453');
  });

  test('German sub-fields without SEPA prefixes: ?2x joined into one remittance; bank code is not a BIC', () => {
    const e = entry(
      [
        ':61:240102D6,00N024NONREF',
        ':86:805?00ENTGELTABSCHLUSS?106666?20Pauschalen?21Januar?3012345678?311020304050',
      ].join('\n'),
    );
    assert.equal(e.transactionCode, '805');
    assert.deepEqual(e.remittance, ['Pauschalen Januar']);
    assert.equal(e.counterparty.bic, null);
    assert.equal(e.counterparty.accountNumber, '1020304050');
  });

  test("'>' as sub-field separator instead of '?'", () => {
    const e = entry(':61:240102C6,00N051NONREF\n:86:051>00GUTSCHRIFT>20SVWZ+Invoice 8>32Payer AG');
    assert.equal(e.transactionCode, '051');
    assert.deepEqual(e.remittance, ['Invoice 8']);
    assert.equal(e.counterparty.name, 'Payer AG');
  });

  test('ABWA+ (deviating payer) becomes the ultimate party', () => {
    const e = entry(':61:240102C6,00N051NONREF\n:86:051?20SVWZ+Invoice 7?21ABWA+Group Treasury AG');
    assert.equal(e.ultimateParty, 'Group Treasury AG');
    assert.deepEqual(e.remittance, ['Invoice 7']);
  });

  test('Dutch /TRTP/…/IBAN/…/NAME/…/REMI/…/EREF/ layout, wrapped at 65 characters', () => {
    const e = entry(
      [
        ':61:1501200120C10,50N654NONREF',
        `:86:/TRTP/SEPA OVERBOEKING/IBAN/${NL_IBAN}/BIC/ABNANL2A/NAME/`,
        'CAFE MON AMI/REMI/Factuur 2015/897789005/EREF/E2E-1',
      ].join('\n'),
    );
    assert.deepEqual(e.counterparty, {
      name: 'CAFE MON AMI',
      iban: NL_IBAN,
      accountNumber: null,
      bic: 'ABNANL2A',
    });
    assert.deepEqual(e.remittance, ['Factuur 2015/897789005']);
    assert.equal(e.endToEndId, 'E2E-1');
    assert.equal(e.transactionCode, 'N654');
  });

  test('ING /CNTP/ with unstructured and structured REMI', () => {
    const ustd = entry(
      [
        ':61:140825D7,00NTRFNONREF//14237654096225',
        '/TRCD/00100/',
        `:86:/EREF/NOTPROVIDED//CNTP/${NL_IBAN}/ABNANL2A/B Bert///REMI/USTD//22-08`,
        '-2014 Omschrijving/',
      ].join('\n'),
    );
    assert.deepEqual(ustd.counterparty, {
      name: 'B Bert',
      iban: NL_IBAN,
      accountNumber: null,
      bic: 'ABNANL2A',
    });
    assert.deepEqual(ustd.remittance, ['22-08-2014 Omschrijving']);
    assert.equal(ustd.endToEndId, null);
    const strd = entry(':61:140825C7,00NTRFNONREF\n:86:/CNTP/0007654332/////REMI/STRD/CUR/RF18539007547034/');
    assert.deepEqual(strd.structuredReferences, ['RF18539007547034']);
    assert.equal(strd.counterparty.accountNumber, '0007654332');
    assert.equal(strd.counterparty.iban, null);
  });

  test('free text: lines joined with single spaces; several :86: fields add up', () => {
    const e = entry(
      [
        ':61:030109C300.00NMSC170059286',
        ':86:Demo gebruiker   ',
        '   ',
        'second   line',
        ':86:Spaarpot kantine',
      ].join('\n'),
    );
    assert.deepEqual(e.remittance, ['Demo gebruiker second line', 'Spaarpot kantine']);
    assert.equal(e.bankReference, '170059286');
  });

  test('a counterparty IBAN in the :61: supplementary details is used when :86: has none', () => {
    const e = entry(`:61:240102D65,00NOVB${NL_IBAN}\n${NL_IBAN}\n:86:Betaling sieraden`);
    assert.equal(e.counterparty.iban, NL_IBAN);
  });
});

/** A :86: field as a bank writes it: the text cut into lines of `width` characters, wherever the cut falls. */
function wrapped(text: string, width = 65, firstWidth = width): string[] {
  const lines = [text.slice(0, firstWidth)];
  for (let i = firstWidth; i < text.length; i += width) lines.push(text.slice(i, i + width));
  return [`:86:${lines[0]}`, ...lines.slice(1)];
}

describe('MT940 :86: text cut by the bank is joined back (issue 9)', () => {
  const credit = ':61:240102C1000,00NTRFNONREF//B1';

  test('an invoice number cut across two full ?2x sub-fields is one number, with or without SVWZ+', () => {
    // ?20 is full (27 characters): the bank cut "INV-012345" after "INV-01".
    const plain = entry(
      [credit, ':86:051?00GUTSCHRIFT?20Rechnungen 2024, Nr. INV-01?212345 und INV-012346'].join('\n'),
    );
    assert.deepEqual(plain.remittance, ['Rechnungen 2024, Nr. INV-012345 und INV-012346']);
    const sepa = entry(
      [credit, ':86:166?20SVWZ+Rechnungen 2024 INV-01?212345, INV-012346?22und INV-1?32ACME'].join('\n'),
    );
    assert.deepEqual(sepa.remittance, ['Rechnungen 2024 INV-012345, INV-012346 und INV-1']);
  });

  test('a sub-field shorter than 27 ended a word: a space before the next, also without SEPA keywords', () => {
    const sepa = entry([credit, ':86:166?00GUTSCHRIFT?20SVWZ+INV-1, INV-2,?21INV-3?32ACME GMBH'].join('\n'));
    assert.deepEqual(sepa.remittance, ['INV-1, INV-2, INV-3']);
    const plain = entry(
      [credit, ':86:051?00GUTSCHRIFT?20RE 4711 4712?21abzgl. GS 815?32ACME GMBH'].join('\n'),
    );
    assert.deepEqual(plain.remittance, ['RE 4711 4712 abzgl. GS 815']);
    // A payer name cut at 27 characters into ?32/?33 is one name again.
    const name = entry(
      [credit, ':86:166?20SVWZ+INV-1?32SCHULZ SUED MASCHINENBAU GM?33BH + CO. KG'].join('\n'),
    );
    assert.equal(name.counterparty.name, 'SCHULZ SUED MASCHINENBAU GMBH + CO. KG');
  });

  test('a SEPA keyword cut across sub-fields (SV + WZ+, ABW + A+) is still found', () => {
    const e = entry(
      [
        credit,
        ':86:166?00GUTSCHRIFT?20EREF+NOTPROVIDED KREF+1 SV?21WZ+RE 4711 4712?22abzgl. Gutschr. 815 ABWA+Gr?23oup Treasury AG',
        '?32ACME GMBH',
      ].join('\n'),
    );
    assert.deepEqual(e.remittance, ['RE 4711 4712 abzgl. Gutschr. 815']);
    assert.equal(e.ultimateParty, 'Group Treasury AG');
    assert.equal(e.endToEndId, null);
    const abwa = entry(
      [credit, ':86:166?20SVWZ+INV-000602 INV-000603 ABW?21A+Group Treasury AG?32ACME'].join('\n'),
    );
    assert.deepEqual(abwa.remittance, ['INV-000602 INV-000603']);
    assert.equal(abwa.ultimateParty, 'Group Treasury AG');
  });

  test('a 65-character line wrapped inside a sub-field: no space when full, the lost space back when not', () => {
    const field =
      '166?00GUTSCHRIFT?100399?20EREF+NOTPROVIDED?21SVWZ+Rechnung INV-012345 vo?22m 03.06.?31DE89370400440532013000?32ACME GMBH';
    // Cut at 65 (the tag not counted): "INV-01" | "2345".
    const plain = entry([credit, ...wrapped(field)].join('\n'));
    assert.deepEqual(plain.remittance, ['Rechnung INV-012345 vom 03.06.']);
    assert.equal(plain.counterparty.iban, IBAN);
    // The same with the tag counted in the first line's 65, cutting the sub-field code "?2" | "1".
    const counted = entry([credit, ...wrapped(field, 65, 61)].join('\n'));
    assert.deepEqual(counted.remittance, ['Rechnung INV-012345 vom 03.06.']);
    // A line whose last character was a space, dropped by the export: the line is short, the space comes back.
    const text =
      '166?00SEPA-GUTSCHRIFT?20SVWZ+Rechnungen INV-000602 ?21INV-000603 INV-000604 INV-0?2200605?32ACME GMBH';
    const lines = wrapped(text).map((l) => l.trimEnd());
    assert.equal(lines[0]?.length, 4 + 64, 'the cut falls after a space, which the export dropped');
    assert.deepEqual(entry([credit, ...lines].join('\n')).remittance, [
      'Rechnungen INV-000602 INV-000603 INV-000604 INV-000605',
    ]);
  });

  test('Dutch /EREF/…/REMI/ layout wrapped at 65: a number and the /REMI/ key cut across lines', () => {
    const field = `/EREF/NOTPROVIDED/ORDP//NAME/Baltic Retail NV/REMI/Factuur INV-012345 en INV-012346/ISDT/2024-01-02`;
    const lines = wrapped(field);
    assert.match(lines[1] ?? '', /^2345 en/, 'the cut falls inside the number');
    const e = entry([credit, ...lines].join('\n'));
    assert.deepEqual(e.remittance, ['Factuur INV-012345 en INV-012346']);
    assert.equal(e.counterparty.name, 'Baltic Retail NV');
    const keyCut = wrapped(`/EREF/NOTPROVIDED//CNTP/${NL_IBAN}/INGBNL2A/Baltic NV///REMI/USTD//INV-7/`);
    assert.match(keyCut[0] ?? '', /\/R$/, 'the cut falls inside /REMI/');
    assert.deepEqual(entry([credit, ...keyCut].join('\n')).remittance, ['INV-7']);
    // A short line (the writer ended a word there) keeps its words apart.
    const short = entry(
      [
        credit,
        ':86:/ORDP//NAME/Bedrijf B.V./REMI/NR.201303-111/11.3.2013',
        'NR.201303-112/11.3.2013/ISDT/2013-04-03',
      ].join('\n'),
    );
    assert.deepEqual(short.remittance, ['NR.201303-111/11.3.2013 NR.201303-112/11.3.2013']);
  });

  test('Rabobank /CDTRREF/ is a structured reference; an identifier cut on a short line stays whole', () => {
    const e = entry(
      [
        credit,
        ':86:/EREF/123456789/BENM//NAME/Belastingdienst/REMI//CDTRREFTP//CD/SCOR/ISSR/CUR/CDTRREF/RF18539007547034',
        '/ISDT/2013-12-27',
      ].join('\n'),
    );
    assert.deepEqual(e.structuredReferences, ['RF18539007547034']);
    const abn = entry(
      [credit, ':86:/TRTP/SEPA OVERBOEKING/NAME/CAFE/REMI/RES.NR 00042/EREF/NOTPROV', 'IDED'].join('\n'),
    );
    assert.equal(abn.endToEndId, null);
    assert.deepEqual(abn.remittance, ['RES.NR 00042']);
  });
});

describe('MT940 :86: line breaks: free text, a bank wrapping at 64', () => {
  test('a full line runs on, a short one or a label starts a new word, a hyphen joins', () => {
    const full = 'X'.repeat(58);
    const e = entry(
      [
        ':61:240102C1,00NTRFNONREF',
        `:86:${full} INV-01`,
        '2345 SEPA IDEAL 22-08',
        '-2014 NAAM: ACME',
        'KENMERK: 7541410',
      ].join('\n'),
    );
    assert.deepEqual(e.remittance, [`${full} INV-012345 SEPA IDEAL 22-08-2014 NAAM: ACME KENMERK: 7541410`]);
  });
  test('a file whose :86: lines hold 64 characters and none more (Triodos) runs them on', () => {
    const text = (n: number) =>
      `/REMI/USTD//Ordernummer ${n} Transactienummer ${String(n).repeat(90)} INV0282${n}401/`;
    const field = (n: number) => [`:86:${text(n).slice(0, 64)}`, text(n).slice(64, 128), text(n).slice(128)];
    const file = [
      ':20:REF',
      `:25:${NL_IBAN}`,
      ':60F:C240101EUR0,00',
      ':61:240102C1,00NTRFNONREF//A',
      ...field(1),
      ':61:240102C1,00NTRFNONREF//B',
      ...field(2),
      '-',
    ].join('\n');
    assert.ok(field(1).every((l) => l.replace(/^:86:/, '').length <= 64));
    const entries = only(parseMt940(file).statements).entries;
    assert.deepEqual(
      entries.map((e) => e.remittance),
      [1, 2].map((n) => [`Ordernummer ${n} Transactienummer ${String(n).repeat(90)} INV0282${n}401`]),
    );
  });
});

describe('MT940 :86: round trip: wherever a bank cuts, the remittance comes back whole', () => {
  const chunks = (text: string, size: number) =>
    Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, i * size + size));
  /** Lines of 65 (61 in the first when the tag counts), trailing spaces dropped or not. */
  const wrap = (field: string, tagCounts: boolean, trimLines: boolean) => {
    const first = tagCounts ? 61 : 65;
    const lines = [field.slice(0, first), ...chunks(field.slice(first), 65)];
    return (trimLines ? lines.map((l) => l.trimEnd()) : lines).map((l, i) => (i === 0 ? `:86:${l}` : l));
  };
  const name = 'Schulz Sued Maschinenbau GmbH + Co. KG';
  // Every shift moves each cut one character on, so the cuts fall on every kind of position.
  const texts = Array.from(
    { length: 27 },
    (_, k) =>
      `${'Kd'.padEnd(k + 2, '7')} Rechnungen INV-012345, INV-012346 und INV-012347 abzgl. GS 815 Ende`,
  );
  for (const tagCounts of [false, true])
    for (const trimLines of [false, true])
      for (const trimSubfields of [false, true])
        test(`German ?2x (tag counted ${tagCounts}, lines trimmed ${trimLines}, sub-fields trimmed ${trimSubfields})`, () => {
          for (const text of texts) {
            const pieces = chunks(`EREF+NOTPROVIDED SVWZ+${text} ABWA+Group Treasury AG`, 27).map((c) =>
              trimSubfields ? c.trimEnd() : c,
            );
            const purpose = pieces.map((c, i) => `?${i < 10 ? 20 + i : 50 + i}${c}`).join('');
            const field = `166?00GUTSCHRIFT?100399${purpose}?31${IBAN}?32${name.slice(0, 27)}?33${name.slice(27)}`;
            const e = entry([':61:240102C1,00NTRFNONREF', ...wrap(field, tagCounts, trimLines)].join('\n'));
            assert.deepEqual(e.remittance, [text]);
            assert.equal(e.ultimateParty, 'Group Treasury AG');
            assert.equal(e.counterparty.name, name);
            assert.equal(e.counterparty.iban, IBAN);
          }
        });
  for (const tagCounts of [false, true])
    for (const trimLines of [false, true])
      test(`Dutch /REMI/ (tag counted ${tagCounts}, lines trimmed ${trimLines})`, () => {
        for (const text of texts) {
          const field = `/EREF/NOTPROVIDED/ORDP//NAME/${name}/REMI/${text}/ULTD/Group Treasury AG/ISDT/2024-01-02`;
          const e = entry([':61:240102C1,00NTRFNONREF', ...wrap(field, tagCounts, trimLines)].join('\n'));
          assert.deepEqual(e.remittance, [text]);
          assert.equal(e.counterparty.name, name);
          assert.equal(e.ultimateParty, 'Group Treasury AG');
        }
      });
});

describe('MT940: hostile sizes (found by npm run fuzz)', () => {
  test('reads 5,000 statements with 40 :86: lines each in linear time, without overflowing the stack', () => {
    // The :86: wrap width was computed over the whole file once per statement (quadratic), with
    // Math.max(...lengths) of every :86: line, which throws RangeError past ~120,000 lines.
    const statement = (n: number) =>
      [
        `:20:REF${n}`,
        `:25:${IBAN}`,
        ':28C:1/1',
        ':60F:C240101EUR0,00',
        ':61:2401010101C1,00NTRFNONREF',
        `:86:payment ${n}`,
        ...Array.from({ length: 40 }, (_, i) => `line ${i} of the details`),
        ':62F:C240101EUR1,00',
        '-',
      ].join('\r\n');
    const text = Array.from({ length: 5_000 }, (_, n) => statement(n)).join('\r\n');
    const started = performance.now();
    const parsed = parseMt940(text);
    const ms = performance.now() - started;
    assert.equal(parsed.statements.length, 5_000);
    assert.equal(parsed.statements[4_999]?.entries[0]?.amountMinor, 100n);
    assert.ok(ms < 3000, `took ${Math.round(ms)} ms`);
  });

  test('reads a Dutch :86: whose values end in 100,000 slashes and one more character, in linear time', () => {
    // Trailing slashes were cut with /\/+$/, which retries from every slash when the run is not
    // at the very end: 100,000 slashes took minutes (fuzz inputs 16107 and 98724, seed 1).
    const slashes = '/'.repeat(100_000);
    const text = [
      ':20:BUNQ BV',
      `:25:${IBAN}`,
      ':28C:1/1',
      ':60F:C240101EUR0,00',
      ':61:2401010101C1,00NTRFNONREF',
      `:86:/IBAN/NL30ABNA0524590958/NAME/Stichting Test P${slashes}x/REMI/USTD//Order 3${slashes}y`,
      ':62F:C240101EUR1,00',
      '-',
    ].join('\r\n');
    const started = performance.now();
    const entry = parseMt940(text).statements[0]?.entries[0];
    const ms = performance.now() - started;
    assert.ok(entry?.counterparty.name?.startsWith('Stichting Test P//'));
    assert.ok(ms < 3000, `took ${Math.round(ms)} ms`);
  });
});
