/** Documents over HTTP: letterhead, invoice PDFs with their SHA-256, statements, stored documents. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { createStatementDocument } from '../../src/modules/documents/index.ts';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { pdfText, popplerMissing } from '../helpers/pdf.ts';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe(`documents API (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext();
  });
  after(() => ctx.close());

  const get = (url: string, key: string, headers: Record<string, string> = {}) =>
    ctx.app.inject({ method: 'GET', url, headers: { authorization: `Bearer ${key}`, ...headers } });

  it('reads the letterhead for every role and lets only admins change it', async () => {
    const { keys } = await apiTenant(ctx);
    const initial = await client(ctx.app, keys.viewer).get('/v1/tenant/letterhead');
    assert.equal(initial.status, 200);
    assert.equal(initial.body.version, 1);
    const denied = await client(ctx.app, keys.accountant).patch('/v1/tenant/letterhead', { bankName: 'X' });
    assert.equal(denied.status, 403);
    const bad = await client(ctx.app, keys.admin).patch('/v1/tenant/letterhead', {
      iban: 'DE00 1234',
      bic: 'nope',
    });
    assert.equal(bad.status, 422);
    assert.deepEqual(bad.body.errors.map((e: { field: string }) => e.field).sort(), ['bic', 'iban']);
    const changed = await client(ctx.app, keys.admin).patch('/v1/tenant/letterhead', {
      legalName: 'API Seller SARL',
      iban: 'fr14 2004 1010 0505 0001 3m02 606',
      bic: 'psstfrppxxx',
      email: 'compta@seller.example',
      footer: 'SARL au capital de 10 000 €',
    });
    assert.equal(changed.status, 200);
    assert.equal(changed.body.version, 2);
    assert.equal(changed.body.iban, 'FR1420041010050500013M02606', 'stored in electronic form');
    assert.equal(changed.body.bic, 'PSSTFRPPXXX');
    const cleared = await client(ctx.app, keys.admin).patch('/v1/tenant/letterhead', { footer: null });
    assert.equal(cleared.body.footer, null);
    assert.equal(cleared.body.legalName, 'API Seller SARL', 'fields not given stay');
    assert.equal(cleared.body.version, 3);
  });

  it('warns, without refusing, when an invoice is issued or sent while the seller lacks address, tax id or IBAN', async () => {
    const { keys } = await apiTenant(ctx);
    const admin = client(ctx.app, keys.admin);
    const api = client(ctx.app, keys.accountant);
    const codes = (body: { warnings: { code: string }[] }) => body.warnings.map((w) => w.code).sort();
    const everything = ['seller_address_missing', 'seller_payment_account_missing', 'seller_tax_id_missing'];
    // A new installation's letterhead is only a name: the letterhead endpoint says what is missing.
    const fresh = await api.get('/v1/tenant/letterhead');
    assert.deepEqual(codes(fresh.body), everything);
    for (const w of fresh.body.warnings) {
      assert.match(w.message, /PATCH \/v1\/tenant\/letterhead/, 'says where to fill it in');
      assert.ok(w.fields.length > 0);
    }
    assert.deepEqual(
      fresh.body.warnings.map((w: { fields: string[] }) => w.fields),
      [['address'], ['taxId'], ['iban']],
    );
    await api.post('/v1/customers', {
      externalId: 'W-1',
      name: 'Warned GmbH',
      emails: ['ap@warned.example'],
    });
    const lines = [{ description: 'Work', quantity: '1', unitPrice: '1460.33' }];
    const issued = await api.post('/v1/invoices', { customer: 'W-1', issue: true, lines });
    assert.equal(issued.status, 201, 'issued all the same');
    assert.equal(issued.body.status, 'issued');
    assert.deepEqual(codes(issued.body), everything);
    assert.match(
      issued.body.warnings.find((w: { code: string }) => w.code === 'seller_payment_account_missing').message,
      /iban/,
    );
    const draft = await api.post('/v1/invoices', { customer: 'W-1', lines });
    assert.deepEqual(draft.body.warnings, [], 'a draft goes to nobody');
    const issuedLater = await api.post(`/v1/invoices/${draft.body.id}/issue`, {});
    assert.equal(issuedLater.status, 200);
    assert.deepEqual(codes(issuedLater.body), everything);
    const sent = await api.post(`/v1/invoices/${issued.body.number}/send`, {});
    assert.equal(sent.status, 202);
    assert.deepEqual(codes(sent.body), everything);
    const credited = await api.post(`/v1/invoices/${issued.body.number}/credit`, {
      amount: '10.00',
      reason: 'x',
    });
    assert.equal(credited.status, 201);
    assert.deepEqual(
      codes(credited.body),
      ['seller_address_missing', 'seller_tax_id_missing'],
      'nothing is paid on a credit note: no account needed',
    );
    // Half an address is still missing its street and postal code.
    const half = await admin.patch('/v1/tenant/letterhead', { address: { city: 'Hamburg' }, country: 'DE' });
    const address = half.body.warnings.find((w: { code: string }) => w.code === 'seller_address_missing');
    assert.match(address.message, /street/);
    assert.match(address.message, /postal code/);
    const complete = await admin.patch('/v1/tenant/letterhead', {
      address: { street: 'Großer Burstah 12', postalCode: '20457', city: 'Hamburg', country: 'DE' },
      taxId: 'DE123456788',
      iban: 'DE89370400440532013000',
    });
    assert.deepEqual(complete.body.warnings, []);
    const clean = await api.post('/v1/invoices', { customer: 'W-1', issue: true, lines });
    assert.deepEqual(clean.body.warnings, []);
    // The earlier invoice keeps the letterhead it was issued under: sending it again still warns.
    const again = await api.post(`/v1/invoices/${issued.body.number}/send`, {});
    assert.deepEqual(codes(again.body), everything);
  });

  it('serves an invoice PDF with its SHA-256 as ETag, the same bytes on every fetch, 304 when unchanged', async () => {
    const { keys } = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    await api.post('/v1/customers', { externalId: 'FR-1', name: 'Société Générale d’Essai', language: 'fr' });
    const invoice = await api.post('/v1/invoices', {
      customer: 'FR-1',
      issue: true,
      issueDate: '2026-03-02',
      lines: [{ description: 'Prestation', quantity: '3', unitPrice: '411.52', taxRate: '20' }],
    });
    const first = await get(`/v1/invoices/${invoice.body.id}/pdf`, keys.viewer);
    assert.equal(first.statusCode, 200);
    assert.equal(first.headers['content-type'], 'application/pdf');
    assert.equal(first.headers['content-disposition'], 'inline; filename="INV-000001.pdf"');
    const hash = sha(first.rawPayload);
    assert.equal(first.headers['x-document-sha256'], hash);
    assert.equal(first.headers.etag, `"${hash}"`);
    const second = await get('/v1/invoices/INV-000001/pdf', keys.viewer);
    assert.ok(second.rawPayload.equals(first.rawPayload), 'the same bytes');
    const unchanged = await get('/v1/invoices/INV-000001/pdf', keys.viewer, { 'if-none-match': `"${hash}"` });
    assert.equal(unchanged.statusCode, 304);
    assert.equal(unchanged.rawPayload.length, 0);

    const id = String(first.headers['x-document-id']);
    const meta = await client(ctx.app, keys.viewer).get(`/v1/documents/${id}`);
    assert.equal(meta.status, 200);
    assert.equal(meta.body.kind, 'invoice');
    assert.equal(meta.body.invoiceId, invoice.body.id);
    assert.equal(meta.body.sha256, hash);
    assert.equal(meta.body.byteSize, first.rawPayload.length);
    assert.equal(meta.body.language, 'fr');
    const content = await get(meta.body.contentUrl, keys.viewer);
    assert.ok(content.rawPayload.equals(first.rawPayload));
    if (popplerMissing) return;
    // 3 × 411.52 = 1,234.56; 20 % = 246.91 (246.912); total 1,481.47.
    const text = pdfText(first.rawPayload);
    for (const piece of [
      'Facture',
      'Société Générale d’Essai',
      '1 234,56 €',
      '246,91 €',
      '1 481,47 €',
      '2 mars 2026',
    ])
      assert.ok(text.includes(piece), `missing "${piece}"`);
  });

  it('renders a statement as of a date, and answers problems for bad input, drafts and other tenants', async () => {
    const { keys, tenant } = await apiTenant(ctx);
    const other = await apiTenant(ctx);
    const api = client(ctx.app, keys.accountant);
    await api.post('/v1/customers', { externalId: 'ST-1', name: 'Statement Kunde', language: 'de' });
    const storedStatements = async () =>
      (
        await queryRows<{ n: number }>(
          ctx.deps.db,
          sql`select count(*)::int as n from documents where tenant_id = ${tenant.tenantId} and kind = 'statement'`,
        )
      )[0]?.n;
    const invoice = await api.post('/v1/invoices', {
      customer: 'ST-1',
      issue: true,
      issueDate: '2026-02-01',
      lines: [{ description: 'Ware', quantity: '1', unitPrice: '1000.00' }],
    });
    const draft = await api.post('/v1/invoices', {
      customer: 'ST-1',
      lines: [{ description: 'Entwurf', quantity: '1', unitPrice: '1' }],
    });
    const statement = await get('/v1/customers/ST-1/statement.pdf?asOf=2026-03-31', keys.viewer);
    assert.equal(statement.statusCode, 200);
    assert.equal(
      statement.headers['content-disposition'],
      'inline; filename="statement-ST-1-2026-03-31.pdf"',
    );
    assert.equal(statement.headers['x-document-sha256'], sha(statement.rawPayload));
    assert.equal(statement.headers['x-document-id'], undefined, 'a read stores nothing');
    for (const day of ['2026-03-01', '2026-03-02', '2026-03-03', '2026-03-04'])
      assert.equal((await get(`/v1/customers/ST-1/statement.pdf?asOf=${day}`, keys.viewer)).statusCode, 200);
    assert.equal(await storedStatements(), 0, 'a viewer asking for many dates leaves nothing behind');
    const stored = await createStatementDocument(ctx.deps, tenant.tenantId, 'ST-1', { asOf: '2026-03-31' });
    const again = await get('/v1/customers/ST-1/statement.pdf?asOf=2026-03-31', keys.viewer);
    assert.equal(again.headers['x-document-id'], stored.documentId, 'the stored document of the same bytes');
    assert.equal(again.headers['x-document-sha256'], statement.headers['x-document-sha256']);
    assert.equal(await storedStatements(), 1);
    const meta = await client(ctx.app, keys.viewer).get(`/v1/documents/${stored.documentId}`);
    assert.equal(meta.body.kind, 'statement');
    assert.equal(meta.body.asOf, '2026-03-31');
    if (!popplerMissing) {
      // Due 2026-03-03 (NET30): 28 days overdue on 2026-03-31, in the 1–30 bucket.
      const text = pdfText(statement.rawPayload);
      for (const piece of [
        'Kontoauszug',
        '31.03.2026',
        'INV-000001',
        '1.000,00 €',
        '28',
        'Zu zahlender Betrag',
      ])
        assert.ok(text.includes(piece), `missing "${piece}"`);
    }
    const badDate = await client(ctx.app, keys.viewer).get(
      '/v1/customers/ST-1/statement.pdf?asOf=2026-02-30',
    );
    assert.equal(badDate.status, 422);
    assert.equal(badDate.body.errors[0].field, 'asOf');
    const ofDraft = await client(ctx.app, keys.viewer).get(`/v1/invoices/${draft.body.id}/pdf`);
    assert.equal(ofDraft.status, 409);
    assert.equal(ofDraft.body.code, 'invalid_state');
    const crossTenant = await client(ctx.app, other.keys.admin);
    assert.equal((await crossTenant.get(`/v1/invoices/${invoice.body.id}/pdf`)).status, 404);
    assert.equal((await crossTenant.get('/v1/customers/ST-1/statement.pdf')).status, 404);
    assert.equal((await crossTenant.get(`/v1/documents/${meta.body.id}`)).status, 404);
    assert.equal((await crossTenant.get(`/v1/documents/${meta.body.id}/content`)).status, 404);
    assert.equal((await client(ctx.app, keys.viewer).get('/v1/documents/not-a-uuid')).status, 422);
    assert.equal((await client(ctx.app, null).get(`/v1/documents/${meta.body.id}`)).status, 401);
  });
});
