/**
 * The template language: small on purpose, and nothing in it executes.
 *
 *   {{name}}                          the value of a placeholder
 *   {{#if name}} … {{else}} … {{/if}} a part shown only when the value is present (else part optional)
 *
 * Names are lower-case snake_case. Anything else between `{{` and `}}` is a syntax error, as is a
 * `{{` that is never closed. Checking a template reports every unknown placeholder by name, every
 * syntax error with its line, and a block placeholder (a table) that does not stand on a line of
 * its own. Rendering never fails: a value that is absent renders as nothing.
 */

export type TemplateNode =
  | { readonly type: 'text'; readonly text: string }
  | { readonly type: 'var'; readonly name: string; readonly line: number; readonly ownLine: boolean }
  | {
      readonly type: 'if';
      readonly name: string;
      readonly line: number;
      readonly whenPresent: TemplateNode[];
      readonly otherwise: TemplateNode[];
    };

export interface SyntaxIssue {
  readonly line: number;
  readonly message: string;
}

type Token =
  | { kind: 'text'; text: string }
  | { kind: 'var' | 'if'; name: string; line: number; ownLine: boolean }
  | { kind: 'else' | 'endif'; line: number };

const TAG = /^(?:(#if)\s+([a-z][a-z0-9_]*)|(else)|(\/if)|([a-z][a-z0-9_]*))$/;

/** Lines counted as the tokenizer moves forward, so that finding a tag's line is not a rescan. */
class LineCounter {
  private line = 1;
  private counted = 0;
  constructor(private readonly source: string) {}

  /** 1-based line of `index`; indexes must not decrease between calls. */
  at(index: number): number {
    for (
      let i = this.source.indexOf('\n', this.counted);
      i !== -1 && i < index;
      i = this.source.indexOf('\n', i + 1)
    )
      this.line++;
    this.counted = index;
    return this.line;
  }
}

const isBlank = (c: string | undefined) => c === ' ' || c === '\t';
/** White space within a line (what `trim` strips, but the line feed). */
const isLineSpace = (c: string | undefined) => c !== undefined && c !== '\n' && /\s/.test(c);

/**
 * True when the tag at [start, end) is alone on its line (white space around it allowed).
 * Scans only the white space next to the tag, so the whole tokenizing stays linear in the text.
 */
function standsAlone(source: string, start: number, end: number): boolean {
  let before = start;
  while (before > 0 && isLineSpace(source[before - 1])) before--;
  let after = end;
  while (after < source.length && isLineSpace(source[after])) after++;
  return (before === 0 || source[before - 1] === '\n') && (after === source.length || source[after] === '\n');
}

function tokenize(source: string, issues: SyntaxIssue[]): Token[] {
  const tokens: Token[] = [];
  const lines = new LineCounter(source);
  let at = 0;
  while (at < source.length) {
    const open = source.indexOf('{{', at);
    if (open === -1) break;
    if (open > at) tokens.push({ kind: 'text', text: source.slice(at, open) });
    const close = source.indexOf('}}', open + 2);
    const line = lines.at(open);
    if (close === -1) {
      issues.push({ line, message: '"{{" is never closed with "}}"' });
      return tokens;
    }
    const alone = standsAlone(source, open, close + 2);
    const token = tagToken(source.slice(open + 2, close).trim(), line, alone, issues);
    tokens.push(token);
    at = close + 2;
    if (alone && token.kind !== 'var' && token.kind !== 'text') at = dropStandaloneLine(tokens, source, at);
  }
  if (at < source.length) tokens.push({ kind: 'text', text: source.slice(at) });
  return tokens;
}

/**
 * A control tag ({{#if}}, {{else}}, {{/if}}) alone on its line takes the line with it, so that
 * wrapping a paragraph in an if leaves no blank line behind. Returns where the text goes on.
 */
function dropStandaloneLine(tokens: Token[], source: string, at: number): number {
  const previous = tokens[tokens.length - 2];
  if (previous?.kind === 'text') {
    let end = previous.text.length;
    while (end > 0 && isBlank(previous.text[end - 1])) end--;
    previous.text = previous.text.slice(0, end);
  }
  let next = at;
  while (next < source.length && isBlank(source[next])) next++;
  if (source[next] === '\r') next++;
  if (source[next] === '\n') next++;
  return next;
}

function tagToken(inner: string, line: number, ownLine: boolean, issues: SyntaxIssue[]): Token {
  const m = TAG.exec(inner);
  if (m?.[1] && m[2]) return { kind: 'if', name: m[2], line, ownLine };
  if (m?.[3]) return { kind: 'else', line };
  if (m?.[4]) return { kind: 'endif', line };
  if (m?.[5]) return { kind: 'var', name: m[5], line, ownLine };
  issues.push({
    line,
    message: `"{{${inner}}}" is not a placeholder: write {{name}} or {{#if name}} … {{else}} … {{/if}}`,
  });
  return { kind: 'text', text: '' };
}

interface Frame {
  name: string;
  line: number;
  whenPresent: TemplateNode[];
  otherwise: TemplateNode[];
  inElse: boolean;
}

/** Parse a template into nodes; `issues` lists every syntax error (the nodes are then partial). */
export function parseTemplate(source: string): { nodes: TemplateNode[]; issues: SyntaxIssue[] } {
  const issues: SyntaxIssue[] = [];
  const root: TemplateNode[] = [];
  const stack: Frame[] = [];
  const target = () => {
    const top = stack[stack.length - 1];
    return top ? (top.inElse ? top.otherwise : top.whenPresent) : root;
  };
  for (const token of tokenize(source, issues)) {
    if (token.kind === 'text') {
      if (token.text !== '') target().push({ type: 'text', text: token.text });
    } else if (token.kind === 'var') {
      target().push({ type: 'var', name: token.name, line: token.line, ownLine: token.ownLine });
    } else if (token.kind === 'if') {
      stack.push({ name: token.name, line: token.line, whenPresent: [], otherwise: [], inElse: false });
    } else if (token.kind === 'else') {
      const top = stack[stack.length - 1];
      if (!top || top.inElse) issues.push({ line: token.line, message: '{{else}} without an open {{#if}}' });
      else top.inElse = true;
    } else {
      const top = stack.pop();
      if (!top) issues.push({ line: token.line, message: '{{/if}} without an open {{#if}}' });
      else
        target().push({
          type: 'if',
          name: top.name,
          line: top.line,
          whenPresent: top.whenPresent,
          otherwise: top.otherwise,
        });
    }
  }
  for (const open of stack) issues.push({ line: open.line, message: `{{#if ${open.name}}} is never closed` });
  return { nodes: root, issues: issues.sort((a, b) => a.line - b.line) };
}

/** Every placeholder a template names (in {{name}} and {{#if name}}), with the line of its first use. */
export function namesUsed(
  nodes: readonly TemplateNode[],
  into = new Map<string, number>(),
): Map<string, number> {
  for (const node of nodes) {
    if (node.type === 'text') continue;
    if (!into.has(node.name)) into.set(node.name, node.line);
    if (node.type === 'if') {
      namesUsed(node.whenPresent, into);
      namesUsed(node.otherwise, into);
    }
  }
  return into;
}

/** Every `{{name}}` (not the if-tests) with where it stands, for the block placement rule. */
export function valuePlacements(
  nodes: readonly TemplateNode[],
): { name: string; line: number; ownLine: boolean }[] {
  return nodes.flatMap((node) => {
    if (node.type === 'var') return [{ name: node.name, line: node.line, ownLine: node.ownLine }];
    if (node.type === 'if') return [...valuePlacements(node.whenPresent), ...valuePlacements(node.otherwise)];
    return [];
  });
}

/** A rendered piece: literal template text, or the value of a placeholder. */
export type Segment = { readonly literal: string } | { readonly value: string };

/** Walk the nodes with `present(name)` deciding each if; literal text and placeholder names come out in order. */
export function flatten(nodes: readonly TemplateNode[], present: (name: string) => boolean): Segment[] {
  return nodes.flatMap((node): Segment[] => {
    if (node.type === 'text') return [{ literal: node.text }];
    if (node.type === 'var') return [{ value: node.name }];
    return flatten(present(node.name) ? node.whenPresent : node.otherwise, present);
  });
}
