import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  generatePassword,
  hashPassword,
  needsRehash,
  SCRYPT_PARAMS,
  verifyPassword,
} from './password-hash.ts';

/** Cheap parameters where a test hashes often; the production ones are checked once below. */
const CHEAP = { N: 2 ** 10, r: 8, p: 1 };

test('a hash carries its parameters and a random salt, and verifies only its password', async () => {
  const a = await hashPassword('correct horse battery', CHEAP);
  const b = await hashPassword('correct horse battery', CHEAP);
  assert.match(a, /^scrypt\$N=1024,r=8,p=1\$[A-Za-z0-9_-]{22}\$[A-Za-z0-9_-]{43}$/);
  assert.notEqual(a, b, 'each hash has its own salt');
  assert.equal(await verifyPassword('correct horse battery', a), true);
  assert.equal(await verifyPassword('correct horse batterY', a), false);
  assert.equal(await verifyPassword('', a), false);
});

test('the production parameters are memory-hard: N = 2^15, r = 8 (32 MiB per hash)', async () => {
  assert.deepEqual(SCRYPT_PARAMS, { N: 32768, r: 8, p: 1 });
  assert.equal(128 * SCRYPT_PARAMS.N * SCRYPT_PARAMS.r, 32 * 1024 * 1024);
  const encoded = await hashPassword('demo-admin');
  assert.ok(encoded.startsWith('scrypt$N=32768,r=8,p=1$'));
  assert.equal(await verifyPassword('demo-admin', encoded), true);
});

test('old hashes still verify with their own parameters and ask to be rehashed', async () => {
  const weak = await hashPassword('a long passphrase', CHEAP);
  assert.equal(await verifyPassword('a long passphrase', weak), true);
  assert.equal(needsRehash(weak), true);
  assert.equal(needsRehash(weak, CHEAP), false);
});

test('a malformed or foreign hash never verifies', async () => {
  for (const bad of [
    '',
    'plain',
    'scrypt$N=1000,r=8,p=1$abc$def',
    '$2b$10$abcdefghijklmnopqrstuv',
    'scrypt$N=1024,r=8,p=1$$',
  ])
    assert.equal(await verifyPassword('plain', bad), false, bad);
});

test('passwords are compared after Unicode normalisation (NFC)', async () => {
  const composed = 'Jörg-passwort';
  const decomposed = 'Jo\u0308rg-passwort';
  assert.equal(await verifyPassword(decomposed, await hashPassword(composed, CHEAP)), true);
});

test('generated passwords: 4 groups of 5 from a 32-letter alphabet without look-alikes, all different', () => {
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) {
    const p = generatePassword();
    assert.match(p, /^[a-km-np-z2-9]{5}(-[a-km-np-z2-9]{5}){3}$/);
    seen.add(p);
  }
  assert.equal(seen.size, 200);
});
