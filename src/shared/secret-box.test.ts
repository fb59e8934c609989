import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  openSecret,
  parseSecretKey,
  resealForRotation,
  resealSecret,
  type SecretKeyring,
  SecretOpenError,
  sealSecret,
  secretKeyIdOf,
} from './secret-box.ts';

const newKey = () => parseSecretKey(randomBytes(32).toString('base64'));
const ring = (): SecretKeyring => ({ current: newKey(), previous: null });
const scope = { tenantId: '0193a8f0-0000-7000-8000-000000000001', purpose: 'smtp.password' };

describe('secret box', () => {
  it('round-trips, with a fresh nonce each time and the key id in the envelope', () => {
    const keys = ring();
    const a = sealSecret(keys, scope, 'hunter2 – pässwört');
    const b = sealSecret(keys, scope, 'hunter2 – pässwört');
    assert.notEqual(a, b);
    assert.equal(openSecret(keys, scope, a), 'hunter2 – pässwört');
    assert.equal(secretKeyIdOf(a), keys.current.id);
    assert.match(a, /^v1:[A-Za-z0-9_-]{12}:[A-Za-z0-9_-]{16}:[A-Za-z0-9_-]+$/);
    assert.ok(!a.includes('hunter2'));
  });

  it('refuses another key (same id forged too)', () => {
    const keys = ring();
    const sealed = sealSecret(keys, scope, 'secret');
    assert.throws(() => openSecret(ring(), scope, sealed), SecretOpenError);
    const forged: SecretKeyring = { current: { id: keys.current.id, key: randomBytes(32) }, previous: null };
    assert.throws(() => openSecret(forged, scope, sealed), /does not open/);
  });

  it('refuses a tampered ciphertext, nonce or tag', () => {
    const keys = ring();
    const sealed = sealSecret(keys, scope, 'secret value');
    const [v, id, nonce, body] = sealed.split(':') as [string, string, string, string];
    const flip = (text: string, at: number) => {
      const bytes = Buffer.from(text, 'base64url');
      bytes[at] = (bytes[at] ?? 0) ^ 1;
      return bytes.toString('base64url');
    };
    for (const bad of [
      [v, id, nonce, flip(body, 0)],
      [v, id, nonce, flip(body, Buffer.from(body, 'base64url').length - 1)],
      [v, id, flip(nonce, 3), body],
    ])
      assert.throws(() => openSecret(keys, scope, bad.join(':')), SecretOpenError);
    assert.throws(() => openSecret(keys, scope, 'plain text'), /not a sealed secret/);
  });

  it('refuses a ciphertext moved to another tenant or purpose (AAD)', () => {
    const keys = ring();
    const sealed = sealSecret(keys, scope, 'secret');
    assert.throws(() =>
      openSecret(keys, { ...scope, tenantId: '0193a8f0-0000-7000-8000-000000000002' }, sealed),
    );
    assert.throws(() => openSecret(keys, { ...scope, purpose: 'webhook.secret' }, sealed));
  });

  it('a rotation refuses a secret that opens with neither key: invalid_state naming the owner, never the secret', () => {
    const sealed = sealSecret(ring(), scope, 'hunter2');
    const other = ring();
    assert.throws(
      () => resealForRotation(other, scope, sealed, 'tenant T, webhook endpoint E'),
      (e: Error & { code?: string }) =>
        e.code === 'invalid_state' &&
        /^tenant T, webhook endpoint E: the stored smtp\.password .*; nothing was rotated$/.test(e.message) &&
        !e.message.includes('hunter2'),
    );
    assert.equal(
      secretKeyIdOf(resealForRotation(other, scope, sealSecret(other, scope, 'x'), 'T')),
      other.current.id,
    );
  });

  it('rotates: the previous key still opens, resealing moves to the current key', () => {
    const old = ring();
    const sealed = sealSecret(old, scope, 'secret');
    const rotated: SecretKeyring = { current: newKey(), previous: old.current };
    assert.equal(openSecret(rotated, scope, sealed), 'secret');
    const resealed = resealSecret(rotated, scope, sealed);
    assert.equal(secretKeyIdOf(resealed), rotated.current.id);
    assert.equal(resealSecret(rotated, scope, resealed), resealed);
    assert.equal(openSecret({ current: rotated.current, previous: null }, scope, resealed), 'secret');
    assert.throws(() => openSecret({ current: rotated.current, previous: null }, scope, sealed), /neither/);
  });

  it('parses keys strictly, never echoing the text', () => {
    assert.equal(newKey().key.length, 32);
    const urlSafe = randomBytes(32).toString('base64url');
    assert.equal(parseSecretKey(urlSafe).key.length, 32);
    assert.throws(() => parseSecretKey('c2hvcnQ='), /got 5 bytes/);
    assert.throws(
      () => parseSecretKey('not base64 at all!'),
      (e: Error) => !e.message.includes('not base64') && /openssl rand -base64 32/.test(e.message),
    );
  });

  it('round-trips any string (property)', () => {
    const keys = ring();
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), fc.string({ minLength: 1 }), (text, purpose) => {
        const s = { tenantId: scope.tenantId, purpose };
        return openSecret(keys, s, sealSecret(keys, s, text)) === text;
      }),
      { numRuns: 300 },
    );
  });
});
