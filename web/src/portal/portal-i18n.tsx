/**
 * The portal's language: the customer's (from the portal session) until they pick another in the
 * switch, which this tab remembers. Formatting uses the language's locale (amounts, dates).
 */
import { createContext, type ReactNode, useContext, useMemo, useState } from 'react';
import { formatDate, formatMoney } from '../format/format';
import { type PortalMessageKey, portalDe, portalEn, portalFr } from './portal-messages';

export const PORTAL_LANGUAGES = ['en', 'de', 'fr'] as const;
export type PortalLanguage = (typeof PORTAL_LANGUAGES)[number];

const CATALOGUES: Record<PortalLanguage, Record<PortalMessageKey, string>> = {
  en: portalEn,
  de: portalDe,
  fr: portalFr,
};
const LOCALES: Record<PortalLanguage, string> = { en: 'en-GB', de: 'de-DE', fr: 'fr-FR' };
const STORAGE_KEY = 'cashloop.portal.language';

export function isPortalLanguage(value: string | null | undefined): value is PortalLanguage {
  return (PORTAL_LANGUAGES as readonly string[]).includes(value ?? '');
}

export type PortalT = (key: PortalMessageKey, values?: Record<string, string | number>) => string;

interface PortalI18n {
  language: PortalLanguage;
  setLanguage(language: PortalLanguage): void;
  t: PortalT;
  money(amount: string, currency: string): string;
  date(date: string): string;
}

const Context = createContext<PortalI18n | null>(null);

/** Before the session is read: the language this tab chose, else the browser's, else English. */
function firstLanguage(): PortalLanguage {
  const stored = sessionStorage.getItem(STORAGE_KEY);
  if (isPortalLanguage(stored)) return stored;
  const browser = navigator.languages.map((tag) => tag.slice(0, 2).toLowerCase()).find(isPortalLanguage);
  return browser ?? 'en';
}

export function PortalI18nProvider({ children }: { children: ReactNode }) {
  const [language, setLanguageState] = useState<PortalLanguage>(firstLanguage);
  const value = useMemo<PortalI18n>(() => {
    const catalogue = CATALOGUES[language];
    const locale = LOCALES[language];
    return {
      language,
      setLanguage: (next) => {
        sessionStorage.setItem(STORAGE_KEY, next);
        setLanguageState(next);
      },
      // A key the catalogue lacks (a status the API added later) shows as English, else as itself.
      t: (key, values) =>
        (catalogue[key] ?? portalEn[key] ?? key).replace(/\{(\w+)\}/g, (whole, name: string) =>
          values && name in values ? String(values[name]) : whole,
        ),
      money: (amount, currency) => formatMoney(amount, currency, locale),
      date: (d) => formatDate(d, locale),
    };
  }, [language]);
  document.documentElement.lang = language;
  return <Context.Provider value={value}>{children}</Context.Provider>;
}

export function usePortalI18n(): PortalI18n {
  const value = useContext(Context);
  if (!value) throw new Error('usePortalI18n outside PortalI18nProvider');
  return value;
}

/** The customer's language from the session, unless this tab already picked one. */
export function adoptSessionLanguage(i18n: PortalI18n, customerLanguage: string): void {
  if (sessionStorage.getItem(STORAGE_KEY)) return;
  if (isPortalLanguage(customerLanguage) && customerLanguage !== i18n.language)
    i18n.setLanguage(customerLanguage);
}
