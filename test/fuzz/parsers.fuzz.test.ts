/**
 * The short, seeded fuzz run of the test suite: a few hundred inputs per parser of outside files
 * (bench/fuzz/targets.ts — mutated real files and generated documents), each of which must be
 * accepted or refused with an AppError naming line or field, within a second. fast-check shrinks
 * a failing input to its smallest list of mutations. The long run is `npm run fuzz`
 * (docs/reliability.md).
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { HANG_MS, runOne } from '../../bench/fuzz/campaign.ts';
import { inputArbitrary, TARGETS } from '../../bench/fuzz/targets.ts';

/** Inputs per parser: enough to pass every mutation kind many times, few enough for ~1 s each. */
const RUNS = 150;
const SEED = 20261206;

describe('fuzzing every parser of outside files (seeded)', () => {
  for (const target of TARGETS) {
    it(`${target.name}: ${RUNS} inputs, no crash, no hang, every rejection says where`, {
      timeout: 120_000,
    }, () => {
      const result = fc.check(
        fc.property(inputArbitrary(target), (input) => {
          const outcome = runOne(target, input);
          assert.ok(
            outcome.verdict === 'accepted' || outcome.verdict === 'rejected',
            `${outcome.verdict}: ${outcome.error instanceof Error ? outcome.error.stack : String(outcome.error)}`,
          );
          assert.ok(outcome.ms < HANG_MS, `took ${Math.round(outcome.ms)} ms`);
        }),
        { numRuns: RUNS, seed: SEED },
      );
      // The shrunk input may be a megabyte: show its start, its length and the seed to replay it.
      const input = String(result.counterexample?.[0] ?? '');
      assert.ok(
        !result.failed,
        `seed ${SEED}, path ${result.counterexamplePath}: ${input.length} characters starting ${JSON.stringify(input.slice(0, 300))}\n${String(result.errorInstance)}`,
      );
    });
  }
});
