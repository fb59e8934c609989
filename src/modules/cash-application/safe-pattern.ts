/**
 * The regular expressions users write in cash application rules, matched in linear time.
 *
 * A rule's pattern runs on the server against every bank line of every run. JavaScript's RegExp
 * backtracks: `(a+)+$` against 26 letters took 10 s and stalled every tenant. Here patterns are
 * compiled by RE2JS (a pure-JavaScript port of RE2: an automaton, no backtracking), so a match
 * costs time in proportion to pattern × text, whatever the pattern. Around that guarantee:
 * - patterns stay JavaScript syntax (what users and our docs write); the few constructs RE2 has
 *   no linear algorithm for — backreferences, lookahead, lookbehind — are refused by name, and
 *   so is a repetition count above 1,000;
 * - the text a rule sees is at most `MAX_SUBJECT_CHARS` long, which bounds every evaluation;
 * - each evaluation is timed; a pattern that overruns `TIME_BUDGET_MS` on several evaluations in
 *   a row is suspended in this process (the rule is then skipped, and its listing says why). An
 *   evaluation within budget resets the count: a slow pattern is slow on every line, while a
 *   garbage-collection pause or a busy machine stretches the odd evaluation, and three of those
 *   over days of a server's life must not suspend a harmless rule.
 * Where RE2 and JavaScript differ on text the rules see, the text is adapted: Unicode spaces
 * (no-break space and the like) are read as spaces, since RE2's `\s` is ASCII-only.
 */
import { RE2JS } from 're2js';

/** The longest pattern a rule may hold. */
export const MAX_PATTERN_CHARS = 500;
/** A rule looks at the first this-many characters of a line's text (remittances are far shorter). */
export const MAX_SUBJECT_CHARS = 4_000;
/** Time one evaluation of one pattern may take before it counts as an overrun. */
export const TIME_BUDGET_MS = 25;
/** Overruns in a row after which a pattern is suspended until the process restarts. */
export const OVERRUNS_BEFORE_SUSPENSION = 3;

/** Constructs without a linear-time algorithm, found in the JavaScript source of a pattern. */
const REFUSED: readonly { readonly test: RegExp; readonly construct: string }[] = [
  { test: /^\(\?[=!]/, construct: 'a lookahead "(?=…)" or "(?!…)"' },
  { test: /^\(\?<[=!]/, construct: 'a lookbehind "(?<=…)" or "(?<!…)"' },
  { test: /^\\[1-9]/, construct: 'a backreference such as "\\1"' },
  { test: /^\\k</, construct: 'a named backreference "\\k<…>"' },
];

/** Why `source` cannot be a rule's pattern (naming the construct), or null when it can. */
export function patternProblem(source: string): string | null {
  if (source.length > MAX_PATTERN_CHARS) return `the pattern is longer than ${MAX_PATTERN_CHARS} characters`;
  if (!isJavaScriptRegex(source)) return 'not a valid regular expression';
  const construct = refusedConstruct(source);
  if (construct)
    return `the pattern uses ${construct}, which rules do not support: it can make matching take exponential time`;
  try {
    RE2JS.compile(toRe2Syntax(source), RE2JS.CASE_INSENSITIVE);
    return null;
  } catch (error) {
    return `the pattern uses syntax the linear-time matcher does not support (${re2Message(error)})`;
  }
}

function isJavaScriptRegex(source: string): boolean {
  try {
    new RegExp(source, 'i');
    return true;
  } catch {
    return false;
  }
}

/** The first refused construct outside character classes, or null. */
function refusedConstruct(source: string): string | null {
  let inClass = false;
  for (let i = 0; i < source.length; i++) {
    const ch = source[i];
    if (!inClass) {
      const hit = REFUSED.find((r) => r.test.test(source.slice(i, i + 4)));
      if (hit) return hit.construct;
    }
    if (ch === '\\') i++;
    else if (ch === '[') inClass = true;
    else if (ch === ']') inClass = false;
  }
  return null;
}

/** JavaScript escapes RE2 spells differently: `\uXXXX` is `\x{XXXX}` there. */
function toRe2Syntax(source: string): string {
  let out = '';
  for (let i = 0; i < source.length; i++) {
    const ch = source[i] ?? '';
    const hex = ch === '\\' ? /^u([0-9a-fA-F]{4})/.exec(source.slice(i + 1, i + 6)) : null;
    if (hex) {
      out += `\\x{${hex[1]}}`;
      i += 5;
    } else if (ch === '\\') {
      out += source.slice(i, i + 2);
      i++;
    } else out += ch;
  }
  return out;
}

function re2Message(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/^error parsing regexp: /, '');
}

/** Unicode spaces JavaScript's `\s` knows and RE2's does not: read as a plain space. */
const UNICODE_SPACES = /[\v\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]/g;

/** What a pattern sees of a text: bounded in length, Unicode spaces as spaces. */
export function subjectOf(text: string): string {
  return text.slice(0, MAX_SUBJECT_CHARS).replace(UNICODE_SPACES, ' ');
}

/** A clock in milliseconds (injected by tests). */
export type Millis = () => number;

/**
 * A checked, compiled, case-insensitive rule pattern with its time budget. `problem` is set when
 * the pattern cannot run (refused construct) or was suspended after repeated overruns; a pattern
 * with a problem matches nothing.
 */
export class SafePattern {
  private readonly compiled: RE2JS | null;
  private overruns = 0;
  private refusal: string | null;

  constructor(
    readonly source: string,
    private readonly now: Millis = () => performance.now(),
    private readonly budgetMs: number = TIME_BUDGET_MS,
  ) {
    this.refusal = patternProblem(source);
    this.compiled = this.refusal ? null : RE2JS.compile(toRe2Syntax(source), RE2JS.CASE_INSENSITIVE);
  }

  /** Why this pattern matches nothing (refused or suspended), or null when it runs. */
  get problem(): string | null {
    return this.refusal;
  }

  /** True when the pattern occurs anywhere in `text`. */
  test(text: string): boolean {
    const compiled = this.compiled;
    if (!compiled || this.refusal) return false;
    return this.timed(() => compiled.test(subjectOf(text)));
  }

  /** Group 1 of every non-overlapping match in `text` (matches without it are left out). */
  firstGroups(text: string): string[] {
    const compiled = this.compiled;
    if (!compiled || this.refusal) return [];
    return this.timed(() => [...compiled.matchAll(subjectOf(text))].flatMap((m) => (m[1] ? [m[1]] : [])));
  }

  private timed<T>(run: () => T): T {
    const started = this.now();
    const result = run();
    const elapsed = this.now() - started;
    this.overruns = elapsed > this.budgetMs ? this.overruns + 1 : 0;
    if (this.overruns >= OVERRUNS_BEFORE_SUSPENSION)
      this.refusal = `suspended: it took longer than ${this.budgetMs} ms per bank line ${this.overruns} times in a row`;
    return result;
  }
}

const cache = new Map<string, SafePattern>();

/** The SafePattern of `source`, compiled once per process (rules run on every line of every run). */
export function safePattern(source: string): SafePattern {
  let pattern = cache.get(source);
  if (!pattern) {
    if (cache.size >= 10_000) cache.clear();
    pattern = new SafePattern(source);
    cache.set(source, pattern);
  }
  return pattern;
}
