/**
 * International e-mail addresses (IDNA domains, RFC 6531 local parts) are accepted where an address
 * is, stored as typed, and delivered: the SMTP envelope carries the domain's A-label, and a unicode
 * local part travels with SMTPUTF8. A plainly malformed address is still refused, naming line/field.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withTransaction } from '../../src/db/client.ts';
import { getCustomer } from '../../src/modules/customers/customers.service.ts';
import { importCustomersCsv } from '../../src/modules/imports/customers-import.ts';
import { deliverOutbox } from '../../src/modules/messaging/delivery.service.ts';
import { queueMessage } from '../../src/modules/messaging/outbox-queue.service.ts';
import { smtpTransport } from '../../src/modules/messaging/smtp-transport.ts';
import { AppError } from '../../src/shared/errors.ts';
import { type ApiTestContext, apiTenant, call, openApiTestContext } from '../helpers/api.ts';
import { backendName, newTenant } from '../helpers/backends.ts';
import { deliveryDeps, documentStore, steppingClock } from '../helpers/messaging.ts';
import { parseMime } from '../helpers/mime.ts';
import { startSmtpServer } from '../helpers/smtp.ts';

const CSV = `external_id,name,email,country
MB1,Müller-Bau GmbH,ap@müller-bau.de;jörg@example.de,DE
MB2,Mueller Bau GmbH,ap@mueller-bau.de,DE
BK1,Bäckerei Öztürk,buchhaltung@bäckerei.at,AT
`;

describe(`international e-mail addresses on ${backendName}`, () => {
  let ctx: ApiTestContext;
  before(async () => {
    ctx = await openApiTestContext();
  });
  after(() => ctx.close());

  it('the customer import stores them as typed; malformed ones name line and field', async () => {
    const tenant = await newTenant(ctx);
    await importCustomersCsv(ctx.deps, tenant.tenantId, CSV);
    const mb1 = await getCustomer(ctx.deps.db, tenant.tenantId, 'MB1');
    assert.deepEqual(mb1.emails, ['ap@müller-bau.de', 'jörg@example.de']);
    assert.deepEqual((await getCustomer(ctx.deps.db, tenant.tenantId, 'BK1')).emails, [
      'buchhaltung@bäckerei.at',
    ]);
    const bad = [
      'external_id,name,email',
      'X1,One,ap@@x',
      'X2,Two,ap@',
      'X3,Three,a b@x.de',
      'X4,Four,ap@-x.de',
      'X5,Five,ok@bäckerei.at',
    ].join('\n');
    const error = await importCustomersCsv(ctx.deps, tenant.tenantId, bad).catch((e: unknown) => e);
    assert.ok(error instanceof AppError, String(error));
    assert.deepEqual(
      error.details.map((d) => `${d.line}:${d.field}`),
      ['2:email', '3:email', '4:email', '5:email'],
    );
  });

  it('the API accepts them on customers and settings, and refuses malformed ones naming the field', async () => {
    const { keys } = await apiTenant(ctx);
    const created = await call(ctx.app, 'POST', '/v1/customers', {
      key: keys.accountant,
      body: { externalId: 'MB1', name: 'Müller-Bau GmbH', emails: ['ap@müller-bau.de', 'jörg@example.de'] },
    });
    assert.equal(created.status, 201, created.text);
    assert.deepEqual(created.body.emails, ['ap@müller-bau.de', 'jörg@example.de']);
    const patched = await call(ctx.app, 'PATCH', '/v1/customers/MB1', {
      key: keys.accountant,
      body: { emails: ['buchhaltung@bäckerei.at'] },
    });
    assert.equal(patched.status, 200, patched.text);
    for (const email of ['ap@@x', 'ap@', 'a b@x.de', 'ap@-x.de']) {
      const refused = await call(ctx.app, 'POST', '/v1/customers', {
        key: keys.accountant,
        body: { externalId: 'BAD', name: 'Bad', emails: [email] },
      });
      assert.equal(refused.status, 422, `${email}: ${refused.text}`);
      assert.ok(
        refused.body.errors.some((e: { field: string }) => e.field.startsWith('emails')),
        `${email}: ${refused.text}`,
      );
    }
    const collector = await call(ctx.app, 'POST', '/v1/collectors', {
      key: keys.admin,
      body: { name: 'Jörg Öztürk', email: 'jörg@inkasso-müller.de' },
    });
    assert.equal(collector.status, 201, collector.text);
  });

  it('delivers to them: A-label domain on the envelope, SMTPUTF8 for a unicode local part', async () => {
    const server = await startSmtpServer();
    const transport = smtpTransport({ url: server.url });
    try {
      const tenant = await newTenant(ctx);
      await importCustomersCsv(ctx.deps, tenant.tenantId, CSV);
      const clock = steppingClock('2026-03-20T08:00:00Z');
      const queued = [];
      for (const customer of ['BK1', 'MB1']) {
        const c = await getCustomer(ctx.deps.db, tenant.tenantId, customer);
        queued.push(
          await withTransaction(ctx.deps.db, (tx) =>
            queueMessage(
              tx,
              tenant.tenantId,
              {
                dedupeKey: `idn-${customer}`,
                customerId: c.id,
                content: {
                  kind: 'promise_confirmation',
                  promisedDate: '2026-03-25',
                  amount: { amountMinor: 10000n, currency: 'EUR' },
                },
              },
              clock,
            ),
          ),
        );
      }
      const run = await deliverOutbox(deliveryDeps(ctx, clock, transport, documentStore().resolver), {
        tenantId: tenant.tenantId,
      });
      assert.equal(run.sent, 2, JSON.stringify(run.messages));
      // smtp-server hands the application U-labels again: what went over the wire is in the transcript.
      const wire = server.transcript();
      assert.match(wire, /RCPT TO:<buchhaltung@xn--bckerei-5wa\.at>/);
      assert.match(wire, /RCPT TO:<ap@xn--mller-bau-q9a\.de>/);
      assert.match(wire, /RCPT TO:<jörg@example\.de>/);
      assert.doesNotMatch(wire, /RCPT TO:<[^>]*(ä|ü)[^>]*>/, 'no U-label domain on the envelope');
      const bakery = server.received.find((m) => m.to.includes('buchhaltung@bäckerei.at'));
      assert.ok(bakery, JSON.stringify(server.received.map((m) => m.to)));
      assert.equal(bakery.smtpUtf8, false, 'an ASCII local part needs no SMTPUTF8');
      assert.equal(parseMime(bakery.raw).headers.get('to'), 'buchhaltung@xn--bckerei-5wa.at');
      const mueller = server.received.find((m) => m.to.includes('jörg@example.de'));
      assert.ok(mueller, JSON.stringify(server.received.map((m) => m.to)));
      assert.equal(mueller.smtpUtf8, true, 'a unicode local part travels with SMTPUTF8');
      assert.match(
        mueller.raw.toString('utf8'),
        /^To: ap@xn--mller-bau-q9a\.de, jörg@example\.de\r$/m,
        'RFC 6532 header',
      );
    } finally {
      await transport.close();
      await server.close();
    }
  });
});
