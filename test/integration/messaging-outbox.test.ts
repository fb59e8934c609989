/**
 * The outbox on both back ends: queueing inside a business transaction (dedupe, language
 * fallback, the tenant's wording, recipients), the retry schedule stepped through with a clock
 * the test moves, failures that stay visible and retryable, and a crashed sender's claim expiring.
 * The transport here is an in-memory one that the test scripts; real SMTP is in messaging-smtp.test.ts.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows, withTransaction } from '../../src/db/client.ts';
import { deliverOutbox } from '../../src/modules/messaging/delivery.service.ts';
import type { QueueMessageInput } from '../../src/modules/messaging/messaging.input.ts';
import { claimNextDue } from '../../src/modules/messaging/outbox.repository.ts';
import { getMessage, listMessages, retryMessage } from '../../src/modules/messaging/outbox.service.ts';
import { queueMessage, queueMessages } from '../../src/modules/messaging/outbox-queue.service.ts';
import { updateMessagingSettings } from '../../src/modules/messaging/settings.service.ts';
import {
  getTemplate,
  replaceTemplate,
  resetTemplate,
} from '../../src/modules/messaging/templates.service.ts';
import type { MailTransport, OutgoingMail } from '../../src/modules/messaging/transport.ts';
import { AppError } from '../../src/shared/errors.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { makeCustomer } from '../helpers/factories.ts';
import { deliveryDeps, documentStore, steppingClock } from '../helpers/messaging.ts';
import { parseMime, textOf } from '../helpers/mime.ts';

const eur = (amountMinor: bigint) => ({ amountMinor, currency: 'EUR' });

/** A transport the test scripts: each send takes the next outcome (default: accept). */
function scriptedTransport(outcomes: (Error | 'ok')[] = []) {
  const sent: OutgoingMail[] = [];
  const transport: MailTransport = {
    kind: 'smtp',
    description: 'scripted',
    async send(mail) {
      const next = outcomes.shift() ?? 'ok';
      if (next !== 'ok') throw next;
      sent.push(mail);
      return { response: `250 ok ${sent.length}`, accepted: [...mail.envelope.to], rejected: [] };
    },
    async close() {},
  };
  return { transport, sent };
}

const smtpError = (code: number, text: string) =>
  Object.assign(new Error(`Message failed: ${code} ${text}`), {
    code: 'EMESSAGE',
    responseCode: code,
    response: `${code} ${text}`,
  });

function invoiceMessage(
  customerId: string,
  key: string,
  extra: Partial<QueueMessageInput> = {},
): QueueMessageInput {
  return {
    dedupeKey: key,
    customerId,
    content: {
      kind: 'invoice',
      invoiceNumber: 'INV-000042',
      issueDate: '2026-03-01',
      dueDate: '2026-03-31',
      total: eur(119000n),
      paymentReference: 'RF18539007547034',
    },
    ...extra,
  };
}

