/**
 * Several deliverers at once never send one message twice. On PostgreSQL the deliverers run
 * truly in parallel on the test pool's connections (claims race with `for update skip locked`);
 * on PGlite, a single connection, their claims interleave. Every message arrives at the SMTP
 * server exactly once, identified by its Message-ID.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { withTransaction } from '../../src/db/client.ts';
import { deliverOutbox } from '../../src/modules/messaging/delivery.service.ts';
import type { QueueMessageInput } from '../../src/modules/messaging/messaging.input.ts';
import { listMessages } from '../../src/modules/messaging/outbox.service.ts';
import { queueMessages } from '../../src/modules/messaging/outbox-queue.service.ts';
import { smtpTransport } from '../../src/modules/messaging/smtp-transport.ts';
import type { MailTransport } from '../../src/modules/messaging/transport.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { makeCustomer } from '../helpers/factories.ts';
import { deliveryDeps, documentStore, steppingClock } from '../helpers/messaging.ts';
import { parseMime } from '../helpers/mime.ts';
import { startSmtpServer } from '../helpers/smtp.ts';

const MESSAGES = 120;
const DELIVERERS = 4;

describe(`concurrent deliverers (${backendName})`, () => {
  let ctx: TestContext;
  before(async () => {
    ctx = await openTestContext();
  });
  after(() => ctx.database.close());

  it(`${DELIVERERS} deliverers, ${MESSAGES} messages: each sent exactly once`, async () => {
    const tenant = await newTenant(ctx);
    const customer = await makeCustomer(ctx.deps, tenant.tenantId, { emails: ['ap@kunde.example'] });
    const clock = steppingClock('2026-03-20T08:00:00Z');
    const inputs: QueueMessageInput[] = Array.from({ length: MESSAGES }, (_, i) => ({
      dedupeKey: `statement:${i}`,
      customerId: customer.id,
      content: { kind: 'statement', asOf: '2026-03-20', invoices: [] },
    }));
    const queued = await withTransaction(ctx.deps.db, (tx) =>
      queueMessages(tx, tenant.tenantId, inputs, clock),
    );
    const server = await startSmtpServer();
    const transports: MailTransport[] = Array.from({ length: DELIVERERS }, () =>
      smtpTransport({ url: server.url }),
    );
    try {
      const runs = await Promise.all(
        transports.map((t) =>
          deliverOutbox(deliveryDeps(ctx, clock, t, documentStore().resolver), {
            tenantId: tenant.tenantId,
            limit: MESSAGES,
          }),
        ),
      );
      const sentByRuns = runs.reduce((n, r) => n + r.sent, 0);
      assert.equal(sentByRuns, MESSAGES);
      assert.equal(
        runs.reduce((n, r) => n + r.claimed, 0),
        MESSAGES,
        'no message was claimed twice',
      );
      if (backendName === 'postgres')
        assert.ok(
          runs.filter((r) => r.sent > 0).length >= 2,
          `the work was shared: ${runs.map((r) => r.sent).join(', ')}`,
        );
      const ids = server.received.map((m) => parseMime(m.raw).headers.get('message-id'));
      assert.equal(ids.length, MESSAGES);
      assert.equal(new Set(ids).size, MESSAGES, 'every Message-ID arrived once');
      const expected = new Set(queued.map((q) => `<${q.messageId}@cashloop.example>`));
      assert.deepEqual(new Set(ids), expected);
      const page = await listMessages(ctx.deps.db, tenant.tenantId, { limit: 500, status: 'sent' });
      assert.equal(page.items.length, MESSAGES);
      assert.ok(page.items.every((m) => m.attempts === 1));
    } finally {
      await Promise.all(transports.map((t) => t.close()));
      await server.close();
    }
  });
});
