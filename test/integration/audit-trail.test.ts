/**
 * The audit trail on the real database (both back ends): records written with the change, the
 * append-only triggers, and `verifyAuditTrail` finding every kind of tampering planted in SQL with
 * the triggers bypassed (as a superuser could: `session_replication_role = replica`).
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { sql } from 'drizzle-orm';
import { type Db, withTransaction } from '../../src/db/client.ts';
import {
  checkpointAuditTrail,
  parseAuditSigningKey,
  recordAudit,
  recordHash,
  verifyAuditTrail,
} from '../../src/modules/audit/index.ts';
import { runActingAs, runFromOrigin } from '../../src/shared/acting-as.ts';
import { newId } from '../../src/shared/ids.ts';
import { backendName, newTenant, openTestContext, type TestContext } from '../helpers/backends.ts';

let ctx: TestContext;
before(async () => {
  ctx = await openTestContext();
});
after(async () => {
  await ctx.database.close();
});

const SIGNING_KEY = parseAuditSigningKey('hmac:a-secret-of-at-least-thirty-two-characters!');

/** A tenant with `n` records, written one transaction each by a user over HTTP. */
async function tenantWithRecords(n: number): Promise<string> {
  const { tenantId } = await newTenant(ctx);
  const who = { keyId: null, userId: newId(), name: 'Jörg Müller-Lüdenscheidt' };
  const from = { channel: 'http', ip: '2001:db8::7', agent: 'curl/8.5.0' } as const;
  for (let i = 1; i <= n; i++)
    await runActingAs(who, () =>
      runFromOrigin(from, () =>
        withTransaction(ctx.deps.db, (tx) =>
          recordAudit(tx, tenantId, {
            kind: 'customer.updated',
            objectType: 'customer',
            objectId: `cust-${i}`,
            reason: i === 2 ? 'IBAN per Schreiben vom 3.3.' : null,
            changes: { iban: [`DE8937040044053201300${i}`, `DE0212030000000020205${i}`] },
          }),
        ),
      ),
    );
  return tenantId;
}

/** Run `statements` with the triggers off, as a superuser tampering directly in SQL would. */
async function tamper(db: Db, statements: ReturnType<typeof sql>[]): Promise<void> {
  await db.transaction(async (tx) => {
    await tx.execute(sql`set local session_replication_role = replica`);
    for (const s of statements) await tx.execute(s);
  });
}

