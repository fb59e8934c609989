/**
 * The scheduler from the command line: `jobs list`, `jobs run`, and real processes — `cashloop
 * start` on PGlite and `cashloop worker` on PostgreSQL — started, doing their work and stopped by
 * SIGTERM, cleanly.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../../src/config.ts';
import { startProcessScheduler } from '../../src/jobs/processes.ts';
import { openRuntime } from '../../src/main.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

const BIN = fileURLToPath(new URL('../../bin/cashloop.js', import.meta.url));
const onPostgres = backendName === 'postgres';

interface Child {
  readonly process: ChildProcess;
  stderr: string;
  /** Resolves with the exit code. */
  readonly exited: Promise<number | null>;
}

function spawnCli(args: string[], env: NodeJS.ProcessEnv): Child {
  const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, ...env }, stdio: 'pipe' });
  const result: Child = {
    process: child,
    stderr: '',
    exited: new Promise((resolve) => child.on('exit', (code) => resolve(code))),
  };
  child.stderr?.on('data', (chunk: Buffer) => {
    result.stderr += chunk.toString();
  });
  return result;
}

async function waitForOutput(child: Child, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = pattern.exec(child.stderr);
    if (match) return match;
    if (Date.now() > deadline || child.process.exitCode !== null)
      throw new Error(`no ${pattern} in the output:\n${child.stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe(`jobs from the CLI on ${backendName}`, () => {
  let box: CliSandbox;
  before(async () => {
    box = await cliSandbox();
  });
  after(() => box.cleanup());

  test('jobs list shows every job with its schedule, each wired to its service', async () => {
    const listed = await box.run('jobs', 'list', '--json');
    assert.equal(listed.code, 0, listed.stderr);
    const overview = JSON.parse(listed.stdout);
    assert.equal(overview.timeZone, 'UTC');
    const byName = new Map(overview.jobs.map((j: { name: string }) => [j.name, j]));
    assert.deepEqual(
      [...byName.keys()],
      [
        'promises.check',
        'credit.check',
        'alerts.check',
        'dunning.run',
        'statements.monthly',
        'ar-pack.monthly',
        'fx.revalue',
        'invoices.deliver',
        'outbox.deliver',
        'documents.render',
        'maintenance.statistics',
        'kpi.snapshots',
        'audit.verify',
        'approvals.expire',
        'monitoring.scan',
        'payment-model.train',
        'anomalies.scan',
        'webhooks.deliver',
        'webhooks.overdue',
      ],
    );
    assert.deepEqual((byName.get('maintenance.statistics') as { schedule: unknown }).schedule, {
      cron: '30 3 * * *',
      timeZone: 'UTC',
      source: 'default',
    });
    for (const job of byName.values())
      assert.equal((job as { status: string }).status, 'scheduled', JSON.stringify(job));
    const text = await box.run('jobs', 'list');
    assert.match(text.stdout, /maintenance\.statistics\s+installation\s+30 3 \* \* \* UTC/);
    assert.match(text.stdout, /dunning\.run\s+tenant\s+0 6 \* \* \* UTC/);
  });

  test('jobs run runs a job now and waits for it; what it did is its output', async () => {
    const ran = await box.run('jobs', 'run', 'maintenance.statistics', '--json');
    assert.equal(ran.code, 0, ran.stderr);
    const run = JSON.parse(ran.stdout);
    assert.equal(run.name, 'maintenance.statistics');
    assert.equal(run.state, 'completed');
    if (onPostgres) {
      assert.deepEqual(run.output, {
        backend: 'postgres',
        skipped: 'autovacuum maintains PostgreSQL',
        tables: [],
      });
    } else {
      assert.equal(run.output.skipped, null);
      // The migrations and the default tenant's set-up left the chart of accounts busy enough.
      assert.ok(Array.isArray(run.output.tables));
    }
    const listed = JSON.parse((await box.run('jobs', 'list', '--json')).stdout);
    const job = listed.jobs.find((j: { name: string }) => j.name === 'maintenance.statistics');
    assert.ok(
      job.recentRuns.some((r: { id: string; state: string }) => r.id === run.id && r.state === 'completed'),
    );
  });

  test('jobs run refuses unknown jobs and a tenant for an installation job; a daily job runs once a day', async () => {
    const unknown = await box.run('jobs', 'run', 'dunning.rum');
    assert.equal(unknown.code, 4);
    assert.match(unknown.stderr, /job dunning\.rum \(known: promises\.check, /);
    // The real dunning run of the installation's (empty) tenant, then the same day again: skipped.
    const first = await box.run('jobs', 'run', 'dunning.run', '--date', '2026-03-31', '--json');
    assert.equal(first.code, 0, first.stderr);
    assert.equal(JSON.parse(first.stdout).state, 'completed');
    const again = JSON.parse(
      (await box.run('jobs', 'run', 'dunning.run', '--date', '2026-03-31', '--json')).stdout,
    );
    assert.equal(again.state, 'completed');
    assert.match(JSON.stringify(again.output), /skipped/);
    const tenant = await box.run(
      'jobs',
      'run',
      'maintenance.statistics',
      '--tenant',
      '0195d2a0-0000-7000-8000-000000000001',
    );
    assert.equal(tenant.code, 3);
    assert.equal((await box.run('jobs', 'run', 'maintenance.statistics', '--date', '2026-13-01')).code, 3);
    assert.equal((await box.run('worker', '--concurrency', '0')).code, 3);
  });

  test('a bad schedule variable stops the process with the variable named', async () => {
    const env = { ...box.env, CASHLOOP_SCHEDULE_MAINTENANCE_STATISTICS: 'at night' };
    const child = spawnCli(['worker'], env);
    assert.equal(await child.exited, 3);
    assert.match(child.stderr, /CASHLOOP_SCHEDULE_MAINTENANCE_STATISTICS: must be a cron expression/);
  });

  test('cashloop start (PGlite) schedules, serves, and stops on SIGTERM: jobs, then the database', {
    skip: onPostgres ? 'the embedded process model' : false,
  }, async () => {
    const child = spawnCli(['start', '--port', '0'], { ...box.env, CASHLOOP_LOG: 'silent' });
    try {
      const [, address] = await waitForOutput(child, /cashloop serving (http:\/\/\S+) on pglite/);
      await waitForOutput(
        child,
        /scheduler: 19 schedule\(s\) in UTC \(promises\.check, credit\.check, alerts\.check, dunning\.run, statements\.monthly, ar-pack\.monthly, fx\.revalue, invoices\.deliver, outbox\.deliver, documents\.render, maintenance\.statistics, kpi\.snapshots, audit\.verify, approvals\.expire, monitoring\.scan, payment-model\.train, anomalies\.scan, webhooks\.deliver, webhooks\.overdue\); working 19 job\(s\)/,
      );
      await waitForOutput(child, /cashloop ready at http/);
      assert.equal((await fetch(`${address}/health`)).status, 200);
      assert.deepEqual(await (await fetch(`${address}/v1/status`)).json(), {
        state: 'ready',
        step: null,
        done: 0,
        total: 0,
      });
      // No user yet: the first start creates an admin and prints the password once; it signs in.
      const [, email, password] = await waitForOutput(
        child,
        /No user existed: created admin user (\S+) with password (\S+) — shown only now/,
      );
      const signedIn = await fetch(`${address}/v1/session`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, password }),
      });
      assert.equal(signedIn.status, 200);
      assert.equal(((await signedIn.json()) as { user: { role: string } }).user.role, 'admin');
      assert.match(signedIn.headers.get('set-cookie') ?? '', /^cashloop_session=cls_/);
    } finally {
      child.process.kill('SIGTERM');
    }
    assert.equal(await child.exited, 0, child.stderr);
    assert.match(child.stderr, /SIGTERM: stopping/);
    assert.equal(
      existsSync(join(box.env.CASHLOOP_DATA_DIR ?? '', 'cashloop.lock')),
      false,
      'the lock is released',
    );
    // The schedule the server registered is in the database for the next one.
    const listed = JSON.parse((await box.run('jobs', 'list', '--json')).stdout);
    const job = listed.jobs.find((j: { name: string }) => j.name === 'maintenance.statistics');
    assert.deepEqual(job.registered, { cron: '30 3 * * *', timeZone: 'UTC' });
  });

  test('cashloop worker (PostgreSQL) runs what was queued while it was down, and stops on SIGTERM', {
    skip: onPostgres ? false : 'the server process model',
  }, async () => {
    const runtime = await openRuntime(loadConfig({}, box.env));
    const queuer = await startProcessScheduler(runtime, 'server', { log: () => undefined });
    const { id } = await queuer.trigger(runtime.deps.db, 'maintenance.statistics', {
      tenantId: null,
      date: '2026-03-31',
    });
    await queuer.stop();
    const child = spawnCli(['worker', '--concurrency', '2'], box.env);
    try {
      await waitForOutput(child, /cashloop worker on postgres .*, 2 per queue; scheduler:/);
      const run = await queuer.waitFor('maintenance.statistics', id, 20_000);
      assert.equal(run?.state, 'completed');
    } finally {
      child.process.kill('SIGTERM');
      await runtime.close();
    }
    assert.equal(await child.exited, 0, child.stderr);
  });
});
