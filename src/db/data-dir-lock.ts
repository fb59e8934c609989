/**
 * An exclusive lock on a PGlite data directory. PGlite has none of its own, and two processes
 * writing one directory corrupt it, so the second process gets a clear error instead.
 *
 * The lock file `cashloop.lock` names its owner: PID, the process's start time and the boot id
 * (Linux: /proc/<pid>/stat field 22 and /proc/sys/kernel/random/boot_id), and a random token. It
 * is created whole and atomically (written to a temporary file, then hard-linked to its name, which
 * fails if the name exists). The owner is alive when its PID runs *and* started at the recorded
 * time in the same boot: a PID reused by another process, or a lock from before a reboot, is stale.
 * Where /proc is missing (macOS, Windows) only the PID can be checked, so a reused PID keeps the
 * lock until that process ends (remove the file by hand if it never does).
 *
 * Taking over a stale lock is a race among every process that found it stale; exactly one may
 * remove it. Removal of one lock instance (its token) is claimed by creating
 * `cashloop.lock.takeover.<token>.<n>` exclusively: n = 1, or the next n when the claim n − 1
 * belongs to a dead process (a claimant that crashed). The claim's holder alone unlinks the lock,
 * then everybody competes again by creating the lock afresh — so one wins, the others see it alive.
 */
import { createHash, randomUUID } from 'node:crypto';
import {
  closeSync,
  fstatSync,
  linkSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { AppError } from '../shared/errors.ts';

export interface DataDirLock {
  release(): void;
}

/** Who holds a lock or a takeover claim; `start` and `boot` are null where they cannot be read. */
export interface LockOwner {
  readonly pid: number;
  readonly start: string | null;
  readonly boot: string | null;
  readonly token: string;
}

const LOCK_FILE = 'cashloop.lock';
const TAKEOVER = `${LOCK_FILE}.takeover.`;
/** How often to look again while another process is mid-takeover (about 2 s in all). */
const ATTEMPTS = 400;
const PAUSE_MS = 5;

/** Directories this process holds: a second open in the same process is refused too. */
const heldHere = new Set<string>();

/** Lock `dataDir` for this process, taking over a lock whose owner is gone; throws `data_dir_locked`. */
export function lockDataDir(dataDir: string): DataDirLock {
  mkdirSync(dataDir, { recursive: true });
  const path = join(dataDir, LOCK_FILE);
  if (heldHere.has(path)) {
    throw new AppError('data_dir_locked', `data directory ${dataDir} is already open in this process`);
  }
  const me: LockOwner = { ...processIdentity(process.pid), token: randomUUID() };
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (createExclusive(path, me)) return holding(dataDir, path, me);
    const found = readLock(path);
    if (found === null) {
      pause();
      continue;
    }
    if (found.owner && isAlive(found.owner))
      throw new AppError(
        'data_dir_locked',
        `data directory ${dataDir} is in use by process ${found.owner.pid}; stop it or use another --data-dir`,
      );
    if (!takeOver(dataDir, path, found.instance, me)) pause();
  }
  throw new AppError(
    'data_dir_locked',
    `could not lock data directory ${dataDir}: another process is taking it over`,
  );
}

function holding(dataDir: string, path: string, me: LockOwner): DataDirLock {
  heldHere.add(path);
  removeClaims(dataDir, null);
  return {
    release: () => {
      heldHere.delete(path);
      if (readLock(path)?.owner?.token === me.token) rmSync(path, { force: true });
    },
  };
}

/**
 * Create `path` holding `owner`, whole, unless it exists: a complete temporary file hard-linked to
 * the name (no reader ever sees a half-written lock). Where hard links are not supported, an
 * exclusive open and write (readers then treat a young empty file as busy, see readLock).
 */
function createExclusive(path: string, owner: LockOwner): boolean {
  const temp = join(dirname(path), `cashloop.tmp-${randomUUID()}`);
  writeFileSync(temp, serialise(owner), { flag: 'wx' });
  try {
    linkSync(temp, path);
    return true;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'EPERM' || code === 'ENOTSUP' || code === 'ENOSYS') return createByOpen(path, owner);
    throw error;
  } finally {
    rmSync(temp, { force: true });
  }
}

function createByOpen(path: string, owner: LockOwner): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  writeSync(fd, serialise(owner));
  closeSync(fd);
  return true;
}

interface FoundLock {
  /** The owner, or null when the content is not a lock this or an older version wrote. */
  readonly owner: LockOwner | null;
  /** Names this lock file among all that will ever exist at the path (its token, else its content). */
  readonly instance: string;
}

