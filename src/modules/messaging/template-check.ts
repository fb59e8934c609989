/**
 * The save-time check of a template's subject and body against its kind's placeholders. A
 * template that passes renders for every input of its kind; one that fails is refused whole,
 * with one error per problem, naming the placeholders.
 */
import type { ErrorDetail } from '../../shared/errors.ts';
import { type MessageKind, variablesOf } from './template-catalog.ts';
import { namesUsed, parseTemplate, type TemplateNode, valuePlacements } from './template-syntax.ts';

export const MAX_SUBJECT_LENGTH = 300;
export const MAX_BODY_LENGTH = 20_000;

export interface CheckedTemplate {
  readonly subject: TemplateNode[];
  readonly body: TemplateNode[];
}

function checkPart(
  kind: MessageKind,
  field: 'subject' | 'body',
  source: string,
): { nodes: TemplateNode[]; errors: ErrorDetail[] } {
  const { nodes, issues } = parseTemplate(source);
  const errors: ErrorDetail[] = issues.map((i) => ({ field, message: `line ${i.line}: ${i.message}` }));
  const offered = new Map(variablesOf(kind).map((v) => [v.name, v]));
  const unknown = [...namesUsed(nodes).keys()].filter((name) => !offered.has(name));
  if (unknown.length > 0)
    errors.push({
      field,
      message: `unknown placeholder${unknown.length > 1 ? 's' : ''} ${unknown.map((n) => `{{${n}}}`).join(', ')}; ${kind} templates offer ${[...offered.keys()].join(', ')}`,
    });
  for (const use of valuePlacements(nodes)) {
    if (!offered.get(use.name)?.block) continue;
    if (field === 'subject')
      errors.push({ field, message: `{{${use.name}}} spans several lines and cannot be used in a subject` });
    else if (!use.ownLine)
      errors.push({ field, message: `line ${use.line}: {{${use.name}}} must stand on a line of its own` });
  }
  return { nodes, errors };
}

/**
 * Check a template; returns the parsed parts, or the errors (field `subject` or `body`).
 * `checkTemplate('invoice', 'Invoice {{invoice_numbr}}', …)` → an error naming `{{invoice_numbr}}`.
 */
export function checkTemplate(
  kind: MessageKind,
  subject: string,
  body: string,
): { ok: true; template: CheckedTemplate } | { ok: false; errors: ErrorDetail[] } {
  const errors: ErrorDetail[] = [];
  if (subject.trim() === '') errors.push({ field: 'subject', message: 'must not be empty' });
  if (subject.length > MAX_SUBJECT_LENGTH)
    errors.push({ field: 'subject', message: `at most ${MAX_SUBJECT_LENGTH} characters` });
  if (/[\r\n]/.test(subject)) errors.push({ field: 'subject', message: 'must be one line' });
  if (body.trim() === '') errors.push({ field: 'body', message: 'must not be empty' });
  if (body.length > MAX_BODY_LENGTH)
    errors.push({ field: 'body', message: `at most ${MAX_BODY_LENGTH} characters` });
  // A text over its limit is refused by its length alone: parsing a megabyte of tags is work
  // for nothing, and the errors about its placeholders would bury the one that matters.
  if (subject.length > MAX_SUBJECT_LENGTH || body.length > MAX_BODY_LENGTH) return { ok: false, errors };
  const s = checkPart(kind, 'subject', subject);
  const b = checkPart(kind, 'body', body);
  errors.push(...s.errors, ...b.errors);
  return errors.length > 0
    ? { ok: false, errors }
    : { ok: true, template: { subject: s.nodes, body: b.nodes } };
}
