import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { coalescedRuns } from './coalesced-runs.ts';

/** A run that takes `ms`, counting runs per key and the most running at once for one key. */
function recorder(ms: number) {
  const runs = new Map<string, number>();
  const running = new Map<string, number>();
  let most = 0;
  const run = async (key: string) => {
    runs.set(key, (runs.get(key) ?? 0) + 1);
    running.set(key, (running.get(key) ?? 0) + 1);
    most = Math.max(most, running.get(key) ?? 0);
    await sleep(ms);
    running.set(key, (running.get(key) ?? 0) - 1);
  };
  return { run, runs, most: () => most };
}

describe('coalesced runs per key', () => {
  it('serves a burst of 100 requests with one run, after the delay, not inside request()', async () => {
    const r = recorder(5);
    const runs = coalescedRuns(r.run, 20);
    for (let i = 0; i < 100; i++) runs.request('t1');
    assert.equal(r.runs.get('t1'), undefined, 'request() returns before any run starts');
    await runs.idle();
    assert.equal(r.runs.get('t1'), 1);
  });
  it('runs once more after the run in progress for the requests it did not see, never two at once', async () => {
    const r = recorder(40);
    const runs = coalescedRuns(r.run, 5);
    runs.request('t1');
    await sleep(20); // the first run is in progress now
    for (let i = 0; i < 50; i++) runs.request('t1');
    await runs.idle();
    assert.equal(r.runs.get('t1'), 2);
    assert.equal(r.most(), 1);
  });
  it('keeps keys apart and goes on after a run that failed', async () => {
    const errors: string[] = [];
    let calls = 0;
    const runs = coalescedRuns(
      async (key) => {
        calls++;
        if (key === 'bad') throw new Error('scan failed');
      },
      5,
      (_e, key) => errors.push(key),
    );
    runs.request('bad');
    runs.request('t2');
    await runs.idle();
    runs.request('bad');
    await runs.idle();
    assert.equal(calls, 3);
    assert.deepEqual(errors, ['bad', 'bad']);
  });
});
