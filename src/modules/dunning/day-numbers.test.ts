import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { addDays, daysBetween } from '../../shared/calendar-date.ts';
import { dayNumber, daysFrom, plusDays } from './day-numbers.ts';

const dateArb = fc
  .date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2090-12-31T00:00:00Z'), noInvalidDate: true })
  .map((d) => d.toISOString().slice(0, 10));

describe('day numbers', () => {
  it('agree with addDays and daysBetween of shared/calendar-date', () => {
    fc.assert(
      fc.property(dateArb, dateArb, fc.integer({ min: -1000, max: 1000 }), (a, b, n) => {
        assert.equal(plusDays(a, n), addDays(a, n));
        assert.equal(daysFrom(a, b), daysBetween(a, b));
      }),
      { numRuns: 500 },
    );
  });

  it('counts across leap days and refuses dates that do not exist', () => {
    assert.equal(plusDays('2024-02-28', 1), '2024-02-29');
    assert.equal(plusDays('2026-02-28', 1), '2026-03-01');
    assert.equal(daysFrom('2026-01-31', '2026-03-03'), 31);
    assert.equal(dayNumber('1970-01-02'), 1);
    assert.throws(() => dayNumber('2026-02-30'));
    assert.throws(() => dayNumber('2026-1-5'));
  });
});
