/**
 * E-invoices through the product (API and CLI), checked by the official artefacts: every invoice
 * and credit note of a varied set (several rates, reverse charge, intra-community supply, exempt
 * with a reason, export, not subject to VAT, line discounts, USD and CHF customers, an IDN e-mail,
 * look-alike customers, long descriptions with & < > and umlauts) is generated in all four
 * formats, and must give zero fatal asserts under the EN 16931 rules (UBL and CII), the Peppol
 * BIS 3 rules (`ubl`), KoSIT's XRechnung rules (BR-DE, `xrechnung-ubl` and `xrechnung-cii`), and
 * be valid against the UBL 2.1 XSD. A deliberately broken document must
 * be caught, so these checks can fail. Needs ../shared/external (skipped without it, saying so).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { EINVOICE_SELLER } from '../helpers/einvoice-seller.ts';
import {
  einvoiceSkipReason,
  fatalAsserts,
  type RuleSet,
  schematronAsserts,
  ublXsdErrors,
} from '../helpers/einvoice-validation.ts';

const skip = einvoiceSkipReason();
const FORMATS = ['ubl', 'xrechnung-ubl', 'cii', 'xrechnung-cii'] as const;
type Api = ReturnType<typeof client>;

const LONG =
  'Wartung & Pflege <Anlage 7> für Müller-Lüdenscheidt "Größe" > 3 m² — Überprüfung der Kühlaggregate ' +
  'inkl. Prüfprotokoll, Ersatzteile (Dichtungen, Ölfilter) & Anfahrt; '.repeat(6);

/** Customers, each with what its invoices need (VAT ids for AE and K, a Leitweg-ID for XRechnung). */
const CUSTOMERS = [
  {
    externalId: 'C-DE-1',
    name: 'Müller & Söhne GmbH',
    country: 'DE',
    taxId: 'DE811907980',
    currency: 'EUR',
    billingAddress: { street: 'Königsallee 5', postalCode: '40212', city: 'Düsseldorf' },
    emails: ['buchhaltung@müller-söhne.example'],
    einvoice: {
      format: 'xrechnung-ubl',
      buyerReference: '04011000-12345-03',
      electronicAddress: '0204:04011000-12345-03',
    },
  },
  {
    externalId: 'C-DE-2',
    name: 'Müller & Soehne GmbH',
    country: 'DE',
    taxId: 'DE811907981',
    currency: 'EUR',
    billingAddress: { street: 'Kaiserstraße 9', postalCode: '60311', city: 'Frankfurt am Main' },
    emails: ['ap@mueller-soehne.example'],
    einvoice: { buyerReference: 'MS-4711', electronicAddress: '9930:DE811907981' },
  },
  {
    externalId: 'C-FR-1',
    name: 'Société Générale d’Équipement SARL',
    country: 'FR',
    taxId: 'FR40303265045',
    currency: 'EUR',
    billingAddress: { line1: '12 rue de la Paix', postcode: '75002', city: 'Paris' },
    emails: ['compta@sge.example'],
    einvoice: { format: 'cii', buyerReference: 'SGE-77', electronicAddress: '9957:FR40303265045' },
  },
  {
    externalId: 'C-US-1',
    name: 'Acme Widgets Inc.',
    country: 'US',
    currency: 'USD',
    billingAddress: { street: '1 Infinite Loop', zip: '95014', city: 'Cupertino', state: 'CA' },
    emails: ['ap@acme.example'],
    einvoice: { buyerReference: 'ACME-PO-REF', electronicAddress: '0060:081466849' },
  },
  {
    externalId: 'C-CH-1',
    name: 'Zürcher Präzision AG',
    country: 'CH',
    taxId: 'CHE123456789',
    currency: 'CHF',
    billingAddress: { street: 'Bahnhofstrasse 1', postalCode: '8001', city: 'Zürich' },
    emails: ['kreditoren@zürich-präzision.example'],
    einvoice: { buyerReference: 'ZP-1', electronicAddress: '0183:CHE123456789' },
  },
  {
    externalId: 'C-AT-1',
    name: 'Gemeinnütziger Verein Wien',
    country: 'AT',
    currency: 'EUR',
    billingAddress: { street: 'Ringstraße 2', postalCode: '1010', city: 'Wien' },
    emails: ['kassa@verein.example'],
    einvoice: { buyerReference: 'VEREIN-1', electronicAddress: '9914:ATU13585627' },
  },
];

