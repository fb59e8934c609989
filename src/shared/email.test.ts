import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { envelopeAddress, isEmailAddress, needsSmtpUtf8 } from './email.ts';

describe('isEmailAddress', () => {
  it('accepts ASCII addresses', () => {
    for (const a of ['ap@example.com', 'first.last+tag@sub.example.co.uk', "o'brien@example.ie", 'a@b.de'])
      assert.ok(isEmailAddress(a), a);
  });

  it('accepts international domains, in U-label and A-label form', () => {
    for (const a of [
      'ap@müller-bau.de',
      'buchhaltung@bäckerei.at',
      'ap@xn--mller-bau-q9a.de',
      'info@例え.jp',
    ])
      assert.ok(isEmailAddress(a), a);
  });

  it('accepts unicode local parts (RFC 6531)', () => {
    for (const a of [
      'jörg@example.de',
      'jörg@müller-bau.de',
      'δοκιμή@παράδειγμα.δοκιμή',
      'użytkownik@example.pl',
    ])
      assert.ok(isEmailAddress(a), a);
  });

  it('refuses plainly malformed addresses', () => {
    for (const a of [
      'ap@@x',
      'ap@',
      '@x.de',
      'a b@x.de',
      'ap@-x.de',
      'ap@x-.de',
      'ap@x',
      'ap@x..de',
      '.ap@x.de',
      'ap.@x.de',
      'a..p@x.de',
      'ap@x.de ',
      ' ap@x.de',
      'ap@x.123',
      'ap@x_y.de',
      'ap\u0000@x.de',
      'ap\u00a0x@x.de',
      'ap@x.de\n',
      'ap',
      '',
      `${'a'.repeat(65)}@x.de`,
      `ap@${'a'.repeat(64)}.de`,
    ])
      assert.equal(isEmailAddress(a), false, JSON.stringify(a));
  });
});

describe('envelopeAddress', () => {
  it('puts the domain in its A-label form and keeps the local part', () => {
    assert.equal(envelopeAddress('ap@müller-bau.de'), 'ap@xn--mller-bau-q9a.de');
    assert.equal(envelopeAddress('buchhaltung@bäckerei.at'), 'buchhaltung@xn--bckerei-5wa.at');
    assert.equal(envelopeAddress('jörg@example.de'), 'jörg@example.de');
    assert.equal(envelopeAddress('ap@example.com'), 'ap@example.com');
  });

  it('says which addresses need SMTPUTF8', () => {
    assert.equal(needsSmtpUtf8('jörg@example.de'), true);
    assert.equal(needsSmtpUtf8('ap@müller-bau.de'), false);
  });
});
