import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parsePaymentTerms } from '../terms/payment-terms.ts';
import { addressLines } from './document-address.ts';
import { documentFormat } from './document-format.ts';
import { DOCUMENT_LANGUAGES, documentLanguage, fill, labelled, labelsFor } from './document-labels.ts';
import { termsInWords } from './document-terms.ts';

describe('document labels', () => {
  it('has every label in every language, and the same blanks in each translation', () => {
    const blanks = (text: string) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();
    const english = labelsFor('en');
    for (const language of DOCUMENT_LANGUAGES) {
      const labels = labelsFor(language);
      for (const [key, text] of Object.entries(english)) {
        const translated = labels[key as keyof typeof labels];
        assert.ok(translated.length > 0, `${language}.${key} is empty`);
        assert.deepEqual(blanks(translated), blanks(text), `${language}.${key} has other blanks`);
      }
    }
  });

  it('uses the primary language of a tag; anything but en, de, fr gets English labels', () => {
    assert.equal(documentLanguage('de-AT'), 'de');
    assert.equal(documentLanguage('FR'), 'fr');
    assert.equal(documentLanguage('pl'), 'en');
    assert.equal(documentLanguage('el'), 'en');
  });

  it('fills named blanks and leaves unknown ones visible', () => {
    assert.equal(fill('Page {page} of {pages}', { page: 1, pages: 3 }), 'Page 1 of 3');
    assert.equal(fill('{a} {b}', { a: 'x' }), 'x {b}');
  });

  it('puts a no-break space before the colon in French only', () => {
    assert.equal(labelled(labelsFor('en'), 'IBAN', 'X'), 'IBAN: X');
    assert.equal(labelled(labelsFor('fr'), 'IBAN', 'X'), 'IBAN\u00a0: X');
  });
});

describe('payment terms in words', () => {
  const cases: [string, string, string, string][] = [
    // code, English (the terms module's wording), German, French
    ['NET30', 'Net 30 days', 'Zahlbar innerhalb von 30 Tagen ohne Abzug', 'Paiement à 30 jours'],
    ['NET1', 'Net 1 day', 'Zahlbar innerhalb von 1 Tag ohne Abzug', 'Paiement à 1 jour'],
    ['NET0', 'Net 0 days', 'Zahlbar sofort', 'Payable comptant'],
    ['EOM', 'Due at end of month', 'Zahlbar zum Monatsende', 'Payable en fin de mois'],
    [
      'NET30 EOM',
      'Net 30 days after end of month',
      'Zahlbar 30 Tage nach Monatsende',
      'Paiement à 30 jours fin de mois',
    ],
    ['DUE_ON_RECEIPT', 'Due on receipt', 'Zahlbar sofort nach Erhalt', 'Payable à réception'],
    ['PREPAY', 'Payment in advance', 'Zahlung im Voraus', 'Paiement d’avance'],
    [
      '2/10 NET30',
      '2% discount within 10 days, net 30 days',
      '2\u00a0% Skonto bei Zahlung innerhalb von 10 Tagen, 30 Tage netto',
      'Escompte de 2\u00a0% pour paiement sous 10 jours, net à 30 jours',
    ],
  ];
  for (const [code, en, de, fr] of cases)
    it(`${code} reads right in en, de and fr`, () => {
      const terms = parsePaymentTerms(code);
      assert.equal(termsInWords(terms, 'en', documentFormat('en')), en);
      assert.equal(termsInWords(terms, 'de', documentFormat('de')), de);
      assert.equal(termsInWords(terms, 'fr', documentFormat('fr')), fr);
    });
});

describe('addressLines', () => {
  it('prints street, postal code and city, then the country by name in the reader’s language', () => {
    const address = { city: 'Łódź', street: 'ul. Żółkiewskiego 5', postalCode: '90-001', country: 'PL' };
    assert.deepEqual(addressLines(address, null, 'de'), ['ul. Żółkiewskiego 5', '90-001 Łódź', 'Polen']);
    assert.deepEqual(addressLines(address, null, 'fr'), ['ul. Żółkiewskiego 5', '90-001 Łódź', 'Pologne']);
  });

  it('keeps unknown parts after the street, and uses the fallback country when the address has none', () => {
    const address = { street: 'Hauptstraße 1', building: 'Haus B', city: 'Berlin', postalCode: '10115' };
    assert.deepEqual(addressLines(address, 'DE', 'en'), [
      'Hauptstraße 1',
      'Haus B',
      '10115 Berlin',
      'Germany',
    ]);
    assert.deepEqual(addressLines(null, null, 'en'), []);
  });
});
