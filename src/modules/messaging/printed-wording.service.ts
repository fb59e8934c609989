/**
 * A message's wording for paper: the template the outbox would take for the customer (its
 * language, else the tenant's, else English; the tenant's own wording where it has one), rendered
 * in the locale the printed document uses and cut at the block placeholders (the invoice table,
 * the payment instructions) that the document draws itself. A letter on paper and the same letter
 * by email say the same, except where the template asks `{{#if on_paper}}` (the shipped texts
 * do so instead of "reply to this email": on paper they give the company's phone and email).
 */
import type { Queryable } from '../../db/client.ts';
import type { CustomerRow } from '../customers/index.ts';
import { chooseTemplate, renderContextOf } from './message-context.ts';
import { localeFor } from './message-format.ts';
import { type RenderedParts, renderMessageParts } from './message-render.ts';
import { type MessageContent, messageContent } from './messaging.input.ts';
import { getMessagingSettings } from './settings.service.ts';
import type { TemplateRef } from './template-catalog.ts';
import { loadOverrides } from './templates.service.ts';

export type { TextPart } from './template-render.ts';

export interface PrintedWording extends RenderedParts {
  /** The template's language (what the document's labels should be in). */
  readonly language: string;
  /** The locale its amounts and dates were rendered in: one of `language`, as the email's. */
  readonly locale: string;
}

/**
 * The wording of `content` for `customer`, the body cut at the placeholders in `blocks`; amounts
 * and dates in `locale` when given, else in the locale its email takes (the template's language
 * in the customer's country: an English text to an Italian customer says "7 March 2026", never
 * "7 marzo 2026"). Throws validation_failed (via Zod) for content the outbox would refuse.
 */
export async function renderPrintedWording(
  q: Queryable,
  tenantId: string,
  customer: CustomerRow,
  raw: MessageContent,
  options: { locale?: string; blocks: readonly string[] },
): Promise<PrintedWording> {
  const content = messageContent.parse(raw);
  const settings = await getMessagingSettings(q, tenantId);
  const overrides = await loadOverrides(q, tenantId);
  const ref: TemplateRef = { kind: content.kind, level: content.kind === 'dunning' ? content.level : 0 };
  const template = chooseTemplate(settings, overrides, ref, customer);
  const locale =
    options.locale ??
    localeFor(template.language, customer.language, customer.country ?? settings.tenant.country);
  const ctx = { ...renderContextOf(settings, customer, template.language, locale), onPaper: true };
  return {
    language: template.language,
    locale,
    ...renderMessageParts(template, content, ctx, options.blocks),
  };
}
