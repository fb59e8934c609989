/**
 * Delivery over real SMTP: an `smtp-server` on 127.0.0.1 receives what nodemailer sends, and the
 * test reads the raw MIME itself (headers, boundaries, quoted-printable text, base64 attachments
 * back to the PDF's SHA-256). Servers that refuse (451 then 250, 550), drop the connection in the
 * middle of DATA, or are down lead to retries on the backoff schedule and a visible failure,
 * never a lost message. Also: the file transport writes the same bytes as a valid .eml.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { withTransaction } from '../../src/db/client.ts';
import { deliverOutbox } from '../../src/modules/messaging/delivery.service.ts';
import { emlPath, fileTransport } from '../../src/modules/messaging/file-transport.ts';
import type { QueueMessageInput } from '../../src/modules/messaging/messaging.input.ts';
import { getMessage, rawMessage, retryMessage } from '../../src/modules/messaging/outbox.service.ts';
import { queueMessage } from '../../src/modules/messaging/outbox-queue.service.ts';
import { smtpTransport } from '../../src/modules/messaging/smtp-transport.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { makeCustomer } from '../helpers/factories.ts';
import { deliveryDeps, documentStore, sha256, steppingClock } from '../helpers/messaging.ts';
import { attachmentsOf, decodeEncodedWords, headerParam, parseMime, textOf } from '../helpers/mime.ts';
import { closedPort, startSmtpServer } from '../helpers/smtp.ts';

const eur = (amountMinor: bigint) => ({ amountMinor, currency: 'EUR' });

function dunning(customerId: string, key: string, extra: Partial<QueueMessageInput> = {}): QueueMessageInput {
  return {
    dedupeKey: key,
    customerId,
    content: {
      kind: 'dunning',
      level: 2,
      letterDate: '2026-03-20',
      invoices: [
        {
          number: 'INV-000101',
          issueDate: '2026-02-01',
          dueDate: '2026-03-03',
          total: eur(119000n),
          open: eur(119000n),
        },
      ],
      fee: eur(500n),
      payBy: '2026-03-31',
    },
    payment: { iban: 'DE89370400440532013000', bic: 'COBADEFFXXX' },
    ...extra,
  };
}

describe(`delivery over SMTP (${backendName})`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext();
  });
  after(() => ctx.database.close());

  async function queue(input: (customerId: string) => QueueMessageInput, customer = {}) {
    const tenant = await newTenant(ctx);
    const c = await makeCustomer(ctx.deps, tenant.tenantId, { emails: ['ap@kunde.example'], ...customer });
    const clock = steppingClock('2026-03-20T08:00:00Z');
    const q = await withTransaction(ctx.deps.db, (tx) =>
      queueMessage(tx, tenant.tenantId, input(c.id), clock),
    );
    return { tenantId: tenant.tenantId, messageId: q.messageId, clock };
  }

  it('delivers in the customer’s language with recipients, subject, body and PDF attachments intact', async () => {
    const server = await startSmtpServer();
    const transport = smtpTransport({ url: server.url });
    try {
      const tenant = await newTenant(ctx);
      const store = documentStore();
      const clock = steppingClock('2026-03-20T08:00:00Z');
      const expected = [
        {
          language: 'en',
          subject: 'Payment reminder: overdue invoices',
          phrase: 'According to our records',
          fee: '€5.00',
        },
        {
          language: 'de',
          subject: 'Zahlungserinnerung – Kundennummer',
          phrase: 'sicherlich ist es Ihrer',
          fee: '5,00\u00a0€',
        },
        {
          language: 'fr',
          subject: 'Relance : factures échues',
          phrase: 'Sauf erreur ou omission',
          fee: '5,00\u00a0€',
        },
      ];
      const queued = [];
      for (const e of expected) {
        const c = await makeCustomer(ctx.deps, tenant.tenantId, {
          emails: [`ap-${e.language}@kunde.example`],
          language: e.language,
          country: e.language === 'en' ? 'GB' : e.language.toUpperCase(),
        });
        const pdf = await store.addPdf(
          tenant.tenantId,
          `Statement-${e.language}.pdf`,
          `Open items ${e.language}`,
        );
        const { bytes, ...ref } = pdf;
        const q = await withTransaction(ctx.deps.db, (tx) =>
          queueMessage(
            tx,
            tenant.tenantId,
            dunning(c.id, `d-${e.language}`, {
              cc: ['boss@kunde.example'],
              bcc: ['archive@acme.example'],
              attachments: [ref],
            }),
            clock,
          ),
        );
        queued.push({ ...e, messageId: q.messageId, bytes, customerEmail: `ap-${e.language}@kunde.example` });
      }
      const run = await deliverOutbox(deliveryDeps(ctx, clock, transport, store.resolver), {
        tenantId: tenant.tenantId,
      });
      assert.equal(run.sent, 3);
      assert.equal(server.received.length, 3);
      for (const q of queued) {
        const mail = server.received.find((m) => m.to.includes(q.customerEmail));
        assert.ok(mail, `mail to ${q.customerEmail}`);
        assert.equal(mail.from, 'ar@cashloop.example');
        assert.deepEqual(
          [...mail.to].sort(),
          [q.customerEmail, 'archive@acme.example', 'boss@kunde.example'].sort(),
        );
        const message = parseMime(mail.raw);
        assert.equal(message.headers.get('to'), q.customerEmail);
        assert.equal(message.headers.get('cc'), 'boss@kunde.example');
        assert.equal(message.headers.has('bcc'), false, 'Bcc travels in the envelope only');
        assert.equal(message.headers.get('message-id'), `<${q.messageId}@cashloop.example>`);
        assert.match(decodeEncodedWords(message.headers.get('subject') ?? ''), new RegExp(`^${q.subject}`));
        assert.match(
          headerParam(message.headers.get('content-type'), 'boundary') ?? '',
          new RegExp(q.messageId.replace(/-/g, '')),
        );
        const text = textOf(message, 'text/plain');
        assert.match(text, new RegExp(q.phrase));
        assert.match(text, new RegExp(q.fee));
        assert.match(textOf(message, 'text/html'), /<table/);
        const [attachment, ...more] = attachmentsOf(message);
        assert.equal(more.length, 0);
        assert.equal(attachment?.fileName, `Statement-${q.language}.pdf`);
        assert.equal(attachment?.contentType, 'application/pdf');
        assert.equal(attachment?.bytes.subarray(0, 5).toString(), '%PDF-');
        assert.equal(sha256(attachment?.bytes ?? Buffer.alloc(0)), sha256(q.bytes));
        const raw = await rawMessage(
          deliveryDeps(ctx, clock, transport, store.resolver),
          tenant.tenantId,
          q.messageId,
        );
        assert.equal(
          raw.toString('latin1').trimEnd(),
          mail.raw.toString('latin1').trimEnd(),
          'GET …/eml = what arrived',
        );
        const recorded = await getMessage(ctx.deps.db, tenant.tenantId, q.messageId);
        assert.equal(recorded.status, 'sent');
        assert.match(recorded.transportResponse ?? '', /^250 Ok: queued as T\d/);
      }
    } finally {
      await transport.close();
      await server.close();
    }
  });

  it('451 then 250: retried after the first backoff delay, received once', async () => {
    const server = await startSmtpServer({
      reply: (i) => (i === 0 ? { code: 451, message: '4.7.1 greylisted, try later' } : 'accept'),
    });
    const transport = smtpTransport({ url: server.url });
    try {
      const { tenantId, messageId, clock } = await queue((c) => dunning(c, 'grey'));
      const deps = deliveryDeps(ctx, clock, transport, documentStore().resolver);
      const first = await deliverOutbox(deps, { tenantId });
      assert.equal(first.retrying, 1);
      assert.match(first.messages[0]?.error ?? '', /451 4\.7\.1 greylisted/);
      assert.equal(first.messages[0]?.nextAttemptAt?.toISOString(), '2026-03-20T08:01:00.000Z');
      clock.advance(59);
      assert.equal((await deliverOutbox(deps, { tenantId })).claimed, 0);
      clock.advance(1);
      assert.equal((await deliverOutbox(deps, { tenantId })).sent, 1);
      assert.equal(server.offered(), 2);
      assert.equal(server.received.length, 1);
      const m = await getMessage(ctx.deps.db, tenantId, messageId);
      assert.deepEqual(
        m.history.map((h) => h.outcome),
        ['retry', 'sent'],
      );
    } finally {
      await transport.close();
      await server.close();
    }
  });

  it('550: failed at once, visible with the reply', async () => {
    const server = await startSmtpServer({ reply: () => ({ code: 550, message: '5.7.1 message refused' }) });
    const transport = smtpTransport({ url: server.url });
    try {
      const { tenantId, messageId, clock } = await queue((c) => dunning(c, 'refused'));
      const run = await deliverOutbox(deliveryDeps(ctx, clock, transport, documentStore().resolver), {
        tenantId,
      });
      assert.equal(run.failed, 1);
      const m = await getMessage(ctx.deps.db, tenantId, messageId);
      assert.equal(m.status, 'failed');
      assert.equal(m.attempts, 1);
      assert.match(m.lastError ?? '', /^permanent: .*550 5\.7\.1 message refused/);
    } finally {
      await transport.close();
      await server.close();
    }
  });

  it('a connection dropped in the middle of DATA is retried and the message arrives once', async () => {
    const server = await startSmtpServer({ reply: (i) => (i === 0 ? 'drop' : 'accept') });
    const transport = smtpTransport({ url: server.url });
    try {
      const { tenantId, messageId, clock } = await queue((c) => dunning(c, 'dropped'));
      const deps = deliveryDeps(ctx, clock, transport, documentStore().resolver);
      const first = await deliverOutbox(deps, { tenantId });
      assert.equal(first.retrying, 1, JSON.stringify(first.messages));
      assert.equal(server.received.length, 0);
      clock.advance(60);
      assert.equal((await deliverOutbox(deps, { tenantId })).sent, 1);
      assert.equal(server.received.length, 1);
      assert.equal((await getMessage(ctx.deps.db, tenantId, messageId)).status, 'sent');
    } finally {
      await transport.close();
      await server.close();
    }
  });

  it('a server that is down: six attempts over the schedule, then failed; retried by hand once it is up', async () => {
    const transport = smtpTransport({
      url: `smtp://127.0.0.1:${await closedPort()}`,
      connectionTimeoutMs: 2000,
    });
    const { tenantId, messageId, clock } = await queue((c) => dunning(c, 'down'));
    const deps = deliveryDeps(ctx, clock, transport, documentStore().resolver);
    const waits: number[] = [];
    for (let attempt = 1; attempt <= 6; attempt++) {
      const run = await deliverOutbox(deps, { tenantId });
      assert.equal(run.claimed, 1, `attempt ${attempt}`);
      const next = run.messages[0]?.nextAttemptAt;
      if (!next) break;
      waits.push((next.getTime() - clock.now().getTime()) / 1000);
      clock.set(next.toISOString());
    }
    await transport.close();
    assert.deepEqual(waits, [60, 300, 1800, 7200, 43_200]);
    const failed = await getMessage(ctx.deps.db, tenantId, messageId);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.history.length, 6);
    assert.match(failed.lastError ?? '', /ECONNREFUSED|ECONNECTION/);
    const server = await startSmtpServer();
    const up = smtpTransport({ url: server.url });
    try {
      await retryMessage(ctx.deps.db, clock, tenantId, messageId);
      const run = await deliverOutbox(deliveryDeps(ctx, clock, up, documentStore().resolver), { tenantId });
      assert.equal(run.sent, 1);
      assert.equal(server.received.length, 1);
    } finally {
      await up.close();
      await server.close();
    }
  });

  it('logs in with the credentials of the URL and records recipients the server refused', async () => {
    const server = await startSmtpServer({
      auth: { user: 'mailer', pass: 's3cret' },
      rejectRecipients: ['gone@kunde.example'],
    });
    const transport = smtpTransport({ url: server.url });
    try {
      const { tenantId, messageId, clock } = await queue((c) =>
        dunning(c, 'auth', { to: ['ap@kunde.example', 'gone@kunde.example'] }),
      );
      assert.equal(
        (await deliverOutbox(deliveryDeps(ctx, clock, transport, documentStore().resolver), { tenantId }))
          .sent,
        1,
      );
      assert.deepEqual(server.received[0]?.to, ['ap@kunde.example']);
      assert.match(
        (await getMessage(ctx.deps.db, tenantId, messageId)).transportResponse ?? '',
        /rejected: gone@kunde\.example/,
      );
    } finally {
      await transport.close();
      await server.close();
    }
  });

  it('the file transport writes the message as a valid .eml, byte for byte what SMTP would send', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cashloop-outbox-'));
    try {
      const store = documentStore();
      const tenant = await newTenant(ctx);
      const c = await makeCustomer(ctx.deps, tenant.tenantId, {
        emails: ['ap@kunde.example'],
        language: 'de',
      });
      const pdf = await store.addPdf(tenant.tenantId, 'INV-000101.pdf', 'Rechnung INV-000101');
      const { bytes, ...ref } = pdf;
      const clock = steppingClock('2026-03-20T08:00:00Z');
      const q = await withTransaction(ctx.deps.db, (tx) =>
        queueMessage(tx, tenant.tenantId, dunning(c.id, 'file', { attachments: [ref] }), clock),
      );
      const deps = deliveryDeps(ctx, clock, fileTransport(dir), store.resolver);
      assert.equal((await deliverOutbox(deps, { tenantId: tenant.tenantId })).sent, 1);
      const file = readFileSync(emlPath(dir, tenant.tenantId, q.messageId));
      assert.deepEqual(file, await rawMessage(deps, tenant.tenantId, q.messageId));
      assert.doesNotMatch(file.toString('latin1'), /(^|[^\r])\n/, 'CRLF line ends only');
      const message = parseMime(file);
      assert.equal(message.headers.get('mime-version'), '1.0');
      assert.equal(message.headers.get('date'), 'Fri, 20 Mar 2026 08:00:00 +0000', 'the time it was queued');
      assert.match(textOf(message, 'text/plain'), /Mahngebühr: {9}5,00\u00a0€/);
      assert.equal(sha256(attachmentsOf(message)[0]?.bytes ?? Buffer.alloc(0)), sha256(bytes));
      assert.match(
        (await getMessage(ctx.deps.db, tenant.tenantId, q.messageId)).transportResponse ?? '',
        /^written to /,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
