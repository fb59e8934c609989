import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newSigningKey, parseLinkToken, signatureMatches, signLinkToken } from './portal-token.ts';

const tenant = '0f0e0d0c-0b0a-4908-8706-050403020100';
const other = '11111111-2222-4333-8444-555555555555';
const link = '9d3c2b1a-0000-4fff-8eee-abcdefabcdef';
const expires = new Date('2027-02-05T10:00:00.750Z');

test('a token names its link and expiry and verifies under its key and tenant only', () => {
  const key = newSigningKey();
  const token = signLinkToken(key, tenant, link, expires);
  const claim = parseLinkToken(token);
  assert.ok(claim);
  assert.equal(claim.linkId, link);
  assert.equal(claim.expiresAtSeconds, Math.floor(expires.getTime() / 1000));
  assert.equal(signatureMatches(key, tenant, claim), true);
  assert.equal(signatureMatches(key, other, claim), false, 'another tenant');
  assert.equal(signatureMatches(newSigningKey(), tenant, claim), false, 'another key');
});

test('a changed id, expiry or signature does not verify; malformed tokens do not parse', () => {
  const key = newSigningKey();
  const [id, expiry, sig] = signLinkToken(key, tenant, link, expires).split('.') as [string, string, string];
  const otherId = signLinkToken(key, tenant, other, expires).split('.')[0];
  const flip = (s: string) => (s[0] === 'A' ? 'B' : 'A') + s.slice(1);
  for (const tampered of [
    `${otherId}.${expiry}.${sig}`,
    `${id}.${Number(expiry) + 86400}.${sig}`,
    `${id}.${expiry}.${flip(sig)}`,
  ]) {
    const claim = parseLinkToken(tampered);
    assert.ok(claim, tampered);
    assert.equal(signatureMatches(key, tenant, claim), false, tampered);
  }
  for (const bad of [
    '',
    'a.b.c',
    `${id}.${expiry}`,
    `${id}.${expiry}.${sig}.x`,
    `${id}.-1.${sig}`,
    `${id}x.${expiry}.${sig}`,
  ])
    assert.equal(parseLinkToken(bad), null, bad);
});
