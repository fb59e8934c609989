import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isUuid, newId } from './ids.ts';

test('newId makes distinct RFC 9562 version 7 UUIDs that sort by creation time', async () => {
  const first = Array.from({ length: 1000 }, newId);
  await new Promise((resolve) => setTimeout(resolve, 2));
  const later = newId();
  for (const id of first) {
    assert.ok(isUuid(id), id);
    assert.equal(id[14], '7', 'version 7');
    assert.match(id[19] ?? '', /[89ab]/, 'RFC variant');
    assert.ok(id < later, 'an id of a later millisecond sorts after');
  }
  assert.equal(new Set(first).size, first.length);
  const ms = Number.parseInt(later.replace(/-/g, '').slice(0, 12), 16);
  assert.ok(Math.abs(ms - Date.now()) < 1000, 'the first 48 bits are the Unix time in ms');
});

test('ids made in the same millisecond increase in the order they were made', () => {
  const ids = Array.from({ length: 20_000 }, newId);
  for (let i = 1; i < ids.length; i++)
    assert.ok((ids[i - 1] as string) < (ids[i] as string), `${ids[i - 1]} < ${ids[i]}`);
  assert.ok(ids.every(isUuid));
});
