/**
 * Which language and which `Intl` locale a reader gets: one rule for every document and message,
 * so that labels, dates, numbers and amounts of one text are always of one language.
 */

const locales = new Map<string, string>();

/** `primaryLanguage('de-AT')` → `'de'`; null for what is no language tag. */
export function primaryLanguage(tag: string | null | undefined): string | null {
  const primary = (tag ?? '').trim().toLowerCase().split(/[-_]/)[0] ?? '';
  return /^[a-z]{2,3}$/.test(primary) ? primary : null;
}

/**
 * The first of `candidates` (language tags, any may be missing) whose primary language is one of
 * `available`, else `fallback`: `firstAvailableLanguage(['it-IT', 'de'], ['en', 'de', 'fr'], 'en')` → `'de'`.
 */
export function firstAvailableLanguage<L extends string>(
  candidates: readonly (string | null | undefined)[],
  available: readonly L[],
  fallback: L,
): L {
  for (const candidate of candidates) {
    const primary = primaryLanguage(candidate);
    const found = available.find((l) => l === primary);
    if (found) return found;
  }
  return fallback;
}

/**
 * The `Intl` locale for text in `language` read by someone whose own tag and country are given:
 * the reader's tag when it is of that language (`de` + `de-CH` → `de-CH`: CHF 1’234.50), else the
 * language in the reader's country (`en` + IT → `en-IT`: 1 Mar 2026, English month names), else
 * the language alone. Never a locale of another language: the words stay in `language`.
 */
export function localeFor(language: string, languageTag: string | null, country: string | null): string {
  const key = `${language}|${languageTag}|${country}`;
  let locale = locales.get(key);
  if (locale === undefined) {
    locale = findLocale(language, languageTag, country);
    if (locales.size >= 10_000) locales.clear();
    locales.set(key, locale);
  }
  return locale;
}

function findLocale(language: string, languageTag: string | null, country: string | null): string {
  const candidates = [
    languageTag?.toLowerCase().startsWith(`${language}-`) ? languageTag : null,
    country && /^[A-Za-z]{2}$/.test(country) ? `${language}-${country.toUpperCase()}` : null,
    language,
  ].filter((c): c is string => c !== null);
  for (const candidate of candidates) {
    try {
      if (Intl.NumberFormat.supportedLocalesOf([candidate]).length > 0) return candidate;
    } catch {
      // not a well-formed tag: try the next
    }
  }
  return 'en';
}
