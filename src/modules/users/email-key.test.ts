import assert from 'node:assert/strict';
import { test } from 'node:test';
import { emailKey } from './email-key.ts';

test('e-mail keys ignore case and match an IDN domain to its A-label', () => {
  assert.equal(emailKey('Ana@Example.COM'), 'ana@example.com');
  assert.equal(emailKey(' Jörg@Müller-Bau.de '), 'jörg@xn--mller-bau-q9a.de');
  assert.equal(emailKey('jörg@xn--mller-bau-q9a.de'), emailKey('JÖRG@müller-bau.de'));
  assert.notEqual(emailKey('ana@example.com'), emailKey('anna@example.com'));
});
