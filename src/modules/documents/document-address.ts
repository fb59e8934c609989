/**
 * Postal addresses as printed lines. Addresses are free-form records (`street`, `postalCode`,
 * `city`, `country` …); the known keys go in postal order, unknown ones after the street lines,
 * and the country is printed by name in the reader's language.
 */

const STREET_KEYS = ['line1', 'street', 'line2', 'line3'] as const;
const POSTAL_KEYS = ['postalCode', 'postal_code', 'zip', 'postcode'] as const;
const CITY_KEYS = ['city', 'town', 'locality'] as const;
const REGION_KEYS = ['region', 'state', 'province'] as const;
const COUNTRY_KEYS = ['country', 'countryCode', 'country_code'] as const;
const KNOWN = new Set<string>([
  ...STREET_KEYS,
  ...POSTAL_KEYS,
  ...CITY_KEYS,
  ...REGION_KEYS,
  ...COUNTRY_KEYS,
]);

function first(address: Readonly<Record<string, string>>, keys: readonly string[]): string {
  for (const key of keys) {
    const value = address[key]?.trim();
    if (value) return value;
  }
  return '';
}

const regionNames = new Map<string, Intl.DisplayNames>();

/** `DE` → `Germany` (en) / `Deutschland` (de); anything that is not a region code as given. */
export function countryName(code: string, locale: string): string {
  if (!/^[A-Za-z]{2}$/.test(code)) return code;
  let names = regionNames.get(locale);
  if (!names) {
    names = new Intl.DisplayNames([locale], { type: 'region', fallback: 'code' });
    regionNames.set(locale, names);
  }
  try {
    return names.of(code.toUpperCase()) ?? code;
  } catch {
    return code;
  }
}

/**
 * The printed lines of an address; `fallbackCountry` is used when the address names none.
 * `addressLines({street: 'Hauptstraße 1', postalCode: '10115', city: 'Berlin', country: 'DE'}, null, 'de')`
 * → `['Hauptstraße 1', '10115 Berlin', 'Deutschland']`.
 */
export function addressLines(
  address: Readonly<Record<string, string>> | null,
  fallbackCountry: string | null,
  locale: string,
): string[] {
  const a = address ?? {};
  const streets = STREET_KEYS.map((k) => a[k]?.trim() ?? '');
  const others = Object.entries(a)
    .filter(([k, v]) => !KNOWN.has(k) && v.trim() !== '')
    .map(([, v]) => v.trim());
  const cityLine = [first(a, POSTAL_KEYS), first(a, CITY_KEYS)].filter(Boolean).join(' ');
  const country = first(a, COUNTRY_KEYS) || fallbackCountry || '';
  return [
    ...streets,
    ...others,
    cityLine,
    first(a, REGION_KEYS),
    country ? countryName(country, locale) : '',
  ].filter((line) => line !== '');
}

/** An address in the parts a structured format names (e-invoices); '' where the address has none. */
export interface AddressParts {
  street: string;
  additionalStreet: string;
  postalCode: string;
  city: string;
  region: string;
  /** ISO 3166 alpha-2 code, upper case, or ''. */
  country: string;
}

/** `addressParts({street: 'Hauptstraße 1', zip: '10115', city: 'Berlin'}, 'de')` → street, postalCode, city, country 'DE'. */
export function addressParts(
  address: Readonly<Record<string, string>> | null,
  fallbackCountry: string | null,
): AddressParts {
  const a = address ?? {};
  const streets = STREET_KEYS.map((k) => a[k]?.trim() ?? '').filter(Boolean);
  const country = (first(a, COUNTRY_KEYS) || fallbackCountry || '').toUpperCase();
  return {
    street: streets[0] ?? '',
    additionalStreet: streets.slice(1).join(', '),
    postalCode: first(a, POSTAL_KEYS),
    city: first(a, CITY_KEYS),
    region: first(a, REGION_KEYS),
    country: /^[A-Z]{2}$/.test(country) ? country : '',
  };
}
