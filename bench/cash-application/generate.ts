/**
 * Seeded generator of the labelled cash-application benchmark: customers (legal forms, groups
 * with a parent company, some with known IBANs), their open invoices (INV-000123 numbers, RF
 * references as the invoices service makes them, PO numbers, some with 2/10 NET30 terms), a few
 * already-paid invoices, and bank receipts written as camt.053 and MT940 text — each receipt
 * labelled with its truth: which customer, which invoices, which adjustment, or "not a customer
 * receipt". The same seed gives the same data on every run.
 */
import { addDays } from '../../src/shared/calendar-date.ts';
import { makeCreditorReference } from '../../src/shared/creditor-reference.ts';
import { mod97 } from '../../src/shared/iban.ts';
import { seededRandom } from '../data.ts';

export const BOOKING_DATE = '2026-06-15';
export const OWN_IBAN = 'DE89370400440532013000';

export type CaseKind =
  | 'clean_reference'
  | 'disguised_reference'
  | 'mistyped_reference'
  | 'rf_reference'
  | 'po_number'
  | 'several_with_references'
  | 'several_without_references'
  | 'no_reference'
  | 'early_payment_discount'
  | 'bank_charges'
  | 'partial_payment'
  | 'over_payment'
  | 'group_treasury'
  | 'payment_service'
  | 'already_paid'
  | 'not_a_customer_receipt';

/** Cases only the large look-alike case generates (issue 9's remittances real customers send). */
export type LargeCaseKind =
  | 'name_and_amount_only'
  | 'credit_note_netting'
  | 'short_payment_with_reason'
  | 'instalment'
  | 'parent_pays_subsidiaries';

/** Proportions of the large look-alike case: payers there often pay by name and amount only. */
export const LOOKALIKE_WEIGHTS: Readonly<Record<CaseKind | LargeCaseKind, number>> = {
  ...baseCaseWeights(),
  name_and_amount_only: 20,
  credit_note_netting: 3,
  short_payment_with_reason: 3,
  instalment: 2,
  parent_pays_subsidiaries: 2,
};

/** Realistic proportions (weights) of the cases on a receivables account. */
function baseCaseWeights(): Record<CaseKind, number> {
  return {
    clean_reference: 26,
    disguised_reference: 16,
    mistyped_reference: 4,
    rf_reference: 8,
    po_number: 3,
    several_with_references: 6,
    several_without_references: 4,
    no_reference: 8,
    early_payment_discount: 5,
    bank_charges: 4,
    partial_payment: 3,
    over_payment: 2,
    group_treasury: 3,
    payment_service: 3,
    already_paid: 2,
    not_a_customer_receipt: 5,
  };
}
export const CASE_WEIGHTS: Readonly<Record<CaseKind, number>> = baseCaseWeights();

export interface GenCustomer {
  id: string;
  externalId: string;
  name: string;
  legalName: string | null;
  parentExternalId: string | null;
  ibans: string[];
  /** IBANs known to cashloop (the others pay from accounts it has not seen). */
  knownIbans: string[];
  /** Large look-alike case: the trading name shared with look-alikes (other legal forms). */
  tradingName?: string;
}

export interface GenInvoice {
  id: string;
  number: string;
  customerExternalId: string;
  issueDate: string;
  dueDate: string;
  totalMinor: bigint;
  openMinor: bigint;
  paymentReference: string;
  poNumber: string | null;
  discountPct: string | null;
  discountDate: string | null;
}

export interface Truth {
  readonly kind: CaseKind | LargeCaseKind;
  /** The paying customer's external id (whose invoices are paid), null when not a customer receipt. */
  readonly customer: string | null;
  /** Any of these customers is a right answer (a parent paying its subsidiaries' invoices). */
  readonly customers?: readonly string[];
  /** Invoice numbers the receipt settles (fully or partly); empty when there is no open item to apply. */
  readonly invoices: readonly string[];
  readonly adjustment: 'discount' | 'bank_charge' | null;
  /** Excess left as unapplied cash (over-payment, already-paid invoice). */
  readonly unappliedMinor: bigint;
}

export interface GenReceipt {
  /** The bank's reference of the entry (camt AcctSvcrRef, MT940 `//` reference). */
  bankReference: string;
  amountMinor: bigint;
  payerName: string;
  payerIban: string | null;
  ultimateParty: string | null;
  remittance: string;
  /** camt only: a structured creditor reference (RF); MT940 writes it into the text. */
  structuredReference: string | null;
  truth: Truth;
}

export interface Dataset {
  customers: GenCustomer[];
  /** Open invoices (what the engine may apply to). */
  invoices: GenInvoice[];
  /** Invoices already paid in full (not open): payers sometimes pay them again. */
  paidInvoices: GenInvoice[];
  receipts: GenReceipt[];
}

