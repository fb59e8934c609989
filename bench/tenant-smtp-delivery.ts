/**
 * Time to deliver N queued messages of one tenant through its own SMTP server (password sealed)
 * to a local smtp-server sink, and how many reads of the tenant's SMTP settings that took.
 * Run: node --import tsx bench/tenant-smtp-delivery.ts [N] (PostgreSQL when TEST_DATABASE_URL is set).
 */
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { withTransaction } from '../src/db/client.ts';
import { deliverAllDue } from '../src/modules/messaging/delivery.service.ts';
import { fileTransport } from '../src/modules/messaging/file-transport.ts';
import { queueMessage } from '../src/modules/messaging/outbox-queue.service.ts';
import { updateMessagingSettings } from '../src/modules/messaging/settings.service.ts';
import { tenantAwareTransport } from '../src/modules/messaging/tenant-transport.ts';
import { parseSecretKey, type SecretKeyring } from '../src/shared/secret-box.ts';
import { backendName, newTenant, openTestContext } from '../test/helpers/backends.ts';
import { makeCustomer } from '../test/helpers/factories.ts';
import {
  countingSelects,
  deliveryDeps,
  documentStore,
  dunningLetter,
  steppingClock,
} from '../test/helpers/messaging.ts';
import { startSmtpServer } from '../test/helpers/smtp.ts';

const n = Number(process.argv[2] ?? 500);
const ring: SecretKeyring = { current: parseSecretKey(randomBytes(32).toString('base64')), previous: null };
const ctx = await openTestContext('2026-03-20T08:00:00Z');
const server = await startSmtpServer({ auth: { user: 'ar', pass: 'pw' } });
const { tenantId } = await newTenant(ctx);
await updateMessagingSettings(
  ctx.deps.db,
  ctx.deps.clock,
  tenantId,
  {
    defaultLanguage: 'en',
    smtp: { host: '127.0.0.1', port: server.port, security: 'none', user: 'ar', password: 'pw' },
  },
  ring,
);
const c = await makeCustomer(ctx.deps, tenantId, { emails: ['ap@kunde.example'] });
const clock = steppingClock('2026-03-20T08:00:00Z');
for (let i = 0; i < n; i += 1)
  await withTransaction(ctx.deps.db, (tx) => queueMessage(tx, tenantId, dunningLetter(c.id, `b${i}`), clock));
const counted = countingSelects(ctx.deps.db, 'tenant_smtp_settings');
const transport = tenantAwareTransport({ db: counted.db, fallback: fileTransport(tmpdir()), secrets: ring });
const started = performance.now();
const r = await deliverAllDue(deliveryDeps(ctx, clock, transport, documentStore().resolver), { tenantId });
const ms = performance.now() - started;
console.log(
  `${backendName}: ${r.sent}/${n} sent in ${ms.toFixed(0)} ms (${(ms / n).toFixed(2)} ms/message), ${counted.count()} SMTP settings reads`,
);
await transport.close();
await server.close();
await ctx.database.close();
