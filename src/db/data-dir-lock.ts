/**
 * An exclusive lock on a PGlite data directory. PGlite has none of its own, and two processes
 * writing one directory corrupt it, so the second process gets a clear error instead.
 * The lock file holds the owner's PID; a lock left by a dead process is taken over.
 */
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../shared/errors.ts';

export interface DataDirLock {
  release(): void;
}

/** Directories this process holds: a second open in the same process is refused too. */
const heldHere = new Set<string>();

export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, 'cashloop.lock');
  if (heldHere.has(path)) {
    throw new AppError('data_dir_locked', `data directory ${dataDir} is already open in this process`);
  }
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      heldHere.add(path);
      return {
        release: () => {
          heldHere.delete(path);
          rmSync(path, { force: true });
        },
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const owner = Number(readFileSync(path, 'utf8').trim());
      if (owner && owner !== process.pid && isAlive(owner)) {
        throw new AppError(
          'data_dir_locked',
          `data directory ${dataDir} is in use by process ${owner}; stop it or use another --data-dir`,
        );
      }
      rmSync(path, { force: true });
    }
  }
  throw new AppError('data_dir_locked', `could not lock data directory ${dataDir}`);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