const STEMS = [
  'Acme',
  'Baltic',
  'Nordwind',
  'Sonnenschein',
  'Alpen',
  'Rheinland',
  'Kessler',
  'Müller',
  'Schäfer',
  'Bergmann',
  'Lumière',
  'Dupont',
  'Garnier',
  'Rossi',
  'Bianchi',
  'Van Dijk',
  'De Vries',
  'Jansen',
  'Hansen',
  'Lindqvist',
  'Nowak',
  'Kowalski',
  'Horváth',
  'Novák',
  'Smith',
  'Taylor',
  'Brightwater',
  'Oakridge',
  'Silverline',
  'Bluebird',
  'Greenfield',
  'Redstone',
  'Northstar',
  'Eastgate',
  'Westbrook',
  'Polaris',
  'Orion',
  'Vega',
  'Atlas',
  'Helios',
  'Zenith',
  'Vertex',
  'Summit',
  'Cascade',
  'Meridian',
  'Falken',
  'Adler',
  'Löwen',
  'Eichen',
  'Linden',
  'Birken',
  'Tannen',
  'Weber',
  'Becker',
  'Hoffmann',
  'Krüger',
  'Wagner',
  'Schulz',
  'Fischer',
  'Koch',
  'Richter',
  'Klein',
  'Wolf',
  'Neumann',
  'Schwarz',
];
const TRADES = [
  'Logistik',
  'Maschinenbau',
  'Handel',
  'Elektro',
  'Bau',
  'Software',
  'Trading',
  'Systems',
  'Foods',
  'Textil',
  'Pharma',
  'Chemie',
  'Medien',
  'Consulting',
  'Transport',
  'Metallbau',
  'Druck',
  'Solutions',
  'Industries',
  'Retail',
  'Distribution',
  'Technik',
  'Papier',
  'Kunststoff',
  'Optik',
  'Energie',
];
const FORMS = [
  'GmbH',
  'GmbH',
  'GmbH',
  'AG',
  'GmbH & Co. KG',
  'Ltd',
  'Limited',
  'S.A.S.',
  'SARL',
  'B.V.',
  'S.p.A.',
  'S.r.l.',
  'Inc.',
  'LLC',
  'AB',
  'Sp. z o.o.',
  'N.V.',
  'e.K.',
];
const QUALIFIERS = [
  '',
  '',
  '',
  'Nord',
  'Süd',
  'West',
  'International',
  'Europe',
  'Partners',
  'Service',
  'Direct',
  'Plus',
  'Global',
  'Union',
  'Pro',
];
/** Legal forms with their country, for look-alikes (`Silverline Foods LLC` / `… SARL`). */
const LEGAL_FORMS = [
  'GmbH',
  'AG',
  'GmbH & Co. KG',
  'SARL',
  'S.A.S.',
  'B.V.',
  'N.V.',
  'LLC',
  'Inc.',
  'Corp.',
  'Ltd',
  'PLC',
  'S.p.A.',
  'S.r.l.',
  'Sp. z o.o.',
  'AB',
  'Oy',
  'ApS',
];
const COUNTRIES = ['Deutschland', 'France', 'Italia', 'Nederland', 'Polska', 'UK', 'Austria', 'Nordic'];
const PSPS = ['PAYPAL EUROPE S.A.R.L. ET CIE S.C.A', 'STRIPE PAYMENTS EUROPE LTD', 'ADYEN N.V.'];

/** A valid IBAN for a country whose BBAN is all digits. */
function makeIban(random: () => number, country: 'DE' | 'NL' | 'FR' | 'AT'): string {
  const length = { DE: 18, NL: 14, FR: 23, AT: 16 }[country];
  let bban = '';
  if (country === 'NL') bban = `${['ABNA', 'INGB', 'RABO'][Math.floor(random() * 3)]}`;
  while (bban.length < length) bban += String(Math.floor(random() * 10));
  const check = 98 - mod97(`${bban}${country}00`);
  return `${country}${String(check).padStart(2, '0')}${bban}`;
}

export interface GenerateOptions {
  seed?: number;
  customers?: number;
  receipts?: number;
  /**
   * The large case of issue 9: customers sharing a trading name with other legal forms, payers
   * often paying by name and amount only, and the remittances of `LargeCaseKind`.
   */
  lookalike?: boolean;
  /** Open invoices in all (look-alike case only; the small case draws 2–14 per customer). */
  invoices?: number;
}

