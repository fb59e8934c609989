import type { ParseArgsConfig } from 'node:util';
import type { Runtime } from '../../main.ts';
import { validationFailed } from '../../shared/errors.ts';
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

/** The options of a list filtered by status, kind and customer, cut by `--limit`, or printed as JSON. */
export const FILTERED_LIST_OPTIONS = {
  status: { type: 'string' },
  kind: { type: 'string' },
  customer: { type: 'string' },
  limit: { type: 'string' },
  json: { type: 'boolean' },
} as const satisfies CommandSpec['options'];

/**
 * `--NAME` as one of `allowed`, or undefined when it is not given; any other value is a
 * `validation_failed` naming the choices. Example: `oneOfOption(values, 'status', ['sent', 'failed'])`.
 */
export function oneOfOption<T extends string>(
  values: CommandContext['values'],
  name: string,
  allowed: readonly T[],
): T | undefined {
  const raw = stringOption(values, name);
  if (raw === undefined) return undefined;
  const found = allowed.find((v) => v === raw);
  if (!found)
    throw validationFailed(`unknown ${name} "${raw}"; one of ${allowed.join(', ')}`, [
      { field: name, message: `unknown ${name}` },
    ]);
  return found;
}

/** One page of a keyset-paginated list: its rows and the cursor of the next page (null: the last). */
export interface Page<T, C> {
  readonly items: readonly T[];
  readonly next: C | null;
}

/**
 * Every row of a keyset-paginated list, `pageSize` a call, up to `limit` rows (undefined: all):
 * what a `list` command prints, so `--limit` cuts the output and nothing is cut silently.
 */
export async function collectPages<T, C>(
  limit: number | undefined,
  pageSize: number,
  fetchPage: (want: number, cursor: C | undefined) => Promise<Page<T, C>>,
): Promise<T[]> {
  const rows: T[] = [];
  let cursor: C | undefined;
  do {
    const want = limit === undefined ? pageSize : Math.min(pageSize, limit - rows.length);
    const page = await fetchPage(want, cursor);
    rows.push(...page.items);
    cursor = page.next ?? undefined;
  } while (cursor !== undefined && (limit === undefined || rows.length < limit));
  return rows;
}
