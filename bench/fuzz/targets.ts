/**
 * The parsers under fuzzing, each as the product calls it, with the files its mutations start
 * from and the grammar that generates its documents. `run` throws what the product throws: a
 * clean rejection is an AppError naming line or field; anything else is a crash.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { parseStatementFile } from '../../src/modules/bank/parse-statement.ts';
import type { StatementFormat } from '../../src/modules/bank/statement.ts';
import { readAdviceFile } from '../../src/modules/cash-application/advice-file.ts';
import { parentsFirst, readCustomerRows } from '../../src/modules/imports/customers-import.ts';
import { readOpenItems } from '../../src/modules/imports/invoices-import.ts';
import { DE } from '../../src/modules/messaging/default-templates.de.ts';
import { EN } from '../../src/modules/messaging/default-templates.en.ts';
import { FR } from '../../src/modules/messaging/default-templates.fr.ts';
import { renderMessage } from '../../src/modules/messaging/message-render.ts';
import { MESSAGE_KINDS, type TemplateRef } from '../../src/modules/messaging/template-catalog.ts';
import { checkTemplate } from '../../src/modules/messaging/template-check.ts';
import { renderParts } from '../../src/modules/messaging/template-render.ts';
import { sampleContent, sampleContext } from '../../src/modules/messaging/template-samples.ts';
import { validationFailed } from '../../src/shared/errors.ts';
import {
  adviceCsv,
  bai2Document,
  camtDocument,
  csvStatementDocument,
  customersCsv,
  invoicesCsv,
  mt940Document,
  ofxDocument,
  templateDocument,
} from './grammars.ts';
import { applyMutations, mutatedSeedArbitrary, mutationArbitrary } from './mutate.ts';

export interface FuzzTarget {
  readonly name: string;
  /** What is parsed, for the report. */
  readonly what: string;
  /** Real files and hand-written samples the mutations start from (loaded once, lazily). */
  readonly seeds: () => readonly string[];
  /** Fragments of the format that mutations splice in. */
  readonly tokens: readonly string[];
  readonly grammar: fc.Arbitrary<string>;
  /** Parses one input as the product does; throws the product's error when it refuses it. */
  readonly run: (input: string) => void;
}

const ROOT = new URL('../../', import.meta.url).pathname;
/** Seed files larger than this are left out: 100,000 mutations of a 480 kB statement take hours. */
export const MAX_SEED_BYTES = 70_000;

/** Files under test/fixtures/bank/<dir> and ../shared/external/bank-statements/<dir> (when present), deduplicated. */
function bankSeeds(dir: string, extensions: RegExp): () => readonly string[] {
  let cached: string[] | null = null;
  return () => {
    if (cached) return cached;
    const roots = [
      join(ROOT, 'test/fixtures/bank', dir),
      join(ROOT, '../shared/external/bank-statements', dir),
    ];
    const seen = new Set<string>();
    const out: string[] = [];
    for (const file of roots
      .filter(existsSync)
      .flatMap((r) => walk(r))
      .sort()) {
      if (!extensions.test(file) || statSync(file).size > MAX_SEED_BYTES) continue;
      const text = decodeSeed(readFileSync(file));
      const hash = createHash('sha1').update(text).digest('hex');
      if (seen.has(hash)) continue;
      seen.add(hash);
      out.push(text);
    }
    cached = out;
    return out;
  };
}

/** UTF-8 when the bytes are UTF-8, else Latin-1 (old MT940 and BAI2 files). */
function decodeSeed(bytes: Buffer): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return bytes.toString('latin1');
  }
}

function walk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name)) : [join(dir, e.name)],
  );
}

function statement(format?: StatementFormat): (input: string) => void {
  return (input) => {
    parseStatementFile(input, format ? { format } : {});
  };
}