export function generate(opts: GenerateOptions = {}): Dataset {
  const random = seededRandom(opts.seed ?? 2026);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const int = (lo: number, hi: number) => lo + Math.floor(random() * (hi - lo + 1));
  const chance = (p: number) => random() < p;

  // Customers: singles and groups (parent + 2–4 members sharing the stem).
  const customers: GenCustomer[] = [];
  const usedNames = new Set<string>();
  const customerCount = opts.customers ?? 600;
  let n = 0;
  const newCustomer = (name: string, parent: string | null): GenCustomer => {
    n += 1;
    const ibans = [makeIban(random, pick(['DE', 'DE', 'DE', 'NL', 'FR', 'AT'] as const))];
    if (chance(0.15)) ibans.push(makeIban(random, 'DE'));
    const c: GenCustomer = {
      id: `gen-c-${n}`,
      externalId: `C${String(n).padStart(5, '0')}`,
      name,
      legalName: chance(0.3) ? `${name.replace(/ (GmbH|AG|Ltd|Inc\.)$/, '')} ${pick(FORMS)}` : null,
      parentExternalId: parent,
      ibans,
      knownIbans: ibans.filter(() => chance(0.55)),
    };
    customers.push(c);
    return c;
  };
  if (opts.lookalike) lookalikeCustomers();
  while (customers.length < customerCount) {
    const stem = `${pick(STEMS)} ${pick(TRADES)}`;
    if (usedNames.has(stem)) continue;
    usedNames.add(stem);
    if (chance(0.08)) {
      const parent = newCustomer(`${stem} Holding ${pick(['AG', 'SE', 'GmbH', 'B.V.'])}`, null);
      const members = int(2, 4);
      const countries = [...COUNTRIES].sort(() => random() - 0.5).slice(0, members);
      for (const country of countries) newCustomer(`${stem} ${country} ${pick(FORMS)}`, parent.externalId);
    } else newCustomer(`${stem} ${pick(FORMS)}`, null);
  }

  // Invoices: 2–14 open per customer, numbered in order; a few paid ones in between.
  const invoices: GenInvoice[] = [];
  const paidInvoices: GenInvoice[] = [];
  let number = 100;
  let po = 4_500_010_000 + int(0, 9999);
  const perCustomer = Math.max(1, (opts.invoices ?? 0) / customerCount);
  for (const c of customers)
    addInvoices(c, opts.lookalike ? int(1, Math.max(1, Math.round(2 * perCustomer - 1))) : int(2, 14), 2);
  // The look-alike case tops its random counts up to the invoices asked for.
  while (opts.lookalike && invoices.length < (opts.invoices ?? 0)) addInvoices(pick(customers), 1, 0);
  function addInvoices(c: GenCustomer, count: number, paid: number) {
    for (let k = 0; k < count + paid; k++) {
      number += int(1, 3);
      const num = `INV-${String(number).padStart(6, '0')}`;
      const issueDate = addDays(BOOKING_DATE, -int(1, 75));
      const discount = chance(0.2);
      // Amounts: many round-ish, some repeated (subscriptions) to make amount-only matching hard.
      const totalMinor = chance(0.25)
        ? BigInt(pick([9_900, 19_900, 49_900, 100_000, 119_000, 250_000]))
        : BigInt(int(2_000, 2_500_000));
      const inv: GenInvoice = {
        id: `gen-i-${number}`,
        number: num,
        customerExternalId: c.externalId,
        issueDate,
        dueDate: addDays(issueDate, 30),
        totalMinor,
        openMinor: totalMinor,
        paymentReference: makeCreditorReference(num.replace(/[^A-Za-z0-9]/g, '').slice(-21)),
        poNumber: chance(0.35) ? String(po++) : null,
        discountPct: discount ? '2' : null,
        discountDate: discount ? addDays(issueDate, 10) : null,
      };
      if (k >= count) paidInvoices.push(inv);
      else {
        if (chance(0.08)) inv.openMinor = BigInt(Math.max(100, Math.floor(Number(totalMinor) * random())));
        invoices.push(inv);
      }
    }
  }
  const openByCustomer = new Map<string, GenInvoice[]>();
  for (const inv of invoices) {
    const list = openByCustomer.get(inv.customerExternalId) ?? [];
    list.push(inv);
    openByCustomer.set(inv.customerExternalId, list);
  }
  const paidByCustomer = new Map<string, GenInvoice[]>();
  for (const inv of paidInvoices)
    paidByCustomer.set(inv.customerExternalId, [...(paidByCustomer.get(inv.customerExternalId) ?? []), inv]);
  const byExternal = new Map(customers.map((c) => [c.externalId, c]));
  const membersOf = new Map<string, GenCustomer[]>();
  for (const c of customers)
    if (c.parentExternalId)
      membersOf.set(c.parentExternalId, [...(membersOf.get(c.parentExternalId) ?? []), c]);
  const used = new Set<string>();

  // How a payer writes its own name: as registered, upper case, truncated, without legal form.
  const payerName = (c: GenCustomer): string => {
    const base = c.legalName && chance(0.3) ? c.legalName : c.name;
    const r = random();
    if (r < 0.35) return base.toUpperCase();
    if (r < 0.5)
      return base.replace(/ (GmbH & Co\. KG|GmbH|AG|Ltd|Limited|S\.A\.S\.|SARL|B\.V\.|Inc\.)$/, '');
    if (r < 0.6) return base.toUpperCase().slice(0, 27);
    if (r < 0.7)
      return base
        .normalize('NFKD')
        .replace(/[\u0300-\u036f]/g, '')
        .replace(/ß/g, 'ss');
    return base;
  };
  const payerIban = (c: GenCustomer): string | null =>
    chance(0.92) ? (chance(0.8) && c.knownIbans.length > 0 ? pick(c.knownIbans) : pick(c.ibans)) : null;

  const digitsOf = (num: string) => num.replace(/\D/g, '');
  const disguise = (num: string): string => {
    const d = digitsOf(num);
    const short = d.replace(/^0+/, '');
    return pick([
      `INV ${d}`,
      `inv${d}`,
      `INV.${short}`,
      `Invoice ${short}`,
      `Rechnung Nr. ${d}`,
      `RE-${d}`,
      `RG ${short}`,
      `Facture n° ${short}`,
      `${d}`,
      `INV-${d.slice(0, 3)} ${d.slice(3)}`,
      `Invoice no. ${short}, thank you`,
      `Payment of INV${short} from our account`,
      `Ihre Rechnung ${num} vom ${pick(['12.05.', '03.06.', '28.04.'])}`,
      `Bill ${d}`,
    ]);
  };
  const mistype = (num: string): string => {
    const d = digitsOf(num);
    const i = d.length - 1 - Math.floor(random() * 3);
    const wrong = String((Number(d[i]) + 1 + Math.floor(random() * 8)) % 10);
    return `INV-${d.slice(0, i)}${wrong}${d.slice(i + 1)}`;
  };
  const filler = () =>
    pick([
      '',
      '',
      ` Kd-Nr ${int(10_000, 99_999)}`,
      ' Vielen Dank',
      ` Order ${int(1, 99)}`,
      ` ${pick(['12.05.2026', '2026-06-01', '03/06/2026'])}`,
    ]);

  // Customers with a free open invoice (not yet used in the benchmark), random order.
  const freeOf = (c: GenCustomer, want = 1): GenInvoice[] | null => {
    const free = (openByCustomer.get(c.externalId) ?? []).filter((i) => !used.has(i.number));
    if (free.length < want) return null;
    const chosen = [...free].sort(() => random() - 0.5).slice(0, want);
    for (const i of chosen) used.add(i.number);
    return chosen;
  };

  const receipts: GenReceipt[] = [];
  const kinds = Object.entries(opts.lookalike ? LOOKALIKE_WEIGHTS : CASE_WEIGHTS) as [
    Truth['kind'],
    number,
  ][];
  const totalWeight = kinds.reduce((s, [, w]) => s + w, 0);
  const receiptCount = opts.receipts ?? 2_000;
  let attempts = 0;
  while (receipts.length < receiptCount && attempts++ < receiptCount * 20) {
    let r = random() * totalWeight;
    let kind: Truth['kind'] = 'clean_reference';
    for (const [k, w] of kinds) {
      r -= w;
      if (r < 0) {
        kind = k;
        break;
      }
    }
    const bankReference = `R${String(receipts.length + 1).padStart(6, '0')}`;
    const made = makeReceipt(kind, bankReference);
    if (Array.isArray(made)) receipts.push(...made);
    else if (made) receipts.push(made);
  }
  return { customers, invoices, paidInvoices, receipts };

  /** Trading names held by 1–3 customers of different legal forms and countries, and groups. */
  function lookalikeCustomers() {
    while (customers.length < customerCount) {
      const qualifier = pick(QUALIFIERS);
      const trading = `${pick(STEMS)}${qualifier ? ` ${qualifier}` : ''} ${pick(TRADES)}`;
      if (usedNames.has(trading)) continue;
      usedNames.add(trading);
      const made: GenCustomer[] = [];
      if (chance(0.05)) {
        const parent = newCustomer(`${trading} Holding ${pick(['AG', 'SE', 'GmbH', 'B.V.'])}`, null);
        made.push(parent);
        const countries = [...COUNTRIES].sort(() => random() - 0.5).slice(0, int(2, 4));
        for (const country of countries)
          made.push(newCustomer(`${trading} ${country} ${pick(FORMS)}`, parent.externalId));
      } else {
        const forms = [...LEGAL_FORMS].sort(() => random() - 0.5).slice(0, chance(0.55) ? int(2, 3) : 1);
        for (const form of forms) made.push(newCustomer(`${trading} ${form}`, null));
      }
      for (const c of made) {
        c.legalName = null;
        c.tradingName = trading;
      }
    }
  }

  function makeReceipt(kind: Truth['kind'], bankReference: string): GenReceipt | GenReceipt[] | null {
    const c = pick(customers);
    const base = (
      truth: Truth,
      amountMinor: bigint,
      remittance: string,
      extra: Partial<GenReceipt> = {},
    ) => ({
      bankReference,
      amountMinor,
      payerName: payerName(c),
      payerIban: payerIban(c),
      ultimateParty: null,
      remittance: remittance.trim(),
      structuredReference: null,
      truth,
      ...extra,
    });
    const single = (adjustment: Truth['adjustment'] = null, unapplied = 0n) => ({
      kind,
      customer: c.externalId,
      adjustment,
      unappliedMinor: unapplied,
    });
    switch (kind) {
      case 'clean_reference': {
        const [inv] = freeOf(c) ?? [];
        if (!inv) return null;
        return base({ ...single(), invoices: [inv.number] }, inv.openMinor, `${inv.number}${filler()}`);
      }
      case 'disguised_reference': {
        const [inv] = freeOf(c) ?? [];
        if (!inv) return null;
        return base(
          { ...single(), invoices: [inv.number] },
          inv.openMinor,
          `${disguise(inv.number)}${filler()}`,
        );
      }
      case 'mistyped_reference': {
        const [inv] = freeOf(c) ?? [];
        if (!inv) return null;
        // A typo that turns into another open invoice of the same customer for the same amount
        // cannot be told from what was written by anyone: not generated.
        const same = new Set(
          (openByCustomer.get(c.externalId) ?? [])
            .filter((o) => o.openMinor === inv.openMinor && o !== inv)
            .map((o) => o.number),
        );
        let typed = mistype(inv.number);
        for (let k = 0; k < 5 && same.has(typed); k++) typed = mistype(inv.number);
        if (same.has(typed)) return null;
        return base({ ...single(), invoices: [inv.number] }, inv.openMinor, typed);
      }
      case 'rf_reference': {
        const [inv] = freeOf(c) ?? [];
        if (!inv) return null;
        const rf = inv.paymentReference;
        const spaced = chance(0.5) ? rf.replace(/(.{4})/g, '$1 ').trim() : rf;
        return base(
          { ...single(), invoices: [inv.number] },
          inv.openMinor,
          chance(0.5) ? spaced : '',
          chance(0.5) ? { structuredReference: rf } : { remittance: spaced },
        );
      }
      case 'po_number': {
        const free = (openByCustomer.get(c.externalId) ?? []).filter(
          (i) => i.poNumber && !used.has(i.number),
        );
        const inv = free[0];
        if (!inv) return null;
        used.add(inv.number);
        return base(
          { ...single(), invoices: [inv.number] },
          inv.openMinor,
          `${pick(['PO', 'Bestellung', 'Your order', 'PO#'])} ${inv.poNumber}`,
        );
      }
      case 'several_with_references': {
        const items = freeOf(c, int(2, 4));
        if (!items) return null;
        const sep = pick([', ', ' ', ' / ', '; ', ' + ']);
        const refs = items.map((i, k) => (k === 0 || chance(0.5) ? i.number : digitsOf(i.number)));
        return base(
          { ...single(), invoices: items.map((i) => i.number) },
          items.reduce((s, i) => s + i.openMinor, 0n),
          `${pick(['', 'Invoices ', 'Rechnungen ', 'Sammelzahlung '])}${refs.join(sep)}`,
        );
      }
      case 'several_without_references': {
        const items = freeOf(c, int(2, 3));
        if (!items) return null;
        return base(
          { ...single(), invoices: items.map((i) => i.number) },
          items.reduce((s, i) => s + i.openMinor, 0n),
          pick(['Sammelzahlung', 'Payment', 'Zahlung offene Posten', 'Remittance advice sent by e-mail', '']),
        );
      }
      case 'no_reference': {
        const [inv] = freeOf(c) ?? [];
        if (!inv) return null;
        return base(
          { ...single(), invoices: [inv.number] },
          inv.openMinor,
          pick(['Payment', 'Zahlung', '', 'Ueberweisung', 'Paiement facture', `Kunde ${c.externalId}`]),
        );
      }
      case 'early_payment_discount': {
        const free = (openByCustomer.get(c.externalId) ?? []).filter(
          (i) =>
            i.discountDate &&
            i.discountDate >= BOOKING_DATE &&
            i.openMinor === i.totalMinor &&
            !used.has(i.number),
        );
        const inv = free[0];
        if (!inv) return null;
        used.add(inv.number);
        const discount = (inv.totalMinor * 2n + 50n) / 100n;
        return base(
          { ...single('discount'), invoices: [inv.number] },
          inv.openMinor - discount,
          chance(0.8) ? `${inv.number} abzgl. 2% Skonto` : 'Zahlung mit Skonto',
        );
      }
      case 'bank_charges': {
        const [inv] = freeOf(c) ?? [];
        if (!inv || inv.openMinor < 5_000n) return null;
        const charge = BigInt(pick([250, 500, 750, 1_000, 1_200, 1_500]));
        return base({ ...single('bank_charge'), invoices: [inv.number] }, inv.openMinor - charge, inv.number);
      }
      case 'partial_payment': {
        const [inv] = freeOf(c) ?? [];
        if (!inv || inv.openMinor < 10_000n) return null;
        const part = (inv.openMinor * BigInt(int(20, 70))) / 100n;
        return base(
          { ...single(), invoices: [inv.number] },
          part,
          `${pick(['Teilzahlung', 'Part payment', 'Abschlag', 'Installment 1'])} ${inv.number}`,
        );
      }
      case 'over_payment': {
        const [inv] = freeOf(c) ?? [];
        if (!inv) return null;
        const excess = BigInt(int(100, 50_000));
        return base({ ...single(null, excess), invoices: [inv.number] }, inv.openMinor + excess, inv.number);
      }
      case 'group_treasury': {
        if (!c.parentExternalId) return null;
        const parent = byExternal.get(c.parentExternalId);
        const [inv] = freeOf(c) ?? [];
        if (!parent || !inv) return null;
        return base(
          { ...single(), invoices: [inv.number] },
          inv.openMinor,
          chance(0.8) ? inv.number : disguise(inv.number),
          {
            payerName: payerName(parent),
            payerIban: payerIban(parent),
            ultimateParty: chance(0.5) ? c.name : null,
          },
        );
      }
      case 'payment_service': {
        const [inv] = freeOf(c) ?? [];
        if (!inv) return null;
        const psp = pick(PSPS);
        const inText = chance(0.4);
        return base(
          { ...single(), invoices: [inv.number] },
          inv.openMinor,
          `${psp.split(' ')[0]} ${int(1_000_000, 9_999_999)}${chance(0.7) ? ` ${inv.number}` : ''}${inText ? ` ${c.name}` : ''}`,
          {
            payerName: psp,
            payerIban: chance(0.7) ? 'LU89751000135104200E' : null,
            ultimateParty: inText ? null : c.name,
          },
        );
      }
      case 'already_paid': {
        const inv = (paidByCustomer.get(c.externalId) ?? []).find((i) => !used.has(i.number));
        if (!inv) return null;
        used.add(inv.number);
        return base(
          { kind, customer: c.externalId, invoices: [], adjustment: null, unappliedMinor: inv.totalMinor },
          inv.totalMinor,
          chance(0.7) ? inv.number : disguise(inv.number),
        );
      }
      case 'name_and_amount_only': {
        const [inv] = freeOf(c) ?? [];
        if (!inv) return null;
        const unknown = c.ibans.filter((i) => !c.knownIbans.includes(i));
        return base(
          { ...single(), invoices: [inv.number] },
          inv.openMinor,
          pick(['', '', 'Zahlung', 'Payment', 'Rechnung', 'Paiement', 'Overboeking']),
          { payerName: c.name, payerIban: chance(0.5) && unknown.length > 0 ? pick(unknown) : null },
        );
      }
      case 'credit_note_netting': {
        const items = freeOf(c, int(2, 3));
        if (!items) return null;
        const sum = items.reduce((s, i) => s + i.openMinor, 0n);
        const credit = BigInt(int(500, Math.max(600, Number(sum / 3n))));
        const refs = items.map((i) => digitsOf(i.number).replace(/^0+/, ''));
        return base(
          { ...single(), invoices: items.map((i) => i.number) },
          sum - credit,
          `${pick(['RE', 'Rechnungen', 'Invoices', 'Factures'])} ${refs.join(', ')} ${pick(['abzgl. GS', 'less credit note', 'abzgl. Gutschrift', 'moins avoir'])} ${int(100, 9_999)}`,
        );
      }
      case 'short_payment_with_reason': {
        const [inv] = freeOf(c) ?? [];
        if (!inv || inv.openMinor < 20_000n) return null;
        const short = (inv.openMinor * BigInt(int(3, 15))) / 100n;
        return base(
          { ...single(), invoices: [inv.number] },
          inv.openMinor - short,
          `${inv.number} abzgl. ${String(short / 100n)},${String(short % 100n).padStart(2, '0')} EUR ${pick(['Transportschaden', 'damaged goods', 'Preisdifferenz', 'price difference', 'Mengendifferenz', 'missing items'])}`,
        );
      }
      case 'instalment': {
        const [inv] = freeOf(c) ?? [];
        if (!inv || inv.openMinor < 30_000n) return null;
        const parts = int(2, 4);
        const each = inv.openMinor / BigInt(parts);
        const paid = int(1, parts);
        const name = payerName(c);
        const iban = payerIban(c);
        return Array.from({ length: paid }, (_, k) => ({
          ...base(
            { ...single(), invoices: [inv.number] },
            each,
            pick([
              `Rate ${k + 1}/${parts} ${inv.number}`,
              `Instalment ${k + 1} of ${parts} ${inv.number}`,
              `${k + 1}. Teilzahlung ${disguise(inv.number)}`,
            ]),
          ),
          bankReference: `${bankReference}-${k + 1}`,
          payerName: name,
          payerIban: iban,
        }));
      }
      case 'parent_pays_subsidiaries': {
        const parent = c.parentExternalId ? byExternal.get(c.parentExternalId) : undefined;
        if (!parent) return null;
        const members = (membersOf.get(parent.externalId) ?? []).filter((m) =>
          (openByCustomer.get(m.externalId) ?? []).some((i) => !used.has(i.number)),
        );
        if (members.length < 2) return null;
        const items = members.slice(0, int(2, members.length)).flatMap((m) => freeOf(m) ?? []);
        if (items.length < 2) return null;
        return base(
          {
            ...single(),
            customers: [parent.externalId, ...members.map((m) => m.externalId)],
            invoices: items.map((i) => i.number),
          },
          items.reduce((s, i) => s + i.openMinor, 0n),
          `${pick(['Sammelzahlung Konzern', 'Group payment', ''])} ${items.map((i) => i.number).join(', ')}`,
          { payerName: payerName(parent), payerIban: payerIban(parent) },
        );
      }
      case 'not_a_customer_receipt': {
        const none: Truth = { kind, customer: null, invoices: [], adjustment: null, unappliedMinor: 0n };
        const variant = int(0, 3);
        if (variant === 0)
          return base(
            none,
            BigInt(int(100, 90_000)),
            pick(['Habenzinsen 2. Quartal', 'Zinsen', 'Interest Q2 2026']),
            {
              payerName: 'COMMERZBANK AG',
              payerIban: null,
            },
          );
        if (variant === 1)
          return base(
            none,
            BigInt(int(1_000, 300_000)),
            `${pick(['Gutschrift', 'Credit note', 'Erstattung'])} ${pick(['Lieferung', 'Rechnung', 'Beleg'])} ${int(10_000, 999_999)}`,
            {
              payerName: `${pick(STEMS)} ${pick(['Papier', 'Büromaterial', 'Energie', 'Telekom'])} ${pick(FORMS)}`,
              payerIban: null,
            },
          );
        if (variant === 2)
          return base(
            none,
            BigInt(int(100_000, 5_000_000)),
            pick(['Umbuchung', 'Liquiditaetsausgleich', 'Cash pooling']),
            {
              payerName: 'Own company GmbH',
              payerIban: 'DE02120300000000202051',
            },
          );
        return base(
          none,
          BigInt(int(1_000, 50_000)),
          pick(['Steuererstattung Finanzamt', 'Refund insurance premium', 'Dividende']),
          {
            payerName: pick(['FINANZAMT MUENCHEN', 'ALLIANZ VERSICHERUNGS-AG', 'DEKA INVESTMENT']),
            payerIban: null,
          },
        );
      }
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Statement files

function amountText(minor: bigint, decimal: '.' | ','): string {
  const s = String(minor).padStart(3, '0');
  return `${s.slice(0, -2)}${decimal}${s.slice(-2)}`;
}

function xml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** A camt.053.001.08 statement of the receipts on our account. */
export function camt053(receipts: readonly GenReceipt[], statementId = 'BENCH-1'): string {
  const total = receipts.reduce((s, r) => s + r.amountMinor, 0n);
  const entries = receipts.map((r) => {
    const rmt = [
      ...(r.remittance ? [`<Ustrd>${xml(r.remittance.slice(0, 140))}</Ustrd>`] : []),
      ...(r.structuredReference
        ? [
            `<Strd><CdtrRefInf><Tp><CdOrPrtry><Cd>SCOR</Cd></CdOrPrtry></Tp><Ref>${r.structuredReference}</Ref></CdtrRefInf></Strd>`,
          ]
        : []),
    ].join('');
    return `<Ntry><Amt Ccy="EUR">${amountText(r.amountMinor, '.')}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Sts><Cd>BOOK</Cd></Sts><BookgDt><Dt>${BOOKING_DATE}</Dt></BookgDt><ValDt><Dt>${BOOKING_DATE}</Dt></ValDt><AcctSvcrRef>${r.bankReference}</AcctSvcrRef><BkTxCd><Domn><Cd>PMNT</Cd><Fmly><Cd>RCDT</Cd><SubFmlyCd>ESCT</SubFmlyCd></Fmly></Domn></BkTxCd><NtryDtls><TxDtls><Refs><EndToEndId>NOTPROVIDED</EndToEndId></Refs><RltdPties><Dbtr><Pty><Nm>${xml(r.payerName)}</Nm></Pty></Dbtr>${r.payerIban ? `<DbtrAcct><Id><IBAN>${r.payerIban}</IBAN></Id></DbtrAcct>` : ''}${r.ultimateParty ? `<UltmtDbtr><Pty><Nm>${xml(r.ultimateParty)}</Nm></Pty></UltmtDbtr>` : ''}</RltdPties>${rmt ? `<RmtInf>${rmt}</RmtInf>` : ''}</TxDtls></NtryDtls></Ntry>`;
  });
  return `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">
<BkToCstmrStmt>
<GrpHdr><MsgId>${statementId}</MsgId><CreDtTm>${BOOKING_DATE}T20:00:00</CreDtTm></GrpHdr>
<Stmt>
<Id>${statementId}</Id>
<Acct><Id><IBAN>${OWN_IBAN}</IBAN></Id><Ccy>EUR</Ccy></Acct>
<Bal><Tp><CdOrPrtry><Cd>OPBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">0.00</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${BOOKING_DATE}</Dt></Dt></Bal>
<Bal><Tp><CdOrPrtry><Cd>CLBD</Cd></CdOrPrtry></Tp><Amt Ccy="EUR">${amountText(total, '.')}</Amt><CdtDbtInd>CRDT</CdtDbtInd><Dt><Dt>${BOOKING_DATE}</Dt></Dt></Bal>
${entries.join('\n')}
</Stmt>
</BkToCstmrStmt>
</Document>
`;
}

/**
 * ASCII as SWIFT's character set wants it: umlauts spelled out, accents dropped, any other
 * character outside the set (`;`, `#`, `%`, `&`, `°`, `?`) written as a space, as banks do.
 */
function swiftText(text: string): string {
  return text
    .replace(/ä/g, 'ae')
    .replace(/ö/g, 'oe')
    .replace(/ü/g, 'ue')
    .replace(/Ä/g, 'AE')
    .replace(/Ö/g, 'OE')
    .replace(/Ü/g, 'UE')
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9 /\-:().,'+]/g, ' ')
    .replace(/ {2,}/g, ' ')
    .trim();
}

function chunks(text: string, size: number): string[] {
  const out: string[] = [];
  for (let i = 0; i < text.length; i += size) out.push(text.slice(i, i + size));
  return out;
}

/**
 * How one bank writes a `:86:` field. The benchmark's MT940 mixes the habits of several banks,
 * line by line (seeded), each as awkward as the real ones: text cut at a fixed width wherever the
 * cut falls (inside a word, a number, a SEPA keyword), lines wrapped at 65 characters inside a
 * sub-field, trailing spaces dropped.
 */
interface Mt940Style {
  readonly layout: 'german' | 'rabobank' | 'abnamro' | 'ing';
  /** The 65 characters of the first line count the `:86:` tag (ING, some German banks) or not. */
  readonly tagCounts: boolean;
  /** Trailing spaces of each physical line dropped (many exports and transports do). */
  readonly trimLines: boolean;
  /** German: trailing spaces of each 27-character sub-field dropped (fixed-width records, rtrimmed). */
  readonly trimSubfields: boolean;
  /** German: each SEPA keyword starts a new sub-field; else one text cut at 27, keywords included. */
  readonly keywordPerSubfield: boolean;
  /** German: `EREF+NOTPROVIDED` / `KREF+…` before `SVWZ+`. */
  readonly eref: boolean;
  readonly kref: boolean;
}

function mt940Style(random: () => number): Mt940Style {
  const r = random();
  return {
    layout: r < 0.64 ? 'german' : r < 0.76 ? 'rabobank' : r < 0.88 ? 'abnamro' : 'ing',
    tagCounts: random() < 0.5,
    trimLines: random() < 0.5,
    trimSubfields: random() < 0.3,
    keywordPerSubfield: random() < 0.5,
    eref: random() < 0.6,
    kref: random() < 0.2,
  };
}

/** A field's text as physical lines of 65 characters (the first shorter when the tag counts). */
function wrap86(text: string, style: Mt940Style): string[] {
  const firstWidth = style.tagCounts ? 61 : 65;
  const lines = [text.slice(0, firstWidth), ...chunks(text.slice(firstWidth), 65)];
  return style.trimLines ? lines.map((l) => l.trimEnd()) : lines;
}

/** German `?xx` layout: GVC, booking text, purpose in ?20–?29 (then ?60–?63), payer in ?31–?33. */
function germanDetails(r: GenReceipt, text: string, style: Mt940Style, random: () => number): string {
  const keywords = [
    ...(style.eref ? ['EREF+NOTPROVIDED'] : []),
    ...(style.kref ? [`KREF+${String(Math.floor(random() * 1e12)).padStart(12, '0')}`] : []),
    ...(text ? [`SVWZ+${text}`] : []),
    ...(r.ultimateParty ? [`ABWA+${swiftText(r.ultimateParty)}`] : []),
  ];
  const pieces = (
    style.keywordPerSubfield ? keywords.flatMap((k) => chunks(k, 27)) : chunks(keywords.join(' '), 27)
  )
    .map((c) => (style.trimSubfields ? c.trimEnd() : c))
    .slice(0, 14);
  const purpose = pieces.slice(0, 10).map((c, i) => `?${20 + i}${c}`);
  const more = pieces.slice(10).map((c, i) => `?${60 + i}${c}`);
  const name = swiftText(r.payerName);
  const payer = `${r.payerIban ? `?31${r.payerIban}` : ''}?32${name.slice(0, 27)}${name.length > 27 ? `?33${name.slice(27, 54)}` : ''}`;
  return `166?00GUTSCHRIFT?100399${purpose.join('')}${payer}?34000${more.join('')}`;
}

/** Dutch structured `/KEY/value` layouts: Rabobank, ABN AMRO, ING (REMI/USTD, STRD for an RF alone). */
function dutchDetails(r: GenReceipt, text: string, style: Mt940Style): string {
  const name = swiftText(r.payerName);
  const ultimate = r.ultimateParty ? `/ULTD/${swiftText(r.ultimateParty)}` : '';
  if (style.layout === 'rabobank')
    return `/EREF/NOTPROVIDED/ORDP//NAME/${name}/REMI/${text}${ultimate}/ISDT/${BOOKING_DATE}`;
  if (style.layout === 'abnamro')
    return `/TRTP/SEPA OVERBOEKING${r.payerIban ? `/IBAN/${r.payerIban}/BIC/ABNANL2A` : ''}/NAME/${name}/REMI/${text}${ultimate}/EREF/NOTPROVIDED`;
  const remi =
    r.structuredReference && !r.remittance ? `STRD/CUR/${r.structuredReference}/` : `USTD//${text}/`;
  return `/EREF/NOTPROVIDED//CNTP/${r.payerIban ?? ''}/INGBNL2A/${name}///REMI/${remi}${ultimate ? `${ultimate}/` : ''}`;
}

/**
 * An MT940 statement of the receipts: most `:86:` fields in the German `?xx` layout with SEPA
 * keywords, a share in the Dutch structured layouts, written as awkwardly as real banks do (see
 * `Mt940Style`). `seed` picks each line's style; the same receipts and seed give the same file.
 */
export function mt940(receipts: readonly GenReceipt[], statementId = 'BENCH-1', seed = 940): string {
  const random = seededRandom(seed);
  const date = BOOKING_DATE.slice(2).replace(/-/g, '');
  const total = receipts.reduce((s, r) => s + r.amountMinor, 0n);
  const lines = [`:20:${statementId}`, `:25:${OWN_IBAN}`, ':28C:1/1', `:60F:C${date}EUR0,00`];
  for (const r of receipts) {
    const style = mt940Style(random);
    lines.push(`:61:${date}${date.slice(2)}C${amountText(r.amountMinor, ',')}NTRFNONREF//${r.bankReference}`);
    // Rabobank writes the counterparty's account in the :61: supplementary details.
    if (style.layout === 'rabobank' && r.payerIban) lines.push(r.payerIban);
    const text = swiftText([r.structuredReference ?? '', r.remittance].filter((t) => t !== '').join(' '));
    const field =
      style.layout === 'german' ? germanDetails(r, text, style, random) : dutchDetails(r, text, style);
    const [first = '', ...rest] = wrap86(field, style);
    lines.push(`:86:${first}`, ...rest);
  }
  lines.push(`:62F:C${date}EUR${amountText(total, ',')}`, '-');
  return `${lines.join('\r\n')}\r\n`;
}
