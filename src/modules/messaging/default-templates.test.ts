/**
 * The shipped wording: every slot exists in every default language, passes the same check a
 * tenant's edit must pass, and renders completely (no placeholder left, no label without its
 * value). The expected phrases are the ones a finance team writes at each level.
 */
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { defaultTemplate } from './default-templates.ts';
import { renderMessage } from './message-render.ts';
import type { MessageContent } from './messaging.input.ts';
import { allTemplateRefs, DEFAULT_LANGUAGES, templateName } from './template-catalog.ts';
import { checkTemplate } from './template-check.ts';
import { sampleContent, sampleContext } from './template-samples.ts';

const LOCALES: Record<string, string> = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR' };

describe('default templates', () => {
  it('exist for every slot in en, de and fr and pass the save-time check', () => {
    for (const language of DEFAULT_LANGUAGES)
      for (const ref of allTemplateRefs()) {
        const t = defaultTemplate(ref, language);
        assert.ok(t, `${templateName(ref)} ${language}`);
        const checked = checkTemplate(ref.kind, t.subject, t.body);
        assert.ok(
          checked.ok,
          `${templateName(ref)} ${language}: ${JSON.stringify(!checked.ok && checked.errors)}`,
        );
      }
    assert.equal(defaultTemplate({ kind: 'invoice', level: 0 }, 'it'), null, 'no Italian ships');
  });

  it('render every placeholder with the sample data, in every language', () => {
    for (const language of DEFAULT_LANGUAGES)
      for (const ref of allTemplateRefs()) {
        const t = defaultTemplate(ref, language);
        if (!t) continue;
        const r = renderMessage(
          t,
          sampleContent(ref),
          sampleContext(language, LOCALES[language] ?? language, 'Acme GmbH'),
        );
        for (const part of [r.subject, r.text, r.html])
          assert.doesNotMatch(part, /\{\{|\}\}/, `${templateName(ref)} ${language}`);
        assert.match(r.text, /Acme GmbH/);
        assert.match(r.html, /^<!DOCTYPE html>/);
      }
  });

  it('escalate in tone level by level (each language its own wording)', () => {
    const expected: Record<string, string[]> = {
      en: [
        'Friendly reminder',
        'Payment reminder',
        'Second reminder',
        'Final notice',
        'passed to collections',
      ],
      de: ['Freundliche Erinnerung', 'Zahlungserinnerung', 'Mahnung', 'Letzte Mahnung', 'Inkassounternehmen'],
      fr: ['Rappel amical', 'Relance', 'Deuxième relance', 'Mise en demeure', 'recouvrement'],
    };
    for (const [language, phrases] of Object.entries(expected))
      phrases.forEach((phrase, i) => {
        const t = defaultTemplate({ kind: 'dunning', level: i + 1 }, language);
        assert.ok(
          t?.subject.includes(phrase),
          `${language} level ${i + 1}: "${t?.subject}" should say "${phrase}"`,
        );
      });
    assert.deepEqual(
      defaultTemplate({ kind: 'dunning', level: 9 }, 'de'),
      defaultTemplate({ kind: 'dunning', level: 5 }, 'de'),
      'levels above 5 use the hand-over wording',
    );
  });

  it('leave out fee, interest and deadline lines when there are none', () => {
    const content: MessageContent = {
      kind: 'dunning',
      level: 2,
      letterDate: '2026-03-10',
      invoices: [
        {
          number: 'INV-9',
          issueDate: '2026-02-01',
          dueDate: '2026-03-03',
          total: { amountMinor: 10000n, currency: 'EUR' },
          open: { amountMinor: 10000n, currency: 'EUR' },
        },
      ],
    };
    const ctx = { ...sampleContext('en', 'en-GB', 'Acme GmbH'), contactName: null };
    const t = defaultTemplate({ kind: 'dunning', level: 2 }, 'en');
    assert.ok(t);
    const r = renderMessage(t, content, ctx);
    assert.doesNotMatch(r.text, /Reminder fee|Late interest| by \d/);
    assert.match(r.text, /^Dear Sir or Madam,\n/);
    assert.match(r.text, /Amount now due: {5}€100\.00/);
    // 2026-03-03 → 2026-03-10 is 7 days late.
    assert.match(r.text, /INV-9 .* 7\n/);
    assert.match(r.text, /Reference: INV-9/, 'one invoice: its number is the reference');
  });
});
