import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type FetchedJob, QueueWorker } from './queue-worker.ts';

function job(id: string): FetchedJob {
  return { id, name: 'q', data: {}, retryCount: 0, createdOn: null };
}

/** A worker over an in-memory queue; `handled` records ids with the ms since start. */
function harness(queue: FetchedJob[], pollMs: number, handleMs = 0) {
  const started = Date.now();
  const handled: { id: string; at: number }[] = [];
  let fetches = 0;
  const worker = new QueueWorker({
    queue: 'q',
    pollMs,
    fetch: async () => {
      fetches += 1;
      return queue.shift() ?? null;
    },
    handle: async (j) => {
      await new Promise((resolve) => setTimeout(resolve, handleMs));
      handled.push({ id: j.id, at: Date.now() - started });
    },
    onError: () => undefined,
  });
  return { worker, handled, fetches: () => fetches };
}

/**
 * Resolves when `done()` holds, checking every 5 ms; fails after `withinMs`. The intervals under
 * test are 10 s, so a deadline of 2 s still tells "woken" from "waited for the interval" on a
 * loaded machine, where a fixed 50 ms sleep did not.
 */
async function until(done: () => boolean, withinMs = 2_000): Promise<void> {
  const deadline = Date.now() + withinMs;
  while (!done()) {
    if (Date.now() > deadline) throw new Error(`not within ${withinMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('QueueWorker', () => {
  it('drains waiting jobs back to back, without a polling interval between them', async () => {
    const { worker, handled } = harness([job('a'), job('b'), job('c')], 10_000);
    worker.start();
    // Three jobs within 2 s although the interval is 10 s: pg-boss's work() would take 20 s.
    await until(() => handled.length === 3);
    await worker.stop();
    assert.deepEqual(
      handled.map((h) => h.id),
      ['a', 'b', 'c'],
    );
  });

  it('sleeps on an empty queue until the interval ends or it is woken', async () => {
    const queue: FetchedJob[] = [];
    const { worker, handled, fetches } = harness(queue, 10_000);
    worker.start();
    await until(() => fetches() >= 1);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.equal(fetches(), 1, 'one fetch, then asleep');
    queue.push(job('late'));
    worker.wake();
    await until(() => handled.length === 1);
    assert.deepEqual(
      handled.map((h) => h.id),
      ['late'],
    );
    await worker.stop();
  });

  it('stop() waits for the job being run, and fetches nothing after it', async () => {
    const queue = [job('slow'), job('never')];
    const { worker, handled } = harness(queue, 10_000, 150);
    worker.start();
    await until(() => worker.current !== null);
    assert.equal(worker.current?.id, 'slow');
    await worker.stop();
    assert.deepEqual(
      handled.map((h) => h.id),
      ['slow'],
    );
    assert.deepEqual(
      queue.map((j) => j.id),
      ['never'],
    );
    assert.equal(worker.current, null);
  });

  it('a failing fetch is reported and the loop goes on', async () => {
    const errors: unknown[] = [];
    let calls = 0;
    const worker = new QueueWorker({
      queue: 'q',
      pollMs: 10,
      fetch: async () => {
        calls += 1;
        if (calls === 1) throw new Error('connection terminated');
        return calls === 2 ? job('after') : null;
      },
      handle: async () => undefined,
      onError: (e) => errors.push(e),
    });
    worker.start();
    await until(() => calls >= 3);
    await worker.stop();
    assert.equal((errors[0] as Error).message, 'connection terminated');
    assert.ok(calls >= 3);
  });
});