interface Case {
  name: string;
  customer: string;
  poNumber?: string;
  description?: string;
  fxRate?: string;
  lines: Record<string, string>[];
  credit?: { amount?: string; reason: string };
}

const CASES: Case[] = [
  {
    name: 'several rates, discounts, long text',
    customer: 'C-DE-1',
    poNumber: 'PO-2026/001',
    description: LONG.slice(0, 200),
    lines: [
      { description: LONG, quantity: '3', unitPrice: '19.99', discountPct: '10', taxRate: '19' },
      { description: 'Fachbuch „Rechnungswesen“', quantity: '2', unitPrice: '34.50', taxRate: '7' },
      {
        description: 'Beratung (Stunden)',
        quantity: '7.5',
        unitPrice: '120.0075',
        discountPct: '12.5',
        taxRate: '19',
      },
      { description: 'Portokosten', quantity: '1', unitPrice: '4.80', taxRate: '0', vatCategory: 'Z' },
    ],
    credit: { amount: '50.00', reason: 'Gutschrift: Rabatt & Kulanz <Reklamation 12>' },
  },
  {
    name: 'look-alike customer, exempt with reason',
    customer: 'C-DE-2',
    lines: [
      {
        description: 'Heilbehandlung',
        quantity: '1',
        unitPrice: '250',
        vatCategory: 'E',
        vatExemptionReason: 'Steuerfrei nach § 4 Nr. 14 UStG',
      },
      { description: 'Software', quantity: '1', unitPrice: '99.90', taxRate: '19' },
    ],
    credit: { reason: 'Storno der Rechnung' },
  },
  {
    name: 'intra-community supply',
    customer: 'C-FR-1',
    poNumber: 'BC-9',
    lines: [
      {
        description: 'Serveur rack 2U',
        quantity: '2',
        unitPrice: '1840.00',
        discountPct: '5',
        vatCategory: 'K',
      },
    ],
    credit: { amount: '100.00', reason: 'Avoir pour retard de livraison' },
  },
  {
    name: 'reverse charge',
    customer: 'C-FR-1',
    lines: [
      { description: 'Installation services on site', quantity: '16', unitPrice: '95', vatCategory: 'AE' },
    ],
  },
  {
    name: 'USD export',
    customer: 'C-US-1',
    fxRate: '0.9215',
    lines: [
      { description: 'License, 12 months', quantity: '25', unitPrice: '48.00', vatCategory: 'G' },
      { description: 'Onboarding', quantity: '1', unitPrice: '1500', discountPct: '20', vatCategory: 'G' },
    ],
    credit: { amount: '200.00', reason: 'Credit for unused seats' },
  },
  {
    name: 'CHF reverse charge',
    customer: 'C-CH-1',
    fxRate: '1.0642',
    lines: [
      {
        description: 'Wartungsvertrag Q1',
        quantity: '1',
        unitPrice: '3200.00',
        vatCategory: 'AE',
        vatExemptionReason: 'Steuerschuldnerschaft des Leistungsempfängers',
      },
    ],
  },
  {
    name: 'not subject to VAT',
    customer: 'C-AT-1',
    lines: [{ description: 'Mitgliedsbeitrag 2026', quantity: '1', unitPrice: '120', vatCategory: 'O' }],
  },
];

interface Generated {
  label: string;
  format: (typeof FORMATS)[number];
  xml: string;
}

