/**
 * Where a long task's time goes, phase by phase: process CPU seconds (user + system, every thread
 * of the process: PGlite works in-process, the garbage collector in helper threads) and wall
 * seconds. A benchmark passes one to the task and prints it; without one, nothing is measured.
 */
export interface PhaseTime {
  readonly phase: string;
  readonly cpuSeconds: number;
  readonly wallSeconds: number;
}

export class PhaseTimes {
  private readonly totals = new Map<string, { cpuMicros: number; wallMs: number }>();

  /** Run `fn` (synchronous), adding its time to `phase`. */
  time<T>(phase: string, fn: () => T): T {
    const cpu = process.cpuUsage();
    const wall = performance.now();
    try {
      return fn();
    } finally {
      this.add(phase, cpu, wall);
    }
  }

  /** Await `fn`, adding the time until it settles to `phase` (other work interleaved counts too). */
  async timeAsync<T>(phase: string, fn: () => Promise<T>): Promise<T> {
    const cpu = process.cpuUsage();
    const wall = performance.now();
    try {
      return await fn();
    } finally {
      this.add(phase, cpu, wall);
    }
  }

  /** The phases in the order first timed. */
  list(): PhaseTime[] {
    return [...this.totals].map(([phase, t]) => ({
      phase,
      cpuSeconds: t.cpuMicros / 1e6,
      wallSeconds: t.wallMs / 1000,
    }));
  }

  private add(phase: string, since: NodeJS.CpuUsage, wallSince: number): void {
    const used = process.cpuUsage(since);
    const total = this.totals.get(phase) ?? { cpuMicros: 0, wallMs: 0 };
    total.cpuMicros += used.user + used.system;
    total.wallMs += performance.now() - wallSince;
    this.totals.set(phase, total);
  }
}

/** Runs every phase untimed: the default of tasks that accept a `PhaseTimes`. */
export const UNTIMED: Pick<PhaseTimes, 'time' | 'timeAsync'> = {
  time: (_phase, fn) => fn(),
  timeAsync: (_phase, fn) => fn(),
};
