/**
 * Properties of the level state machine over random policies and random schedules of runs with
 * gaps (downtime), followed by daily runs: every invoice receives levels 1..k each exactly once and
 * in order, never two in one run, never before its offset (+ grace) nor before the gap after the
 * previous level, each on the first run that allowed it — and all of them in the end.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { customerState, invoiceState, level } from '../../../test/helpers/dunning-policies.ts';
import { addDays, daysBetween } from '../../shared/calendar-date.ts';
import type { DunningPolicy, InvoiceDunningState, LastNotice } from './dunning.types.ts';
import { planLetters } from './letter-plan.ts';

const START = '2026-01-01';

const policyArb = fc
  .record({
    offsets: fc.uniqueArray(fc.integer({ min: -15, max: 90 }), { minLength: 1, maxLength: 6 }),
    graceDays: fc.integer({ min: 0, max: 5 }),
  })
  .map(
    ({ offsets, graceDays }): DunningPolicy => ({
      policyId: 'p',
      name: 'random',
      isDefault: true,
      graceDays,
      minimumMinor: {},
      interest: null,
      finalInterestStatement: false,
      levels: [...offsets].sort((a, b) => a - b).map((o, i) => level(i + 1, o)),
    }),
  );

/** Run days (0 = START): a random sparse schedule, then every day for 200 more days. */
const scheduleArb = fc
  .uniqueArray(fc.integer({ min: 0, max: 150 }), { maxLength: 40 })
  .map((days) => [...days.sort((a, b) => a - b), ...Array.from({ length: 200 }, (_, i) => 151 + i)]);

const invoicesArb = fc.array(
  fc.record({ dueIn: fc.integer({ min: 0, max: 60 }), currency: fc.constantFrom('EUR', 'USD') }),
  { minLength: 1, maxLength: 5 },
);

interface Received {
  levelNo: number;
  on: string;
}

/** Run the planner on each day of `schedule`, recording what each invoice received. */
function simulate(
  policy: DunningPolicy,
  invoices: InvoiceDunningState[],
  schedule: number[],
  disputedOn: (day: number) => Set<string> = () => new Set(),
) {
  const last = new Map<string, LastNotice>();
  const received = new Map<string, Received[]>(invoices.map((i) => [i.invoiceId, []]));
  const runs: { asOf: string; letters: ReturnType<typeof planLetters>['letters'] }[] = [];
  for (const day of schedule) {
    const asOf = addDays(START, day);
    const states = invoices.map((i) => ({ ...i, last: last.get(i.invoiceId) ?? null }));
    const plan = planLetters({
      asOf,
      invoices: states,
      customers: new Map([['c1', customerState('c1', { policyId: 'p' })]]),
      policies: new Map([['p', policy]]),
      disputedInvoiceIds: disputedOn(day),
      promisedInvoiceIds: new Set(),
      letteredToday: new Set(),
    });
    for (const letter of plan.letters)
      for (const n of letter.notices) {
        last.set(n.invoice.invoiceId, {
          levelNo: n.level.levelNo,
          offsetDays: n.level.offsetDays,
          sentOn: asOf,
        });
        received.get(n.invoice.invoiceId)?.push({ levelNo: n.level.levelNo, on: asOf });
      }
    runs.push({ asOf, letters: plan.letters });
  }
  return { received, runs };
}

function makeInvoices(specs: { dueIn: number; currency: string }[]): InvoiceDunningState[] {
  return specs.map((s, i) => invoiceState(`i${i}`, addDays(START, s.dueIn), { currency: s.currency }));
}

describe('dunning levels over random schedules of runs', () => {
  it('gives every level exactly once, in order, on the first run allowed, and all of them in the end', () => {
    fc.assert(
      fc.property(policyArb, scheduleArb, invoicesArb, (policy, schedule, specs) => {
        const invoices = makeInvoices(specs);
        const { received } = simulate(policy, invoices, schedule);
        const runDays = schedule.map((d) => addDays(START, d));
        for (const inv of invoices) {
          const got = received.get(inv.invoiceId) ?? [];
          assert.deepEqual(
            got.map((g) => g.levelNo),
            policy.levels.map((l) => l.levelNo),
          );
          got.forEach((g, k) => {
            const lvl = policy.levels[k];
            if (!lvl) throw new Error('level missing');
            const byOffset = addDays(
              inv.dueDate,
              lvl.offsetDays + (lvl.offsetDays > 0 ? policy.graceDays : 0),
            );
            const prev = got[k - 1];
            const prevLevel = policy.levels[k - 1];
            const byGap =
              prev && prevLevel
                ? addDays(prev.on, Math.max(1, lvl.offsetDays - prevLevel.offsetDays))
                : byOffset;
            const earliest = byGap > byOffset ? byGap : byOffset;
            assert.ok(g.on >= earliest, `level ${g.levelNo} on ${g.on} before ${earliest}`);
            if (prev) assert.ok(g.on > prev.on, 'two levels in one run');
            // No unnecessary delay: the level went out on the first run day on or after `earliest`.
            assert.equal(
              g.on,
              runDays.find((d) => d >= earliest),
            );
          });
        }
      }),
      { numRuns: 300 },
    );
  });

  it('writes at most one letter per customer and currency per run, at the highest level inside it', () => {
    fc.assert(
      fc.property(policyArb, scheduleArb, invoicesArb, (policy, schedule, specs) => {
        const { runs } = simulate(policy, makeInvoices(specs), schedule);
        for (const run of runs) {
          const keys = run.letters.map((l) => `${l.customerId}|${l.currency}`);
          assert.equal(new Set(keys).size, keys.length);
          for (const letter of run.letters) {
            assert.ok(letter.notices.every((n) => n.invoice.currency === letter.currency));
            assert.equal(letter.level.levelNo, Math.max(...letter.notices.map((n) => n.level.levelNo)));
          }
        }
      }),
      { numRuns: 200 },
    );
  });

  it('sends nothing for an invoice while it is disputed, and resumes without skipping after', () => {
    fc.assert(
      fc.property(
        policyArb,
        scheduleArb,
        invoicesArb,
        fc.integer({ min: 0, max: 120 }),
        fc.integer({ min: 1, max: 60 }),
        (policy, schedule, specs, disputeFrom, disputeDays) => {
          const invoices = makeInvoices(specs);
          const disputed = (day: number) =>
            day >= disputeFrom && day < disputeFrom + disputeDays ? new Set(['i0']) : new Set<string>();
          const { received } = simulate(policy, invoices, schedule, disputed);
          const got = received.get('i0') ?? [];
          for (const g of got) {
            const day = daysBetween(START, g.on);
            assert.ok(
              day < disputeFrom || day >= disputeFrom + disputeDays,
              `level ${g.levelNo} while disputed`,
            );
          }
          assert.deepEqual(
            got.map((g) => g.levelNo),
            policy.levels.map((l) => l.levelNo),
          );
        },
      ),
      { numRuns: 200 },
    );
  });
});
