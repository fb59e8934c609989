/**
 * The demo company's customers, planned in memory from a seeded generator: countries, categories,
 * plausible names and addresses, terms, credit limits, valid IBANs, parent/child groups, and a
 * payment behaviour per customer that the invoice plan (demo-plan.ts) follows.
 */
import { ibanLengthFor, mod97 } from '../../shared/iban.ts';
import type { Random } from '../../shared/random.ts';
import type { CustomerInput } from '../customers/index.ts';
import type { RECEIPT_METHODS } from '../receipts/index.ts';
import {
  CATEGORY_TREE,
  COUNTRIES,
  type CountryProfile,
  CREDIT_LIMITS,
  EUR_PER_UNIT,
  NAME_STEMS,
  NAME_TRADES,
  TERMS_BY_CATEGORY,
} from './demo-catalog.ts';

export type PaymentProfile = 'prompt' | 'normal' | 'late' | 'chronic' | 'disputer' | 'stopped';
export type ReceiptMethod = (typeof RECEIPT_METHODS)[number];

export interface DemoCustomer {
  readonly input: CustomerInput;
  readonly country: CountryProfile;
  readonly currency: string;
  readonly paymentTerms: string;
  readonly category: string;
  readonly subcategory: string;
  readonly profile: PaymentProfile;
  /** Relative share of the invoices. */
  readonly activity: number;
  readonly method: ReceiptMethod;
  /** Pays a month's invoices with one transfer (a remittance listing several invoices). */
  readonly batchPayer: boolean;
  readonly iban: string | null;
  readonly payerName: string;
}

const PROFILE_SHARES: readonly (readonly [PaymentProfile, number])[] = [
  ['stopped', 0.007],
  ['chronic', 0.08],
  ['disputer', 0.06],
  ['late', 0.18],
  ['prompt', 0.35],
];

const ACTIVITY: Readonly<Record<string, number>> = {
  Online: 1.3,
  Stores: 1,
  Distributors: 2.4,
  Resellers: 1.6,
  Municipalities: 0.8,
  Universities: 0.8,
  'Key accounts': 3,
  'Mid-market': 1.5,
};

/** Plan `count` customers (at least 12), a few of them in parent/child groups. */
export function planCustomers(rng: Random, count: number, baseCurrency: string): DemoCustomer[] {
  const n = Math.max(12, count);
  const profiles = assignProfiles(rng, n);
  const used = new Set<string>();
  const customers: DemoCustomer[] = [];
  const groups = Math.max(1, Math.round(n / 60));
  for (let g = 0; g < groups && customers.length < n; g++) {
    const stem = rng.pick(NAME_STEMS);
    const parent = planOne(rng, customers.length, profiles, used, baseCurrency, {
      stem,
      subcategory: 'Key accounts',
    });
    customers.push(parent);
    const children = rng.int(2, 3);
    for (let k = 0; k < children && customers.length < n; k++) {
      customers.push(
        planOne(rng, customers.length, profiles, used, baseCurrency, {
          stem,
          subcategory: 'Mid-market',
          parentExternalId: parent.input.externalId,
        }),
      );
    }
  }
  while (customers.length < n)
    customers.push(planOne(rng, customers.length, profiles, used, baseCurrency, {}));
  return customers;
}

function assignProfiles(rng: Random, n: number): PaymentProfile[] {
  const out: PaymentProfile[] = [];
  for (const [profile, share] of PROFILE_SHARES) {
    const k =
      profile === 'late' || profile === 'prompt' ? Math.round(n * share) : Math.max(1, Math.round(n * share));
    for (let i = 0; i < k; i++) out.push(profile);
  }
  while (out.length < n) out.push('normal');
  return rng.shuffle(out.slice(0, n));
}

interface PlanHints {
  stem?: string;
  subcategory?: string;
  parentExternalId?: string;
}

function planOne(
  rng: Random,
  index: number,
  profiles: readonly PaymentProfile[],
  used: Set<string>,
  baseCurrency: string,
  hints: PlanHints,
): DemoCustomer {
  const country = rng.weighted(COUNTRIES.map((c) => [c, c.weight] as const));
  const [category, subcategory] = hints.subcategory
    ? ['Enterprise', hints.subcategory]
    : rng.weighted(
        CATEGORY_TREE.flatMap((t) => t.subcategories.map(([s, w]) => [[t.name, s] as const, w] as const)),
      );
  const [city, postcode] = rng.pick(country.cities);
  const { name, legalName, domain } = uniqueName(
    rng,
    country,
    category,
    subcategory,
    city,
    used,
    hints.stem,
    hints.subcategory === 'Key accounts',
  );
  const currency =
    EUR_PER_UNIT[country.currency] && EUR_PER_UNIT[baseCurrency] ? country.currency : baseCurrency;
  const paymentTerms = rng.weighted(TERMS_BY_CATEGORY[category] ?? [['NET30', 1]]);
  const iban = rng.chance(0.6) ? makeIban(rng, country) : null;
  const person = `${rng.pick(country.firstNames)} ${rng.pick(country.lastNames)}`;
  const input = customerInputOf(rng, {
    index,
    country,
    names: { name, legalName, domain },
    category,
    subcategory,
    place: { city, postcode },
    currency,
    paymentTerms,
    iban,
    person,
    parentExternalId: hints.parentExternalId,
  });
  return {
    input,
    country,
    currency,
    paymentTerms,
    category,
    subcategory,
    profile: profiles[index] ?? 'normal',
    activity: (ACTIVITY[subcategory] ?? 1) * (0.4 + rng.next() * 1.4),
    method: methodFor(rng, country.code, subcategory, iban),
    batchPayer: rng.chance(category === 'Retail' ? (subcategory === 'Stores' ? 0.3 : 0) : 0.75),
    iban,
    payerName: rng.chance(0.4) ? legalName.toUpperCase() : legalName,
  };
}

