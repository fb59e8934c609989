import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatIban, groupsOfFour, ibanLengthFor, isValidIban, mod97, normalizeIban } from './iban.ts';

/** Example IBANs published in the SWIFT IBAN registry and the Wikipedia IBAN article. */
const PUBLISHED = [
  'GB82 WEST 1234 5698 7654 32',
  'GB29 NWBK 6016 1331 9268 19',
  'DE89 3704 0044 0532 0130 00',
  'FR14 2004 1010 0505 0001 3M02 606',
  'NL91 ABNA 0417 1643 00',
  'BE68 5390 0754 7034',
  'AT61 1904 3002 3457 3201',
  'CH93 0076 2011 6238 5295 7',
  'ES91 2100 0418 4502 0005 1332',
  'IT60 X054 2811 1010 0000 0123 456',
  'NO93 8601 1117 947',
  'MT84 MALT 0110 0001 2345 MTLC AST0 01S',
  'SE45 5000 0000 0583 9825 7466',
  'PL61 1090 1014 0000 0712 1981 2874',
  'FI21 1234 5600 0007 85',
  'DK50 0040 0440 1162 43',
  'IE29 AIBK 9311 5212 3456 78',
  'PT50 0002 0123 1234 5678 9015 4',
  'LU28 0019 4006 4475 0000',
  'LI21 0881 0000 2324 013A A',
  'HR12 1001 0051 8630 0016 0',
  'SA03 8000 0000 6080 1016 7519',
  'BR18 0036 0305 0000 1000 9795 493C 1',
];

describe('normalizeIban', () => {
  it('removes all whitespace and upper-cases', () => {
    assert.equal(normalizeIban(' gb82 west 1234 5698 7654 32 '), 'GB82WEST12345698765432');
    assert.equal(normalizeIban('DE89\t3704\u00a00044 0532\n0130 00'), 'DE89370400440532013000');
    assert.equal(normalizeIban(''), '');
  });
});

describe('isValidIban', () => {
  it('accepts published example IBANs, printed or electronic', () => {
    for (const iban of PUBLISHED) {
      assert.equal(isValidIban(iban), true, iban);
      assert.equal(isValidIban(iban.replace(/ /g, '')), true, iban);
      assert.equal(isValidIban(iban.toLowerCase()), true, iban);
    }
  });

  it('rejects a single mistyped character', () => {
    assert.equal(isValidIban('GB82 WEST 1234 5698 7654 33'), false);
    assert.equal(isValidIban('DE89 3704 0044 0532 0130 01'), false);
    assert.equal(isValidIban('FR14 2004 1010 0505 0001 3M02 607'), false);
    assert.equal(isValidIban('NL91 ABNB 0417 1643 00'), false);
    assert.equal(isValidIban('BE68 5390 0754 7035'), false);
  });

  it('rejects wrong check digits', () => {
    assert.equal(isValidIban('GB83 WEST 1234 5698 7654 32'), false);
    assert.equal(isValidIban('DE88 3704 0044 0532 0130 00'), false);
  });

  it('rejects two swapped adjacent characters', () => {
    assert.equal(isValidIban('GB82 WEST 1234 5698 7654 23'), false);
    assert.equal(isValidIban('DE89 3704 0044 0523 0130 00'), false);
    assert.equal(isValidIban('BE68 5390 0754 0734'), false);
  });

  it('rejects a wrong length for the country', () => {
    assert.equal(isValidIban('GB82 WEST 1234 5698 7654 3'), false);
    assert.equal(isValidIban('GB82 WEST 1234 5698 7654 320'), false);
    // A valid Belgian IBAN body under the Dutch prefix is too short for NL.
    assert.equal(isValidIban('NL68 5390 0754 7034'), false);
  });

  it('rejects unknown countries and malformed shapes', () => {
    assert.equal(isValidIban('US82 WEST 1234 5698 7654 32'), false);
    assert.equal(isValidIban('XX82 WEST 1234 5698 7654 32'), false);
    assert.equal(isValidIban('1B82 WEST 1234 5698 7654 32'), false);
    assert.equal(isValidIban('GBX2 WEST 1234 5698 7654 32'), false);
    assert.equal(isValidIban('GB82-WEST-1234-5698-7654-32'), false);
    assert.equal(isValidIban('GB82 WÉST 1234 5698 7654 32'), false);
    assert.equal(isValidIban(''), false);
    assert.equal(isValidIban('GB'), false);
  });

  it('rejects check digits 00, 01 and 99 even when the remainder is 1', () => {
    // Check digits 97/98 are congruent to 00/01 mod 97, so swapping them keeps the remainder 1;
    // ISO 13616 allows only 02–98. DE98… and DE97… below are valid (computed independently).
    assert.equal(isValidIban('DE98 3704 0044 0532 0130 32'), true);
    assert.equal(isValidIban('DE01 3704 0044 0532 0130 32'), false);
    assert.equal(isValidIban('DE97 3704 0044 0532 0130 50'), true);
    assert.equal(isValidIban('DE00 3704 0044 0532 0130 50'), false);
  });
});

