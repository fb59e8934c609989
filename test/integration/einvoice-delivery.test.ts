/**
 * E-invoices attached to invoice e-mails, over a real SMTP server (`smtp-server` on 127.0.0.1): a
 * customer with an e-invoice format gets the PDF and the XML (the XML the API serves, stored with
 * its SHA-256, so a resend and the API attach and serve the same bytes even after the customer's
 * settings changed); a customer who takes Factur-X gets it as the invoice PDF (the plain PDF
 * instead, with the reason, when it cannot be made); a customer without one gets the PDF alone; a customer whose e-invoice cannot be made gets the PDF,
 * and the message, its attempt and the customer's activity log say why.
 */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { sendInvoice } from '../../src/modules/communication/invoice-delivery.service.ts';
import { getStoredDocument } from '../../src/modules/documents/documents.service.ts';
import { deliverAllDue } from '../../src/modules/messaging/delivery.service.ts';
import { getMessage } from '../../src/modules/messaging/outbox.service.ts';
import { smtpTransport } from '../../src/modules/messaging/smtp-transport.ts';
import { type ApiTestContext, apiTenant, client, openApiTestContext } from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { EINVOICE_SELLER } from '../helpers/einvoice-seller.ts';
import { deliveryDeps, steppingClock } from '../helpers/messaging.ts';
import { attachmentsOf, parseMime } from '../helpers/mime.ts';
import { type SmtpTestServer, startSmtpServer } from '../helpers/smtp.ts';

const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

const customer = (externalId: string, email: string, einvoice?: Record<string, string>) => ({
  externalId,
  name: `Kunde ${externalId}`,
  country: 'DE',
  taxId: 'DE811907980',
  currency: 'EUR',
  billingAddress: { street: 'Königsallee 5', postalCode: '40212', city: 'Düsseldorf' },
  emails: [email],
  ...(einvoice ? { einvoice } : {}),
});

