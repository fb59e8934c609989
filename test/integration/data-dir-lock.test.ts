/**
 * The embedded database's data-directory lock: exactly one of many processes taking over a stale
 * lock wins (each round of a few hundred), and liveness survives PID reuse — a lock whose PID is
 * alive but belongs to another process (another start time, another boot) is taken over.
 */
import assert from 'node:assert/strict';
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { lockDataDir, processIdentity } from '../../src/db/data-dir-lock.ts';
import { AppError } from '../../src/shared/errors.ts';

const CHILD = fileURLToPath(new URL('./data-dir-lock.child.ts', import.meta.url));
const CONTENDERS = 4;
const ROUNDS = 300;
/** Above /proc/sys/kernel/pid_max on every Linux (at most 2^22): no process has this PID. */
const DEAD_PID = 4_194_305;

type Reply = {
  ready?: true;
  round?: number;
  won?: boolean;
  code?: string;
  message?: string;
  released?: number;
};

function lockPath(dir: string): string {
  return join(dir, 'cashloop.lock');
}

/** A stale lock as a crashed process leaves it: the old plain-PID format or the current one. */
function writeStaleLock(dir: string, round: number): void {
  const content =
    round % 2 === 0
      ? String(DEAD_PID)
      : `${JSON.stringify({ pid: DEAD_PID, start: '12345', boot: processIdentity(process.pid).boot, token: `t${round}` })}\n`;
  writeFileSync(lockPath(dir), content);
}

function next(child: ChildProcess, predicate: (r: Reply) => boolean): Promise<Reply> {
  return new Promise((resolve) => {
    const onMessage = (reply: Reply) => {
      if (!predicate(reply)) return;
      child.off('message', onMessage);
      resolve(reply);
    };
    child.on('message', onMessage);
  });
}

describe('data-directory lock', () => {
  let dir: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'cashloop-lock-'));
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it(`lets exactly one of ${CONTENDERS} processes take over a stale lock, ${ROUNDS} rounds running`, async () => {
    const children = Array.from({ length: CONTENDERS }, () =>
      fork(CHILD, [], { execArgv: ['--import', 'tsx'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] }),
    );
    try {
      await Promise.all(children.map((c) => next(c, (r) => r.ready === true)));
      const failures: string[] = [];
      for (let round = 0; round < ROUNDS; round++) {
        writeStaleLock(dir, round);
        const at = Date.now() + 3;
        const replies = await Promise.all(
          children.map((c) => {
            const reply = next(c, (r) => r.round === round);
            c.send({ go: round, dir, at });
            return reply;
          }),
        );
        const winners = children.filter((_, i) => replies[i]?.won);
        const strange = replies.filter((r) => !r.won && r.code !== 'data_dir_locked');
        if (winners.length !== 1 || strange.length > 0)
          failures.push(
            `round ${round}: ${winners.length} winners; ${strange.map((r) => r.message).join('; ')}`,
          );
        await Promise.all(
          winners.map((w) => {
            const released = next(w, (r) => r.released === round);
            w.send({ release: round });
            return released;
          }),
        );
      }
      assert.deepEqual(failures, []);
      assert.deepEqual(readdirSync(dir), [], 'no lock, temporary or takeover file is left behind');
    } finally {
      for (const c of children) c.send({ exit: true });
    }
  });

  it('takes over a lock whose PID is alive but started at another time (PID reuse)', async () => {
    const sleeper = spawn('sleep', ['30']);
    try {
      const pid = sleeper.pid ?? 0;
      const alive = processIdentity(pid);
      assert.notEqual(alive.start, null, 'Linux tells the start time of a process');
      const owner = { pid, start: alive.start, boot: alive.boot, token: 'a-live-one' };
      writeFileSync(lockPath(dir), JSON.stringify(owner));
      assert.throws(
        () => lockDataDir(dir),
        (e: unknown) =>
          e instanceof AppError && e.code === 'data_dir_locked' && e.message.includes(`process ${pid}`),
      );
      writeFileSync(lockPath(dir), JSON.stringify({ ...owner, start: String(Number(alive.start) - 1) }));
      const reused = lockDataDir(dir);
      assert.equal(JSON.parse(readFileSync(lockPath(dir), 'utf8')).pid, process.pid, 'taken over');
      reused.release();
      writeFileSync(lockPath(dir), JSON.stringify({ ...owner, boot: 'another-boot' }));
      lockDataDir(dir).release();
      writeFileSync(lockPath(dir), String(pid));
      assert.throws(
        () => lockDataDir(dir),
        /in use by process/,
        'an old plain-PID lock of a live process holds',
      );
    } finally {
      sleeper.kill();
      rmSync(lockPath(dir), { force: true });
    }
  });

  it('refuses a second open in the same process and takes over its own leftover lock', () => {
    const held = lockDataDir(dir);
    assert.throws(() => lockDataDir(dir), /already open in this process/);
    held.release();
    assert.deepEqual(readdirSync(dir), []);
    const mine = processIdentity(process.pid);
    writeFileSync(lockPath(dir), JSON.stringify({ ...mine, token: 'left-by-an-earlier-open' }));
    const again = lockDataDir(dir);
    assert.notEqual(JSON.parse(readFileSync(lockPath(dir), 'utf8')).token, 'left-by-an-earlier-open');
    again.release();
    assert.deepEqual(readdirSync(dir), []);
  });
});
