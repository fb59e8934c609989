import type { ParseArgsConfig } from 'node:util';
import type { Runtime } from '../../main.ts';
import type { CliIo } from '../io.ts';

export interface CommandContext {
  readonly runtime: Runtime;
  readonly io: CliIo;
  readonly values: Record<string, string | boolean | undefined>;
  readonly positionals: readonly string[];
}

export interface CommandSpec {
  /** The words that select the command, e.g. `import customers`. */
  readonly name: string;
  readonly usage: string;
  readonly options: NonNullable<ParseArgsConfig['options']>;
  readonly positionals: readonly string[];
  /** The server keeps the runtime open after `run` returns. */
  readonly keepsRunning?: boolean;
  run(ctx: CommandContext): Promise<number>;
}

export function stringOption(values: CommandContext['values'], name: string): string | undefined {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
}

/** `--limit N` as a positive integer, or undefined (= every match). */
export function limitOption(values: CommandContext['values']): number | undefined {
  const raw = stringOption(values, 'limit');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--limit must be a positive integer, got "${raw}"`);
  return n;
}
