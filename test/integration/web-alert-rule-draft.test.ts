/**
 * The web app's alert-rule form (web/src/pages/settings/alert-rule-draft.ts) sends what the API
 * takes: each kind's body passes the API's own input schema with the values typed (the amount as
 * the decimal string, untouched), a stored rule edits back to the same body, and a blank number is
 * left out so the API names that field — the form holds no rule of its own.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { alertRuleInput } from '../../src/modules/alerts/index.ts';
import {
  ALERT_KINDS,
  type AlertRule,
  bodyOf,
  draftOf,
  EMPTY_DRAFT,
  toggledBody,
} from '../../web/src/pages/settings/alert-rule-draft.ts';

const filled = {
  ...EMPTY_DRAFT,
  name: '  Große Posten über 15 Tage ',
  currency: 'EUR',
  minAmount: ' 10000.5 ',
  minDaysLate: 15,
  minDaysOld: 0,
  minIncreaseDays: 7,
  notifyRoles: ['credit_manager' as const],
};

describe('the web app’s alert-rule form', () => {
  it('sends, for every kind, a body the API’s schema takes, with only that kind’s thresholds', () => {
    const expected = {
      invoice_overdue: { kind: 'invoice_overdue', currency: 'EUR', minAmount: '10000.5', minDaysLate: 15 },
      promise_broken: { kind: 'promise_broken' },
      unapplied_cash: { kind: 'unapplied_cash', minDaysOld: 0 },
      predicted_lateness_jump: { kind: 'predicted_lateness_jump', minIncreaseDays: 7 },
    };
    assert.deepEqual([...ALERT_KINDS].sort(), Object.keys(expected).sort(), 'every kind offered');
    for (const kind of ALERT_KINDS) {
      const body = bodyOf({ ...filled, kind });
      assert.deepEqual(body.params, expected[kind], kind);
      assert.equal(body.name, 'Große Posten über 15 Tage');
      const parsed = alertRuleInput.safeParse(body);
      assert.ok(parsed.success, `${kind}: ${parsed.error?.message}`);
    }
  });

  it('leaves a blank number out, so the API names the field; an amount is sent as typed for the API to judge', () => {
    const blank = alertRuleInput.safeParse(bodyOf({ ...filled, minDaysLate: '' }));
    assert.equal(blank.success, false);
    assert.deepEqual(
      blank.error?.issues.map((i) => i.path.join('.')),
      ['params.minDaysLate'],
    );
    const comma = bodyOf({ ...filled, minAmount: '10.000,00' });
    assert.equal(comma.params.kind === 'invoice_overdue' && comma.params.minAmount, '10.000,00');
    assert.equal(alertRuleInput.safeParse(comma).success, false, 'the API refuses it, not the form');
  });

  it('edits a stored rule back to the same body, and a switch changes only `enabled`', () => {
    const stored: AlertRule = {
      id: '01a24fe7-3bd2-78f1-893e-f318c91d116e',
      name: 'Ältere Zahlungen',
      enabled: true,
      params: { kind: 'unapplied_cash', minDaysOld: 10 },
      notifyCollector: false,
      notifyRoles: ['admin', 'accountant'],
      createdAt: '2026-12-07T09:00:00.000Z',
      updatedAt: '2026-12-07T09:00:00.000Z',
    };
    const body = {
      name: stored.name,
      enabled: true,
      notifyCollector: false,
      notifyRoles: ['admin', 'accountant'],
      params: { kind: 'unapplied_cash', minDaysOld: 10 },
    };
    assert.deepEqual(bodyOf(draftOf(stored)), body);
    assert.deepEqual(toggledBody(stored, false), { ...body, enabled: false });
  });
});
