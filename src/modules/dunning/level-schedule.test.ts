import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { invoiceState, level, standardPolicy } from '../../../test/helpers/dunning-policies.ts';
import { earliestAfter, levelDueOn, nextLevelDueOn } from './level-schedule.ts';

const policy = standardPolicy();
const DUE = '2026-03-31';

describe('levelDueOn', () => {
  it('starts with level 1 at due date + its offset (−3: 2026-03-28), not a day earlier', () => {
    const inv = invoiceState('a', DUE);
    assert.equal(levelDueOn(policy, inv, '2026-03-27'), null);
    assert.equal(levelDueOn(policy, inv, '2026-03-28')?.levelNo, 1);
  });

  it('adds the grace days to levels after the due date only', () => {
    const graced = standardPolicy({ graceDays: 3 });
    // Level 1 (−3) ignores grace: 2026-03-28. Level 2 (+7) after L1 on 03-28: offset rule
    // 03-31 + 7 + 3 = 04-10, gap rule 03-28 + 10 = 04-07 → 04-10.
    assert.equal(nextLevelDueOn(graced, invoiceState('a', DUE)), '2026-03-28');
    const afterL1 = invoiceState('a', DUE, { last: { levelNo: 1, offsetDays: -3, sentOn: '2026-03-28' } });
    assert.equal(nextLevelDueOn(graced, afterL1), '2026-04-10');
    assert.equal(levelDueOn(graced, afterL1, '2026-04-09'), null);
    assert.equal(levelDueOn(graced, afterL1, '2026-04-10')?.levelNo, 2);
  });

  it('catches up one level at a time: 40 days late with nothing sent is level 1, not level 4', () => {
    const late = invoiceState('a', DUE);
    assert.equal(levelDueOn(policy, late, '2026-05-10')?.levelNo, 1);
    // L1 went out on 05-10 (day +40); L2 (+7) must wait the 10-day gap: 05-20, though +7 passed long ago.
    const afterL1 = invoiceState('a', DUE, { last: { levelNo: 1, offsetDays: -3, sentOn: '2026-05-10' } });
    assert.equal(nextLevelDueOn(policy, afterL1), '2026-05-20');
    assert.equal(levelDueOn(policy, afterL1, '2026-05-19'), null);
    assert.equal(levelDueOn(policy, afterL1, '2026-05-20')?.levelNo, 2);
  });

  it('keys to the due date when the previous level was on time: L3 at +21 after L2 at +7', () => {
    const afterL2 = invoiceState('a', DUE, { last: { levelNo: 2, offsetDays: 7, sentOn: '2026-04-07' } });
    // 03-31 + 21 = 04-21 and 04-07 + 14 = 04-21.
    assert.equal(nextLevelDueOn(policy, afterL2), '2026-04-21');
  });

  it('never gives a second level on the day of the first, even after the policy changed', () => {
    const sameDay = invoiceState('a', DUE, { last: { levelNo: 1, offsetDays: 30, sentOn: '2026-05-10' } });
    // Recorded offset 30 is above the current level 2 offset 7: the gap is clamped to one day.
    assert.equal(
      earliestAfter({ levelNo: 1, offsetDays: 30, sentOn: '2026-05-10' }, level(2, 7)),
      '2026-05-11',
    );
    assert.equal(levelDueOn(policy, sameDay, '2026-05-10'), null);
    assert.equal(levelDueOn(policy, sameDay, '2026-05-11')?.levelNo, 2);
  });

  it('has nothing after the last level', () => {
    const done = invoiceState('a', DUE, { last: { levelNo: 5, offsetDays: 50, sentOn: '2026-05-20' } });
    assert.equal(nextLevelDueOn(policy, done), null);
    assert.equal(levelDueOn(policy, done, '2027-01-01'), null);
  });
});