const CUSTOMER_SEEDS = [
  'external_id,name,legal_name,email,country,currency,payment_terms,credit_limit,category,subcategory,tax_id,bank_accounts,parent_external_id,language\r\n' +
    'ACME,Acme,"Acme Trading GmbH, Berlin",ap@acme.example,DE,EUR,NET30,10000.00,Wholesale,Food,DE123456789,DE89 3704 0044 0532 0130 00,,de\r\n' +
    'ACME-FR,Acme France,Acme France SAS,,FR,EUR,2/10 NET30,,Wholesale,Food,,,ACME,fr\r\n',
  'external_id,name,email,parent_external_id\nC-1,Müller Bau GmbH,buchhaltung@müller.de,\nC-2,Mueller Bau GmbH,ap@mueller.example;ar@mueller.example,C-1\nC-3,"Müller ""Bau"" AG",,C-2\n',
];
const INVOICE_SEEDS = [
  'number,customer_external_id,issue_date,due_date,currency,total,open_amount,payment_reference,po_number,description\r\n' +
    '2024-0815,ACME,2026-01-10,2026-02-09,EUR,1000.00,400.00,RF18 5390 0754 7034,PO-7,January goods\r\n' +
    '2024-0816,ACME-FR,2026-03-20,,EUR,250.50,,,,\r\n',
  'number,customer_external_id,issue_date,currency,total,fx_rate\nINV-1,C-1,2026-01-31,JPY,120000,0.0061\nINV-1a,C-1,2026-02-28,KWD,12.345,3.02\n',
];
const ADVICE_SEEDS = [
  'Zahler: Silverline Foods GmbH\nDatum: 03.03.2026\nRechnungsnummer;Betrag;Grund\nRE-2026-001;1.000,00;\nRE-2026-002;333,56;Skonto\nSumme;1.333,56\n',
  'invoice,amount,payer,date\nINV-1,100.00,Acme,2026-03-01\nINV-2,50.00,Acme,2026-03-01\nINV-3,25.5,Other Co,2026-03-02\n',
];
const CSV_STATEMENT_SEEDS = [
  'booking_date,value_date,amount,currency,counterparty_name,counterparty_iban,remittance,end_to_end_id\n2026-03-02,2026-03-02,1190.00,EUR,Müller Bau GmbH,DE89370400440532013000,INV-000412,E2E-1\n2026-03-03,,-12.50,EUR,Bank,,Gebühr,\n',
  'Auftragskonto;Buchungstag;Valutadatum;Buchungstext;Verwendungszweck;Beguenstigter/Zahlungspflichtiger;Kontonummer/IBAN;BIC (SWIFT-Code);Betrag;Waehrung\nDE89370400440532013000;02.03.2026;02.03.2026;GUTSCHRIFT;RE 2026-001;Müller Bau;DE02120300000000202051;BYLADEM1001;1.190,00;EUR\n',
  'Datum,Naam / Omschrijving,Rekening,Tegenrekening,Code,Af Bij,Bedrag (EUR),Mededelingen\n20260302,Acme BV,NL91ABNA0417164300,NL20INGB0001234567,GT,Bij,"1190,00",Factuur 2026-001\n',
];

const TEMPLATE_SEEDS = [EN, DE, FR].flatMap((set) =>
  Object.values(set).map((t) => `${t.subject}\n${t.body}`),
);

const XML_TOKENS = [
  '<Ntry>',
  '</Ntry>',
  '<TxDtls>',
  '<Amt Ccy="EUR">',
  '</Amt>',
  '<![CDATA[',
  ']]>',
  '<!--',
  '-->',
  '&amp;',
  '&#0;',
  '&#x110000;',
  '&lol;',
  '<!DOCTYPE a [<!ENTITY lol "lol">]>',
  '<?xml version="1.0"?>',
  'xmlns:a="x"',
  '<a:b>',
  '</',
  '/>',
  '"',
  "'",
  '<Stmt>',
  '<Bal>',
  '<Dt>2026-02-30</Dt>',
  '<CdtDbtInd>DBIT</CdtDbtInd>',
  '<__proto__>',
  '<constructor>',
];
const SWIFT_TOKENS = [
  ':20:',
  ':25:',
  ':28C:',
  ':60F:',
  ':60M:',
  ':61:',
  ':86:',
  ':62F:',
  ':64:',
  ':34F:',
  '{1:',
  '{2:O940',
  '{4:',
  '-}',
  '?20',
  '?32',
  '/EREF/',
  'C',
  'D',
  'RC',
  'EUR',
  '0,',
  ',00',
  '\r\n',
  '\n',
  '260230',
];
const BAI_TOKENS = [
  '01,',
  '02,',
  '03,',
  '16,',
  '88,',
  '49,',
  '98,',
  '99,',
  '/',
  ',',
  ',,',
  '\n',
  '999999999999999999999',
  '-',
  'Z',
  'V',
  '165',
  '475',
  'USD',
];
const OFX_TOKENS = [
  '<OFX>',
  '</OFX>',
  '<STMTTRN>',
  '</STMTTRN>',
  '<TRNAMT>',
  '<DTPOSTED>',
  '<FITID>',
  '<NAME>',
  '<CURDEF>',
  'OFXHEADER:100',
  '<BANKTRANLIST>',
  '&amp;',
  '&lt;',
  '&#0;',
  '[-5:EST]',
  '<?OFX ',
  '-',
  '.',
];
const CSV_TOKENS = [
  ',',
  ';',
  '\t',
  '"',
  '""',
  '\r\n',
  '\n',
  '\r',
  '=',
  '+',
  '-',
  '@',
  ' ',
  '1.000,00',
  '-0.00',
  'EUR',
  '2026-02-30',
  'external_id',
  'name',
  'number',
  'total',
  'parent_external_id',
  '\u0000',
];
const TEMPLATE_TOKENS = [
  '{{',
  '}}',
  '{{#if customer_name}}',
  '{{else}}',
  '{{/if}}',
  '{{invoice_table}}',
  '{{customer_name}}',
  '{{ }}',
  '\n',
  '\r\n',
  '\uE000',
  '\uE0010\uE001',
  '<',
  '&',
];

const ADVICE_OPTIONS = { currency: 'EUR', today: '2026-03-31' } as const;

