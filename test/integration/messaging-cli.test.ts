/** The outbox CLI in-process: `outbox deliver` writes .eml files without SMTP_URL, `messages list` and `messages retry`. */
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { openDatabase, withTransaction } from '../../src/db/client.ts';
import { createCustomer } from '../../src/modules/customers/customers.service.ts';
import { queueMessages } from '../../src/modules/messaging/outbox-queue.service.ts';
import { listTenants } from '../../src/modules/tenants/tenants.service.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';
import { parseMime, textOf } from '../helpers/mime.ts';

/** Queue two messages straight into the sandbox's database (one with an attachment the document store does not hold). */
async function seed(box: CliSandbox) {
  const env = box.env;
  const database = await openDatabase(
    env.DATABASE_URL
      ? { kind: 'postgres', url: env.DATABASE_URL, poolSize: 2 }
      : { kind: 'pglite', dataDir: String(env.CASHLOOP_DATA_DIR) },
  );
  try {
    const tenants = await listTenants(database.db);
    const tenant = tenants.find((t) => t.tenantId === env.CASHLOOP_TENANT) ?? tenants[0];
    const tenantId = tenant?.tenantId ?? '';
    const customer = await createCustomer(database.db, tenantId, {
      externalId: 'CLI-1',
      name: 'Kunde CLI GmbH',
      emails: ['ap@kunde.example'],
      language: 'de',
    });
    const content = {
      kind: 'statement' as const,
      asOf: '2026-03-31',
      invoices: [
        {
          number: 'INV-1',
          dueDate: '2026-03-01',
          total: { amountMinor: 10000n, currency: 'EUR' },
          open: { amountMinor: 10000n, currency: 'EUR' },
        },
      ],
    };
    const queued = await withTransaction(database.db, (tx) =>
      queueMessages(tx, tenantId, [
        { dedupeKey: 'cli-ok', customerId: customer.id, content },
        {
          dedupeKey: 'cli-doc',
          customerId: customer.id,
          content,
          attachments: [
            {
              documentId: '00000000-0000-7000-8000-000000000001',
              fileName: 'Statement.pdf',
              contentType: 'application/pdf',
              sha256: '0'.repeat(64),
            },
          ],
        },
      ]),
    );
    return {
      tenantId,
      tenantName: tenant?.name ?? '',
      ok: queued[0]?.messageId ?? '',
      doc: queued[1]?.messageId ?? '',
    };
  } finally {
    await database.close();
  }
}

describe(`outbox CLI (${backendName})`, () => {
  let box: CliSandbox;
  before(async () => {
    box = await cliSandbox();
    box.env.CASHLOOP_OUTBOX_DIR = join(box.dir, 'outbox');
    box.env.CASHLOOP_MAIL_FROM = '"Acme AR" <ar@acme.example>';
    box.env.CASHLOOP_MAIL_RETRY_DELAYS = '1m';
  });
  after(() => box.cleanup());

  it('delivers to .eml files, lists what happened, and retries by id', async () => {
    assert.equal((await box.run('messages', 'list')).code, 0, 'creates the installation');
    const { tenantId, tenantName, ok, doc } = await seed(box);
    const listed = JSON.parse((await box.run('messages', 'list', '--status', 'queued', '--json')).stdout);
    assert.equal(listed.messages.length, 2);

    const run = await box.run('outbox', 'deliver', '--json');
    assert.equal(run.code, 0, run.stderr);
    const summary = JSON.parse(run.stdout);
    assert.equal(summary.sent, 1);
    assert.equal(summary.failed, 1, 'the document store has no such document: permanent, at once');
    assert.match(summary.transport, /^files in /);
    const file = join(box.env.CASHLOOP_OUTBOX_DIR ?? '', tenantId, `${ok}.eml`);
    assert.ok(existsSync(file));
    const message = parseMime(readFileSync(file));
    // The display name is the tenant's; the address CASHLOOP_MAIL_FROM's (its display name is not used).
    assert.equal(message.headers.get('from'), `${tenantName} <ar@acme.example>`);
    assert.match(textOf(message, 'text/plain'), /Kontoauszug zum 31\. März 2026/);

    const failed = await box.run('messages', 'list', '--status', 'failed');
    assert.match(failed.stdout, new RegExp(doc));
    assert.match(failed.stdout, /1 message\(s\)/);
    const again = await box.run('outbox', 'deliver');
    assert.match(again.stdout, /^0 message\(s\) due via files in /m, 'a failed message waits for a person');

    const retry = await box.run('messages', 'retry', doc);
    assert.equal(retry.code, 0, retry.stderr);
    assert.match(retry.stdout, /is queued again \(1 attempt\(s\) so far\)/);
    assert.equal((await box.run('messages', 'retry', ok)).code, 5, 'a sent message: invalid state');
    assert.equal((await box.run('messages', 'retry', '00000000-0000-7000-8000-00000000ffff')).code, 4);
    assert.equal((await box.run('messages', 'list', '--status', 'lost')).code, 3);
  });
});
