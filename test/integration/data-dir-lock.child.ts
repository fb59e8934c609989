/**
 * A process contending for a data-directory lock, driven by data-dir-lock.test.ts over IPC:
 * `{ go, dir, at }` → try `lockDataDir(dir)` at time `at` → `{ round, won }`; the winner holds
 * the lock until `{ release }` and answers `{ released }`.
 */
import { type DataDirLock, lockDataDir } from '../../src/db/data-dir-lock.ts';

let held: DataDirLock | null = null;

process.on(
  'message',
  (message: { go?: number; dir?: string; at?: number; release?: number; exit?: true }) => {
    if (message.exit) process.exit(0);
    if (message.release !== undefined) {
      held?.release();
      held = null;
      process.send?.({ released: message.release });
      return;
    }
    if (message.go === undefined || !message.dir) return;
    while (Date.now() < (message.at ?? 0)) {
      // spin, so that every contender starts at the same moment
    }
    try {
      held = lockDataDir(message.dir);
      process.send?.({ round: message.go, won: true });
    } catch (error) {
      const code = (error as { code?: string }).code;
      process.send?.({ round: message.go, won: false, code, message: (error as Error).message });
    }
  },
);
process.send?.({ ready: true });
