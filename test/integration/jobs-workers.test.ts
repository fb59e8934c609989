/**
 * Several workers on one PostgreSQL database (each its own pg-boss instance and connection pool,
 * as separate `cashloop worker` processes would be): each job runs once, a daily job once per
 * tenant and day however many times it is triggered, and schedulers registering at once agree.
 * PostgreSQL only (PGlite allows one process per data directory).
 */
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import PgBoss from 'pg-boss';
import { type Database, openDatabase } from '../../src/db/client.ts';
import { countByState, registeredSchedules } from '../../src/jobs/job-runs.repository.ts';
import { Scheduler } from '../../src/jobs/scheduler.ts';
import { coreDeps } from '../../src/modules/core-deps.ts';
import { createTenant } from '../../src/modules/tenants/tenants.service.ts';
import { fixedClock } from '../../src/shared/clock.ts';
import {
  type Call,
  dropSchema,
  eventually,
  recordingDailyJob,
  TEST_JOBS_CONFIG,
  testSchema,
} from '../helpers/scheduler.ts';

const url = process.env.TEST_DATABASE_URL;
const WORKERS = 3;

describe('three workers on PostgreSQL', {
  skip: url ? false : 'set TEST_DATABASE_URL to run on PostgreSQL',
}, () => {
  const databases: Database[] = [];
  const schema = testSchema();
  before(async () => {
    for (let i = 0; i < WORKERS; i++)
      databases.push(await openDatabase({ kind: 'postgres', url: url ?? '', poolSize: 4 }));
  });
  after(async () => {
    const [first] = databases;
    if (first) await dropSchema(first, schema);
    for (const d of databases) await d.close();
  });

  function startWorkers(calls: Call[]): Promise<Scheduler[]> {
    // Each handler call takes a little while, so duplicates of one run overlap across workers.
    const spec = recordingDailyJob('test.daily3', calls, () => new Promise((r) => setTimeout(r, 30)), {
      cron: '0 6 * * *',
    });
    return Promise.all(
      databases.map((database) =>
        Scheduler.start({
          database,
          deps: coreDeps(database.db, fixedClock('2026-03-31T12:00:00Z')),
          config: TEST_JOBS_CONFIG,
          specs: [spec],
          work: 'all',
          schedule: true,
          concurrency: 2,
          pollSeconds: 0.5,
          schema,
          stopTimeoutMs: 2_000,
        }),
      ),
    );
  }

  async function quiet(database: Database): Promise<boolean> {
    const counts = await countByState(database.db, schema, ['test.daily3', 'test.daily3:tick'], null);
    return [...counts.values()].every((c) => !c.created && !c.retry && !c.active);
  }

  test('a daily job triggered by ticks and by hand from every worker runs once per tenant and day', async () => {
    const calls: Call[] = [];
    const workers = await startWorkers(calls);
    try {
      const [db0] = databases;
      if (!db0) throw new Error('no database');
      const registered = await registeredSchedules(db0.db, schema);
      assert.deepEqual(registered.get('test.daily3:tick'), { cron: '0 6 * * *', timeZone: 'UTC' });

      const a = await createTenant(db0.db, { name: 'Three workers A', baseCurrency: 'EUR' });
      const b = await createTenant(db0.db, { name: 'Three workers B', baseCurrency: 'EUR' });
      // Every worker's pg-boss fires a tick for 2026-04-01 (as three schedulers whose cron fired
      // would), and every worker is asked by hand to run a's job for that day twice.
      const triggers: Promise<unknown>[] = [];
      for (const [i, database] of databases.entries()) {
        const boss = new PgBoss({ db: database.jobsExecutor as PgBoss.Db, schema });
        triggers.push(boss.send('test.daily3:tick', { date: '2026-04-01' }));
        for (let k = 0; k < 2; k++)
          triggers.push(
            workers[i]?.trigger(database.db, 'test.daily3', { tenantId: a.tenantId, date: '2026-04-01' }) ??
              Promise.resolve(),
          );
      }
      await Promise.all(triggers);
      await eventually(
        () => [a, b].every((t) => calls.some((c) => c.payload.tenantId === t.tenantId)),
        10_000,
      );
      await eventually(() => quiet(db0), 10_000);
      // A straggler from the last poll would land within one polling interval.
      await new Promise((resolve) => setTimeout(resolve, 700));
      for (const t of [a, b])
        assert.deepEqual(
          calls.filter((c) => c.payload.tenantId === t.tenantId).map((c) => c.payload.date),
          ['2026-04-01'],
          `one run for tenant ${t.name}`,
        );
      // Over the fan-out to every tenant of the database too, no job was handed to two workers.
      assert.equal(new Set(calls.map((c) => c.jobId)).size, calls.length);
    } finally {
      await Promise.all(workers.map((w) => w.stop()));
    }
  });
});
