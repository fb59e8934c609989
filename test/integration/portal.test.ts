/**
 * The customer portal's API on both back ends: links issued by staff, the `Authorization: Portal`
 * credential and its refusals (tampered, expired, withdrawn, rotated key, switched off), and the
 * rule that a link shows nothing of another customer — tried with look-alike customers and ids,
 * numbers and dates taken from the other customer's documents.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createApiKey } from '../../src/modules/apikeys/apikeys.service.ts';
import { dunningSeams } from '../../src/modules/communication/index.ts';
import { runDunning } from '../../src/modules/dunning/index.ts';
import { type ApiTestContext, apiTenant, call, client, ok, openApiTestContext } from '../helpers/api.ts';
import { atTime, backendName } from '../helpers/backends.ts';
import { createExamplePolicy } from '../helpers/dunning.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';
import { portalClient, tokenOf } from '../helpers/portal.ts';

const NOW = '2026-03-31T12:00:00Z';

describe(`customer portal: links and what they show (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext(NOW);
  });
  after(async () => ctx.close());

  async function apiTenantKey(tenantId: string, role: 'accountant') {
    return (await createApiKey(ctx.deps.db, tenantId, role)).key;
  }

  /** A tenant with the portal on and two look-alike customers, each with invoices. */
  async function shop() {
    const { tenant, keys } = await apiTenant(ctx);
    const t = tenant.tenantId;
    const admin = client(ctx.app, keys.admin);
    const collector = client(ctx.app, keys.collector);
    await ok(admin.put('/v1/settings/portal', { enabled: true, publicUrl: 'https://ar.example.com/' }), 200);
    const a = await makeCustomer(ctx.deps, t, { name: 'ACME GmbH', language: 'de' });
    const b = await makeCustomer(ctx.deps, t, { name: 'ACME GmbH & Co. KG' });
    const a1 = await issueInvoice(ctx.deps, t, a.id, '100.00', { issueDate: '2026-02-01' });
    const a2 = await issueInvoice(ctx.deps, t, a.id, '250.00', { issueDate: '2026-03-20' });
    const b1 = await issueInvoice(ctx.deps, t, b.id, '999.00', { issueDate: '2026-03-01' });
    const link = await ok(collector.post(`/v1/customers/${a.id}/portal-links`, {}));
    const portal = portalClient(ctx, tokenOf(link.url));
    return { t, companyName: tenant.name, admin, collector, a, b, a1, a2, b1, link, portal };
  }

  it('issues a link as <publicUrl>/portal#<token>, valid 60 days, listed without its token', async () => {
    const s = await shop();
    assert.match(
      s.link.url,
      /^https:\/\/ar\.example\.com\/portal#[A-Za-z0-9_-]{22}\.\d+\.[A-Za-z0-9_-]{43}$/,
    );
    assert.equal(s.link.expiresAt, '2026-05-30T12:00:00.000Z');
    const list = await ok(s.collector.get(`/v1/customers/${s.a.id}/portal-links`), 200);
    assert.equal(list.items.length, 1);
    assert.equal(list.items[0].linkId, s.link.id);
    assert.equal(list.items[0].purpose, 'manual');
    assert.equal(list.items[0].status, 'active');
    assert.ok(!JSON.stringify(list).includes(tokenOf(s.link.url)));
  });

  it('opens the session: the customer, the letterhead, the settings, the expiry', async () => {
    const s = await shop();
    const session = await ok(s.portal.get('/v1/portal/session'), 200);
    assert.deepEqual(session.customer, { number: s.a.externalId, name: 'ACME GmbH', language: 'de' });
    assert.match(session.company.name, /^Test tenant/);
    assert.deepEqual(session.settings, { onlinePayment: false, partialPayments: false });
    assert.equal(session.link.expiresAt, s.link.expiresAt);
  });

  it('lists only the customer’s own invoices, open by default, with days overdue', async () => {
    const s = await shop();
    const page = await ok(s.portal.get('/v1/portal/invoices'), 200);
    assert.deepEqual(
      page.items.map((i: { number: string; open: string; daysOverdue: number }) => [
        i.number,
        i.open,
        i.daysOverdue,
      ]),
      [
        [s.a2.number, '250.00', 0],
        // Issued 1 Feb on NET30: due 3 March, 28 days before 31 March.
        [s.a1.number, '100.00', 28],
      ],
    );
    const first = await ok(s.portal.get('/v1/portal/invoices?limit=1'), 200);
    const second = await ok(s.portal.get(`/v1/portal/invoices?limit=1&cursor=${first.nextCursor}`), 200);
    assert.equal(second.items[0].id, s.a1.invoiceId);
    assert.equal(second.nextCursor, null);
    assert.equal((await ok(s.portal.get('/v1/portal/invoices?status=closed'), 200)).items.length, 0);
  });

  it('lists a credit note used up against its invoice as closed, not as an open item of 0.00', async () => {
    const s = await shop();
    const accountant = client(ctx.app, await apiTenantKey(s.t, 'accountant'));
    const credit = await ok(
      accountant.post(`/v1/invoices/${s.a1.invoiceId}/credit`, { amount: '100.00', reason: 'Rücksendung' }),
      201,
    );
    const numbers = async (status: string) =>
      (await ok(s.portal.get(`/v1/portal/invoices?status=${status}`), 200)).items.map(
        (i: { number: string; open: string }) => `${i.number} ${i.open}`,
      );
    assert.deepEqual(await numbers('open'), [`${s.a2.number} 250.00`]);
    assert.deepEqual(
      (await numbers('closed')).sort(),
      [`${credit.creditNote.number} 0.00`, `${s.a1.number} 0.00`].sort(),
    );
  });

  it("shows nothing of the look-alike customer: another's invoice, PDF, e-invoice answer 404 as unknown ids", async () => {
    const s = await shop();
    const unknown = '00000000-0000-7000-8000-000000000000';
    for (const id of [s.b1.invoiceId, s.b1.number, unknown]) {
      for (const path of [`/v1/portal/invoices/${id}/pdf`, `/v1/portal/invoices/${id}/einvoice`]) {
        const res = await s.portal.get(path);
        assert.equal(res.status, 404, `${path}: ${res.text}`);
        assert.equal(res.body.detail, `invoice ${id} not found`);
      }
    }
    const pdf = await s.portal.get(`/v1/portal/invoices/${s.a1.invoiceId}/pdf`);
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers['content-type'], 'application/pdf');
    const statement = await ok(s.portal.get('/v1/portal/statement?asOf=2026-03-31'), 200);
    assert.deepEqual(
      statement.sections.map((x: { currency: string; balance: string; items: unknown[] }) => [
        x.currency,
        x.balance,
        x.items.length,
      ]),
      [['EUR', '350.00', 2]],
    );
    assert.ok(!JSON.stringify(statement).includes(s.b1.number ?? 'none'));
    const statementPdf = await s.portal.get('/v1/portal/statement.pdf?asOf=2026-03-31');
    assert.equal(statementPdf.status, 200);
    assert.equal(statementPdf.headers['content-type'], 'application/pdf');
  });

  it('refuses tampered links (id, expiry, signature) with one generic 401 naming the company only when signed', async () => {
    const s = await shop();
    const other = tokenOf((await ok(s.collector.post(`/v1/customers/${s.b.id}/portal-links`, {}))).url);
    const [id, expiry, sig] = tokenOf(s.link.url).split('.') as [string, string, string];
    const [otherId] = other.split('.') as [string];
    const flip = (x: string) => (x[0] === 'A' ? 'B' : 'A') + x.slice(1);
    const tampered = [
      `${otherId}.${expiry}.${sig}`,
      `${id}.${Number(expiry) + 86_400}.${sig}`,
      `${id}.${expiry}.${flip(sig)}`,
      'not-a-token',
    ];
    for (const token of tampered) {
      const res = await portalClient(ctx, token).get('/v1/portal/session');
      assert.equal(res.status, 401, token);
      assert.equal(res.body.code, 'portal_link_invalid');
      assert.deepEqual(res.body.errors, [], 'an unsigned token learns nothing');
    }
  });

  it('refuses expired, withdrawn and rotated-key links, saying only whom to ask', async () => {
    const s = await shop();
    const expectRefused = async (portal: ReturnType<typeof portalClient>, why: string, signed = true) => {
      const res = await portal.get('/v1/portal/invoices');
      assert.equal(res.status, 401, why);
      assert.equal(res.body.code, 'portal_link_invalid', why);
      assert.equal(
        res.body.detail,
        'this portal link is not valid: it may have expired or been withdrawn',
        why,
      );
      // A link signed with the key before a rotation no longer verifies: it learns nothing.
      assert.deepEqual(res.body.errors, signed ? [{ field: 'company', message: s.companyName }] : [], why);
    };
    const short = await ok(s.collector.post(`/v1/customers/${s.a.id}/portal-links`, { validityDays: 1 }));
    const shortPortal = portalClient(ctx, tokenOf(short.url));
    await ok(shortPortal.get('/v1/portal/session'), 200);
    await atTime(ctx, '2026-04-01T12:00:00Z', () => expectRefused(shortPortal, 'expired'));
    await ok(s.collector.post(`/v1/portal-links/${short.id}/revoke`), 200);
    await expectRefused(shortPortal, 'withdrawn');
    const rotated = await ok(s.admin.post('/v1/settings/portal/rotate-key'), 200);
    assert.equal(rotated.revoked, 1, 'the first link was still usable');
    await expectRefused(s.portal, 'rotated', false);
    const fresh = portalClient(
      ctx,
      tokenOf((await ok(s.collector.post(`/v1/customers/${s.a.id}/portal-links`, {}))).url),
    );
    await ok(fresh.get('/v1/portal/session'), 200);
    await ok(s.collector.post(`/v1/customers/${s.a.id}/portal-links/revoke`), 200);
    await expectRefused(fresh, 'all of the customer’s withdrawn');
  });

  it('keeps staff credentials and portal links apart', async () => {
    const s = await shop();
    const { keys } = await apiTenant(ctx);
    const staffOnPortal = await call(ctx.app, 'GET', '/v1/portal/session', { key: keys.admin });
    assert.equal(staffOnPortal.status, 401, staffOnPortal.text);
    const portalOnStaff = await s.portal.get(`/v1/customers/${s.a.id}`);
    assert.equal(portalOnStaff.status, 401, portalOnStaff.text);
    assert.equal((await call(ctx.app, 'GET', '/v1/portal/session')).status, 401);
  });

  it('e-mails an invoice with a fresh working portal link, recorded with its message; none while the portal is off', async () => {
    const s = await shop();
    const accountant = client(ctx.app, await apiTenantKey(s.t, 'accountant'));
    const sent = await ok(
      accountant.post(`/v1/invoices/${s.a2.invoiceId}/send`, { to: ['ap@acme.example'] }),
      202,
    );
    const message = await ok(s.admin.get(`/v1/messages/${sent.messageId}`), 200);
    // ACME GmbH reads German: the default template's line in its language.
    const url = /Online ansehen und bezahlen: (\S+)/.exec(message.bodyText)?.[1] ?? '';
    assert.ok(url.startsWith('https://ar.example.com/portal#'), message.bodyText);
    const session = await ok(portalClient(ctx, tokenOf(url)).get('/v1/portal/session'), 200);
    assert.equal(session.customer.name, 'ACME GmbH');
    const links = await ok(s.collector.get(`/v1/customers/${s.a.id}/portal-links`), 200);
    const mailed = links.items.find((l: { purpose: string }) => l.purpose === 'invoice_email');
    assert.equal(mailed?.messageId, sent.messageId);
    await ok(s.admin.put('/v1/settings/portal', { enabled: false }), 200);
    const again = await ok(
      accountant.post(`/v1/invoices/${s.a2.invoiceId}/send`, { to: ['ap@acme.example'] }),
      202,
    );
    const plain = await ok(s.admin.get(`/v1/messages/${again.messageId}`), 200);
    assert.ok(!plain.bodyText.includes('/portal#'), plain.bodyText);
  });

  it('e-mails statements and dunning letters with a portal link of their own purpose', async () => {
    const s = await shop();
    const accountant = client(ctx.app, await apiTenantKey(s.t, 'accountant'));
    const statement = await ok(
      accountant.post(`/v1/customers/${s.a.id}/statement/send`, { to: ['ap@acme.example'] }),
      202,
    );
    const mailed = await ok(s.admin.get(`/v1/messages/${statement.messageId}`), 200);
    const url = /Online ansehen und bezahlen: (\S+)/.exec(mailed.bodyText)?.[1] ?? '';
    assert.ok(url.startsWith('https://ar.example.com/portal#'), mailed.bodyText);
    assert.equal(
      (await ok(portalClient(ctx, tokenOf(url)).get('/v1/portal/session'), 200)).customer.name,
      'ACME GmbH',
    );

    // A dunning letter by e-mail: an invoice of B's 45 days overdue.
    await issueInvoice(ctx.deps, s.t, s.b.id, '120.00', { issueDate: '2026-01-15', paymentTerms: 'NET30' });
    await createExamplePolicy(ctx, s.t);
    await ok(s.admin.patch(`/v1/customers/${s.b.id}`, { emails: ['buchhaltung@acme-kg.example'] }), 200);
    await runDunning(ctx.deps, s.t, { asOf: '2026-03-31' }, dunningSeams(ctx.deps));
    const links = await ok(s.collector.get(`/v1/customers/${s.b.id}/portal-links`), 200);
    const dunningLink = links.items.find((l: { purpose: string }) => l.purpose === 'dunning_email');
    assert.ok(dunningLink?.messageId, JSON.stringify(links.items));
    const letter = await ok(s.admin.get(`/v1/messages/${dunningLink.messageId}`), 200);
    assert.equal(letter.kind, 'dunning');
    assert.match(letter.bodyText, /https:\/\/ar\.example\.com\/portal#/);
    const statementLinks = await ok(s.collector.get(`/v1/customers/${s.a.id}/portal-links`), 200);
    assert.deepEqual(
      statementLinks.items
        .filter((l: { purpose: string }) => l.purpose === 'statement_email')
        .map((l: { messageId: string }) => l.messageId),
      [statement.messageId],
    );
  });

  it('refuses links while the portal is switched off, and issues none', async () => {
    const s = await shop();
    await ok(s.admin.put('/v1/settings/portal', { enabled: false }), 200);
    assert.equal((await s.portal.get('/v1/portal/session')).status, 401);
    assert.equal((await s.collector.post(`/v1/customers/${s.a.id}/portal-links`, {})).status, 409);
    const settings = await ok(s.admin.get('/v1/settings/portal'), 200);
    assert.deepEqual(
      { ...settings, keyRotatedAt: null },
      {
        enabled: false,
        publicUrl: 'https://ar.example.com',
        effectivePublicUrl: 'https://ar.example.com',
        linkValidityDays: 60,
        partialPayments: false,
        keyRotatedAt: null,
      },
    );
  });
});
