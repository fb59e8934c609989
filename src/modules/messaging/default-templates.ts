/**
 * The default wording shipped in code, per language and template slot. Dunning levels escalate:
 * 1 a friendly reminder before the due date, 2 a reminder, 3 a firm reminder, 4 the final notice,
 * 5 the hand-over to collections; levels above 5 use the level-5 wording until a tenant writes its own.
 */
import { DE } from './default-templates.de.ts';
import { EN } from './default-templates.en.ts';
import { FR } from './default-templates.fr.ts';
import { defaultLevelFor, type TemplateRef, templateName } from './template-catalog.ts';

export interface TemplateText {
  readonly subject: string;
  readonly body: string;
}

export type DefaultSlot =
  | 'invoice'
  | 'credit_note'
  | 'statement'
  | 'dunning-1'
  | 'dunning-2'
  | 'dunning-3'
  | 'dunning-4'
  | 'dunning-5'
  | 'promise_confirmation';

export type DefaultTemplateSet = Readonly<Record<DefaultSlot, TemplateText>>;

const DEFAULTS: Readonly<Record<string, DefaultTemplateSet>> = { en: EN, de: DE, fr: FR };

/** The default text of a slot in a language, or null when none ships (a language cashloop lacks). */
export function defaultTemplate(ref: TemplateRef, language: string): TemplateText | null {
  const set = DEFAULTS[language];
  if (!set) return null;
  const slot = templateName({ kind: ref.kind, level: defaultLevelFor(ref) }) as DefaultSlot;
  return set[slot] ?? null;
}
