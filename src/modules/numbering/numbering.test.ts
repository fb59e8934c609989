import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_SERIES } from './numbering.service.ts';
import {
  counterYear,
  formatNumber,
  formatSeriesNumber,
  patternProblem,
  prefixOf,
  seriesNumberReader,
} from './numbering-format.ts';

describe('formatNumber', () => {
  it('pads the value to the series width after the prefix', () => {
    assert.equal(formatNumber('INV-', 6, 1n), 'INV-000001');
    assert.equal(formatNumber('INV-', 6, 42n), 'INV-000042');
    assert.equal(formatNumber('CN-', 6, 999999n), 'CN-999999');
    assert.equal(formatNumber('', 0, 7n), '7');
  });

  it('never truncates a value wider than the padding', () => {
    assert.equal(formatNumber('INV-', 6, 1234567n), 'INV-1234567');
  });

  it('numbers sort as text in issue order within the padding', () => {
    const numbers = [9n, 10n, 99n, 100n, 1000n].map((v) => formatNumber('INV-', 6, v));
    assert.deepEqual([...numbers].sort(), numbers);
  });

  it('seeds the INV, CN and DUN series', () => {
    assert.deepEqual(
      DEFAULT_SERIES.map((s) => formatSeriesNumber(s, 0, 1n)),
      ['INV-000001', 'CN-000001', 'DUN-000001'],
    );
  });
});

describe('series patterns', () => {
  const yearly = { pattern: 'INV-{YYYY}-{seq}', digits: 4 };

  it('formats the year part from the counter year', () => {
    assert.equal(formatSeriesNumber(yearly, 2026, 7n), 'INV-2026-0007');
    assert.equal(formatSeriesNumber({ pattern: '{YYYY}/RE/{seq}', digits: 3 }, 2025, 12n), '2025/RE/012');
    assert.equal(counterYear(yearly.pattern, '2026-12-31'), 2026);
    assert.equal(counterYear('INV-{seq}', '2026-12-31'), 0);
  });

  it('reads numbers of its own form back, and only those', () => {
    const read = seriesNumberReader({ pattern: 'INV-{seq}', digits: 6 });
    assert.deepEqual(read('INV-100003'), { year: 0, value: 100003n });
    assert.deepEqual(read('INV-1234567'), { year: 0, value: 1234567n });
    assert.equal(read('INV-42'), null, 'narrower than the width: never issued by the series');
    assert.equal(read('INV-0000042'), null, 'a leading zero the series never writes');
    assert.equal(read('INV-000000'), null, 'the series starts at 1');
    assert.equal(read('INV-00004a'), null);
    assert.equal(read('inv-000042'), null);
    assert.equal(read('INV–000042'), null, 'an en dash is another prefix');
    assert.equal(read('XINV-000042'), null);
  });

  it('reads the year of a yearly number, wherever the year part stands', () => {
    const read = seriesNumberReader(yearly);
    assert.deepEqual(read('INV-2025-0500'), { year: 2025, value: 500n });
    assert.equal(read('INV-0500'), null);
    const yearLast = seriesNumberReader({ pattern: 'R{seq}/{YYYY}', digits: 2 });
    assert.deepEqual(yearLast('R07/2026'), { year: 2026, value: 7n });
  });

  it('escapes pattern text that means something to a regular expression', () => {
    const read = seriesNumberReader({ pattern: 'A.B+{seq}', digits: 2 });
    assert.deepEqual(read('A.B+10'), { year: 0, value: 10n });
    assert.equal(read('AxBB10'), null);
  });

  it('refuses patterns that cannot number documents unambiguously', () => {
    assert.equal(patternProblem('INV-{seq}'), null);
    assert.equal(patternProblem('INV-{YYYY}-{seq}'), null);
    assert.match(patternProblem('INV-') ?? '', /\{seq\} exactly once/);
    assert.match(patternProblem('{seq}-{seq}') ?? '', /exactly once/);
    assert.match(patternProblem('{YYYY}{YYYY}{seq}') ?? '', /at most once/);
    assert.match(patternProblem('INV-{YY}-{seq}') ?? '', /placeholders/);
    assert.match(patternProblem('INV {seq}') ?? '', /spaces/);
    assert.match(patternProblem('INV2{seq}') ?? '', /non-digit/);
    assert.match(patternProblem('{YYYY}{seq}') ?? '', /non-digit/);
  });

  it('names the prefix: the text before the first placeholder', () => {
    assert.equal(prefixOf('INV-{YYYY}-{seq}'), 'INV-');
    assert.equal(prefixOf('{YYYY}/RE/{seq}'), '');
  });
});
