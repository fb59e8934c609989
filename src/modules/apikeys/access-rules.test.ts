import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ACCESS_RULES, GRANTED_LEVELS, grantsOf, grantsWithin } from './access-rules.ts';
import { ROLES } from './roles.ts';

describe('access rules', () => {
  it('grants each role a prefix of the levels, so a scope can be a ceiling', () => {
    for (const role of ROLES) {
      const held = grantsOf(role);
      assert.deepEqual(held, GRANTED_LEVELS.slice(0, held.length), role);
    }
  });

  it('keeps templates and settings to admins and deciding disputes from collectors', () => {
    assert.deepEqual(ACCESS_RULES.admin.roles, ['admin']);
    assert.ok(!ACCESS_RULES.write.roles.includes('collector'));
    assert.ok(!ACCESS_RULES.collect.roles.includes('viewer'));
  });

  it('cuts a role at its scope and never lifts it above the role', () => {
    assert.deepEqual(grantsWithin('admin', 'read'), ['read']);
    assert.deepEqual(grantsWithin('credit_manager', 'collect'), ['read', 'collect']);
    assert.deepEqual(grantsWithin('viewer', 'admin'), ['read']);
    assert.deepEqual(grantsWithin('accountant', null), ['read', 'collect', 'write']);
  });
});