export const TARGETS: readonly FuzzTarget[] = [
  {
    name: 'camt',
    what: 'camt.052/053/054 bank statements (format detected)',
    seeds: bankSeeds('camt', /\.xml$/i),
    tokens: XML_TOKENS,
    grammar: camtDocument,
    run: statement(),
  },
  {
    name: 'mt940',
    what: 'MT940/MT942 statements',
    seeds: bankSeeds('mt940', /\.(sta|txt|940|mta|swi)$/i),
    tokens: SWIFT_TOKENS,
    grammar: mt940Document,
    run: statement('mt940'),
  },
  {
    name: 'bai2',
    what: 'BAI2 files',
    seeds: bankSeeds('bai2', /\.(bai2|txt)$/i),
    tokens: BAI_TOKENS,
    grammar: bai2Document,
    run: statement('bai2'),
  },
  {
    name: 'ofx',
    what: 'OFX 1.x (SGML) and 2.x (XML) statements',
    seeds: bankSeeds('ofx', /\.(ofx|qfx)$/i),
    tokens: OFX_TOKENS,
    grammar: ofxDocument,
    run: statement('ofx'),
  },
  {
    name: 'csv-statement',
    what: 'CSV statements of every profile (profile detected)',
    seeds: () => CSV_STATEMENT_SEEDS,
    tokens: CSV_TOKENS,
    grammar: csvStatementDocument,
    run: statement('csv'),
  },
  {
    name: 'customers-csv',
    what: 'the customers CSV import (every check before the database)',
    seeds: () => CUSTOMER_SEEDS,
    tokens: CSV_TOKENS,
    grammar: customersCsv,
    run: (input) => {
      const { rows, errors } = readCustomerRows(input, { creditLimits: 'allowed' });
      parentsFirst(rows, new Set(), errors);
      errors.throwIfAny('customer import rejected');
    },
  },
  {
    name: 'invoices-csv',
    what: 'the open-items (invoices) CSV import (every check before the database)',
    seeds: () => INVOICE_SEEDS,
    tokens: CSV_TOKENS,
    grammar: invoicesCsv,
    run: (input) => readOpenItems(input, 'EUR').errors.throwIfAny('invoice import rejected'),
  },
  {
    name: 'remittance-advice',
    what: 'remittance advices: CSV / e-mail tables and camt.054',
    seeds: () => [...ADVICE_SEEDS, ...bankSeeds('camt', /camt054.*\.xml$|054.*\.xml$/i)()],
    tokens: [...CSV_TOKENS, ...XML_TOKENS],
    grammar: fc.oneof(adviceCsv, camtDocument),
    run: (input) => {
      readAdviceFile(input, ADVICE_OPTIONS);
    },
  },
  {
    name: 'email-template',
    what: 'e-mail templates: the save-time check, then rendering (text, HTML, print parts)',
    seeds: () => TEMPLATE_SEEDS,
    tokens: TEMPLATE_TOKENS,
    grammar: templateDocument,
    run: checkAndRenderTemplate,
  },
];

/** As the template service: check the template of a kind (refused with field-named errors), then render it. */
function checkAndRenderTemplate(input: string): void {
  const newline = input.indexOf('\n');
  const subject = newline === -1 ? input : input.slice(0, newline);
  const body = newline === -1 ? '' : input.slice(newline + 1);
  const kind = MESSAGE_KINDS[input.length % MESSAGE_KINDS.length] ?? 'invoice';
  const ref: TemplateRef = { kind, level: kind === 'dunning' ? 1 + (input.length % 9) : 0 };
  const checked = checkTemplate(ref.kind, subject, body);
  if (!checked.ok) throw validationFailed('template rejected', checked.errors);
  const ctx = sampleContext('de', 'de-DE', subject.slice(0, 40));
  const rendered = renderMessage({ subject, body }, sampleContent(ref), ctx);
  if (/<script/i.test(rendered.html)) throw new Error('unescaped <script> in the rendered HTML');
  renderParts(checked.template.body, {}, new Set(['invoice_table']));
}

/** Every input of a target: mutated seeds, generated documents, and mutated generated documents. */
export function inputArbitrary(target: FuzzTarget): fc.Arbitrary<string> {
  const seeds = target.seeds();
  const mutation = mutationArbitrary(target.tokens);
  return fc.oneof(
    {
      weight: 5,
      arbitrary: mutatedSeedArbitrary(seeds, target.tokens).map(({ seed, mutations }) =>
        applyMutations(seeds[seed] ?? '', mutations),
      ),
    },
    { weight: 3, arbitrary: target.grammar },
    {
      weight: 2,
      arbitrary: fc
        .tuple(target.grammar, fc.array(mutation, { minLength: 1, maxLength: 3 }))
        .map(([doc, mutations]) => applyMutations(doc, mutations)),
    },
  );
}

export function targetByName(name: string): FuzzTarget {
  const target = TARGETS.find((t) => t.name === name);
  if (!target) throw new Error(`unknown parser ${name}; known: ${TARGETS.map((t) => t.name).join(', ')}`);
  return target;
}
