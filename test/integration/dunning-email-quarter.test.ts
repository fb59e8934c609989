/**
 * A quarter of daily dunning runs as a real process does them — the collections exclusions from a
 * real dispute and a real promise to pay, every letter queued as email and delivered (to .eml
 * files) — with ten days of downtime. What the customers receive is checked message by message:
 * each level once, in order, never two at once, nothing about the disputed invoice, nothing for
 * the promised one until its promise lapsed. Expected dates by hand from the rule "level k goes out
 * on the first run on or after max(due + offset_k, sent_{k−1} + offset_k − offset_{k−1})" with
 * offsets −3, +7, +21, +35, +50.
 */
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { queryRows } from '../../src/db/client.ts';
import { SYSTEM_ACTOR } from '../../src/modules/activities/actor.ts';
import { makePromise } from '../../src/modules/collections/promises.service.ts';
import { dunningSeams } from '../../src/modules/communication/dunning-letters.service.ts';
import { openDispute } from '../../src/modules/disputes/disputes.service.ts';
import { getStoredDocument } from '../../src/modules/documents/documents.service.ts';
import { runDunning } from '../../src/modules/dunning/run.service.ts';
import { deliverAllDue } from '../../src/modules/messaging/delivery.service.ts';
import { fileTransport } from '../../src/modules/messaging/file-transport.ts';
import { addDays } from '../../src/shared/calendar-date.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { createExamplePolicy, examplePolicyInput, invoiceDue } from '../helpers/dunning.ts';
import { makeCustomer } from '../helpers/factories.ts';
import { assertInvariants } from '../helpers/invariants.ts';
import { deliveryDeps, steppingClock } from '../helpers/messaging.ts';

describe(`a quarter of dunning by email (${backendName})`, () => {
  let ctx: TestContext;
  let dir: string;
  before(async () => {
    ctx = await openTestContext('2026-01-01T05:00:00Z');
    dir = mkdtempSync(join(tmpdir(), 'cashloop-dunning-eml-'));
  });
  after(async () => {
    await ctx.database.close();
    rmSync(dir, { recursive: true, force: true });
  });

  test('each level once and in order per customer, catch-up after downtime, exclusions respected', async () => {
    const { tenantId } = await newTenant(ctx);
    const levels = examplePolicyInput().levels.map((l) => ({ ...l, channel: 'email' as const }));
    await createExamplePolicy(ctx, tenantId, { levels });
    const customer = async (externalId: string) =>
      (
        await makeCustomer(ctx.deps, tenantId, {
          externalId,
          emails: [`ap@${externalId.toLowerCase()}.example`],
        })
      ).id;
    const [a, d, e] = [await customer('A'), await customer('D'), await customer('E')];
    await invoiceDue(ctx, tenantId, a, '1200.00', '2026-01-05');
    const d1 = await invoiceDue(ctx, tenantId, d, '3000.00', '2026-01-15');
    const d2 = await invoiceDue(ctx, tenantId, d, '800.00', '2026-01-15');
    await invoiceDue(ctx, tenantId, e, '900.00', '2026-01-15');
    await openDispute(ctx.deps, tenantId, { invoice: d1.invoiceId, reason: 'pricing' }, SYSTEM_ACTOR);
    // Promised by 02-10; with the default grace of 3 days the promise covers E's invoice through 02-13.
    await makePromise(
      ctx.deps,
      tenantId,
      { customer: e, promisedOn: '2026-02-10', amount: '900.00' },
      SYSTEM_ACTOR,
    );

    const seams = dunningSeams(ctx.deps);
    const deliver = deliveryDeps(
      ctx,
      steppingClock('2026-01-01T06:00:00Z'),
      fileTransport(dir),
      getStoredDocument,
    );
    for (let day = '2026-01-01'; day <= '2026-03-31'; day = addDays(day, 1)) {
      if (day >= '2026-01-20' && day <= '2026-01-30') continue; // the server was down
      // Each day's run happens on that day (a run may not act on a date still to come).
      const onDay = { ...ctx.deps, clock: fixedClock(`${day}T05:00:00Z`) };
      await runDunning(onDay, tenantId, { asOf: day }, seams);
      const sent = await deliverAllDue(deliver, { tenantId });
      assert.equal(sent.failed + sent.retrying, 0, `delivery on ${day}`);
    }

    const mails = await queryRows<{
      external_id: string;
      as_of: string;
      level: number;
      status: string;
      body: string;
    }>(
      ctx.deps.db,
      sql`select c.external_id, l.as_of, m.level, m.status, m.body_text as body
          from outbox_messages m
          join dunning_letters l on l.tenant_id = m.tenant_id and l.letter_id = m.dunning_letter_id
          join customers c on c.tenant_id = m.tenant_id and c.customer_id = m.customer_id
          where m.tenant_id = ${tenantId} and m.kind = 'dunning' order by c.external_id, l.as_of`,
    );
    const of = (who: string) => mails.filter((m) => m.external_id === who).map((m) => [m.as_of, m.level]);
    // A (due 01-05): 01-02, 01-12; +21 (01-26) fell in the downtime → 01-31; then 02-14 (01-31 + 14),
    // 03-01 (02-14 + 15).
    assert.deepEqual(of('A'), [
      ['2026-01-02', 1],
      ['2026-01-12', 2],
      ['2026-01-31', 3],
      ['2026-02-14', 4],
      ['2026-03-01', 5],
    ]);
    // D (due 01-15): 01-12; +7 (01-22) in the downtime → 01-31; 02-14; 02-28; 03-15. Never D1.
    assert.deepEqual(of('D'), [
      ['2026-01-12', 1],
      ['2026-01-31', 2],
      ['2026-02-14', 3],
      ['2026-02-28', 4],
      ['2026-03-15', 5],
    ]);
    assert.ok(
      mails.every((m) => !m.body.includes(d1.number ?? '?')),
      'the disputed invoice is in no letter',
    );
    assert.ok(mails.filter((m) => m.external_id === 'D').every((m) => m.body.includes(d2.number ?? '?')));
    // E (due 01-15), promised through 02-13: nothing before 02-14, then one level at a time:
    // 02-14, 02-24 (+10), 03-10 (+14), 03-24 (+14); +50 would be 04-08. Its pre-due level, sent
    // 30 days overdue, takes the overdue reminder's template (dunning-2), never "due soon".
    assert.deepEqual(of('E'), [
      ['2026-02-14', 2],
      ['2026-02-24', 2],
      ['2026-03-10', 3],
      ['2026-03-24', 4],
    ]);
    assert.ok(mails.every((m) => m.status === 'sent'));
    const letters = await queryRows<{ status: string; n: number }>(
      ctx.deps.db,
      sql`select status, count(*)::int as n from dunning_letters where tenant_id = ${tenantId} group by status`,
    );
    assert.deepEqual(letters, [{ status: 'sent', n: 14 }]);
    await assertInvariants(ctx, tenantId);
  });
});