describe(`e-invoices attached to invoice e-mails on ${backendName}`, () => {
  let ctx: ApiTestContext;
  let smtp: SmtpTestServer;
  let tenantId: string;
  let api: ReturnType<typeof client>;
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
    smtp = await startSmtpServer();
    const tenant = await apiTenant(ctx);
    tenantId = tenant.tenant.tenantId;
    api = client(ctx.app, tenant.keys.accountant);
    const letterhead = await client(ctx.app, tenant.keys.admin).patch(
      '/v1/tenant/letterhead',
      EINVOICE_SELLER,
    );
    assert.equal(letterhead.status, 200, letterhead.text);
  });
  after(async () => {
    await smtp.close();
    await ctx.close();
  });

  const deliver = () =>
    deliverAllDue(
      deliveryDeps(
        ctx,
        steppingClock('2026-03-31T12:05:00Z'),
        smtpTransport({ url: smtp.url }),
        getStoredDocument,
      ),
      { tenantId },
    );
  const mailTo = (address: string) =>
    smtp.received.filter((m) => m.to.includes(address)).map((m) => attachmentsOf(parseMime(m.raw)));
  const countDocuments = async () =>
    (
      await queryRows<{ n: number }>(
        ctx.deps.db,
        sql`select count(*)::int as n from documents where tenant_id = ${tenantId}`,
      )
    )[0]?.n;
  /** A customer and an issued invoice of theirs, e-mailed and delivered: the message's id. */
  async function mailedInvoice(body: Omit<ReturnType<typeof customer>, 'country'> & { country?: string }) {
    assert.equal((await api.post('/v1/customers', body)).status, 201);
    const res = await api.post('/v1/invoices', {
      customer: body.externalId,
      issue: true,
      lines: [{ description: 'Wartung März', quantity: '2', unitPrice: '150.00', taxRate: '19' }],
    });
    assert.equal(res.status, 201, res.text);
    const invoice = { id: res.body.id as string, number: res.body.number as string };
    const queued = await sendInvoice(ctx.deps, tenantId, invoice.id);
    assert.equal((await deliver()).sent, 1);
    return { invoice, messageId: queued.messageId };
  }

  test('a customer with an e-invoice format gets the PDF and the stored XML, the same bytes on a resend', async () => {
    const einvoice = {
      format: 'xrechnung-ubl',
      buyerReference: '04011000-12345-03',
      electronicAddress: '0204:04011000-12345-03',
    };
    const { invoice, messageId } = await mailedInvoice(customer('E-1', 'ap@e1.example', einvoice));
    const [mail] = mailTo('ap@e1.example');
    assert.deepEqual(
      mail?.map((a) => [a.fileName, a.contentType]),
      [
        [`${invoice.number}.pdf`, 'application/pdf'],
        [`${invoice.number}.xml`, 'application/xml'],
      ],
    );
    const xml = mail?.[1]?.bytes ?? Buffer.alloc(0);
    const served = await api.get(`/v1/invoices/${invoice.id}/einvoice`);
    assert.equal(served.status, 200);
    assert.equal(xml.toString('utf8'), served.text, 'the XML the API serves for the customer’s format');
    const detail = await getMessage(ctx.deps.db, tenantId, messageId);
    const record = detail.attachments[1];
    assert.equal(record?.sha256, sha256(xml));
    assert.equal(detail.lastError, null);
    const stored = await getStoredDocument(ctx.deps.db, tenantId, record?.documentId ?? '');
    assert.equal(stored.kind, 'einvoice');
    assert.equal(stored.sha256, sha256(xml));
    assert.deepEqual(Buffer.from(stored.bytes), xml);
    const pdf = await api.get(`/v1/invoices/${invoice.id}/pdf`);
    assert.equal(pdf.headers['x-document-sha256'], detail.attachments[0]?.sha256, 'the PDF is still the PDF');

    assert.equal(served.headers['x-document-id'], record?.documentId, 'the API serves the copy it stored');

    // The customer's settings change: the API and the resend still give the copy sent; a format
    // never sent is generated from the new settings, and that read stores nothing.
    const patch = await api.patch('/v1/customers/E-1', {
      einvoice: { ...einvoice, buyerReference: '991-0-42' },
    });
    assert.equal(patch.status, 200, patch.text);
    const servedAgain = await api.get(`/v1/invoices/${invoice.id}/einvoice`);
    assert.equal(servedAgain.text, served.text, 'the document sent is the document kept');
    const documentsBefore = await countDocuments();
    const other = await api.get(`/v1/invoices/${invoice.id}/einvoice?format=xrechnung-cii`);
    assert.equal(other.status, 200, other.text);
    assert.equal(other.headers['x-document-id'], undefined);
    assert.ok(other.text.includes('<ram:BuyerReference>991-0-42</ram:BuyerReference>'));
    assert.equal(await countDocuments(), documentsBefore, 'a read stores nothing');
    const resent = await sendInvoice(ctx.deps, tenantId, invoice.id);
    assert.equal((await deliver()).sent, 1);
    const again = mailTo('ap@e1.example')[1];
    assert.deepEqual(again?.[1]?.bytes, xml, 'the same bytes');
    const resentDetail = await getMessage(ctx.deps.db, tenantId, resent.messageId);
    assert.equal(resentDetail.attachments[1]?.documentId, record?.documentId);
  });

  test('a customer without an e-invoice format gets the PDF alone', async () => {
    const { invoice } = await mailedInvoice(customer('P-1', 'ap@p1.example'));
    const [mail] = mailTo('ap@p1.example');
    assert.deepEqual(
      mail?.map((a) => a.fileName),
      [`${invoice.number}.pdf`],
    );
  });

  test('a customer whose e-invoice cannot be made gets the PDF, and the message says why', async () => {
    // XRechnung needs the Leitweg-ID (buyer reference), which this customer lacks.
    const body = customer('X-1', 'ap@x1.example', {
      format: 'xrechnung-ubl',
      electronicAddress: '9930:DE811907980',
    });
    const { invoice, messageId } = await mailedInvoice(body);
    const refused = await api.get(`/v1/invoices/${invoice.id}/einvoice`);
    assert.equal(refused.status, 409);
    const [mail] = mailTo('ap@x1.example');
    assert.deepEqual(
      mail?.map((a) => a.fileName),
      [`${invoice.number}.pdf`],
    );
    const detail = await getMessage(ctx.deps.db, tenantId, messageId);
    assert.equal(detail.status, 'sent');
    const problem = detail.attachments[1]?.problem ?? '';
    assert.match(problem, new RegExp(`^attachment ${invoice.number}\\.xml \\(einvoice to render\\): `));
    assert.ok(problem.endsWith(refused.body.detail), `${problem} | ${refused.body.detail}`);
    assert.equal(detail.lastError, `sent without ${problem}`);
    assert.deepEqual(
      detail.history.map((h) => [h.outcome, h.error]),
      [['sent', `sent without ${problem}`]],
    );
    const activities = await queryRows<{ text: string }>(
      ctx.deps.db,
      sql`select text from activities where tenant_id = ${tenantId} and event = 'invoice_delivered'
          and invoice_ids @> array[${invoice.id}]::uuid[]`,
    );
    assert.deepEqual(
      activities.map((a) => a.text.endsWith(`sent without ${problem}`)),
      [true],
    );
  });

  test('a customer who takes Factur-X gets it as the invoice PDF, and the API serves that copy', async () => {
    const { invoice, messageId } = await mailedInvoice(
      customer('F-1', 'ap@f1.example', { format: 'facturx' }),
    );
    const [mail] = mailTo('ap@f1.example');
    assert.deepEqual(
      mail?.map((a) => [a.fileName, a.contentType]),
      [[`${invoice.number}.pdf`, 'application/pdf']],
      'one PDF: Factur-X replaces the plain one',
    );
    const bytes = mail?.[0]?.bytes ?? Buffer.alloc(0);
    assert.ok(bytes.includes('factur-x.xml'), 'the CII XML is embedded');
    const detail = await getMessage(ctx.deps.db, tenantId, messageId);
    assert.equal(detail.attachments[0]?.sha256, sha256(bytes));
    assert.equal(detail.attachments[0]?.fellBack, undefined);
    assert.equal(detail.lastError, null);
    const served = await api.get(`/v1/invoices/${invoice.id}/einvoice`);
    assert.equal(served.status, 200);
    assert.equal(served.headers['content-type'], 'application/pdf');
    assert.equal(served.headers['x-document-id'], detail.attachments[0]?.documentId);
    assert.equal(served.headers['x-document-sha256'], sha256(bytes));
  });

  test('a Factur-X that cannot be made gives way to the plain PDF, and the message says why', async () => {
    const { country: _country, ...body } = customer('F-2', 'ap@f2.example', { format: 'facturx' });
    const { invoice, messageId } = await mailedInvoice(body);
    const refused = await api.get(`/v1/invoices/${invoice.id}/einvoice`);
    assert.equal(refused.status, 409, 'the buyer’s country is missing');
    const [mail] = mailTo('ap@f2.example');
    assert.deepEqual(
      mail?.map((a) => [a.fileName, a.contentType]),
      [[`${invoice.number}.pdf`, 'application/pdf']],
    );
    const bytes = mail?.[0]?.bytes ?? Buffer.alloc(0);
    assert.ok(!bytes.includes('factur-x.xml'), 'the plain PDF');
    const pdf = await api.get(`/v1/invoices/${invoice.id}/pdf`);
    assert.equal(pdf.headers['x-document-sha256'], sha256(bytes), 'the invoice’s own PDF');
    const detail = await getMessage(ctx.deps.db, tenantId, messageId);
    const fellBack = detail.attachments[0]?.fellBack ?? '';
    assert.match(fellBack, new RegExp(`^attachment ${invoice.number}\\.pdf \\(einvoice to render\\): `));
    assert.ok(fellBack.endsWith(refused.body.detail), `${fellBack} | ${refused.body.detail}`);
    assert.equal(detail.status, 'sent');
    assert.equal(detail.lastError, `sent the invoice document instead of ${fellBack}`);
  });
});
