/**
 * Interface language (English or German) and the locale used to format amounts and dates.
 * The language comes from the browser (`navigator.languages`) until the user picks one, which is
 * remembered. The formatting locale is the browser's own when it speaks the chosen language
 * (en-GB, de-AT …), else the language itself.
 */
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from 'react';
import { de, en, type MessageKey } from './messages';

export const LANGUAGES = ['en', 'de'] as const;
export type Language = (typeof LANGUAGES)[number];

const CATALOGUES: Record<Language, Record<MessageKey, string>> = { en, de };
const STORAGE_KEY = 'cashloop.language';

export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

interface I18n {
  language: Language;
  /** BCP 47 locale for Intl formatting, e.g. `de-DE`. */
  locale: string;
  setLanguage(language: Language): void;
  t: Translate;
}

const I18nContext = createContext<I18n | null>(null);

function isLanguage(value: string | null): value is Language {
  return value !== null && (LANGUAGES as readonly string[]).includes(value);
}

/** The remembered language, else the first browser language the app speaks, else English. */
export function initialLanguage(): Language {
  const stored = localStorage.getItem(STORAGE_KEY);
  if (isLanguage(stored)) return stored;
  for (const tag of navigator.languages) {
    const base = tag.slice(0, 2).toLowerCase();
    if (isLanguage(base)) return base;
  }
  return 'en';
}

function localeFor(language: Language): string {
  const browser = navigator.languages.find((tag) => tag.slice(0, 2).toLowerCase() === language);
  return browser ?? language;
}

/** Fill `{name}` placeholders. */
export function interpolate(text: string, values?: Record<string, string | number>): string {
  if (!values) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export function I18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<Language>(initialLanguage);
  const setLanguage = useCallback((next: Language) => {
    localStorage.setItem(STORAGE_KEY, next);
    setLanguageState(next);
  }, []);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<I18n>(() => {
    const catalogue = CATALOGUES[language];
    return {
      language,
      locale: localeFor(language),
      setLanguage,
      t: (key, values) => interpolate(catalogue[key], values),
    };
  }, [language, setLanguage]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const i18n = useContext(I18nContext);
  if (!i18n) throw new Error('useI18n outside I18nProvider');
  return i18n;
}

/** The translate function alone: `const t = useT(); t('nav.overview')`. */
export function useT(): Translate {
  return useI18n().t;
}