describe(`audit trail (${backendName})`, () => {
  it('records who, from where, what and why, chained from the genesis hash', async () => {
    const tenantId = await tenantWithRecords(3);
    const rows = (await ctx.deps.db.execute(
      sql`select seq, actor_kind, actor_name, origin_channel, origin_ip, origin_agent, reason, changes, prev_hash, hash
          from audit_records where tenant_id = ${tenantId} order by seq`,
    )) as unknown as { rows: Record<string, unknown>[] };
    assert.equal(rows.rows.length, 3);
    const [first, second] = rows.rows;
    assert.equal(first?.prev_hash, '0'.repeat(64));
    assert.equal(second?.prev_hash, first?.hash);
    assert.equal(second?.actor_kind, 'user');
    assert.equal(second?.actor_name, 'Jörg Müller-Lüdenscheidt');
    assert.deepEqual(
      [second?.origin_channel, second?.origin_ip, second?.origin_agent],
      ['http', '2001:db8::7', 'curl/8.5.0'],
    );
    assert.equal(second?.reason, 'IBAN per Schreiben vom 3.3.');
    assert.equal(second?.changes, '{"iban":["DE89370400440532013002","DE02120300000000202052"]}');
    const v = await verifyAuditTrail(ctx.deps.db, tenantId);
    assert.deepEqual([v.ok, v.checked, v.firstBreak], [true, 3n, null]);
  });

  it('writes nothing when the change rolls back', async () => {
    const { tenantId } = await newTenant(ctx);
    await assert.rejects(
      withTransaction(ctx.deps.db, async (tx) => {
        await recordAudit(tx, tenantId, { kind: 'customer.created', objectType: 'customer', objectId: 'x' });
        throw new Error('the change failed');
      }),
      /the change failed/,
    );
    const v = await verifyAuditTrail(ctx.deps.db, tenantId);
    assert.deepEqual([v.ok, v.checked], [true, 0n]);
  });

  it('refuses UPDATE, DELETE and TRUNCATE of records and moving a head back', async () => {
    const tenantId = await tenantWithRecords(2);
    const refused = /append-only|only moves forward/;
    await assert.rejects(
      ctx.deps.db.execute(sql`update audit_records set reason = 'x' where tenant_id = ${tenantId}`),
      (e: Error) => refused.test(String(e.message) + String((e.cause as Error | undefined)?.message)),
    );
    await assert.rejects(
      ctx.deps.db.execute(sql`delete from audit_records where tenant_id = ${tenantId}`),
      (e: Error) => refused.test(String(e.message) + String((e.cause as Error | undefined)?.message)),
    );
    await assert.rejects(ctx.deps.db.execute(sql`truncate audit_records`), (e: Error) =>
      refused.test(String(e.message) + String((e.cause as Error | undefined)?.message)),
    );
    await assert.rejects(
      ctx.deps.db.execute(sql`update audit_heads set seq = 1 where tenant_id = ${tenantId}`),
      (e: Error) => refused.test(String(e.message) + String((e.cause as Error | undefined)?.message)),
    );
    assert.equal((await verifyAuditTrail(ctx.deps.db, tenantId)).ok, true);
  });

  it('detects an edited record (the first bad record named)', async () => {
    const t = await tenantWithRecords(5);
    await tamper(ctx.deps.db, [
      sql`update audit_records set actor_name = 'someone else' where tenant_id = ${t} and seq = 3`,
    ]);
    const v = await verifyAuditTrail(ctx.deps.db, t);
    assert.deepEqual(
      [v.ok, v.firstBreak?.seq, v.firstBreak?.fault, v.checked],
      [false, 3n, 'content_changed', 2n],
    );
  });

  it('detects an edited before/after value, reformatted to hide it', async () => {
    const t = await tenantWithRecords(4);
    await tamper(ctx.deps.db, [
      sql`update audit_records set changes = '{"iban": ["DE89370400440532013002","DE02120300000000202052"]}' where tenant_id = ${t} and seq = 2`,
    ]);
    const v = await verifyAuditTrail(ctx.deps.db, t);
    assert.deepEqual([v.firstBreak?.seq, v.firstBreak?.fault], [2n, 'not_canonical']);
  });

  it('detects a deleted record', async () => {
    const t = await tenantWithRecords(5);
    await tamper(ctx.deps.db, [sql`delete from audit_records where tenant_id = ${t} and seq = 2`]);
    const v = await verifyAuditTrail(ctx.deps.db, t);
    assert.deepEqual([v.ok, v.firstBreak?.seq, v.firstBreak?.fault], [false, 3n, 'missing_or_reordered']);
  });

  it('detects a deleted record with the rest renumbered to close the gap', async () => {
    const t = await tenantWithRecords(5);
    await tamper(ctx.deps.db, [
      sql`delete from audit_records where tenant_id = ${t} and seq = 2`,
      sql`update audit_records set seq = seq + 100 where tenant_id = ${t} and seq > 2`,
      sql`update audit_records set seq = seq - 101 where tenant_id = ${t} and seq > 100`,
      sql`update audit_heads set seq = 4 where tenant_id = ${t}`,
    ]);
    const v = await verifyAuditTrail(ctx.deps.db, t);
    assert.deepEqual([v.ok, v.firstBreak?.seq, v.firstBreak?.fault], [false, 2n, 'previous_hash_mismatch']);
  });

  it('detects reordered records', async () => {
    const t = await tenantWithRecords(5);
    await tamper(ctx.deps.db, [
      sql`update audit_records set seq = 100 where tenant_id = ${t} and seq = 2`,
      sql`update audit_records set seq = 2 where tenant_id = ${t} and seq = 4`,
      sql`update audit_records set seq = 4 where tenant_id = ${t} and seq = 100`,
    ]);
    const v = await verifyAuditTrail(ctx.deps.db, t);
    assert.deepEqual([v.ok, v.firstBreak?.seq, v.firstBreak?.fault], [false, 2n, 'previous_hash_mismatch']);
  });

  it('detects an inserted record, even one hashed correctly onto its predecessor', async () => {
    const t = await tenantWithRecords(4);
    const prev = (await ctx.deps.db.execute(
      sql`select hash from audit_records where tenant_id = ${t} and seq = 2`,
    )) as unknown as { rows: { hash: string }[] };
    const forged = {
      tenantId: t,
      seq: 3n,
      recordId: newId(),
      occurredAt: new Date('2026-03-31T12:00:00.000Z'),
      actorKind: 'system',
      actorId: null,
      actorName: 'system',
      originChannel: 'system',
      originIp: null,
      originAgent: null,
      kind: 'invoice.written_off',
      objectType: 'invoice',
      objectId: 'INV-2026-0007',
      reason: 'uneinbringlich',
      changes: '{}',
      details: '{}',
      prevHash: prev.rows[0]?.hash ?? '',
    };
    const hash = recordHash(forged);
    await tamper(ctx.deps.db, [
      sql`update audit_records set seq = seq + 100 where tenant_id = ${t} and seq >= 3`,
      sql`update audit_records set seq = seq - 99 where tenant_id = ${t} and seq > 100`,
      sql`insert into audit_records (tenant_id, seq, record_id, occurred_at, actor_kind, actor_id, actor_name,
            origin_channel, origin_ip, origin_agent, kind, object_type, object_id, reason, changes, details, prev_hash, hash)
          values (${t}, 3, ${forged.recordId}, ${forged.occurredAt.toISOString()}, 'system', null, 'system', 'system', null, null,
            ${forged.kind}, ${forged.objectType}, ${forged.objectId}, ${forged.reason}, '{}', '{}', ${forged.prevHash}, ${hash})`,
      sql`update audit_heads set seq = 5 where tenant_id = ${t}`,
    ]);
    const v = await verifyAuditTrail(ctx.deps.db, t);
    assert.deepEqual([v.ok, v.firstBreak?.seq, v.firstBreak?.fault], [false, 4n, 'previous_hash_mismatch']);
  });

  it('detects records cut from the end (by the head; by a checkpoint when the head was moved too)', async () => {
    const t = await tenantWithRecords(4);
    const checkpoint = await checkpointAuditTrail(
      ctx.deps.db,
      t,
      SIGNING_KEY,
      new Date('2026-03-31T12:00:00Z'),
    );
    assert.equal(checkpoint.seq, '4');
    await tamper(ctx.deps.db, [sql`delete from audit_records where tenant_id = ${t} and seq = 4`]);
    const byHead = await verifyAuditTrail(ctx.deps.db, t);
    assert.deepEqual(
      [byHead.ok, byHead.firstBreak?.fault, byHead.firstBreak?.seq],
      [false, 'head_mismatch', 4n],
    );
    const prev = (await ctx.deps.db.execute(
      sql`select hash from audit_records where tenant_id = ${t} and seq = 3`,
    )) as unknown as { rows: { hash: string }[] };
    await tamper(ctx.deps.db, [
      sql`update audit_heads set seq = 3, hash = ${prev.rows[0]?.hash ?? ''} where tenant_id = ${t}`,
    ]);
    assert.equal(
      (await verifyAuditTrail(ctx.deps.db, t)).ok,
      true,
      'a cut tail with its head moved is invisible to the chain alone',
    );
    const withCheckpoint = await verifyAuditTrail(ctx.deps.db, t, { value: checkpoint, key: SIGNING_KEY });
    assert.equal(withCheckpoint.ok, false);
    assert.match(withCheckpoint.checkpoint?.message ?? '', /record 4, the checkpoint's head, is missing/);
  });

  it('accepts a checkpoint of an intact chain and refuses a forged or foreign one', async () => {
    const t = await tenantWithRecords(3);
    const checkpoint = await checkpointAuditTrail(
      ctx.deps.db,
      t,
      SIGNING_KEY,
      new Date('2026-03-31T12:00:00Z'),
    );
    await tenantWithRecords(1);
    const ok = await verifyAuditTrail(ctx.deps.db, t, { value: checkpoint, key: SIGNING_KEY });
    assert.deepEqual([ok.ok, ok.checkpoint?.ok], [true, true]);
    const forged = { ...checkpoint, seq: '2' };
    const bad = await verifyAuditTrail(ctx.deps.db, t, { value: forged, key: SIGNING_KEY });
    assert.match(bad.checkpoint?.message ?? '', /signature does not verify/);
    const otherKey = parseAuditSigningKey('hmac:another-secret-of-at-least-thirty-two-chars');
    assert.equal((await verifyAuditTrail(ctx.deps.db, t, { value: checkpoint, key: otherKey })).ok, false);
  });

  it('keeps one unbroken chain under concurrent appends of one tenant', async () => {
    const { tenantId } = await newTenant(ctx);
    const writers = Array.from({ length: 12 }, (_, i) =>
      withTransaction(ctx.deps.db, async (tx) => {
        await tx.execute(sql`select pg_sleep(0.01)`);
        await recordAudit(
          tx,
          tenantId,
          { kind: 'customer.updated', objectType: 'customer', objectId: `c${i}` },
          { kind: 'customer.updated', objectType: 'customer', objectId: `c${i}-b` },
        );
      }),
    );
    await Promise.all(writers);
    const v = await verifyAuditTrail(ctx.deps.db, tenantId);
    assert.deepEqual([v.ok, v.checked], [true, 24n]);
  });
});
