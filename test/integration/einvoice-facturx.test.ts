/**
 * Factur-X through the API: the invoice's (and a credit note's) PDF as PDF/A-3b carrying the `cii`
 * e-invoice as factur-x.xml. What poppler reads back is checked: the attachment is byte for byte
 * the `cii` answer (so what einvoice.test.ts validates against the EN 16931 rules is what is
 * embedded), the XMP names PDF/A-3 level B and the Factur-X properties with their extension schema,
 * the catalog lists the file in /AF with relationship Data, and the same request gives the same bytes.
 * Full PDF/A validation (veraPDF) is not run here: see docs/einvoice.md.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { xpathValues } from '../helpers/einvoice-validation.ts';
import { pdfAttachments, pdfInfo, pdfText, popplerMissing } from '../helpers/pdf.ts';

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

const SELLER = {
  legalName: 'Nordlicht Software & Service GmbH',
  address: { street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin' },
  country: 'DE',
  taxId: 'DE123456789',
  iban: 'DE89370400440532013000',
  email: 'rechnung@nordlicht.example',
};

describe(`Factur-X (${backendName})`, { skip: popplerMissing }, () => {
  let ctx: ApiTestContext;
  let key: string;
  let invoiceId: string;
  let creditNoteId: string;
  const get = (id: string, format: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({
      method: 'GET',
      url: `/v1/invoices/${id}/einvoice?format=${format}`,
      headers: { authorization: `Bearer ${key}`, ...headers },
    });

  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
    const { keys } = await apiTenant(ctx);
    key = keys.viewer;
    const api = client(ctx.app, keys.accountant);
    assert.equal((await client(ctx.app, keys.admin).patch('/v1/tenant/letterhead', SELLER)).status, 200);
    const customer = await api.post('/v1/customers', {
      externalId: 'NL-1',
      name: 'Van der Berg <B.V.>',
      country: 'NL',
      emails: ['ap@vanderberg.example'],
    });
    assert.equal(customer.status, 201, customer.text);
    const invoice = await api.post('/v1/invoices', {
      customer: 'NL-1',
      issue: true,
      lines: [{ description: 'Licence "Pro" & support', quantity: '2', unitPrice: '99.50', taxRate: '21' }],
    });
    assert.equal(invoice.status, 201, invoice.text);
    invoiceId = invoice.body.id;
    const credit = await api.post(`/v1/invoices/${invoiceId}/credit`, { amount: '50.00', reason: 'Kulanz' });
    assert.equal(credit.status, 201, credit.text);
    creditNoteId = credit.body.creditNote.id;
  });
  after(() => ctx?.close());

  for (const [what, id] of [
    ['an invoice', () => invoiceId],
    ['a credit note', () => creditNoteId],
  ] as const)
    it(`embeds the cii answer, byte for byte, as factur-x.xml in ${what}'s PDF`, async () => {
      const pdf = await get(id(), 'facturx');
      assert.equal(pdf.statusCode, 200, pdf.body);
      assert.equal(pdf.headers['content-type'], 'application/pdf');
      assert.match(String(pdf.headers['content-disposition']), /filename="(INV|CN)-\d+\.pdf"/);
      assert.equal(pdf.headers['x-document-sha256'], sha(pdf.rawPayload));
      assert.equal(pdf.headers.etag, `"${sha(pdf.rawPayload)}"`);
      const cii = await get(id(), 'cii');
      assert.equal(cii.statusCode, 200, cii.body);
      const attached = pdfAttachments(pdf.rawPayload);
      assert.deepEqual([...attached.keys()], ['factur-x.xml']);
      assert.equal(sha(attached.get('factur-x.xml') ?? new Uint8Array()), sha(cii.rawPayload));
      assert.ok(cii.body.includes('<ram:ID>urn:cen.eu:en16931:2017</ram:ID>'), 'EN 16931 guideline');
      const number = pdfText(pdf.rawPayload).match(/(INV|CN)-\d+/)?.[0];
      assert.ok(
        number && cii.body.includes(`<ram:ID>${number}</ram:ID>`),
        'the PDF prints what the XML says',
      );
    });

  it('says PDF/A-3b and Factur-X EN 16931 in its XMP, with the extension schema and escaped info', async () => {
    const pdf = (await get(invoiceId, 'facturx')).rawPayload;
    const { fields, xmp } = pdfInfo(pdf);
    assert.equal(fields.get('PDF version'), '1.7');
    assert.equal(fields.get('Author'), SELLER.legalName);
    for (const fragment of [
      '<pdfaid:part>3</pdfaid:part>',
      '<pdfaid:conformance>B</pdfaid:conformance>',
      'xmlns:fx="urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#"',
      '<fx:DocumentType>INVOICE</fx:DocumentType>',
      '<fx:DocumentFileName>factur-x.xml</fx:DocumentFileName>',
      '<fx:Version>1.0</fx:Version>',
      '<fx:ConformanceLevel>EN 16931</fx:ConformanceLevel>',
      '<pdfaSchema:namespaceURI>urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#</pdfaSchema:namespaceURI>',
      '<pdfaSchema:prefix>fx</pdfaSchema:prefix>',
      '<pdfaProperty:name>ConformanceLevel</pdfaProperty:name>',
      '<rdf:li>Nordlicht Software &amp; Service GmbH</rdf:li>',
      'Van der Berg &lt;B.V.&gt;',
    ])
      assert.ok(xmp.includes(fragment), `XMP lacks ${fragment}:\n${xmp}`);
    assert.match(xmp, /<xmp:CreateDate>2026-03-31T\d\d:\d\d:\d\dZ<\/xmp:CreateDate>/);
    assert.match(xmp, /<xmp:ModifyDate>2026-03-31T\d\d:\d\d:\d\dZ<\/xmp:ModifyDate>/);
    // Parsed (a malformed XMP throws here), the properties read as PDF/A and Factur-X readers read them.
    const fx = "*[namespace-uri() = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#']";
    assert.deepEqual(xpathValues(xmp, `//${fx} ! concat(local-name(), '=', .)`), [
      'DocumentFileName=factur-x.xml',
      'DocumentType=INVOICE',
      'Version=1.0',
      'ConformanceLevel=EN 16931',
    ]);
    assert.deepEqual(xpathValues(xmp, '//*:part | //*:conformance'), ['3', 'B']);
    assert.deepEqual(xpathValues(xmp, '//*:creator//*:li'), [SELLER.legalName]);
  });

  it('lists the file in the catalog /AF with relationship Data, type text/xml, and has an sRGB OutputIntent', async () => {
    const text = Buffer.from((await get(invoiceId, 'facturx')).rawPayload).toString('latin1');
    const catalog = text.match(/<<[^>]*\/Type \/Catalog[\s\S]*?>>\n/)?.[0] ?? '';
    const af = catalog.match(/\/AF \[(\d+) 0 R\]/);
    assert.ok(af, `catalog without /AF: ${catalog}`);
    const filespec = text.match(new RegExp(`\\n${af[1]} 0 obj\\n(<<[\\s\\S]*?>>)\\nendobj`))?.[1] ?? '';
    assert.match(filespec, /\/AFRelationship \/Data/);
    assert.match(filespec, /\/UF \(factur-x\.xml\)/);
    assert.match(text, /\/Type \/EmbeddedFile\n\/Params <<[\s\S]*?\/ModDate \(D:2026/);
    assert.match(text, /\/Subtype \/text#2Fxml/);
    assert.match(catalog, /\/OutputIntents \[\d+ 0 R\]/);
    assert.match(text, /\/S \/GTS_PDFA1\n\/Info \(sRGB IEC61966-2\.1\)/);
  });

  it('gives the same bytes for the same request, and a 304 for its ETag', async () => {
    const first = await get(invoiceId, 'facturx');
    const second = await get(invoiceId, 'facturx');
    assert.equal(sha(second.rawPayload), sha(first.rawPayload));
    const again = await get(invoiceId, 'facturx', { 'if-none-match': String(first.headers.etag) });
    assert.equal(again.statusCode, 304);
  });
});
