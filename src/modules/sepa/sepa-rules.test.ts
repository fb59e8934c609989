/** The pure SEPA rules: creditor id check digits, SEPA characters, TARGET2 days, mandate choice and expiry. */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { mandatePerCustomer, selectInvoices } from './collection-selection.ts';
import { isValidCreditorId } from './creditor-identifier.ts';
import { isMandateExpired } from './mandates.service.ts';
import type { MandateRow } from './sepa.repository.ts';
import { identifierPart, identifierProblem, sepaText } from './sepa-text.ts';
import { easterSunday, isTargetBusinessDay, nextTargetBusinessDay } from './target-calendar.ts';

describe('creditor identifier', () => {
  it('accepts the published examples and refuses a changed check digit or shape', () => {
    // DE98ZZZ09999999999 is the Bundesbank's documented example; AT61ZZZ01234567890 the OeNB's.
    for (const ok of ['DE98ZZZ09999999999', 'de98 zzz0 9999 9999 99', 'AT61ZZZ01234567890'])
      assert.equal(isValidCreditorId(ok), true, ok);
    for (const bad of ['DE97ZZZ09999999999', 'DE98ZZZ0999999999X9', 'DE98ZZ', '', 'D198ZZZ09999999999'])
      assert.equal(isValidCreditorId(bad), false, bad);
  });
  it('ignores the business code in the check (EPC262)', () => {
    assert.equal(isValidCreditorId('DE98ABC09999999999'), true);
  });
});

describe('SEPA character set', () => {
  it('spells out umlauts and ß, writes & as +, drops accents and other characters', () => {
    assert.equal(sepaText('Müller & Söhne GmbH', 70), 'Mueller + Soehne GmbH');
    assert.equal(sepaText('Straße Ærø Łódź café', 70), 'Strasse AEro Lodz cafe');
    assert.equal(sepaText('株式会社', 70), 'NOTPROVIDED');
    assert.equal(sepaText('a   b\t\nc', 70), 'a b c');
    assert.equal(sepaText('x'.repeat(80), 70).length, 70);
  });
  it('checks identifiers without changing them', () => {
    assert.equal(identifierProblem("REF/2025:(A).,'+?-1"), null);
    assert.match(identifierProblem('Müller 1') ?? '', /35 characters/);
    assert.match(identifierProblem('/A') ?? '', /start or end/);
    assert.match(identifierProblem('A//B') ?? '', /\/\//);
    assert.match(identifierProblem('x'.repeat(36)) ?? '', /35/);
    assert.equal(identifierPart('RE 2026/Ä-01', 26), 'RE2026Ae-01');
  });
});

describe('TARGET2 calendar', () => {
  it('knows Easter and the closing days', () => {
    assert.equal(easterSunday(2026), '2026-04-05');
    assert.equal(easterSunday(2027), '2027-03-28');
    assert.equal(isTargetBusinessDay('2026-04-03'), false, 'Good Friday');
    assert.equal(isTargetBusinessDay('2026-04-06'), false, 'Easter Monday');
    assert.equal(isTargetBusinessDay('2026-05-01'), false);
    assert.equal(isTargetBusinessDay('2026-12-26'), false);
    assert.equal(isTargetBusinessDay('2026-04-04'), false, 'Saturday');
    assert.equal(isTargetBusinessDay('2026-04-07'), true);
    assert.equal(nextTargetBusinessDay('2026-04-02'), '2026-04-07');
    assert.equal(nextTargetBusinessDay('2026-12-24'), '2026-12-28');
  });
});

const mandate = (over: Partial<MandateRow>): MandateRow => ({
  tenantId: 't',
  mandateId: 'm',
  customerId: 'c',
  reference: 'R',
  signedOn: '2025-01-01',
  debtorName: 'D',
  iban: 'DE89370400440532013000',
  bic: null,
  scheme: 'CORE',
  sequence: 'FRST',
  status: 'active',
  statusReason: null,
  lastCollectedOn: null,
  amendedFromIban: null,
  createdAt: new Date(0),
  ...over,
});

describe('mandates and selection', () => {
  it('takes the newest active mandate per customer, never a revoked one', () => {
    const chosen = mandatePerCustomer([
      mandate({ mandateId: 'old', signedOn: '2024-01-01' }),
      mandate({ mandateId: 'new', signedOn: '2025-06-01' }),
      mandate({ mandateId: 'revoked', signedOn: '2026-01-01', status: 'revoked' }),
      mandate({ mandateId: 'other', customerId: 'c2', status: 'expired' }),
    ]);
    assert.equal(chosen.get('c')?.mandateId, 'new');
    assert.equal(chosen.has('c2'), false);
  });
  it('expires 36 months after the last use, or the signature when never used', () => {
    assert.equal(isMandateExpired({ signedOn: '2023-03-31', lastCollectedOn: null }, '2026-03-31'), false);
    assert.equal(isMandateExpired({ signedOn: '2023-03-31', lastCollectedOn: null }, '2026-04-01'), true);
    assert.equal(
      isMandateExpired({ signedOn: '2020-01-01', lastCollectedOn: '2025-01-01' }, '2026-04-01'),
      false,
    );
  });
  it('collects what is due and pre-notified, not what another run holds', () => {
    const m = new Map([['c', mandate({})]]);
    const inv = (id: string, issueDate: string, dueDate: string | null) => ({
      invoiceId: id,
      number: id,
      customerId: 'c',
      issueDate,
      dueDate,
      openMinor: 100n,
    });
    const picked = selectInvoices(
      [
        inv('due', '2026-03-01', '2026-03-31'),
        inv('on-day', '2026-03-18', '2026-04-01'),
        inv('later', '2026-03-01', '2026-04-02'),
        inv('too-fresh', '2026-03-19', '2026-03-20'),
        inv('held', '2026-03-01', '2026-03-01'),
        { ...inv('stranger', '2026-03-01', '2026-03-01'), customerId: 'x' },
      ],
      m,
      new Set(['held']),
      '2026-04-01',
      14,
    );
    assert.deepEqual(
      picked.map((p) => p.invoice.invoiceId),
      ['due', 'on-day'],
    );
  });
});