interface CustomerFacts {
  index: number;
  country: CountryProfile;
  names: { name: string; legalName: string; domain: string };
  category: string;
  subcategory: string;
  place: { city: string; postcode: string };
  currency: string;
  paymentTerms: string;
  iban: string | null;
  person: string;
  parentExternalId: string | undefined;
}

/** The customer as the API takes it; draws its phone, street, language, tax id and limit from `rng`. */
function customerInputOf(rng: Random, facts: CustomerFacts): CustomerInput {
  const { index, country, category, subcategory, currency, paymentTerms, iban, person, parentExternalId } =
    facts;
  const { name, legalName, domain } = facts.names;
  const { city, postcode } = facts.place;
  const limits = CREDIT_LIMITS[category];
  return {
    externalId: `CUST-${String(index + 1).padStart(4, '0')}`,
    name,
    legalName,
    emails: [`${category === 'Public sector' ? 'rechnungseingang' : 'invoices'}@${domain}`],
    contacts: [
      {
        name: person,
        email: `${slug(person).replace(/-/g, '.')}@${domain}`,
        phone: `${country.phonePrefix} ${rng.digits(3)} ${rng.digits(7)}`,
        role: 'Accounts payable',
      },
    ],
    billingAddress: {
      street: country.numberFirst
        ? `${rng.int(1, 250)} ${rng.pick(country.streets)}`
        : `${rng.pick(country.streets)} ${rng.int(1, 120)}`,
      postalCode: postcode,
      city,
      country: country.code,
    },
    country: country.code,
    language: rng.pick(country.languages),
    currency,
    paymentTerms,
    category,
    subcategory,
    ...(rng.chance(0.85) ? { taxId: country.vatId((k) => rng.digits(k)) } : {}),
    ...(limits && rng.chance(0.8) ? { creditLimit: String(rng.int(limits[0], limits[1]) * 1000) } : {}),
    ...(iban ? { bankAccounts: [iban] } : {}),
    ...(parentExternalId ? { parentExternalId } : {}),
  };
}

function uniqueName(
  rng: Random,
  country: CountryProfile,
  category: string,
  subcategory: string,
  city: string,
  used: Set<string>,
  stem: string | undefined,
  parent: boolean,
) {
  for (let attempt = 0; ; attempt++) {
    const place = attempt === 0 ? city : rng.pick(country.cities)[0];
    const name =
      stem && attempt < 3
        ? `${stem} ${parent ? 'Group' : country.localName}`
        : category === 'Public sector'
          ? subcategory === 'Universities'
            ? country.university(place)
            : country.municipality(place)
          : `${stem ?? rng.pick(NAME_STEMS)} ${rng.pick(NAME_TRADES[category] ?? ['Group'])}`;
    const finalName = attempt < 8 ? name : `${name} ${attempt}`;
    if (used.has(finalName)) continue;
    used.add(finalName);
    const legalName =
      category === 'Public sector' ? finalName : `${finalName} ${rng.pick(country.legalSuffixes)}`;
    return { name: finalName, legalName, domain: `${slug(finalName)}.example` };
  }
}

function methodFor(rng: Random, country: string, subcategory: string, iban: string | null): ReceiptMethod {
  if (subcategory === 'Online' && rng.chance(0.6)) return 'card';
  if (iban && ['DE', 'AT', 'NL'].includes(country) && rng.chance(0.25)) return 'direct_debit';
  if ((country === 'US' || country === 'FR') && rng.chance(0.3)) return 'check';
  return 'bank_transfer';
}

/** A random IBAN of the country's registered length with correct ISO 7064 check digits. */
export function makeIban(rng: Random, country: CountryProfile): string | null {
  const length = ibanLengthFor(country.code);
  if (length === null) return null;
  let letters = '';
  for (let i = 0; i < country.bbanLetters; i++) letters += String.fromCharCode(65 + rng.int(0, 25));
  const bban = letters + rng.digits(length - 4 - letters.length);
  const check = 98 - mod97(`${bban}${country.code}00`);
  return `${country.code}${String(check).padStart(2, '0')}${bban}`;
}

/** ASCII lower-case words joined by hyphens: `slug('Ville de Liège') === 'ville-de-liege'`. */
function slug(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
