/**
 * The scheduled month-end FX revaluation (`fx.revalue`, src/jobs/fx-revalue.job.ts) on both back
 * ends, run by its handler with the test clock on 2026-12-01 06:30 UTC: a tenant with an open USD
 * invoice (1,000.00 at 0.9 = 900.00 EUR carried) and the rate of 2026-11-30 (1 EUR = 1.05 USD →
 * 952.38 EUR: +52.38) is revalued as of 2026-11-30, once — the run of the 2nd finds it done; a
 * tenant with an open GBP invoice and no GBP rate is skipped, and its admin (not its viewer) gets
 * one notification naming GBP, however often the job runs; a tenant with only EUR has nothing to do.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Database } from '../../src/db/client.ts';
import { fxRevalueJob } from '../../src/jobs/fx-revalue.job.ts';
import type { JobContext } from '../../src/jobs/job-spec.ts';
import { listNotifications } from '../../src/modules/alerts/index.ts';
import type { CoreDeps } from '../../src/modules/core-deps.ts';
import { importRates } from '../../src/modules/fx/index.ts';
import { listRevaluations } from '../../src/modules/fx-revaluation/index.ts';
import { createUser } from '../../src/modules/users/index.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';
import { issueInvoice, makeCustomer } from '../helpers/factories.ts';
import { assertInvariants } from '../helpers/invariants.ts';

const NOW = '2026-12-01T06:30:00Z';

/** What the worker hands a handler; nothing of it but `deps` is read by this job. */
function jobContext(deps: CoreDeps, database: Database): JobContext {
  return {
    deps,
    database,
    jobs: { enqueue: async () => null },
    jobId: 'test',
    queuedAt: new Date(NOW),
    attempt: 1,
    signal: new AbortController().signal,
  };
}

describe(`fx.revalue, the scheduled month-end revaluation (${backendName})`, () => {
  let ctx: TestContext;
  let job: JobContext;
  before(async () => {
    ctx = await openTestContext(NOW);
    job = jobContext(ctx.deps, ctx.database);
  });
  after(() => ctx.database.close());

  const run = (tenantId: string, date: string) => {
    if (!fxRevalueJob.run) throw new Error('fx.revalue has no handler');
    return fxRevalueJob.run(job, { tenantId, date }) as Promise<{ status: string; missing?: string[] }>;
  };

  async function tenantOwing(currency: string, fxRate: string) {
    const { tenantId } = await newTenant(ctx);
    const customer = await makeCustomer(ctx.deps, tenantId, { name: 'Mueller & Söhne Inc.', currency });
    await issueInvoice(ctx.deps, tenantId, customer.id, '1000.00', {
      currency,
      fxRate,
      issueDate: '2026-11-10',
    });
    return tenantId;
  }

  it('revalues the month end just passed once; the next day finds it done', async () => {
    const t = await tenantOwing('USD', '0.9');
    await importRates(ctx.deps.db, t, 'date,currency,rate\n2026-11-30,USD,1.05');
    assert.equal((await run(t, '2026-12-01')).status, 'revalued');
    assert.equal((await run(t, '2026-12-02')).status, 'done_before');
    const [revaluation, ...more] = await listRevaluations(ctx.deps.db, t);
    assert.deepEqual(more, []);
    assert.equal(revaluation?.asOf, '2026-11-30');
    assert.equal(revaluation?.currencies[0]?.differenceMinor, String(95238n - 90000n));
    await assertInvariants(ctx, t);
  });

  it('skips a tenant without the rate and tells its admins once, naming the currency', async () => {
    const t = await tenantOwing('GBP', '1.2');
    const admin = await createUser(ctx.deps, t, {
      email: 'jürgen@händler.example',
      role: 'admin',
      password: 'admin-pass-123',
    });
    const viewer = await createUser(ctx.deps, t, {
      email: 'v@händler.example',
      role: 'viewer',
      password: 'viewer-pass-123',
    });
    const first = await run(t, '2026-12-01');
    assert.deepEqual([first.status, first.missing], ['missing_rates', ['GBP']]);
    await run(t, '2026-12-02');
    const inbox = await listNotifications(
      ctx.deps.db,
      t,
      admin.user.userId,
      { unreadOnly: false },
      { limit: 10 },
    );
    assert.equal(inbox.notifications.length, 1);
    assert.equal(inbox.notifications[0]?.kind, 'fx_revaluation_skipped');
    assert.match(inbox.notifications[0]?.title ?? '', /GBP/);
    const other = await listNotifications(
      ctx.deps.db,
      t,
      viewer.user.userId,
      { unreadOnly: false },
      { limit: 10 },
    );
    assert.equal(other.notifications.length, 0);
    assert.deepEqual(await listRevaluations(ctx.deps.db, t), []);
    // The rate imported late: the run of the 3rd revalues it.
    await importRates(ctx.deps.db, t, 'date,currency,rate\n2026-11-30,GBP,0.87');
    assert.equal((await run(t, '2026-12-03')).status, 'revalued');
  });

  it('has nothing to do for a tenant with only base-currency items', async () => {
    const { tenantId } = await newTenant(ctx);
    const customer = await makeCustomer(ctx.deps, tenantId);
    await issueInvoice(ctx.deps, tenantId, customer.id, '100.00', { issueDate: '2026-11-10' });
    assert.equal((await run(tenantId, '2026-12-01')).status, 'no_foreign_items');
  });
});
