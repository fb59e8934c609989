/**
 * Monitoring through the API on both back ends: failed sign-ins found within seconds of the sign-in
 * (and an alert e-mail to the admins in the outbox, once), a refund after a change of bank details,
 * an invoice issued on a Sunday at 23:00 Berlin time (the day clocks go forward), a rescan that
 * doubles nothing, a dismissal with its note in the audit trail, the sessions' audit records, and a
 * credit note issued round the approval policy (judged by the policy of its moment).
 */
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { after, before, describe, it, mock } from 'node:test';
import { createApiKey } from '../../src/modules/apikeys/apikeys.service.ts';
import { createUser, DEFAULT_SESSION_POLICY, signIn } from '../../src/modules/users/index.ts';
import {
  type ApiTenant,
  type ApiTestContext,
  apiTenant,
  call,
  client,
  openApiTestContext,
} from '../helpers/api.ts';
import { backendName } from '../helpers/backends.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';

const RUN = randomUUID().slice(0, 8);

/** `probe()` until it returns a value, for at most `ms` (what "found within seconds" means here). */
async function within<T>(ms: number, probe: () => Promise<T | null>): Promise<T | null> {
  const end = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== null || Date.now() > end) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe(`monitoring through the API (${backendName})`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext('2026-03-31T12:00:00Z');
  });
  after(() => ctx.close());

  async function tenantWithAdmin(): Promise<ApiTenant & { adminEmail: string }> {
    const t = await apiTenant(ctx);
    const adminEmail = `sicherheit-${RUN}-${t.tenant.tenantId.slice(-6)}@bücher-müller.example`;
    await createUser(ctx.deps, t.tenant.tenantId, {
      email: adminEmail,
      role: 'admin',
      password: 'admin-password-1',
    });
    await createUser(ctx.deps, t.tenant.tenantId, {
      email: `viewer-${adminEmail}`,
      role: 'viewer',
      password: 'viewer-password-1',
    });
    return { ...t, adminEmail };
  }

  it('finds 6 failed sign-ins at once after the sign-in, alerts the admins once, and audits each attempt', async () => {
    const t = await tenantWithAdmin();
    const email = `viewer-${t.adminEmail}`;
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      const res = await call(ctx.app, 'POST', '/v1/session', {
        body: { email, password: `wrong-guess-${i}` },
        headers: { 'user-agent': 'python-requests/2.32.3', 'x-forwarded-for': '203.0.113.66' },
      });
      statuses.push(res.status);
    }
    assert.deepEqual(statuses, [401, 401, 401, 401, 423, 423]);
    const admin = client(ctx.app, t.keys.admin);
    const found = await within(5000, async () => {
      const res = await admin.get('/v1/findings?kind=repeated_failed_sign_ins');
      return res.body.items?.length ? res : null;
    });
    assert.ok(found, 'found within 5 seconds of the sign-ins, without a scheduled scan');
    assert.equal(found.status, 200, found.text);
    assert.equal(found.body.items.length, 1, 'one finding for the burst, not one per failure');
    const f = found.body.items[0];
    assert.equal(f.severity, 'medium');
    assert.equal(f.status, 'open');
    assert.equal(f.evidence.records.length, 5);
    assert.match(f.title, /5 failed sign-ins for viewer-sicherheit/);

    const mail = await admin.get('/v1/messages?kind=security_alert');
    assert.equal(mail.status, 200, mail.text);
    assert.equal(mail.body.items.length, 1);
    assert.deepEqual(mail.body.items[0].to, [t.adminEmail], 'the active admin users, not the viewer');
    assert.match(mail.body.items[0].subject, /^\[cashloop\] Security alert \(medium\): 5 failed sign-ins/);

    const again = await admin.post('/v1/monitoring/scan');
    assert.equal(again.status, 200, again.text);
    assert.equal(again.body.findings, 0);
    assert.equal((await admin.get('/v1/messages?kind=security_alert')).body.items.length, 1, 'never twice');

    const trail = await admin.get('/v1/audit?kind=session');
    const kinds = trail.body.items.map((r: { kind: string }) => r.kind);
    assert.equal(kinds.filter((k: string) => k === 'session.sign_in_failed').length, 6);
    assert.equal(kinds.filter((k: string) => k === 'session.locked').length, 1);
    const failure = trail.body.items.find((r: { kind: string }) => r.kind === 'session.sign_in_failed');
    assert.equal(failure.actor.kind, 'system');
    assert.match(
      failure.details.emailKey,
      /^viewer-sicherheit-.*@xn--bcher-mller-[a-z0-9]+\.example$/,
      'A-label',
    );
    assert.equal(failure.details.userAgent, 'python-requests/2.32.3');
  });

  it('answers a sign-in without waiting for the scan it asks for', async () => {
    const t = await tenantWithAdmin();
    const asked: string[] = [];
    const deps = {
      ...ctx.deps,
      sessionPolicy: DEFAULT_SESSION_POLICY,
      afterSignIn: (tenantId: string) => {
        asked.push(tenantId);
        return new Promise<void>(() => {}); // a scan that never ends
      },
    };
    const timeout = new Promise<string>((resolve) => setTimeout(() => resolve('waited'), 3000).unref());
    const answer = signIn(
      deps,
      { email: t.adminEmail, password: 'wrong' },
      { ip: '203.0.113.5', userAgent: null },
    )
      .then(() => 'signed in')
      .catch((e: { code?: string }) => e.code ?? 'error');
    assert.equal(await Promise.race([answer, timeout]), 'invalid_credentials');
    assert.deepEqual(asked, [t.tenant.tenantId]);
  });

  it('answers a burst of 40 failed sign-ins without waiting for scans, and still finds the burst within seconds', async () => {
    const t = await tenantWithAdmin();
    const started = Date.now();
    const answers = await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        call(ctx.app, 'POST', '/v1/session', {
          body: { email: `viewer-${t.adminEmail}`, password: `guess-${i}` },
          headers: { 'x-forwarded-for': '198.51.100.23' },
        }),
      ),
    );
    assert.ok(
      answers.every((a) => a.status === 401 || a.status === 423),
      'wrong password, then locked',
    );
    const admin = client(ctx.app, t.keys.admin);
    const found = await within(5000, async () => {
      const res = await admin.get('/v1/findings?kind=repeated_failed_sign_ins');
      return res.body.items?.length ? res.body.items : null;
    });
    assert.ok(found, `found within 5 seconds (${Date.now() - started} ms)`);
    assert.equal(found.length, 1, 'one finding for the burst');
  });

  it('records sign-in, sign-out and a password change with the address and user agent', async () => {
    const t = await tenantWithAdmin();
    const ua = { 'user-agent': 'Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0' };
    const res = await call(ctx.app, 'POST', '/v1/session', {
      body: { email: t.adminEmail, password: 'admin-password-1' },
      headers: ua,
    });
    assert.equal(res.status, 200, res.text);
    const cookie = String(res.headers['set-cookie']).split(';')[0] ?? '';
    const csrf = res.body.csrfToken as string;
    const changed = await call(ctx.app, 'POST', '/v1/session/password', {
      body: { currentPassword: 'admin-password-1', newPassword: 'admin-password-2' },
      headers: { ...ua, cookie, 'x-csrf-token': csrf },
    });
    assert.equal(changed.status, 204, changed.text);
    const out = await call(ctx.app, 'DELETE', '/v1/session', {
      headers: { ...ua, cookie, 'x-csrf-token': csrf },
    });
    assert.equal(out.status, 204, out.text);
    const trail = await client(ctx.app, t.keys.admin).get('/v1/audit?objectType=session');
    const kinds = trail.body.items.map((r: { kind: string }) => r.kind);
    assert.deepEqual(kinds, ['session.signed_out', 'session.signed_in']);
    const signedIn = trail.body.items[1];
    assert.equal(signedIn.actor.name, t.adminEmail.slice(0, t.adminEmail.indexOf('@')));
    assert.match(signedIn.details.userAgent, /Firefox\/128/);
    const pw = await client(ctx.app, t.keys.admin).get('/v1/audit?kind=user.password_changed');
    assert.equal(pw.body.items.length, 1);
  });

  it('finds a refund after a change of bank details (high), and dismissal needs a note and is audited', async () => {
    const t = await tenantWithAdmin();
    const api = client(ctx.app, t.keys.accountant);
    const customer = await api.post('/v1/customers', {
      externalId: 'K-77',
      name: 'Müller & Söhne GmbH',
      bankAccounts: ['DE89370400440532013000'],
    });
    assert.equal(customer.status, 201, customer.text);
    const changed = await api.patch(`/v1/customers/${customer.body.id}`, {
      bankAccounts: ['DE02120300000000202051'],
    });
    assert.equal(changed.status, 200, changed.text);
    const receipt = await api.post('/v1/receipts', {
      customer: 'K-77',
      method: 'bank_transfer',
      receivedOn: '2026-03-10',
      amount: '1250.00',
    });
    assert.equal(receipt.status, 201, receipt.text);
    const refund = await api.post(`/v1/receipts/${receipt.body.id}/refund`, {
      amount: '1250.00',
      reason: 'Kunde bittet',
    });
    assert.equal(refund.status, 200, refund.text);

    const admin = client(ctx.app, t.keys.admin);
    assert.equal((await client(ctx.app, t.keys.accountant).get('/v1/findings')).status, 403, 'admins only');
    const scan = await admin.post('/v1/monitoring/scan');
    assert.equal(scan.body.findings, 1, scan.text);
    const list = await admin.get('/v1/findings?severity=high');
    const [f] = list.body.items;
    assert.equal(f.kind, 'bank_change_then_refund');
    assert.equal(f.evidence.customerId, customer.body.id);
    assert.equal(f.evidence.receiptId, receipt.body.id);
    assert.deepEqual(
      f.evidence.records.map((r: { kind: string }) => r.kind),
      ['customer.updated', 'receipt.refunded'],
    );
    assert.equal((await admin.post('/v1/monitoring/scan')).body.findings, 0, 'a rescan doubles nothing');
    const shown = await admin.get(`/v1/findings/${f.id}`);
    assert.deepEqual(shown.body, f);

    const noNote = await admin.post(`/v1/findings/${f.id}/dismiss`, { note: '  ' });
    assert.equal(noNote.status, 422, noNote.text);
    const dismissed = await admin.post(`/v1/findings/${f.id}/dismiss`, {
      note: 'Rückruf beim Kunden: neue Bank bestätigt',
    });
    assert.equal(dismissed.status, 200, dismissed.text);
    assert.equal(dismissed.body.status, 'dismissed');
    assert.equal(dismissed.body.decision.note, 'Rückruf beim Kunden: neue Bank bestätigt');
    const twice = await admin.post(`/v1/findings/${f.id}/confirm`, { note: 'doch nicht' });
    assert.equal(twice.status, 409, twice.text);
    const audit = await admin.get(`/v1/audit?objectType=finding&objectId=${f.id}`);
    assert.deepEqual(
      audit.body.items.map((r: { kind: string }) => r.kind),
      ['finding.dismissed', 'finding.raised'],
    );
    assert.equal(audit.body.items[0].reason, 'Rückruf beim Kunden: neue Bank bestätigt');
    assert.deepEqual(audit.body.items[0].changes, { status: ['open', 'dismissed'] });
  });

  it('finds an invoice issued on Sunday 23:00 Berlin time (DST day), not one on Monday at 10:00', async () => {
    const t = await tenantWithAdmin();
    const api = client(ctx.app, t.keys.accountant);
    assert.equal((await api.post('/v1/customers', { externalId: 'S-1', name: 'Sonntag KG' })).status, 201);
    const draft = async () =>
      (
        await api.post('/v1/invoices', {
          customer: 'S-1',
          issueDate: '2026-03-29',
          lines: [{ description: 'Wartung', quantity: '1', unitPrice: '100.00', taxRate: '19' }],
        })
      ).body.id as string;
    const sunday = await draft();
    const monday = await draft();
    mock.timers.enable({ apis: ['Date'], now: Date.parse('2026-03-29T21:00:00Z') });
    try {
      assert.equal((await api.post(`/v1/invoices/${sunday}/issue`, {})).status, 200);
      mock.timers.setTime(Date.parse('2026-03-30T08:00:00Z'));
      assert.equal((await api.post(`/v1/invoices/${monday}/issue`, {})).status, 200);
    } finally {
      mock.timers.reset();
    }
    const admin = client(ctx.app, t.keys.admin);
    assert.equal((await admin.post('/v1/monitoring/scan')).body.findings, 1);
    const [f, ...rest] = (await admin.get('/v1/findings?kind=invoice_outside_policy')).body.items;
    assert.equal(rest.length, 0);
    assert.equal(f.evidence.invoiceId, sunday);
    assert.match(
      f.title,
      /issued sun 2026-03-29 23:00 \(Europe\/Berlin\), outside mon,tue,wed,thu,fri 07:00–20:00/,
    );
    const mail = await admin.get('/v1/messages?kind=security_alert');
    assert.equal(mail.body.items.length, 1);
  });

  it('finds a credit note that went round the approval (a dispute resolved), not an approved write-off nor one from before the policy', async () => {
    const t = await tenantWithAdmin();
    const tenantId = t.tenant.tenantId;
    const customer = await makeCustomer(ctx.deps, tenantId, { name: 'Gärtnerei Weiß', currency: 'EUR' });
    const invoice = async () =>
      (await issueInvoice(ctx.deps, tenantId, customer.externalId, '1200.00')).invoiceId;
    const maker = client(ctx.app, t.keys.credit_manager);
    const early = await maker.post(`/v1/invoices/${await invoice()}/write-off`, {
      amount: '800.00',
      reason: 'before the policy',
    });
    assert.equal(early.status, 200, early.text);
    const gate = (kind: string) => ({
      kind,
      enabled: true,
      thresholds: [{ currency: 'EUR', amount: '500.00' }],
      approverLevel: 'credit',
      expiresAfterHours: 72,
    });
    const admin = client(ctx.app, t.keys.admin);
    const put = await admin.put('/v1/approval-policy', {
      kinds: [gate('invoice.write_off'), gate('invoice.credit_note')],
      sodRules: [],
    });
    assert.equal(put.status, 200, put.text);
    const waits = await maker.post(`/v1/invoices/${await invoice()}/write-off`, {
      amount: '600.00',
      reason: 'insolvent',
    });
    assert.equal(waits.status, 202, waits.text);
    const checker = (await createApiKey(ctx.deps.db, tenantId, 'credit_manager', 'checker')).key;
    const approved = await client(ctx.app, checker).post(
      `/v1/approvals/${waits.body.approvalRequest.id}/approve`,
    );
    assert.equal(approved.status, 200, approved.text);
    const disputed = await invoice();
    const dispute = await maker.post('/v1/disputes', { invoice: disputed, reason: 'pricing' });
    assert.equal(dispute.status, 201, dispute.text);
    const resolved = await maker.post(`/v1/disputes/${dispute.body.id}/resolve`, { creditAmount: '600.00' });
    assert.equal(resolved.status, 200, resolved.text);

    const scan = await admin.post('/v1/monitoring/scan');
    assert.equal(scan.body.findings, 1, scan.text);
    const [f, ...rest] = (await admin.get('/v1/findings?kind=operation_without_approval')).body.items;
    assert.equal(rest.length, 0);
    assert.equal(f.severity, 'high');
    assert.equal(f.evidence.invoiceId, disputed);
    assert.deepEqual(
      f.evidence.records.map((r: { kind: string }) => r.kind),
      ['invoice.credited'],
    );
    assert.equal(f.evidence.facts.approvalKind, 'invoice.credit_note');
    assert.equal(f.evidence.facts.amount, '600.00 EUR');
    assert.equal(f.evidence.facts.threshold, '500.00 EUR');
  });
});
