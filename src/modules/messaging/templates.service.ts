/**
 * Templates: the defaults in code and the tenant's own wording over them. The effective template
 * of a slot and language is the tenant's override if there is one, else the default. Saving checks
 * the text first (unknown placeholders, syntax, block placement): a rejected edit changes nothing.
 */

import { type Db, type Queryable, type Tx, withTransaction } from '../../db/client.ts';
import type { Clock } from '../../shared/clock.ts';
import { notFound, validationFailed } from '../../shared/errors.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import { defaultTemplate, type TemplateText } from './default-templates.ts';
import { localeFor } from './message-format.ts';
import { type RenderedMessage, renderMessage } from './message-render.ts';
import type { TemplateEditInput } from './messaging.input.ts';
import { getMessagingSettings } from './settings.service.ts';
import {
  DEFAULT_DUNNING_LEVELS,
  DEFAULT_LANGUAGES,
  LANGUAGE_CODE,
  type MessageKind,
  parseTemplateName,
  type TemplateRef,
  templateName,
  type VariableSpec,
  variablesOf,
} from './template-catalog.ts';
import { checkTemplate } from './template-check.ts';
import { sampleContent, sampleContext } from './template-samples.ts';
import * as repo from './templates.repository.ts';

export type TemplateSource = 'default' | 'tenant';

export interface EffectiveTemplate {
  readonly name: string;
  readonly kind: MessageKind;
  readonly level: number;
  readonly language: string;
  readonly subject: string;
  readonly body: string;
  readonly source: TemplateSource;
  /** When the tenant last saved its wording; null for a default. */
  readonly updatedAt: Date | null;
  /** True when a default exists to reset to. */
  readonly hasDefault: boolean;
  readonly variables: readonly VariableSpec[];
}

/** The tenant's overrides, by `kind|level|language`. */
export type Overrides = ReadonlyMap<string, repo.TemplateRow>;

const key = (ref: TemplateRef, language: string) => `${ref.kind}|${ref.level}|${language}`;

export async function loadOverrides(q: Queryable, tenantId: string): Promise<Overrides> {
  const rows = await repo.listTemplateRows(q, tenantId);
  return new Map(rows.map((r) => [key({ kind: r.kind as MessageKind, level: r.level }, r.language), r]));
}

/** The effective template of a slot in one language, or null when neither the tenant nor cashloop has one. */
export function effectiveTemplate(
  overrides: Overrides,
  ref: TemplateRef,
  language: string,
): EffectiveTemplate | null {
  const own = overrides.get(key(ref, language));
  const fallback = defaultTemplate(ref, language);
  const text: TemplateText | null = own ?? fallback;
  if (!text) return null;
  return {
    name: templateName(ref),
    kind: ref.kind,
    level: ref.level,
    language,
    subject: text.subject,
    body: text.body,
    source: own ? 'tenant' : 'default',
    updatedAt: own?.updatedAt ?? null,
    hasDefault: fallback !== null,
    variables: variablesOf(ref.kind),
  };
}

function parseLanguage(language: string): string {
  if (!LANGUAGE_CODE.test(language))
    throw validationFailed(`"${language}" is not a language code like en, de, fr`, [
      { field: 'language', message: 'ISO 639-1 code expected' },
    ]);
  return language;
}

/** Every effective template: the default slots (dunning 1–5) in every language, plus the tenant's own slots. */
export async function listTemplates(
  q: Queryable,
  tenantId: string,
  filter: { kind?: MessageKind | undefined; language?: string | undefined } = {},
): Promise<EffectiveTemplate[]> {
  const overrides = await loadOverrides(q, tenantId);
  const slots = new Map<string, { ref: TemplateRef; language: string }>();
  for (const language of DEFAULT_LANGUAGES)
    for (const ref of defaultSlots()) slots.set(key(ref, language), { ref, language });
  for (const row of overrides.values()) {
    const ref = { kind: row.kind as MessageKind, level: row.level };
    slots.set(key(ref, row.language), { ref, language: row.language });
  }
  return [...slots.values()]
    .filter(
      (s) =>
        (!filter.kind || s.ref.kind === filter.kind) && (!filter.language || s.language === filter.language),
    )
    .map((s) => effectiveTemplate(overrides, s.ref, s.language))
    .filter((t): t is EffectiveTemplate => t !== null)
    .sort((a, b) => order(a) - order(b) || (a.language < b.language ? -1 : a.language > b.language ? 1 : 0));
}

