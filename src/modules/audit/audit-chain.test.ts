import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { describe, it } from 'node:test';
import { changedFields } from './audit.input.ts';
import {
  CHAIN_START,
  type ChainCursor,
  type ChainedRecord,
  canonicalJson,
  checkLink,
  GENESIS_HASH,
  isBreak,
  recordHash,
} from './audit-chain.ts';

describe('canonicalJson', () => {
  it('sorts keys at every depth, drops undefined, writes bigints and dates as strings', () => {
    const value = {
      é: 1,
      b: { z: [1n, undefined, null], a: new Date('2028-02-29T00:00:00.000Z') },
      A: undefined,
    };
    assert.equal(canonicalJson(value), '{"b":{"a":"2028-02-29T00:00:00.000Z","z":["1",null,null]},"é":1}');
  });

  it('is the same text whatever order the keys were written in', () => {
    assert.equal(
      canonicalJson({ x: 'Müller & Söhne', y: [{ q: 1, p: 2 }] }),
      canonicalJson({ y: [{ p: 2, q: 1 }], x: 'Müller & Söhne' }),
    );
  });
});

function record(
  seq: bigint,
  prevHash: string,
  over: Partial<ChainedRecord> = {},
): ChainedRecord & { hash: string } {
  const r: ChainedRecord = {
    tenantId: '0190c7a0-0000-7000-8000-000000000001',
    seq,
    recordId: `0190c7a0-0000-7000-8000-0000000000${String(seq).padStart(2, '0')}`,
    occurredAt: new Date('2026-03-31T12:00:00.123Z'),
    actorKind: 'user',
    actorId: '0190c7a0-0000-7000-8000-0000000000aa',
    actorName: 'Zoë Ångström',
    originChannel: 'http',
    originIp: '::ffff:203.0.113.7',
    originAgent: 'Mozilla/5.0',
    kind: 'customer.updated',
    objectType: 'customer',
    objectId: 'c-1',
    reason: null,
    changes: canonicalJson({ iban: ['DE89370400440532013000', 'DE02120300000000202051'] }),
    details: '{}',
    prevHash,
    ...over,
  };
  return { ...r, hash: recordHash(r) };
}

function chainOf(n: number) {
  const out: (ChainedRecord & { hash: string })[] = [];
  let prev = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const r = record(BigInt(i), prev);
    out.push(r);
    prev = r.hash;
  }
  return out;
}

function firstBreak(records: readonly (ChainedRecord & { hash: string })[]) {
  let at: ChainCursor = CHAIN_START;
  for (const r of records) {
    const next = checkLink(at, r);
    if (isBreak(next)) return next;
    at = next;
  }
  return null;
}

describe('recordHash', () => {
  it('is sha256 of the version-tagged canonical record (computed independently here)', () => {
    const r = record(1n, GENESIS_HASH);
    const { hash: _hash, ...fields } = r;
    const body = canonicalJson({ v: 1, ...fields });
    assert.equal(r.hash, createHash('sha256').update(body).digest('hex'));
  });

  it('changes with any one field', () => {
    const base = record(1n, GENESIS_HASH);
    for (const over of [
      { actorName: 'Zoe Angstrom' },
      { reason: '' },
      { originIp: null },
      { occurredAt: new Date('2026-03-31T12:00:00.124Z') },
    ])
      assert.notEqual(record(1n, GENESIS_HASH, over).hash, base.hash, JSON.stringify(over));
  });
});

describe('checkLink', () => {
  it('accepts an intact chain', () => assert.equal(firstBreak(chainOf(5)), null));

  it('names an edited record', () => {
    const c = chainOf(5);
    c[2] = { ...(c[2] as ChainedRecord & { hash: string }), actorName: 'someone else' };
    assert.deepEqual([firstBreak(c)?.seq, firstBreak(c)?.fault], [3n, 'content_changed']);
  });

  it('names the gap left by a deleted record', () => {
    const c = chainOf(5);
    c.splice(1, 1);
    assert.deepEqual([firstBreak(c)?.seq, firstBreak(c)?.fault], [3n, 'missing_or_reordered']);
  });

  it('names swapped records, even renumbered to hide the swap', () => {
    const c = chainOf(5);
    const [a, b] = [c[1], c[2]] as (ChainedRecord & { hash: string })[];
    if (!a || !b) throw new Error('fixture');
    c[1] = { ...b, seq: 2n };
    c[2] = { ...a, seq: 3n };
    assert.deepEqual([firstBreak(c)?.seq, firstBreak(c)?.fault], [2n, 'previous_hash_mismatch']);
  });

  it('names a record inserted with a well-formed hash of its own', () => {
    const c = chainOf(4);
    const forged = record(3n, (c[1] as { hash: string }).hash, { kind: 'invoice.written_off' });
    c.splice(2, 0, forged, ...c.splice(2).map((r) => ({ ...r, seq: r.seq + 1n })));
    assert.deepEqual([firstBreak(c)?.seq, firstBreak(c)?.fault], [4n, 'previous_hash_mismatch']);
  });

  it('names changes or details rewritten to the same meaning in other text', () => {
    const c = chainOf(2);
    const r = c[1] as ChainedRecord & { hash: string };
    c[1] = { ...r, changes: JSON.stringify(JSON.parse(r.changes), null, 1) };
    assert.equal(firstBreak(c)?.fault, 'not_canonical');
  });
});

describe('changedFields', () => {
  it('keeps only the fields that differ, bigints compared by value', () => {
    assert.deepEqual(
      changedFields(
        { name: 'ACME', limitMinor: 100n, iban: 'DE89' },
        { name: 'ACME', limitMinor: 100n, iban: 'DE02' },
      ),
      { iban: ['DE89', 'DE02'] },
    );
    assert.deepEqual(changedFields(null, { name: 'ACME' }), { name: [null, 'ACME'] });
  });
});
