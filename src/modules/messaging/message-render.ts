/**
 * One message rendered from a template text and its content: subject (one line), plain-text
 * body and the HTML alternative. Templates were checked when saved (defaults by the test suite);
 * parsed templates are cached by their text, so a run of thousands of letters parses each once.
 */
import type { TemplateText } from './default-templates.ts';
import { messageValues, type RenderContext } from './message-variables.ts';
import type { MessageContent } from './messaging.input.ts';
import { renderHtml, renderLine, renderParts, renderText, type TextPart } from './template-render.ts';
import { parseTemplate, type TemplateNode } from './template-syntax.ts';

export interface RenderedMessage {
  readonly subject: string;
  readonly text: string;
  readonly html: string;
}

const MAX_CACHED = 500;
const parsed = new Map<string, TemplateNode[]>();

function nodesOf(source: string): TemplateNode[] {
  let nodes = parsed.get(source);
  if (!nodes) {
    nodes = parseTemplate(source).nodes;
    if (parsed.size >= MAX_CACHED) parsed.clear();
    parsed.set(source, nodes);
  }
  return nodes;
}

/** Render `template` for `content` as `ctx` describes the reader. Never throws on a checked template. */
export function renderMessage(
  template: TemplateText,
  content: MessageContent,
  ctx: RenderContext,
): RenderedMessage {
  const values = messageValues(content, ctx);
  const body = nodesOf(template.body);
  return {
    subject: renderLine(nodesOf(template.subject), values),
    text: renderText(body, values),
    html: renderHtml(body, values, ctx.language),
  };
}

export interface RenderedParts {
  readonly subject: string;
  /** The body's text, cut at the block placeholders the printed document draws itself. */
  readonly parts: readonly TextPart[];
  /** The placeholders whose values the subject and body show. */
  readonly used: ReadonlySet<string>;
}

/**
 * Render `template` for paper: the subject, and the body as text parts around the slots of the
 * placeholders in `blocks` (e.g. `invoice_table`, drawn as a real table by the document).
 */
export function renderMessageParts(
  template: TemplateText,
  content: MessageContent,
  ctx: RenderContext,
  blocks: readonly string[],
): RenderedParts {
  const values = messageValues(content, ctx);
  const body = renderParts(nodesOf(template.body), values, new Set(blocks));
  return { subject: renderLine(nodesOf(template.subject), values), parts: body.parts, used: body.used };
}
