/**
 * The e-mail one check sends each recipient: the new alerts of that check that concern them, in
 * the tenant's default language (English, German or French; any other: English). One message per
 * recipient and check, never one per event: a first check over a large ledger may find hundreds.
 */
import type { AlertEvent } from './alert-rules.ts';

/** The most events one e-mail lists; it counts the rest. */
export const MAX_LISTED_EVENTS = 50;

const WORDING = {
  en: {
    subject: (n: number) => `[cashloop] ${n} new receivables alert${n === 1 ? '' : 's'}`,
    intro: 'The alert rules of cashloop found:',
    more: (n: number) => `… and ${n} more.`,
    outro: 'Your notifications in cashloop list each of them (GET /v1/notifications).',
  },
  de: {
    subject: (n: number) =>
      `[cashloop] ${n} ${n === 1 ? 'neuer Forderungshinweis' : 'neue Forderungshinweise'}`,
    intro: 'Die Hinweisregeln von cashloop haben gefunden:',
    more: (n: number) => `… und ${n} weitere.`,
    outro: 'Ihre Benachrichtigungen in cashloop führen jeden einzeln auf (GET /v1/notifications).',
  },
  fr: {
    subject: (n: number) =>
      `[cashloop] ${n} nouvelle${n === 1 ? '' : 's'} alerte${n === 1 ? '' : 's'} créances`,
    intro: 'Les règles d’alerte de cashloop ont relevé :',
    more: (n: number) => `… et ${n} de plus.`,
    outro: 'Vos notifications dans cashloop les listent une à une (GET /v1/notifications).',
  },
} as const;

export function alertDigest(
  events: readonly AlertEvent[],
  language: string,
): { subject: string; text: string; language: string } {
  const lang = language === 'de' || language === 'fr' ? language : 'en';
  const w = WORDING[lang];
  const lines = events.slice(0, MAX_LISTED_EVENTS).map((e) => `- ${e.title}`);
  if (events.length > MAX_LISTED_EVENTS) lines.push(w.more(events.length - MAX_LISTED_EVENTS));
  return {
    subject: w.subject(events.length),
    text: [w.intro, '', ...lines, '', w.outro, ''].join('\n'),
    language: lang,
  };
}