async function setUp(api: Api, admin: Api): Promise<void> {
  const letterhead = await admin.patch('/v1/tenant/letterhead', EINVOICE_SELLER);
  assert.equal(letterhead.status, 200, letterhead.text);
  for (const c of CUSTOMERS) {
    const res = await api.post('/v1/customers', c);
    assert.equal(res.status, 201, res.text);
  }
}

async function issueCase(api: Api, c: Case): Promise<{ label: string; id: string }[]> {
  const res = await api.post('/v1/invoices', {
    customer: c.customer,
    issue: true,
    lines: c.lines,
    ...(c.poNumber ? { poNumber: c.poNumber } : {}),
    ...(c.fxRate ? { fxRate: c.fxRate } : {}),
    ...(c.description ? { description: c.description } : {}),
  });
  assert.equal(res.status, 201, `${c.name}: ${res.text}`);
  const out = [{ label: `${c.name} (${res.body.number})`, id: res.body.id as string }];
  if (c.credit) {
    const credit = await api.post(`/v1/invoices/${res.body.id}/credit`, c.credit);
    assert.equal(credit.status, 201, `${c.name} credit: ${credit.text}`);
    out.push({
      label: `${c.name}, credit note ${credit.body.creditNote.number}`,
      id: credit.body.creditNote.id,
    });
  }
  return out;
}

async function generateAll(ctx: ApiTestContext, key: string, docs: { label: string; id: string }[]) {
  const generated: Generated[] = [];
  for (const d of docs)
    for (const format of FORMATS) {
      const res = await ctx.app.inject({
        method: 'GET',
        url: `/v1/invoices/${d.id}/einvoice?format=${format}`,
        headers: { authorization: `Bearer ${key}` },
      });
      assert.equal(res.statusCode, 200, `${d.label} ${format}: ${res.body}`);
      assert.match(String(res.headers['content-type']), /^application\/xml/);
      assert.match(String(res.headers['content-disposition']), new RegExp(`filename=".+\\.${format}\\.xml"`));
      generated.push({ label: d.label, format, xml: res.body });
    }
  return generated;
}

function rulesFor(format: Generated['format']): RuleSet[] {
  if (format === 'ubl') return ['en16931-ubl', 'peppol'];
  if (format === 'xrechnung-ubl') return ['en16931-ubl', 'xrechnung-ubl'];
  return format === 'xrechnung-cii' ? ['en16931-cii', 'xrechnung-cii'] : ['en16931-cii'];
}

