/** /v1/jobs: the overview, running a tenant's job, one run by id; admin only, tenant-scoped. */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { FastifyInstance } from 'fastify';
import { buildApp } from '../../src/http/app.ts';
import { defineJob, perInstallation } from '../../src/jobs/job-spec.ts';
import { AppError } from '../../src/shared/errors.ts';
import { type ApiTestContext, apiTenant, client } from '../helpers/api.ts';
import { backendName, openTestContext } from '../helpers/backends.ts';
import {
  type Call,
  dropSchema,
  eventually,
  recordingDailyJob,
  startTestScheduler,
  type TestScheduler,
} from '../helpers/scheduler.ts';

describe(`/v1/jobs on ${backendName}`, () => {
  let ctx: ApiTestContext;
  let s: TestScheduler;
  let app: FastifyInstance;
  const calls: Call[] = [];
  before(async () => {
    const base = await openTestContext('2026-03-31T12:00:00Z');
    const ok = recordingDailyJob('test.api', calls, undefined, { cron: '0 6 * * *' });
    const broken = recordingDailyJob('test.broken', calls, async () => {
      throw new AppError('validation_failed', 'no dunning policy for category Retail');
    });
    const maintenance = defineJob({
      name: 'test.maintenance',
      summary: 'installation job',
      ...perInstallation,
      cron: null,
      retry: { limit: 0, delaySeconds: 0, backoff: false },
      timeoutSeconds: 30,
      run: async () => ({ done: true }),
    });
    s = await startTestScheduler(base.database, base.deps, [ok, broken, maintenance]);
    app = await buildApp({ ...base.deps, jobs: s.scheduler, scheduler: s.scheduler });
    await app.ready();
    ctx = {
      ...base,
      app,
      close: async () => {
        await app.close();
        await s.scheduler.stop();
        await dropSchema(base.database, s.schema);
        await base.database.close();
      },
    };
  });
  after(() => ctx.close());

  test('an admin runs a job for its tenant: 202 with the run, then completed; the key replays it', async () => {
    const { tenant, keys } = await apiTenant(ctx);
    const api = client(app, keys.admin);
    const res = await api.post(
      '/v1/jobs/test.api/run',
      { date: '2026-03-30' },
      { 'idempotency-key': 'run-1' },
    );
    assert.equal(res.status, 202, res.text);
    assert.equal(res.body.name, 'test.api');
    assert.equal(res.body.tenantId, tenant.tenantId);
    assert.deepEqual(res.body.payload, { tenantId: tenant.tenantId, date: '2026-03-30' });
    assert.equal(res.headers.location, `/v1/jobs/test.api/runs/${res.body.id}`);
    await eventually(
      async () => (await api.get(`/v1/jobs/test.api/runs/${res.body.id}`)).body.state === 'completed',
    );
    const done = await api.get(`/v1/jobs/test.api/runs/${res.body.id}`);
    assert.deepEqual(done.body.output, { ran: '2026-03-30', big: '12345678901234567890' });
    const replay = await api.post(
      '/v1/jobs/test.api/run',
      { date: '2026-03-30' },
      { 'idempotency-key': 'run-1' },
    );
    assert.equal(replay.status, 202);
    assert.equal(replay.body.id, res.body.id);
    assert.equal(replay.headers['idempotent-replayed'], 'true');
    // Without a date: today in the schedule time zone (UTC), from the clock (2026-03-31 12:00 UTC).
    const today = await api.post('/v1/jobs/test.api/run');
    assert.equal(today.body.payload.date, '2026-03-31');
    await eventually(() =>
      calls.some((c) => c.payload.tenantId === tenant.tenantId && c.payload.date === '2026-03-31'),
    );
    assert.equal(calls.filter((c) => c.payload.tenantId === tenant.tenantId).length, 2);
  });

  test('the overview shows schedules, counts, runs and failures of the own tenant only', async () => {
    const a = await apiTenant(ctx);
    const b = await apiTenant(ctx);
    const failed = await client(app, a.keys.admin).post('/v1/jobs/test.broken/run', { date: '2026-03-01' });
    assert.equal(failed.status, 202);
    const runUrl = `/v1/jobs/test.broken/runs/${failed.body.id}`;
    await eventually(async () => (await client(app, a.keys.admin).get(runUrl)).body.state === 'failed');
    const seenByA = await client(app, a.keys.admin).get('/v1/jobs');
    assert.equal(seenByA.status, 200);
    const job = seenByA.body.jobs.find((j: { name: string }) => j.name === 'test.broken');
    assert.equal(job.counts.failed, 1);
    assert.deepEqual(
      job.recentFailures.map((r: { id: string; error: string; attempts: number }) => [
        r.id,
        r.error,
        r.attempts,
      ]),
      [[failed.body.id, 'no dunning policy for category Retail', 1]],
    );
    const scheduled = seenByA.body.jobs.find((j: { name: string }) => j.name === 'test.api');
    assert.deepEqual(scheduled.schedule, { cron: '0 6 * * *', timeZone: 'UTC', source: 'default' });
    assert.equal(scheduled.status, 'scheduled');
    const seenByB = await client(app, b.keys.admin).get('/v1/jobs');
    const notHers = seenByB.body.jobs.find((j: { name: string }) => j.name === 'test.broken');
    assert.equal(notHers.counts.failed, 0);
    assert.deepEqual(notHers.recentFailures, []);
    assert.equal(
      (await client(app, b.keys.admin).get(runUrl)).status,
      404,
      "another tenant's run is not found",
    );
  });

  test('admin only; installation jobs, unknown jobs and bad dates are refused', async () => {
    const { keys } = await apiTenant(ctx);
    assert.equal((await client(app, keys.accountant).get('/v1/jobs')).status, 403);
    assert.equal((await client(app, keys.accountant).post('/v1/jobs/test.api/run')).status, 403);
    const admin = client(app, keys.admin);
    const installation = await admin.post('/v1/jobs/test.maintenance/run');
    assert.equal(installation.status, 403);
    assert.match(installation.body.detail, /installation job/);
    assert.equal((await admin.post('/v1/jobs/nope.nope/run')).status, 404);
    const bad = await admin.post('/v1/jobs/test.api/run', { date: '2026-02-30' });
    assert.equal(bad.status, 422);
    assert.deepEqual(
      bad.body.errors.map((e: { field: string }) => e.field),
      ['date'],
    );
    assert.equal((await admin.get('/v1/jobs/test.api/runs/not-a-uuid')).status, 404);
  });

  test("a tenant admin sees neither the installation's jobs and runs nor another tenant's", async () => {
    const a = await apiTenant(ctx);
    const b = await apiTenant(ctx);
    const operatorRun = await s.scheduler.trigger(ctx.deps.db, 'test.maintenance', { tenantId: null });
    const bRun = await client(app, b.keys.admin).post('/v1/jobs/test.api/run', { date: '2026-03-02' });
    assert.equal(bRun.status, 202);
    await eventually(
      async () =>
        (await s.scheduler.getRun(ctx.deps.db, 'test.maintenance', operatorRun.id, null))?.state ===
        'completed',
    );
    const seenByA = await client(app, a.keys.admin).get('/v1/jobs');
    const names = seenByA.body.jobs.map((j: { name: string }) => j.name);
    assert.ok(!names.includes('test.maintenance'), 'no installation job in a tenant’s overview');
    for (const job of seenByA.body.jobs)
      for (const run of [...job.recentRuns, ...job.recentFailures])
        assert.equal(run.tenantId, a.tenant.tenantId, `${job.name}: only the tenant's own runs`);
    const api = client(app, a.keys.admin);
    assert.equal((await api.get(`/v1/jobs/test.maintenance/runs/${operatorRun.id}`)).status, 404);
    assert.equal((await api.get(`/v1/jobs/test.api/runs/${bRun.body.id}`)).status, 404);
    const operator = await s.scheduler.list(ctx.deps.db, null);
    assert.ok(
      operator.jobs.some((j) => j.name === 'test.maintenance' && j.recentRuns.length > 0),
      'the CLI sees it',
    );
    assert.doesNotMatch(
      JSON.stringify(seenByA.body),
      /\/tmp\/|cashloop-|\.cashloop/,
      'no path of the installation',
    );
  });
});
