import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { businessDateIn, toInstant } from './business-date.ts';

describe('businessDateIn', () => {
  it('is the date on the wall clock of the zone, not of UTC', () => {
    // 22:30 UTC on 31 March is 00:30 on 1 April in Berlin (CEST, UTC+2 since 29 March 2026)
    // and still 31 March in UTC and in New York (EDT, UTC−4: 18:30).
    const at = new Date('2026-03-31T22:30:00Z');
    assert.equal(businessDateIn(at, 'Europe/Berlin'), '2026-04-01');
    assert.equal(businessDateIn(at, 'UTC'), '2026-03-31');
    assert.equal(businessDateIn(at, 'America/New_York'), '2026-03-31');
  });

  it('follows daylight saving: 22:30 UTC is the next day in Berlin in summer time, the same day in winter time', () => {
    // Berlin is UTC+2 until 25 October 2026 01:00 UTC, UTC+1 after it.
    assert.equal(businessDateIn(new Date('2026-10-24T22:30:00Z'), 'Europe/Berlin'), '2026-10-25');
    assert.equal(businessDateIn(new Date('2026-10-25T22:30:00Z'), 'Europe/Berlin'), '2026-10-25');
  });
});

describe('toInstant', () => {
  it('reads Dates, PostgreSQL timestamptz text and nothing else', () => {
    assert.equal(toInstant('2026-12-01 19:24:45.455+00')?.toISOString(), '2026-12-01T19:24:45.455Z');
    assert.equal(toInstant('2026-12-01 19:24:45+05:30')?.toISOString(), '2026-12-01T13:54:45.000Z');
    const d = new Date('2026-01-02T03:04:05Z');
    assert.equal(toInstant(d), d);
    assert.equal(toInstant(null), null);
    assert.equal(toInstant('not a time'), null);
  });
});
