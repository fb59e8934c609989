/** `cashloop audit verify` and `cashloop audit checkpoint` through the CLI, on both back ends. */
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { openDatabase } from '../../src/db/client.ts';
import { backendName } from '../helpers/backends.ts';
import { type CliSandbox, cliSandbox } from '../helpers/cli.ts';

const CUSTOMERS =
  'external_id,name,bank_accounts\nK-1,Ärztekammer Nordrhein,DE89370400440532013000\nK-1b,Ärztekammer Nordrhein e.V.,\n';

let box: CliSandbox;
before(async () => {
  box = await cliSandbox();
});
after(() => box.cleanup());

/** Change a record behind the CLI's back, triggers off (the CLI has closed the database). */
async function tamperFirstRecord(): Promise<void> {
  const database = box.env.DATABASE_URL
    ? await openDatabase({ kind: 'postgres', url: box.env.DATABASE_URL, poolSize: 1 })
    : await openDatabase({ kind: 'pglite', dataDir: box.env.CASHLOOP_DATA_DIR ?? '' });
  try {
    const tenant = box.env.CASHLOOP_TENANT;
    await database.db.transaction(async (tx) => {
      await tx.execute(sql`set local session_replication_role = replica`);
      await tx.execute(
        tenant
          ? sql`update audit_records set details = '{}' where tenant_id = ${tenant} and seq = 1`
          : sql`update audit_records set details = '{}' where seq = 1`,
      );
    });
  } finally {
    await database.close();
  }
}

describe(`cashloop audit (${backendName})`, () => {
  it('verifies, signs a checkpoint, and names the first bad record after tampering', async () => {
    const file = box.file('customers.csv', CUSTOMERS);
    assert.equal((await box.run('import', 'customers', file)).code, 0);

    const ok = await box.run('audit', 'verify', '--json');
    assert.equal(ok.code, 0, ok.stderr);
    const verdict = JSON.parse(ok.stdout);
    assert.equal(verdict.ok, true);
    assert.ok(Number(verdict.checked) >= 1);

    const list = await box.run('audit', 'checkpoint', '--out', `${box.dir}/cp.json`);
    assert.equal(list.code, 3, 'no key configured');
    assert.match(list.stderr, /CASHLOOP_AUDIT_SIGNING_KEY/);

    box.env.CASHLOOP_AUDIT_SIGNING_KEY = 'hmac:kept-in-the-vault-not-in-the-database-0001';
    const cp = await box.run('audit', 'checkpoint', '--out', `${box.dir}/cp.json`);
    assert.equal(cp.code, 0, cp.stderr);
    const checkpoint = JSON.parse(readFileSync(`${box.dir}/cp.json`, 'utf8'));
    assert.equal(checkpoint.seq, verdict.head.seq);
    assert.equal((await box.run('audit', 'verify', '--checkpoint', `${box.dir}/cp.json`)).code, 0);

    await tamperFirstRecord();
    const broken = await box.run('audit', 'verify');
    assert.equal(broken.code, 1);
    assert.match(
      broken.stdout,
      /BROKEN at record 1 \([0-9a-f-]{36}\): record 1 was changed after it was written/,
    );
    const withCp = await box.run('audit', 'verify', '--checkpoint', `${box.dir}/cp.json`);
    assert.equal(withCp.code, 1);
  });

  it('records an import as one record naming the file by its sha256, from the CLI', async () => {
    const csv = 'external_id,name\nK-2,Ärztekammer Westfalen-Lippe\nK-3,Ärztekammer Westfalen Lippe\n';
    assert.equal((await box.run('import', 'customers', box.file('more.csv', csv))).code, 0);
    const database = box.env.DATABASE_URL
      ? await openDatabase({ kind: 'postgres', url: box.env.DATABASE_URL, poolSize: 1 })
      : await openDatabase({ kind: 'pglite', dataDir: box.env.CASHLOOP_DATA_DIR ?? '' });
    try {
      const tenant = box.env.CASHLOOP_TENANT ?? null;
      const res = (await database.db.execute(
        sql`select origin_channel, origin_agent, details from audit_records
            where (${tenant}::uuid is null or tenant_id = ${tenant}::uuid) and kind = 'import.customers'
            order by seq desc limit 1`,
      )) as unknown as { rows: { origin_channel: string; origin_agent: string; details: string }[] };
      const [row] = res.rows;
      assert.equal(row?.origin_channel, 'cli');
      assert.match(row?.origin_agent ?? '', /^cashloop import customers \(/);
      const details = JSON.parse(row?.details ?? '{}');
      assert.equal(details.fileSha256, createHash('sha256').update(csv).digest('hex'));
      assert.deepEqual([details.count, details.created, details.updated], [2, 2, 0]);
    } finally {
      await database.close();
    }
  });

  it('fails the daily audit.verify job on the broken chain, visibly in jobs list', async () => {
    const ran = await box.run('jobs', 'run', 'audit.verify', '--date', '2026-03-31', '--json');
    assert.equal(ran.code, 1, ran.stderr);
    const run = JSON.parse(ran.stdout);
    assert.equal(run.state, 'failed');
    assert.match(JSON.stringify(run), /audit trail broken at record 1/);
    const listed = JSON.parse((await box.run('jobs', 'list', '--json')).stdout);
    const job = listed.jobs.find((j: { name: string }) => j.name === 'audit.verify');
    assert.equal(job.schedule?.cron ?? job.schedule, '45 3 * * *');
    assert.match(JSON.stringify(job.recentFailures), /audit trail broken at record 1/);
  });

  it('refuses a file that is no checkpoint with a one-line message', async () => {
    const bad = box.file('not-a-checkpoint.json', '{"seq": 1}');
    const res = await box.run('audit', 'verify', '--checkpoint', bad);
    assert.equal(res.code, 3);
    assert.match(res.stderr, /not an audit checkpoint/);
  });
});
