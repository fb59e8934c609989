import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { level } from '../../../test/helpers/dunning-policies.ts';
import { legacyTemplateLevel, letterTemplateLevel } from './letter-template.ts';

// Two policies as tenants set them up: with a pre-due level (−3, +7, +21, +35) and the most common
// one without (+7, +21, +35), each with keys of the tenant's own (which name no slot) and named ones.
const withPreDue = { levels: [level(1, -3), level(2, 7), level(3, 21), level(4, 35)] };
const withoutPreDue = { levels: [level(1, 7), level(2, 21), level(3, 35)] };

describe('letterTemplateLevel', () => {
  it('a policy without a pre-due level starts with the overdue reminder, not "due soon"', () => {
    const slots = withoutPreDue.levels.map((l) => letterTemplateLevel(l, withoutPreDue, true));
    assert.deepEqual(slots, [2, 3, 4]);
  });

  it('a policy with a pre-due level takes the friendly wording only before the due date', () => {
    const slots = withPreDue.levels.map((l) => letterTemplateLevel(l, withPreDue, l.offsetDays > 0));
    assert.deepEqual(slots, [1, 2, 3, 4]);
  });

  it('a pre-due level caught up after the due date takes the overdue wording', () => {
    const [preDue] = withPreDue.levels;
    assert.ok(preDue);
    assert.equal(letterTemplateLevel(preDue, withPreDue, true), 2);
    assert.equal(letterTemplateLevel({ ...preDue, templateKey: 'friendly' }, withPreDue, true), 2);
    assert.equal(letterTemplateLevel({ ...preDue, templateKey: 'dunning-1' }, withPreDue, true), 2);
  });

  it('the key decides over the position: named keys and dunning-N', () => {
    const first = level(1, 7, { templateKey: 'final' });
    assert.equal(letterTemplateLevel(first, { levels: [first] }, true), 4);
    assert.equal(letterTemplateLevel({ ...first, templateKey: 'dunning-7' }, { levels: [first] }, true), 7);
    assert.equal(letterTemplateLevel({ ...first, templateKey: 'reminder' }, { levels: [first] }, true), 2);
    assert.equal(letterTemplateLevel({ ...first, templateKey: 'collections' }, { levels: [first] }, true), 5);
  });

  it('keys of the tenant own past the ninth overdue level stay at slot 9', () => {
    const levels = Array.from({ length: 12 }, (_, i) => level(i + 1, 10 * (i + 1)));
    const last = levels[11];
    assert.ok(last);
    assert.equal(letterTemplateLevel(last, { levels }, true), 9);
  });
});

describe('legacyTemplateLevel (letters recorded before the slot was kept)', () => {
  it('follows the key, else the level number, never pre-due for overdue items', () => {
    assert.equal(legacyTemplateLevel('reminder', 1, true), 2);
    assert.equal(legacyTemplateLevel('only', 1, true), 2);
    assert.equal(legacyTemplateLevel('only', 1, false), 1);
    assert.equal(legacyTemplateLevel('dunning-4', 1, true), 4);
  });
});
