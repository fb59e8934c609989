/**
 * What a CLI command may touch: its output streams and whether stdout is a terminal. `runCli`
 * hands every command a `terminalSafeIo`, so no text it prints can carry a control character.
 */
export interface CliIo {
  stdout(text: string): void;
  stderr(text: string): void;
  /** Rewrite the current line of standard error in place (a progress line on a terminal). */
  rewriteLine(text: string): void;
  readonly isTTY: boolean;
  readonly env: NodeJS.ProcessEnv;
  /** All of standard input as text (for secrets such as `--password-stdin`). */
  readStdin(): Promise<string>;
}

/** An in-memory io for tests: everything written is kept. */
export function memoryIo(env: NodeJS.ProcessEnv = {}, stdin = ''): CliIo & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    out,
    err,
    isTTY: false,
    env,
    stdout: (t) => out.push(t),
    stderr: (t) => err.push(t),
    rewriteLine: (t) => err.push(`\r${t}`),
    readStdin: async () => stdin,
  };
}

async function readProcessStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk));
  return Buffer.concat(chunks).toString('utf8');
}

export const processIo: CliIo = {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  rewriteLine: (t) => process.stderr.write(`\r${t}`),
  isTTY: Boolean(process.stdout.isTTY),
  env: process.env,
  readStdin: readProcessStdin,
};

/**
 * C0 controls but tab and line feed, DEL, C1 controls, and the bidirectional overrides and
 * isolates: what lets a value (a customer's name from an import, a bank line's text) clear the
 * screen, move the cursor, ring the bell, set the window title or reorder what a line shows.
 */
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is its purpose
const TERMINAL_CONTROLS = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/g;

/**
 * `text` without terminal control characters (each becomes U+FFFD, so that something visibly
 * stood there): `Evil\u001b[2J\u0007 GmbH` → `Evil�[2J� GmbH`. Tabs and line feeds stay.
 */
export function stripTerminalControls(text: string): string {
  return text.replace(TERMINAL_CONTROLS, '\ufffd');
}

/** `io` whose every write passes through `stripTerminalControls` (runCli gives commands this). */
export function terminalSafeIo(io: CliIo): CliIo {
  return {
    stdout: (t) => io.stdout(stripTerminalControls(t)),
    stderr: (t) => io.stderr(stripTerminalControls(t)),
    rewriteLine: (t) => io.rewriteLine(stripTerminalControls(t)),
    isTTY: io.isTTY,
    env: io.env,
    readStdin: () => io.readStdin(),
  };
}

/** `{"total": 1250n}` → JSON with bigints as strings (callers format money before this). */
export function toJson(value: unknown): string {
  const text = JSON.stringify(value, (_k, v) => (typeof v === 'bigint' ? v.toString() : v), 2);
  // JSON.stringify escapes C0 controls but not DEL, C1 and the bidi controls: escaped here, so
  // the data stays whole and the terminal filter finds nothing to replace.
  return `${text.replace(TERMINAL_CONTROLS, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)}\n`;
}

/** Plain aligned text table. */
export function table(
  headers: readonly string[],
  rows: readonly (readonly string[])[],
  rightAligned: readonly number[] = [],
): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const fmt = (cells: readonly string[]) =>
    cells
      .map((c, i) => (rightAligned.includes(i) ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  return `${[fmt(headers), fmt(widths.map((w) => '-'.repeat(w))), ...rows.map(fmt)].join('\n')}\n`;
}

/** A progress line on a terminal (rewritten in place); silent when not a terminal or in JSON mode. */
export function progressReporter(io: CliIo, enabled: boolean, label: string) {
  let last = 0;
  return (done: number, total: number) => {
    if (!enabled || !io.isTTY) return;
    const now = Date.now();
    if (done < total && now - last < 100) return;
    last = now;
    const pct = total > 0 ? Math.floor((done * 100) / total) : 100;
    io.rewriteLine(`${label}: ${done}/${total} (${pct}%)${done >= total ? '\n' : ''}`);
  };
}