function defaultSlots(): TemplateRef[] {
  const dunning = Array.from({ length: DEFAULT_DUNNING_LEVELS }, (_, i) => ({
    kind: 'dunning' as const,
    level: i + 1,
  }));
  return [
    { kind: 'invoice', level: 0 },
    { kind: 'credit_note', level: 0 },
    { kind: 'statement', level: 0 },
    ...dunning,
    { kind: 'promise_confirmation', level: 0 },
  ];
}

const KIND_ORDER: Record<MessageKind, number> = {
  invoice: 0,
  credit_note: 1,
  statement: 2,
  dunning: 3,
  promise_confirmation: 4,
};
const order = (t: EffectiveTemplate) => KIND_ORDER[t.kind] * 100 + t.level;

/** One effective template by name (`invoice`, `dunning-3`) and language; not_found when there is none. */
export async function getTemplate(
  q: Queryable,
  tenantId: string,
  name: string,
  language: string,
): Promise<EffectiveTemplate> {
  const ref = parseTemplateName(name);
  const found = effectiveTemplate(await loadOverrides(q, tenantId), ref, parseLanguage(language));
  if (!found) throw notFound('template', `${name} (${language})`);
  return found;
}

/** Replace the tenant's wording of a slot. Checked first: any error rejects the edit, naming the problem. */
export async function replaceTemplate(
  db: Db,
  clock: Clock,
  tenantId: string,
  name: string,
  language: string,
  input: TemplateEditInput,
): Promise<EffectiveTemplate> {
  const ref = parseTemplateName(name);
  const lang = parseLanguage(language);
  const checked = checkTemplate(ref.kind, input.subject, input.body);
  if (!checked.ok) {
    const first = checked.errors[0]?.message ?? 'invalid';
    throw validationFailed(`template ${name} (${lang}) rejected: ${first}`, checked.errors);
  }
  await withTransaction(db, async (tx) => {
    const before = effectiveTemplate(await loadOverrides(tx, tenantId), ref, lang);
    await repo.upsertTemplateRow(tx, {
      tenantId,
      kind: ref.kind,
      level: ref.level,
      language: lang,
      subject: input.subject,
      body: input.body,
      updatedAt: clock.now(),
    });
    await auditTemplate(tx, tenantId, 'template.replaced', `${name}:${lang}`, before, input);
  });
  return getTemplate(db, tenantId, name, lang);
}

/** Drop the tenant's wording: the default applies again. Returns it, or null when no default exists. */
export async function resetTemplate(
  db: Db,
  tenantId: string,
  name: string,
  language: string,
): Promise<EffectiveTemplate | null> {
  const ref = parseTemplateName(name);
  const lang = parseLanguage(language);
  const standard = effectiveTemplate(new Map(), ref, lang);
  await withTransaction(db, async (tx) => {
    const before = effectiveTemplate(await loadOverrides(tx, tenantId), ref, lang);
    await repo.deleteTemplateRow(tx, tenantId, ref.kind, ref.level, lang);
    await auditTemplate(tx, tenantId, 'template.reset', `${name}:${lang}`, before, standard);
  });
  return standard;
}

/** The audit record of a template's change: subject and body before and after. */
function auditTemplate(
  tx: Tx,
  tenantId: string,
  kind: string,
  id: string,
  before: { subject: string; body: string } | null,
  after: { subject: string; body: string } | null,
) {
  const pick = (t: { subject: string; body: string } | null) =>
    t ? { subject: t.subject, body: t.body } : null;
  return recordAudit(tx, tenantId, {
    kind,
    objectType: 'template',
    objectId: id,
    changes: changedFields(pick(before), pick(after)),
  });
}

/**
 * Render a template with sample data: the effective one, or `draft` (checked like a save, and
 * rejected the same way) so that wording can be tried before it is saved.
 */
export async function previewTemplate(
  q: Queryable,
  tenantId: string,
  name: string,
  language: string,
  draft?: TemplateEditInput,
): Promise<RenderedMessage> {
  const ref = parseTemplateName(name);
  const lang = parseLanguage(language);
  if (draft) {
    const checked = checkTemplate(ref.kind, draft.subject, draft.body);
    if (!checked.ok) throw validationFailed(`template ${name} (${lang}) rejected`, checked.errors);
  }
  const text = draft ?? (await getTemplate(q, tenantId, name, lang));
  const settings = await getMessagingSettings(q, tenantId);
  return renderMessage(
    text,
    sampleContent(ref),
    sampleContext(lang, localeFor(lang, null, 'DE'), settings.companyName),
  );
}
