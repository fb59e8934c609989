import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import {
  MAX_SUBJECT_CHARS,
  OVERRUNS_BEFORE_SUSPENSION,
  patternProblem,
  SafePattern,
  subjectOf,
} from './safe-pattern.ts';

describe('patternProblem', () => {
  it('refuses the constructs without a linear-time algorithm, naming them', () => {
    assert.match(patternProblem('(ab)\\1') ?? '', /backreference/);
    assert.match(patternProblem('(?<n>ab)\\k<n>') ?? '', /named backreference/);
    assert.match(patternProblem('Beleg (?=\\d)') ?? '', /lookahead/);
    assert.match(patternProblem('Beleg (?!0)\\d+') ?? '', /lookahead/);
    assert.match(patternProblem('(?<=RE )\\d+') ?? '', /lookbehind/);
    assert.match(patternProblem('(?<!RE )\\d+') ?? '', /lookbehind/);
    assert.match(patternProblem('a{2,1001}') ?? '', /repeat count/);
    assert.match(patternProblem('([') ?? '', /not a valid regular expression/);
  });

  it('accepts what rules are made of, nested quantifiers included (they run in linear time)', () => {
    for (const ok of [
      '(a+)+$',
      '^stripe',
      'Beleg\\s*(\\d+)',
      '(?<nr>RE-\\d{4,8})',
      '\\bzinsgutschrift\\b',
      '[\\s\\S]+',
      'M\\u00fcller',
      '\\\\1 is an escaped backslash before 1',
      '[(?=]literal',
      '(?:INV|RE)[- ]?(\\d+)',
    ])
      assert.equal(patternProblem(ok), null, ok);
  });
});

describe('SafePattern', () => {
  it('evaluates (a+)+$ against a 26-character remittance at once instead of in seconds', () => {
    const pattern = new SafePattern('(a+)+$');
    const started = performance.now();
    assert.equal(pattern.test('aaaaaaaaaaaaaaaaaaaaaaaaa!'), false);
    assert.equal(pattern.test(`${'a'.repeat(3_000)}!`), false);
    assert.ok(performance.now() - started < 500, `took ${performance.now() - started} ms`);
  });

  it('matches case-insensitively, JavaScript escapes and Unicode spaces included', () => {
    assert.equal(new SafePattern('müller').test('MÜLLER BAU GMBH'), true);
    assert.equal(new SafePattern('M\\u00fcller').test('Müller'), true);
    assert.equal(new SafePattern('RE\\s4711').test('RE\u00a04711'), true, 'a no-break space is a space');
    assert.deepEqual(new SafePattern('Beleg\\s*(\\d+)').firstGroups('Beleg 17, Beleg18 und beleg 0042'), [
      '17',
      '18',
      '0042',
    ]);
  });

  it('looks at a bounded text', () => {
    assert.equal(subjectOf('x'.repeat(MAX_SUBJECT_CHARS + 10)).length, MAX_SUBJECT_CHARS);
    assert.equal(new SafePattern('needle').test(`${'x'.repeat(MAX_SUBJECT_CHARS)} needle`), false);
  });

  it('is suspended after repeated overruns of its time budget, and then matches nothing', () => {
    let clock = 0;
    const slow = new SafePattern('abc', () => (clock += 30), 25);
    for (let i = 0; i < OVERRUNS_BEFORE_SUSPENSION; i++) assert.equal(slow.test('xabcx'), true);
    assert.match(slow.problem ?? '', /suspended: it took longer than 25 ms/);
    assert.equal(slow.test('xabcx'), false);
    assert.deepEqual(slow.firstGroups('abc'), []);
  });

  it('is not suspended for overruns spread between evaluations within budget (a busy machine or a pause, not the pattern)', () => {
    const steps = [30, 1, 30, 1, 30, 1, 30, 1];
    let clock = 0;
    let call = 0;
    // Each evaluation reads the clock twice: its elapsed time is the step at its second reading.
    const pattern = new SafePattern(
      'abc',
      () => (clock += call++ % 2 === 0 ? 0 : (steps[(call - 1) >> 1] ?? 1)),
      25,
    );
    for (let i = 0; i < steps.length; i++) assert.equal(pattern.test('xabcx'), true);
    assert.equal(pattern.problem, null);
  });

  it('refused patterns match nothing and say why', () => {
    const refused = new SafePattern('(a)\\1');
    assert.match(refused.problem ?? '', /backreference/);
    assert.equal(refused.test('aa'), false);
  });
});

/** Patterns of the safe subset, built from parts whose meaning JavaScript and RE2 share. */
const atom = fc.constantFrom(
  'a',
  'b',
  '1',
  ' ',
  '-',
  '.',
  '\\d',
  '\\w',
  '\\s',
  '[ab]',
  '[^a1]',
  '[a-c]',
  '\\.',
);
const quantifier = fc.constantFrom('', '', '*', '+', '?', '{2}', '{1,3}', '*?', '+?');
const piece = fc.tuple(atom, quantifier).map(([a, q]) => a + q);
const sequence = fc.array(piece, { minLength: 1, maxLength: 4 }).map((p) => p.join(''));
const alternation = fc.array(sequence, { minLength: 1, maxLength: 3 }).map((s) => s.join('|'));
const nested = fc
  .tuple(alternation, quantifier, fc.boolean())
  .map(([inner, q, capture]) => `(${capture ? '' : '?:'}${inner})${q}`);
const pattern = fc
  .tuple(
    fc.constantFrom('', '^', '\\b'),
    fc.array(fc.oneof(piece, nested), { minLength: 1, maxLength: 3 }),
    fc.constantFrom('', '$', '\\b'),
  )
  .map(([start, body, end]) => start + body.join('') + end);
/** A capture that is not inside a repetition (JavaScript and RE2 differ on repeated captures). */
const withGroup = fc
  .tuple(sequence, alternation, sequence)
  .map(([before, group, after]) => `${before}(${group})${after}`);
const subject = fc
  .array(fc.constantFrom('a', 'b', 'A', 'B', '1', '2', ' ', '-', '.', 'c', 'x'), { maxLength: 24 })
  .map((c) => c.join(''));

describe('SafePattern against JavaScript RegExp on the safe subset', () => {
  it('agrees on whether a pattern occurs', () => {
    fc.assert(
      fc.property(pattern, subject, (source, text) => {
        assert.equal(new SafePattern(source).test(text), new RegExp(source, 'i').test(text), source);
      }),
      { numRuns: 3_000 },
    );
  });

  it('agrees on group 1 of every match, for patterns that never match empty text', () => {
    fc.assert(
      fc.property(withGroup, subject, (source, text) => {
        const js = new RegExp(source, 'gi');
        fc.pre(!new RegExp(`^(?:${source})$`, 'i').test(''));
        const expected = [...text.matchAll(js)].flatMap((m) => (m[1] ? [m[1]] : []));
        assert.deepEqual(new SafePattern(source).firstGroups(text), expected, source);
      }),
      { numRuns: 3_000 },
    );
  });
});
