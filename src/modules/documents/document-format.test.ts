import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { documentFormat } from './document-format.ts';

const NNBSP = '\u202f'; // narrow no-break space: French digit groups
const NBSP = '\u00a0'; // no-break space: before the currency sign in de and fr

describe('documentFormat: amounts, dates and percentages for the reader’s language', () => {
  it('writes 1,234.56 EUR the way each language does', () => {
    // German: "." groups thousands, "," before the cents, the sign after a no-break space.
    assert.equal(documentFormat('de').money(123456n, 'EUR'), `1.234,56${NBSP}€`);
    // French: a narrow no-break space groups thousands.
    assert.equal(documentFormat('fr').money(123456n, 'EUR'), `1${NNBSP}234,56${NBSP}€`);
    assert.equal(documentFormat('en').money(123456n, 'EUR'), '€1,234.56');
  });

  it('prints each currency with its own decimals and never rounds through a float', () => {
    assert.equal(documentFormat('de').money(1000n, 'JPY'), `1.000${NBSP}¥`);
    assert.equal(documentFormat('en').money(1234567n, 'KWD'), `KWD${NBSP}1,234.567`);
    // 90,071,992,547,409.93 is beyond a double's exact integers in cents: printed exactly.
    assert.equal(documentFormat('en').money(9007199254740993n, 'EUR'), '€90,071,992,547,409.93');
    assert.equal(documentFormat('de').money(-5n, 'EUR'), `-0,05${NBSP}€`);
  });

  it('shows unit prices with the currency decimals at least and up to four more', () => {
    const de = documentFormat('de');
    assert.equal(de.price('20', 'EUR'), `20,00${NBSP}€`);
    assert.equal(de.price('19.9999', 'EUR'), `19,9999${NBSP}€`);
  });

  it('writes dates in each language’s medium style, in UTC whatever the machine’s zone', () => {
    assert.equal(documentFormat('de').date('2026-03-01'), '01.03.2026');
    assert.equal(documentFormat('fr').date('2026-03-01'), '1 mars 2026');
    assert.equal(documentFormat('en').date('2026-03-01'), 'Mar 1, 2026');
    assert.equal(documentFormat('en').date('2024-02-29'), 'Feb 29, 2024');
  });

  it('writes percentages and quantities exactly', () => {
    assert.equal(documentFormat('de').percent('19'), `19${NBSP}%`);
    assert.equal(documentFormat('de').percent('7.7'), `7,7${NBSP}%`);
    assert.equal(documentFormat('en').percent('5.5'), '5.5%');
    assert.equal(documentFormat('fr').decimal('1234.5'), `1${NNBSP}234,5`);
    assert.equal(documentFormat('en').decimal('0.125'), '0.125');
  });

  it('falls back to English formats for a tag Intl does not know', () => {
    const f = documentFormat('xx-QQ');
    assert.equal(f.locale, 'en');
    assert.equal(f.money(123456n, 'EUR'), '€1,234.56');
  });
});