describe(`e-invoices against the official EN 16931 and Peppol rules (${backendName})`, { skip }, () => {
  let ctx: ApiTestContext;
  let generated: Generated[] = [];
  let keys: Awaited<ReturnType<typeof apiTenant>>['keys'];
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
    ({ keys } = await apiTenant(ctx));
    const api = client(ctx.app, keys.accountant);
    await setUp(api, client(ctx.app, keys.admin));
    const docs = [];
    for (const c of CASES) docs.push(...(await issueCase(api, c)));
    generated = await generateAll(ctx, keys.viewer, docs);
  });
  after(() => ctx?.close());

  it('generates every invoice and credit note in four formats, with zero fatal schematron errors', () => {
    assert.equal(generated.length, (CASES.length + CASES.filter((c) => c.credit).length) * FORMATS.length);
    const failures: string[] = [];
    for (const g of generated)
      for (const rules of rulesFor(g.format)) {
        const fatal = fatalAsserts(rules, g.xml);
        if (fatal.length > 0)
          failures.push(`${g.label} as ${g.format}, ${rules}:\n    ${fatal.join('\n    ')}`);
      }
    assert.deepEqual(failures, [], `fatal asserts:\n${failures.join('\n')}`);
  });

  it('writes UBL that is valid against the OASIS UBL 2.1 schemas', async () => {
    const ubl = generated
      .filter((g) => g.format.endsWith('ubl'))
      .map((g, i) => ({ name: `doc-${i}.xml`, xml: g.xml }));
    assert.ok(
      ubl.some((d) => d.xml.includes('<CreditNote ')),
      'credit notes among them',
    );
    assert.deepEqual(await ublXsdErrors(ubl), []);
  });

  it('keeps the awkward text intact: & < > and umlauts escaped, not lost', () => {
    const first = generated.find((g) => g.format === 'ubl' && g.label.startsWith('several rates'));
    assert.ok(first);
    assert.ok(first.xml.includes('Wartung &amp; Pflege &lt;Anlage 7&gt; für Müller-Lüdenscheidt'));
    assert.ok(
      first.xml.includes('<cbc:PriceAmount currencyID="EUR">17.991</cbc:PriceAmount>'),
      'net price after 10 %',
    );
  });

  it('catches a broken document: a wrong payable amount and a missing issue date fail the rules and the XSD', async () => {
    const good = generated.find((g) => g.format === 'ubl' && g.xml.includes('<Invoice '));
    assert.ok(good);
    const wrongTotal = good.xml.replace(
      /<cbc:PayableAmount currencyID="(\w+)">([\d.]+)</,
      (_m, cur, v) => `<cbc:PayableAmount currencyID="${cur}">${(Number(v) + 1).toFixed(2)}<`,
    );
    const ids = schematronAsserts('en16931-ubl', wrongTotal)
      .filter((a) => a.flag === 'fatal')
      .map((a) => a.id);
    assert.deepEqual(ids, ['BR-CO-16']);
    const noDate = good.xml.replace(/\s*<cbc:IssueDate>[^<]+<\/cbc:IssueDate>/, '');
    assert.ok(fatalAsserts('en16931-ubl', noDate).some((a) => a.startsWith('BR-03 ')));
    const xsd = await ublXsdErrors([{ name: 'broken.xml', xml: noDate }]);
    assert.ok(
      xsd.some((e) => /broken\.xml/.test(e)),
      xsd.join('\n'),
    );
  });

  it('catches what only XRechnung asks for: a missing Leitweg-ID fires BR-DE-15', () => {
    for (const format of ['xrechnung-ubl', 'xrechnung-cii'] as const) {
      const good = generated.find((g) => g.format === format && g.label.startsWith('several rates'));
      assert.ok(good, format);
      assert.deepEqual(fatalAsserts(format, good.xml), [], `${format} as generated`);
      const noReference = good.xml.replace(
        /<(cbc:BuyerReference|ram:BuyerReference)>[^<]+<\/(cbc:BuyerReference|ram:BuyerReference)>/,
        '',
      );
      assert.notEqual(noReference, good.xml, `${format}: the buyer reference was there`);
      const fired = schematronAsserts(format, noReference)
        .filter((a) => a.flag === 'fatal')
        .map((a) => a.id);
      assert.deepEqual(fired, ['BR-DE-15'], format);
      // EN 16931 alone does not ask for it: the German rules are what catch it.
      const base = format === 'xrechnung-ubl' ? 'en16931-ubl' : 'en16931-cii';
      assert.deepEqual(fatalAsserts(base, noReference), [], `${format} under ${base}`);
    }
  });

  it('serves the customer’s preferred format by default, the same bytes each time', async () => {
    const viewer = client(ctx.app, keys.viewer);
    const list = await viewer.get('/v1/invoices?customer=C-DE-1&kind=invoice');
    const id = list.body.items[0].id;
    const get = () =>
      ctx.app.inject({
        method: 'GET',
        url: `/v1/invoices/${id}/einvoice`,
        headers: { authorization: `Bearer ${keys.viewer}` },
      });
    const a = await get();
    const b = await get();
    assert.equal(a.statusCode, 200);
    assert.match(String(a.headers['content-disposition']), /\.xrechnung-ubl\.xml"/);
    assert.ok(a.body.includes('urn:xeinkauf.de:kosit:xrechnung_3.0'));
    assert.ok(a.body.includes('<cbc:BuyerReference>04011000-12345-03</cbc:BuyerReference>'));
    assert.equal(a.headers['x-document-sha256'], b.headers['x-document-sha256']);
    assert.equal(a.body, b.body);
  });
});