describe('ibanLengthFor', () => {
  it('knows SEPA and other registered countries', () => {
    assert.equal(ibanLengthFor('NO'), 15);
    assert.equal(ibanLengthFor('BE'), 16);
    assert.equal(ibanLengthFor('DE'), 22);
    assert.equal(ibanLengthFor('FR'), 27);
    assert.equal(ibanLengthFor('MT'), 31);
    assert.equal(ibanLengthFor('LC'), 32);
  });

  it('is null for countries without IBANs and non-codes', () => {
    assert.equal(ibanLengthFor('US'), null);
    assert.equal(ibanLengthFor('de'), null);
    assert.equal(ibanLengthFor('toString'), null);
    assert.equal(ibanLengthFor(''), null);
  });
});

describe('formatIban', () => {
  it('prints in groups of four', () => {
    assert.equal(formatIban('DE89370400440532013000'), 'DE89 3704 0044 0532 0130 00');
    assert.equal(formatIban('be68539007547034'), 'BE68 5390 0754 7034');
    assert.equal(formatIban(' FR14 2004 10100505 00013M02606'), 'FR14 2004 1010 0505 0001 3M02 606');
  });

  it('is idempotent and matches the published print form', () => {
    for (const iban of PUBLISHED) {
      assert.equal(formatIban(iban), iban);
      assert.equal(formatIban(formatIban(iban)), iban);
    }
  });
});

describe('groupsOfFour', () => {
  it('splits from the left', () => {
    assert.equal(groupsOfFour('ABCDEFGHIJ'), 'ABCD EFGH IJ');
    assert.equal(groupsOfFour('ABCD'), 'ABCD');
    assert.equal(groupsOfFour(''), '');
  });
});

describe('mod97', () => {
  it('matches the worked example for GB82 WEST 1234 5698 7654 32', () => {
    // Wikipedia: rearranged and converted to 3214282912345698765432161182, remainder 1.
    assert.equal(mod97('3214282912345698765432161182'), 1);
    assert.equal(mod97('WEST12345698765432GB82'), 1);
  });

  it('reduces small numbers directly', () => {
    assert.equal(mod97('0'), 0);
    assert.equal(mod97('96'), 96);
    assert.equal(mod97('97'), 0);
    assert.equal(mod97('98'), 1);
    assert.equal(mod97('A'), 10);
    assert.equal(mod97('Z'), 35);
  });

  it('agrees with bigint arithmetic on a long number', () => {
    const digits = '123456789012345678901234567890123456789012345678901234567890';
    assert.equal(mod97(digits), Number(BigInt(digits) % 97n));
  });

  it('rejects characters outside 0–9 and A–Z', () => {
    assert.throws(() => mod97('ab'));
    assert.throws(() => mod97('1 2'));
  });
});
