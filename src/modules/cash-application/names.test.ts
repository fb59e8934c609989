import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { jaroWinkler, legalFormOf, legalFormRelation, nameSimilarity, nameTokens } from './names.ts';

describe('nameTokens', () => {
  it('transliterates, lower-cases, drops punctuation and legal forms', () => {
    assert.deepEqual(nameTokens('Müller & Söhne GmbH & Co. KG'), ['mueller', 'soehne']);
    assert.deepEqual(nameTokens('ÉTABLISSEMENTS DUPONT S.A.S.'), ['etablissements', 'dupont']);
    assert.deepEqual(nameTokens('Straße-Bau AG'), ['strasse', 'bau']);
    assert.deepEqual(
      nameTokens('The Holding Group Ltd'),
      ['the', 'holding', 'group', 'ltd'],
      'only noise: keep it',
    );
  });
});

describe('nameSimilarity', () => {
  const same: [string, string][] = [
    ['Acme Trading GmbH', 'ACME TRADING'],
    ['Müller & Söhne GmbH', 'MUELLER UND SOEHNE GMBH'],
    ['Établissements Dupont SAS', 'ETABLISSEMENTS DUPONT'],
    ['Northwind Technologies Incorporated', 'NORTHWIND TECHNOLOGIES INC'],
    ['Van der Berg Logistics B.V.', 'VAN DER BERG LOGISTI'],
    ['Castell Schweiz AG', 'Schweiz Castell'],
    ['Bäckerei Schmidt', 'Baeckerei Schmitd'],
  ];
  for (const [a, b] of same)
    it(`finds "${a}" and "${b}" alike (≥ 0.85)`, () => {
      assert.ok(nameSimilarity(a, b) >= 0.85, `${nameSimilarity(a, b)}`);
    });

  const different: [string, string][] = [
    ['Acme Trading GmbH', 'Beta Logistics Ltd'],
    ['Northwind Technologies', 'Southwind Foods'],
    ['Castell Schweiz AG', 'Castello Italia SpA'],
    ['Schmidt GmbH', 'Schneider GmbH'],
  ];
  for (const [a, b] of different)
    it(`keeps "${a}" and "${b}" apart (< 0.75)`, () => {
      assert.ok(nameSimilarity(a, b) < 0.75, `${nameSimilarity(a, b)}`);
    });

  it('is 0 for empty names and 1 for the same name', () => {
    assert.equal(nameSimilarity('', 'Acme'), 0);
    assert.equal(nameSimilarity('Acme GmbH', 'Acme GmbH'), 1);
  });
});

describe('jaroWinkler', () => {
  it('gives the textbook values', () => {
    assert.equal(jaroWinkler('martha', 'marhta').toFixed(4), '0.9611');
    assert.equal(jaroWinkler('dixon', 'dicksonx').toFixed(4), '0.8133');
    assert.equal(jaroWinkler('abc', 'xyz'), 0);
  });
});

describe('legalFormOf', () => {
  const cases: [string, string, boolean][] = [
    ['Silverline Foods LLC', 'llc', false],
    ['Silverline Foods SARL', 'sarl', false],
    ['Baltic Retail N.V.', 'nv', false],
    ['Baltic Retail Corporation', 'corp', false],
    ['BALTIC RETAIL CORP.', 'corp', false],
    ['Müller Bau GmbH & Co. KG', 'gmbh co kg', false],
    ['MUELLER BAU GMBH CO KG', 'gmbh co kg', false],
    ['MUELLER SUED BAU GMBH & C', 'gmbh', true],
    ['Polaris Technik Sp. z o.o.', 'sp zoo', false],
    ['Taylor Direct S.p.A.', 'spa', false],
    ['PAYPAL EUROPE S.A.R.L. ET CIE S.C.A', 'sarl cie sca', false],
    ['Silverline Foods', '', false],
    ['Acme Holding AG', 'ag', false],
    ['AG', '', false],
  ];
  for (const [name, form, cut] of cases)
    it(`reads "${name}" as "${form}"${cut ? ' (cut)' : ''}`, () => {
      assert.deepEqual(legalFormOf(name), { form, cut });
    });
});

describe('legalFormRelation', () => {
  it('same, unknown or different', () => {
    assert.equal(legalFormRelation(legalFormOf('SILVERLINE FOODS LLC'), ['llc']), 'same');
    assert.equal(legalFormRelation(legalFormOf('SILVERLINE FOODS LLC'), ['sarl']), 'different');
    assert.equal(legalFormRelation(legalFormOf('SILVERLINE FOODS'), ['sarl']), 'unknown');
    assert.equal(legalFormRelation(legalFormOf('Silverline Foods LLC'), ['']), 'unknown');
    assert.equal(legalFormRelation(legalFormOf('MUELLER BAU GMBH & C'), ['gmbh co kg']), 'same');
    assert.equal(
      legalFormRelation(legalFormOf('MUELLER BAU GMBH & C'), ['gmbh']),
      'same',
      'cut: only its start is known',
    );
    assert.equal(legalFormRelation(legalFormOf('MUELLER BAU GMBH & C'), ['ag']), 'different');
    assert.equal(legalFormRelation(legalFormOf('Acme GmbH'), ['ag', 'gmbh']), 'same', 'any of its names');
    assert.equal(
      legalFormRelation(legalFormOf('RHEINLAND CHEMIE UK GMBH'), ['gmbh co kg']),
      'unknown',
      'the bank may have cut "& Co. KG" off',
    );
    assert.equal(legalFormRelation(legalFormOf('RHEINLAND CHEMIE UK AG'), ['gmbh co kg']), 'different');
  });
});