describe(`outbox (${backendName})`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext();
  });
  after(() => ctx.database.close());

  async function setup(customer: Parameters<typeof makeCustomer>[2] = {}) {
    const tenant = await newTenant(ctx);
    const c = await makeCustomer(ctx.deps, tenant.tenantId, { emails: ['ap@kunde.example'], ...customer });
    return { tenantId: tenant.tenantId, customerId: c.id };
  }

  it('queues inside the business transaction: a rolled-back transaction leaves no message', async () => {
    const { tenantId, customerId } = await setup();
    await assert.rejects(
      withTransaction(ctx.deps.db, async (tx) => {
        await queueMessage(tx, tenantId, invoiceMessage(customerId, 'invoice:rolled-back'), ctx.deps.clock);
        throw new Error('the business transaction fails after queueing');
      }),
    );
    assert.equal((await listMessages(ctx.deps.db, tenantId, { limit: 10 })).items.length, 0);
  });

  it('never queues the same dedupe key twice, in one call or in two', async () => {
    const { tenantId, customerId } = await setup();
    const first = await withTransaction(ctx.deps.db, (tx) =>
      queueMessages(
        tx,
        tenantId,
        [invoiceMessage(customerId, 'invoice:1'), invoiceMessage(customerId, 'invoice:1')],
        ctx.deps.clock,
      ),
    );
    assert.deepEqual(
      first.map((m) => m.created),
      [true, false],
    );
    assert.equal(first[0]?.messageId, first[1]?.messageId);
    const again = await withTransaction(ctx.deps.db, (tx) =>
      queueMessage(
        tx,
        tenantId,
        invoiceMessage(customerId, 'invoice:1', { to: ['other@x.example'] }),
        ctx.deps.clock,
      ),
    );
    assert.equal(again.created, false);
    assert.equal(again.messageId, first[0]?.messageId);
    const [count] = await queryRows<{ n: number }>(
      ctx.deps.db,
      sql`select count(*)::int as n from outbox_messages where tenant_id = ${tenantId}`,
    );
    assert.equal(count?.n, 1);
  });

  it('writes in the customer’s language, else the tenant’s, else English; formats for the country', async () => {
    const tenant = await newTenant(ctx);
    const t = tenant.tenantId;
    const swiss = await makeCustomer(ctx.deps, t, {
      emails: ['a@ch.example'],
      language: 'fr-CH',
      country: 'CH',
    });
    const polish = await makeCustomer(ctx.deps, t, {
      emails: ['a@pl.example'],
      language: 'pl',
      country: 'PL',
    });
    const queue = (customerId: string, key: string) =>
      withTransaction(ctx.deps.db, (tx) =>
        queueMessage(tx, t, invoiceMessage(customerId, key), ctx.deps.clock),
      );
    const fr = await getMessage(ctx.deps.db, t, (await queue(swiss.id, 'a')).messageId);
    assert.equal(fr.language, 'fr');
    assert.equal(fr.subject, `Facture INV-000042 – ${tenant.name}`);
    assert.match(
      fr.bodyText,
      /d'un montant de 1.190\.00\u00a0€/,
      'fr-CH groups with a narrow space and a point',
    );
    assert.match(fr.bodyText, /au plus tard le 31 mars 2026/);
    const en = await getMessage(ctx.deps.db, t, (await queue(polish.id, 'b')).messageId);
    assert.equal(en.language, 'en', 'no Polish templates and no tenant language: English');
    await updateMessagingSettings(ctx.deps.db, ctx.deps.clock, t, { defaultLanguage: 'de' });
    const de = await getMessage(ctx.deps.db, t, (await queue(polish.id, 'c')).messageId);
    assert.equal(de.language, 'de', "the tenant's language comes second");
    assert.match(de.bodyText, /^Sehr geehrte Damen und Herren,/);
    assert.match(de.bodyText, /über 1\.190,00\u00a0€/);
  });

  it("uses the tenant's wording when it has its own, and records that it did", async () => {
    const { tenantId, customerId } = await setup({ language: 'de' });
    await replaceTemplate(ctx.deps.db, ctx.deps.clock, tenantId, 'invoice', 'de', {
      subject: 'Ihre Rechnung {{invoice_number}}',
      body: 'Hallo {{customer_name}},\n\nbitte zahlen Sie {{amount_due}} bis {{due_date}}.\n\n{{payment_instructions}}\n',
    });
    const q = await withTransaction(ctx.deps.db, (tx) =>
      queueMessage(
        tx,
        tenantId,
        invoiceMessage(customerId, 'own', { payment: { iban: 'DE89370400440532013000' } }),
        ctx.deps.clock,
      ),
    );
    const m = await getMessage(ctx.deps.db, tenantId, q.messageId);
    assert.equal(m.templateSource, 'tenant');
    assert.equal(m.subject, 'Ihre Rechnung INV-000042');
    assert.match(m.bodyText, /bitte zahlen Sie 1\.190,00\u00a0€ bis 31\. März 2026\./);
    assert.match(m.bodyText, /IBAN: DE89 3704 0044 0532 0130 00\n/);
    assert.match(m.bodyText, /Verwendungszweck: RF18 5390 0754 7034/, "the invoice's RF reference");
    await resetTemplate(ctx.deps.db, tenantId, 'invoice', 'de');
    assert.equal((await getTemplate(ctx.deps.db, tenantId, 'invoice', 'de')).source, 'default');
  });

  it('a rejected template edit changes nothing and names the unknown placeholders', async () => {
    const { tenantId } = await setup();
    const before = await getTemplate(ctx.deps.db, tenantId, 'dunning-2', 'en');
    await assert.rejects(
      replaceTemplate(ctx.deps.db, ctx.deps.clock, tenantId, 'dunning-2', 'en', {
        subject: 'Overdue: {{total}}',
        body: 'Pay {{amount}} now. {{#if fee}}Fee {{fee}}{{/if}}',
      }),
      (e: unknown) =>
        e instanceof AppError &&
        e.code === 'validation_failed' &&
        e.details.some(
          (d) => d.field === 'subject' && d.message.startsWith('unknown placeholder {{total}}'),
        ) &&
        e.details.some((d) => d.field === 'body' && d.message.startsWith('unknown placeholder {{amount}}')),
    );
    assert.deepEqual(await getTemplate(ctx.deps.db, tenantId, 'dunning-2', 'en'), before);
  });

  it('refuses a customer without an email address and writes nothing', async () => {
    const { tenantId, customerId } = await setup({ emails: [] });
    await assert.rejects(
      withTransaction(ctx.deps.db, (tx) =>
        queueMessage(tx, tenantId, invoiceMessage(customerId, 'x'), ctx.deps.clock),
      ),
      (e: unknown) => e instanceof AppError && e.details[0]?.field === 'to',
    );
    assert.equal((await listMessages(ctx.deps.db, tenantId, { limit: 5 })).items.length, 0);
  });

  it('retries a transient failure on the backoff schedule, then fails visibly; retry by hand sends it', async () => {
    const { tenantId, customerId } = await setup();
    const clock = steppingClock('2026-03-31T12:00:00Z');
    const q = await withTransaction(ctx.deps.db, (tx) =>
      queueMessage(tx, tenantId, invoiceMessage(customerId, 'bo'), clock),
    );
    const failures = Array.from({ length: 6 }, () => smtpError(451, '4.3.0 mailbox busy'));
    const { transport, sent } = scriptedTransport([...failures]);
    const deps = deliveryDeps(ctx, clock, transport, documentStore().resolver);
    // Attempts at 12:00, then +1 min, +5 min, +30 min, +2 h, +12 h after each failure:
    // 12:00 → 12:01 → 12:06 → 12:36 → 14:36 → 02:36 (next day); the sixth failure is final.
    const expectedNext = ['12:01', '12:06', '12:36', '14:36', '02:36'];
    for (const [i, next] of expectedNext.entries()) {
      const run = await deliverOutbox(deps, { tenantId });
      assert.equal(run.claimed, 1, `attempt ${i + 1}`);
      const m = await getMessage(ctx.deps.db, tenantId, q.messageId);
      assert.equal(m.status, 'queued');
      assert.equal(m.nextAttemptAt?.toISOString().slice(11, 16), next);
      assert.equal((await deliverOutbox(deps, { tenantId })).claimed, 0, 'not due before its time');
      clock.set(m.nextAttemptAt?.toISOString() ?? '');
    }
    const last = await deliverOutbox(deps, { tenantId });
    assert.equal(last.failed, 1);
    const failed = await getMessage(ctx.deps.db, tenantId, q.messageId);
    assert.equal(failed.status, 'failed');
    assert.equal(failed.attempts, 6);
    assert.deepEqual(
      failed.history.map((h) => h.outcome),
      ['retry', 'retry', 'retry', 'retry', 'retry', 'failed'],
    );
    assert.match(failed.lastError ?? '', /451 4\.3\.0 mailbox busy/);
    assert.equal((await listMessages(ctx.deps.db, tenantId, { limit: 5, status: 'failed' })).items.length, 1);
    clock.advance(86_400);
    assert.equal((await deliverOutbox(deps, { tenantId })).claimed, 0, 'a failed message waits for a person');
    await retryMessage(ctx.deps.db, clock, tenantId, q.messageId);
    const ok = await deliverOutbox(deps, { tenantId });
    assert.equal(ok.sent, 1);
    assert.equal(sent.length, 1);
    const done = await getMessage(ctx.deps.db, tenantId, q.messageId);
    assert.equal(done.status, 'sent');
    assert.equal(done.attempts, 7);
    await assert.rejects(retryMessage(ctx.deps.db, clock, tenantId, q.messageId), /was sent at/);
  });

  it('fails a 5xx at once, and a changed attachment before anything is sent', async () => {
    const { tenantId, customerId } = await setup();
    const clock = steppingClock('2026-03-31T12:00:00Z');
    const store = documentStore();
    const pdf = await store.addPdf(tenantId, 'INV-000042.pdf', 'Invoice INV-000042');
    const { bytes: _b, ...ref } = pdf;
    await withTransaction(ctx.deps.db, (tx) =>
      queueMessages(
        tx,
        tenantId,
        [invoiceMessage(customerId, 'p1'), invoiceMessage(customerId, 'p2', { attachments: [ref] })],
        clock,
      ),
    );
    store.tamper(pdf.documentId);
    const { transport, sent } = scriptedTransport([smtpError(550, '5.1.1 user unknown')]);
    const run = await deliverOutbox(deliveryDeps(ctx, clock, transport, store.resolver), { tenantId });
    assert.equal(run.failed, 2);
    assert.equal(sent.length, 0);
    const errors = run.messages.map((m) => m.error ?? '').sort();
    assert.match(errors[0] ?? '', /^permanent: EMESSAGE: 550 5\.1\.1 user unknown/);
    assert.match(errors[1] ?? '', /^permanent: attachment INV-000042\.pdf .* is not the document queued/);
  });

  it('takes over the message of a sender that crashed, sending it once with the same Message-ID', async () => {
    const { tenantId, customerId } = await setup();
    const clock = steppingClock('2026-03-31T12:00:00Z');
    const q = await withTransaction(ctx.deps.db, (tx) =>
      queueMessage(tx, tenantId, invoiceMessage(customerId, 'crash'), clock),
    );
    // A sender claims the message and dies before reporting.
    const crashed = await claimNextDue(ctx.deps.db, {
      now: clock.now(),
      leaseUntil: new Date(clock.now().getTime() + 600_000),
      claimToken: '00000000-0000-7000-8000-000000000001',
      defaultFrom: 'ar@cashloop.example',
      tenantId,
    });
    assert.equal(crashed?.row.messageId, q.messageId);
    const { transport, sent } = scriptedTransport();
    const deps = deliveryDeps(ctx, clock, transport, documentStore().resolver);
    clock.advance(599);
    assert.equal((await deliverOutbox(deps, { tenantId })).claimed, 0, 'the lease still holds');
    clock.advance(1);
    assert.equal((await deliverOutbox(deps, { tenantId })).sent, 1);
    assert.equal(sent.length, 1);
    const m = await getMessage(ctx.deps.db, tenantId, q.messageId);
    assert.deepEqual(
      m.history.map((h) => [h.attempt, h.outcome]),
      [
        [1, 'lease_expired'],
        [2, 'sent'],
      ],
    );
    const header = parseMime(sent[0]?.raw ?? Buffer.alloc(0)).headers.get('message-id');
    assert.equal(header, `<${q.messageId}@cashloop.example>`);
    assert.equal(m.messageIdHeader, header);
    assert.match(textOf(parseMime(sent[0]?.raw ?? Buffer.alloc(0)), 'text/plain'), /INV-000042/);
  });

  it('a sender slower than its lease: the takeover sends, the late report changes nothing and is logged', async () => {
    // The documented limit of "never twice": a send that outlives its lease overlaps with the
    // takeover. The SMTP timeouts keep real sends far below the lease; here the transport hangs.
    const { tenantId, customerId } = await setup();
    const clock = steppingClock('2026-03-31T12:00:00Z');
    const q = await withTransaction(ctx.deps.db, (tx) =>
      queueMessage(tx, tenantId, invoiceMessage(customerId, 'slow'), clock),
    );
    let release: () => void = () => undefined;
    const hanging: MailTransport = {
      kind: 'smtp',
      description: 'hanging',
      send: (mail) =>
        new Promise((resolve) => {
          release = () => resolve({ response: '250 late', accepted: [...mail.envelope.to], rejected: [] });
        }),
      close: async () => {},
    };
    const slow = deliverOutbox(deliveryDeps(ctx, clock, hanging, documentStore().resolver), { tenantId });
    while ((await getMessage(ctx.deps.db, tenantId, q.messageId)).status !== 'sending')
      await new Promise((r) => setTimeout(r, 5));
    await new Promise((r) => setTimeout(r, 20));
    clock.advance(600);
    const { transport } = scriptedTransport();
    const takeover = await deliverOutbox(deliveryDeps(ctx, clock, transport, documentStore().resolver), {
      tenantId,
    });
    assert.equal(takeover.sent, 1);
    release();
    const late = await slow;
    assert.equal(late.messages[0]?.status, 'claim_lost');
    const m = await getMessage(ctx.deps.db, tenantId, q.messageId);
    assert.equal(m.status, 'sent');
    assert.equal(m.transportResponse, '250 ok 1', 'the takeover’s report stands');
    assert.deepEqual(
      m.history.map((h) => [h.attempt, h.outcome, h.error]),
      [
        [1, 'sent', 'sent; the claim had expired meanwhile'],
        [2, 'sent', null],
      ],
    );
  });

  it('a message that takes its sender down every time ends failed, not taken over forever', async () => {
    const { tenantId, customerId } = await setup();
    const clock = steppingClock('2026-03-31T12:00:00Z');
    const q = await withTransaction(ctx.deps.db, (tx) =>
      queueMessage(tx, tenantId, invoiceMessage(customerId, 'poison'), clock),
    );
    let calls = 0;
    // Each send never returns: the sender is as good as dead; its pending promise is abandoned.
    const dead: MailTransport = {
      kind: 'smtp',
      description: 'dead',
      send: () => {
        calls += 1;
        return new Promise(() => undefined);
      },
      close: async () => {},
    };
    // The schedule allows 6 attempts (5 retry delays): 6 senders die, the 7th claim fails it.
    for (let attempt = 1; attempt <= 6; attempt++) {
      void deliverOutbox(deliveryDeps(ctx, clock, dead, documentStore().resolver), { tenantId });
      while (calls < attempt) await new Promise((r) => setTimeout(r, 5));
      clock.advance(600);
    }
    const { transport, sent } = scriptedTransport();
    const last = await deliverOutbox(deliveryDeps(ctx, clock, transport, documentStore().resolver), {
      tenantId,
    });
    assert.equal(last.failed, 1);
    assert.equal(sent.length, 0);
    const m = await getMessage(ctx.deps.db, tenantId, q.messageId);
    assert.equal(m.status, 'failed');
    assert.equal(m.attempts, 7);
    assert.deepEqual(
      m.history.map((h) => h.outcome),
      [...Array(6).fill('lease_expired'), 'failed'],
    );
    assert.match(m.lastError ?? '', /lease expired 6 times in a row/);
  });

  it('lists newest first with filters and a cursor that neither skips nor repeats', async () => {
    const { tenantId, customerId } = await setup();
    const inputs = Array.from({ length: 5 }, (_, i) => invoiceMessage(customerId, `l${i}`));
    const queued = await withTransaction(ctx.deps.db, (tx) =>
      queueMessages(tx, tenantId, inputs, ctx.deps.clock),
    );
    const seen: string[] = [];
    let cursor: string | undefined;
    do {
      const page = await listMessages(ctx.deps.db, tenantId, { limit: 2, ...(cursor ? { cursor } : {}) });
      seen.push(...page.items.map((m) => m.id));
      cursor = page.nextCursor ?? undefined;
    } while (cursor);
    assert.deepEqual(
      seen,
      queued
        .map((q) => q.messageId)
        .sort()
        .reverse(),
    );
    assert.equal((await listMessages(ctx.deps.db, tenantId, { limit: 10, kind: 'dunning' })).items.length, 0);
    assert.equal(
      (await listMessages(ctx.deps.db, tenantId, { limit: 10, status: 'queued' })).items.length,
      5,
    );
  });
});
