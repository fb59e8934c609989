/**
 * The schedules in effect: each wired job's default cron, or its `CASHLOOP_SCHEDULE_<JOB>`
 * override (a cron expression or `off`), in CASHLOOP_SCHEDULE_TZ.
 */
import type { JobsConfig } from '../config.ts';
import { validationFailed } from '../shared/errors.ts';
import type { AnyJobSpec } from './job-spec.ts';

export interface EffectiveSchedule {
  readonly cron: string;
  readonly timeZone: string;
  /** `default`, or the variable that set it. */
  readonly source: string;
}

/** `dunning.run` → `CASHLOOP_SCHEDULE_DUNNING_RUN`. */
export function scheduleVariable(jobName: string): string {
  return `CASHLOOP_SCHEDULE_${jobName.toUpperCase().replace(/[^A-Z0-9]+/g, '_')}`;
}

/** The queue the cron fires into for `jobName`; its handler fans out one job per tenant. */
export function tickQueue(jobName: string): string {
  return `${jobName}:tick`;
}

/** The schedule of `spec` in this configuration; null when it is off, on demand only or not wired. */
export function effectiveSchedule(spec: AnyJobSpec, config: JobsConfig): EffectiveSchedule | null {
  if (!spec.run) return null;
  const variable = scheduleVariable(spec.name);
  const override = config.schedules[variable];
  if (override === 'off') return null;
  const cron = override ?? spec.cron;
  if (!cron) return null;
  return { cron, timeZone: config.timeZone, source: override ? variable : 'default' };
}

/** Refuse a schedule variable that names no job (a typo would otherwise be silently ignored). */
export function assertKnownScheduleVariables(specs: readonly AnyJobSpec[], config: JobsConfig): void {
  const known = new Set(specs.map((s) => scheduleVariable(s.name)));
  const unknown = Object.keys(config.schedules).filter((v) => !known.has(v));
  if (unknown.length > 0)
    throw validationFailed(
      `${unknown.join(', ')} names no job; known: ${[...known].sort().join(', ')}`,
      unknown.map((v) => ({ field: v, message: 'no such job' })),
    );
}
