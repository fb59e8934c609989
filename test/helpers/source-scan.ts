/**
 * Reads the source tree for the architecture rules (src/architecture.test.ts): which module a file
 * belongs to, what it imports, which tables each module owns, which table names its SQL mentions,
 * and how long its functions are. Pure functions over file names and texts, so that the rules can be
 * tested on made-up sources as well as on the real tree.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';

export const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');
export const MODULES = join(SRC, 'modules');

export interface SourceFile {
  /** Path relative to src/, with `/` separators (e.g. `modules/invoices/invoice-issue.service.ts`). */
  path: string;
  text: string;
}

/** Every non-test `.ts` file under src/, with its text. */
export function sourceFiles(): SourceFile[] {
  return readdirSync(SRC, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts') && !/\.(test|type-test)\.ts$/.test(e.name))
    .map((e) => join(e.parentPath, e.name))
    .map((file) => ({ path: relative(SRC, file).split(sep).join('/'), text: readFileSync(file, 'utf8') }))
    .sort((a, b) => a.path.localeCompare(b.path));
}

/** The module a path (relative to src/) belongs to, or undefined outside `modules/<m>/`. */
export function moduleOf(path: string): string | undefined {
  const parts = path.split('/');
  return parts[0] === 'modules' && parts.length > 2 ? parts[1] : undefined;
}

/** Source without comments, so that a doc comment naming a table or a package is no violation. */
export function stripComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1');
}

export interface ImportEdge {
  /** The specifier as written. */
  specifier: string;
  /** The target relative to src/ for a relative specifier, else undefined (a package). */
  target: string | undefined;
}

/** Every module the file imports or re-exports, statically or dynamically. */
export function importsOf(file: SourceFile): ImportEdge[] {
  const code = stripComments(file.text);
  const patterns = [
    /\b(?:import|export)\s[^'"`;]*?\bfrom\s*['"]([^'"]+)['"]/g,
    /\bimport\s*['"]([^'"]+)['"]/g,
    /\bimport\s*\(\s*['"]([^'"]+)['"]\s*\)/g,
  ];
  return patterns.flatMap((p) =>
    [...code.matchAll(p)].map((m) => {
      const specifier = m[1] ?? '';
      const target = specifier.startsWith('.')
        ? relative(SRC, resolve(SRC, dirname(file.path), specifier))
            .split(sep)
            .join('/')
        : undefined;
      return { specifier, target };
    }),
  );
}

/** The tables each module declares (`pgTable('name', …)` in its files): table name → module. */
export function tableOwners(files: SourceFile[]): Map<string, string> {
  const owners = new Map<string, string>();
  for (const f of files) {
    const m = moduleOf(f.path);
    if (!m) continue;
    for (const hit of f.text.matchAll(/\bpgTable\(\s*['"]([a-z_0-9]+)['"]/g)) owners.set(hit[1] ?? '', m);
  }
  return owners;
}

/**
 * The table names the SQL in a source mentions: a name after `from`, `join`, `into`, `update`,
 * `table` or `exists` inside a template literal or string (where SQL lives), case-insensitive.
 */
export function tablesInSql(text: string, tables: Iterable<string>): string[] {
  const code = stripComments(text);
  const literals = [...code.matchAll(/`(?:[^`\\]|\\.)*`|'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*"/g)].map(
    (m) => m[0],
  );
  const sqlText = literals
    .filter((l) => /\b(select|insert|update|delete|truncate|with)\b/i.test(l))
    .join('\n');
  const found: string[] = [];
  for (const t of tables) {
    const re = new RegExp(
      `\\b(?:from|join|into|update|table|exists)\\s+(?:only\\s+)?"?${t}"?(?![a-z_0-9])`,
      'i',
    );
    if (re.test(sqlText)) found.push(t);
  }
  return found;
}

export interface FunctionSpan {
  name: string;
  line: number;
  lines: number;
}

/** Every function, method and arrow function of a source with its length in lines. */
export function functionSpans(file: SourceFile): FunctionSpan[] {
  const sf = ts.createSourceFile(file.path, file.text, ts.ScriptTarget.Latest, true);
  const spans: FunctionSpan[] = [];
  const visit = (node: ts.Node): void => {
    if (ts.isFunctionLike(node) && 'body' in node && node.body) {
      const start = sf.getLineAndCharacterOfPosition(node.getStart(sf)).line;
      const end = sf.getLineAndCharacterOfPosition(node.end).line;
      spans.push({ name: functionName(node), line: start + 1, lines: end - start + 1 });
    }
    ts.forEachChild(node, visit);
  };
  visit(sf);
  return spans;
}

function functionName(node: ts.Node): string {
  const named = (node as { name?: ts.Node }).name;
  if (named) return named.getText();
  const parent = node.parent;
  if (parent && ts.isVariableDeclaration(parent)) return parent.name.getText();
  if (parent && ts.isPropertyAssignment(parent)) return parent.name.getText();
  if (parent && ts.isCallExpression(parent)) return `${parent.expression.getText().slice(0, 40)}(…)`;
  return '<anonymous>';
}

/** The edges of a graph that no longer path between their ends implies (its transitive reduction). */
export function transitiveReduction(graph: Record<string, readonly string[]>): [string, string][] {
  const reach = (from: string, to: string, skipDirect: boolean): boolean => {
    const seen = new Set<string>();
    const stack = (graph[from] ?? []).filter((n) => !(skipDirect && n === to));
    while (stack.length > 0) {
      const n = stack.pop() as string;
      if (n === to) return true;
      if (seen.has(n)) continue;
      seen.add(n);
      stack.push(...(graph[n] ?? []));
    }
    return false;
  };
  return Object.entries(graph).flatMap(([from, tos]) =>
    tos.filter((to) => !reach(from, to, true)).map((to): [string, string] => [from, to]),
  );
}

/** A cycle of the graph as a path `a → b → … → a`, or undefined when it has none. */
export function findCycle(graph: Record<string, readonly string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (n: string): string[] | undefined => {
    if (state.get(n) === 'done') return undefined;
    if (state.get(n) === 'open') return [...path.slice(path.indexOf(n)), n];
    state.set(n, 'open');
    path.push(n);
    for (const m of graph[n] ?? []) {
      const cycle = visit(m);
      if (cycle) return cycle;
    }
    path.pop();
    state.set(n, 'done');
    return undefined;
  };
  for (const n of Object.keys(graph)) {
    const cycle = visit(n);
    if (cycle) return cycle;
  }
  return undefined;
}
