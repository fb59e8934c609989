/** One language per document: the customer's when it has labels, else the company's, else English; a locale of that language. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { firstAvailableLanguage, localeFor } from '../../shared/locale.ts';
import { documentFormat } from './document-format.ts';
import { documentReading } from './document-language.ts';

const reader = (language: string, country: string | null, addressCountry?: string) => ({
  language,
  country,
  billingAddress: addressCountry ? { city: 'X', country: addressCountry } : null,
});

describe('document language', () => {
  it('takes the customer’s language when it has labels, with the customer’s own locale', () => {
    assert.deepEqual(documentReading(reader('de-CH', 'CH'), 'en', 'DE'), { language: 'de', locale: 'de-CH' });
    assert.deepEqual(documentReading(reader('fr', 'BE'), 'de', 'DE'), { language: 'fr', locale: 'fr-BE' });
    assert.deepEqual(documentReading(reader('EN', null), 'de', 'DE'), { language: 'en', locale: 'en-DE' });
  });

  it('falls back as a whole to the company’s language, then to English, in the customer’s country', () => {
    assert.deepEqual(documentReading(reader('it', 'IT'), 'de', 'DE'), { language: 'de', locale: 'de-IT' });
    assert.deepEqual(documentReading(reader('it', null, 'IT'), null, 'DE'), {
      language: 'en',
      locale: 'en-IT',
    });
    // The company writes Italian templates but cashloop has no Italian labels: English.
    assert.deepEqual(documentReading(reader('pl', 'PL'), 'it', 'DE'), { language: 'en', locale: 'en-PL' });
  });

  it('formats dates and amounts in the chosen language, never in the customer’s', () => {
    const english = documentFormat(documentReading(reader('it', 'IT'), null, 'DE').locale);
    assert.equal(english.date('2026-05-26'), '26 May 2026');
    assert.equal(english.money(146033n, 'EUR'), '€1,460.33');
    const german = documentFormat(documentReading(reader('it', 'IT'), 'de', 'DE').locale);
    assert.equal(german.date('2026-05-26'), '26.05.2026');
    assert.equal(german.money(146033n, 'EUR').replace(/\s/g, ' '), '1.460,33 €');
  });

  it('picks the first available language of a list of tags, and locales only of that language', () => {
    assert.equal(firstAvailableLanguage(['it-IT', null, 'de'], ['en', 'de', 'fr'], 'en'), 'de');
    assert.equal(firstAvailableLanguage(['', 'x-klingon'], ['en', 'de'], 'en'), 'en');
    assert.equal(localeFor('en', 'it', 'IT'), 'en-IT');
    assert.equal(localeFor('de', 'de-AT', 'AT'), 'de-AT');
    assert.equal(localeFor('fr', 'it', null), 'fr');
  });
});
