/**
 * Rendering a checked template with values: the plain-text body, and an HTML alternative derived
 * from the same text. In HTML every value and every literal is escaped; paragraphs (blank-line
 * separated) become `<p>`, single line breaks `<br>`, and a block value standing on its own line
 * (the invoice table) becomes its HTML form (a real `<table>`). For paper, the plain text cut at
 * the block values (`renderParts`), which a printed document draws itself.
 */
import { flatten, type Segment, type TemplateNode } from './template-syntax.ts';

export interface RenderValue {
  /** The value in plain text; '' means absent ({{#if}} is false, {{name}} renders as nothing). */
  readonly text: string;
  /** The value as HTML (already safe); defaults to the escaped text. */
  readonly html?: string;
}

export type RenderValues = Readonly<Record<string, RenderValue>>;

const present = (values: RenderValues) => (name: string) => (values[name]?.text ?? '') !== '';

/** The template as plain text; trailing spaces are trimmed from every line. */
export function renderText(nodes: readonly TemplateNode[], values: RenderValues): string {
  const text = flatten(nodes, present(values))
    .map((s) => ('literal' in s ? s.literal : (values[s.value]?.text ?? '')))
    .join('');
  return tidyLines(text);
}

/** A one-line text (a subject): line breaks become spaces, runs of spaces one. */
export function renderLine(nodes: readonly TemplateNode[], values: RenderValues): string {
  return renderText(nodes, values).replace(/\s+/g, ' ').trim();
}

function tidyLines(text: string): string {
  return `${text
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim()}\n`;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** One small style sheet in the head (mail clients keep it) instead of a style on every cell. */
const STYLE =
  '<style>body{font-family:Arial,Helvetica,sans-serif;font-size:14px;line-height:1.45;color:#222}' +
  'table.items{border-collapse:collapse;margin:8px 0 12px}' +
  'table.items th,table.items td{padding:3px 12px 3px 0;text-align:left;vertical-align:top}' +
  'table.items th{border-bottom:1px solid #999}table.items tfoot td{border-top:1px solid #999;font-weight:bold}' +
  'table.items .n{text-align:right;white-space:nowrap}div.pay{margin:8px 0}</style>';

/** Placeholders travel through the HTML conversion as private-use markers: \uE000 index \uE001. */
const MARK = /\uE000(\d+)\uE001/g;

/** The template as an HTML document body (a complete, small `<html>` document). */
export function renderHtml(nodes: readonly TemplateNode[], values: RenderValues, lang: string): string {
  const segments = flatten(nodes, present(values));
  const fragments: string[] = [];
  const marked = segments.map((s: Segment) => {
    if ('literal' in s) return s.literal.replace(/[\uE000\uE001]/g, '');
    const v = values[s.value];
    fragments.push(v?.html ?? escapeHtml(v?.text ?? ''));
    return `\uE000${fragments.length - 1}\uE001`;
  });
  const body = tidyLines(marked.join(''))
    .trim()
    .split(/\n{2,}/)
    .map((paragraph) => paragraphHtml(paragraph, fragments))
    .filter((p) => p !== '')
    .join('\n');
  return `<!DOCTYPE html>\n<html lang="${escapeHtml(lang)}"><head><meta charset="utf-8">${STYLE}</head>\n<body>\n${body}\n</body></html>\n`;
}

/** One paragraph: lines that are only a block value stand alone, the others are grouped into `<p>`. */
function paragraphHtml(paragraph: string, fragments: readonly string[]): string {
  const out: string[] = [];
  let lines: string[] = [];
  const flush = () => {
    if (lines.length > 0) out.push(`<p>${lines.join('<br>\n')}</p>`);
    lines = [];
  };
  for (const line of paragraph.split('\n')) {
    const only = /^\s*\uE000(\d+)\uE001\s*$/.exec(line);
    const fragment = only ? (fragments[Number(only[1])] ?? '') : null;
    if (fragment !== null && /^<(table|div)\b/.test(fragment)) {
      flush();
      out.push(fragment);
    } else if (line.trim() !== '') {
      lines.push(escapeHtml(line).replace(MARK, (_m, i: string) => fragments[Number(i)] ?? ''));
    }
  }
  flush();
  return out.join('\n');
}

/** A piece of a body rendered for print: plain text, or the slot of a block placeholder. */
export type TextPart = { readonly text: string } | { readonly block: string };

/** Block slots travel through the text as private-use markers: \uE000 name \uE001. */
const BLOCK_LINE = /^\s*\uE000([a-z][a-z0-9_]*)\uE001\s*$/;

/**
 * The template as plain text, cut at the placeholders named in `blocks` (a block stands on a line
 * of its own, checked when a template is saved): text parts and block slots in order, blank
 * lines around a slot dropped. `used` names every placeholder whose (non-empty) value the text
 * shows, in the branches taken. `renderParts(nodes, values, new Set(['invoice_table']))` →
 * `{ parts: [{text: 'Dear …'}, {block: 'invoice_table'}, {text: 'Kind regards …'}], used }`.
 */
export function renderParts(
  nodes: readonly TemplateNode[],
  values: RenderValues,
  blocks: ReadonlySet<string>,
): { parts: TextPart[]; used: Set<string> } {
  const used = new Set<string>();
  const text = flatten(nodes, present(values))
    .map((s) => {
      if ('literal' in s) return s.literal.replace(/[\uE000\uE001]/g, '');
      const value = values[s.value]?.text ?? '';
      if (value !== '') used.add(s.value);
      return blocks.has(s.value) ? `\uE000${s.value}\uE001` : value;
    })
    .join('');
  const parts: TextPart[] = [];
  let lines: string[] = [];
  const flush = () => {
    const chunk = tidyLines(lines.join('\n')).trim();
    if (chunk !== '') parts.push({ text: chunk });
    lines = [];
  };
  for (const line of text.split('\n')) {
    const slot = BLOCK_LINE.exec(line)?.[1];
    if (slot === undefined) lines.push(line);
    else {
      flush();
      parts.push({ block: slot });
    }
  }
  flush();
  return { parts, used };
}