/**
 * The lock at `path`, read through one descriptor so content and identity belong to one file;
 * null when there is none (or, with the open-and-write fallback, one being written just now).
 */
function readLock(path: string): FoundLock | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const stat = fstatSync(fd, { bigint: true });
    const text = readFileSync(fd, 'utf8');
    if (text.trim() === '' && Date.now() - Number(stat.mtimeMs) < 5_000) return null;
    const owner = parseOwner(text);
    const instance =
      owner?.token ??
      createHash('sha256').update(`${stat.ino}:${stat.mtimeNs}:${text}`).digest('hex').slice(0, 32);
    return { owner, instance };
  } finally {
    closeSync(fd);
  }
}

function serialise(owner: LockOwner): string {
  return `${JSON.stringify(owner)}\n`;
}

/** The current JSON format, or an older version's bare PID (no start time, no token). */
function parseOwner(text: string): LockOwner | null {
  const trimmed = text.trim();
  if (/^\d+$/.test(trimmed)) return { pid: Number(trimmed), start: null, boot: null, token: '' };
  try {
    const o = JSON.parse(trimmed) as Partial<LockOwner>;
    if (typeof o.pid !== 'number' || typeof o.token !== 'string' || o.token === '') return null;
    return { pid: o.pid, start: o.start ?? null, boot: o.boot ?? null, token: o.token };
  } catch {
    return null;
  }
}

/**
 * Claim the removal of the stale lock `instance` and, with the claim, remove it. False when
 * another live process holds the claim (it is removing it right now: look again shortly).
 */
function takeOver(dataDir: string, path: string, instance: string, me: LockOwner): boolean {
  for (let n = 1; ; n++) {
    const claim = join(dataDir, `${TAKEOVER}${instance}.${n}`);
    if (createExclusive(claim, me)) break;
    const claimant = readLock(claim);
    if (claimant === null) return false;
    if (claimant.owner && isAlive(claimant.owner)) return false;
  }
  // Only a holder of a claim on `instance` removes it, and every earlier claimant is dead: the file
  // at `path` is still `instance` or already gone, never another process's fresh lock.
  if (readLock(path)?.instance === instance) rmSync(path, { force: true });
  removeClaims(dataDir, instance);
  return true;
}

/** Remove takeover claims: of one removed lock instance, or (null) all, once this process holds the lock. */
function removeClaims(dataDir: string, instance: string | null): void {
  const prefix = instance === null ? TAKEOVER : `${TAKEOVER}${instance}.`;
  for (const name of readdirSync(dataDir))
    if (name.startsWith(prefix)) rmSync(join(dataDir, name), { force: true });
}

/**
 * Identify a running process: on Linux, its start time in clock ticks since boot (field 22 of
 * /proc/<pid>/stat, read after the command name, which may hold spaces and parentheses) and the
 * boot id; elsewhere, or when the process does not exist, nulls.
 */
export function processIdentity(pid: number): { pid: number; start: string | null; boot: string | null } {
  return { pid, start: startTimeOf(pid), boot: bootId() };
}

function startTimeOf(pid: number): string | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return fields[19] ?? null; // fields[0] is field 3 (state), so field 22 is fields[19]
  } catch {
    return null;
  }
}

let cachedBootId: string | null | undefined;

function bootId(): string | null {
  if (cachedBootId === undefined) {
    try {
      cachedBootId = readFileSync('/proc/sys/kernel/random/boot_id', 'utf8').trim() || null;
    } catch {
      cachedBootId = null;
    }
  }
  return cachedBootId;
}

/** A process as `processIdentity` recorded it. */
export type ProcessIdentity = ReturnType<typeof processIdentity>;

/**
 * Whether the process `identity` recorded (on this host) still runs: not when it was recorded in
 * another boot, nor when its PID is gone, nor when the PID now belongs to a process that started
 * at another time (PID reuse). Without a start time to compare (an old record, or no /proc), a
 * running PID counts as running. Also the cash application's run claims judge their holder by it.
 */
export function processRuns(identity: ProcessIdentity): boolean {
  const now = processIdentity(identity.pid);
  if (identity.boot && now.boot && identity.boot !== now.boot) return false;
  if (!pidRuns(identity.pid)) return false;
  return identity.start === null || now.start === null || identity.start === now.start;
}

/** Whether a lock's `owner` still runs — never this very process (it would hold it in `heldHere`). */
function isAlive(owner: LockOwner): boolean {
  return owner.pid !== process.pid && processRuns(owner);
}

function pidRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Wait a moment, synchronously (opening a database is synchronous up to here). */
function pause(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, PAUSE_MS);
}
