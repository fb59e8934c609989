import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { CANDIDATE_NAME_SIMILARITY, type CustomerInfo, MatchContext } from './match-context.ts';
import { nameTokens, preparedSimilarity, prepareName, sameToken } from './names.ts';

/**
 * The plain comparison the index must answer like: every customer sharing one of the rarest token
 * starts is compared with `preparedSimilarity`, best first, equals in the order found.
 */
function plainIndex(customers: readonly CustomerInfo[]) {
  const index = new Map<string, Set<string>>();
  const prepared = new Map(
    customers.map((c) => [
      c.customerId,
      c.names
        .map(nameTokens)
        .filter((t) => t.length > 0)
        .map(prepareName),
    ]),
  );
  for (const c of customers)
    for (const p of prepared.get(c.customerId) ?? [])
      for (const t of p.tokens)
        index.set(t.slice(0, 3), (index.get(t.slice(0, 3)) ?? new Set()).add(c.customerId));
  return { index, prepared };
}

function plainNamed({ index, prepared }: ReturnType<typeof plainIndex>, name: string) {
  const tokens = nameTokens(name);
  const payer = prepareName(tokens);
  const sets = [...new Set(tokens.map((t) => t.slice(0, 3)))]
    .map((k) => index.get(k) ?? new Set<string>())
    .sort((a, b) => a.size - b.size);
  const need = Math.ceil(tokens.length / 2);
  const candidates = new Set<string>();
  for (const set of sets.slice(0, Math.max(1, sets.length - need + 1)))
    for (const id of set) candidates.add(id);
  const out: { customerId: string; similarity: number }[] = [];
  for (const customerId of candidates) {
    if (sets.filter((s) => s.has(customerId)).length * 2 < tokens.length) continue;
    const similarity = Math.max(
      0,
      ...(prepared.get(customerId) ?? []).map((p) => preparedSimilarity(payer, p)),
    );
    if (similarity >= CANDIDATE_NAME_SIMILARITY) out.push({ customerId, similarity });
  }
  return out.sort((a, b) => b.similarity - a.similarity);
}

function plainMentioned(customers: readonly CustomerInfo[], text: string): string[] {
  const words = nameTokens(text);
  if (words.length < 2) return [];
  const starts = new Map<string, number>();
  words.forEach((w, i) => {
    if (!starts.has(w.slice(0, 3))) starts.set(w.slice(0, 3), i);
  });
  const found: { id: string; first: number; ordinal: number }[] = [];
  customers.forEach((c, ordinal) => {
    const names = c.names.map(nameTokens).filter((t) => t.length > 0);
    const first = Math.min(...names.flat().map((t) => starts.get(t.slice(0, 3)) ?? Number.POSITIVE_INFINITY));
    if (first === Number.POSITIVE_INFINITY) return;
    if (names.some((n) => n.length >= 2 && n.every((t) => words.some((w) => sameToken(t, w)))))
      found.push({ id: c.customerId, first, ordinal });
  });
  return found.sort((a, b) => a.first - b.first || a.ordinal - b.ordinal).map((f) => f.id);
}

/** A small seeded generator (the same names on every run). */
function seededRandom(seed: number): () => number {
  let state = seed;
  return () => {
    state = (Math.imul(state, 48_271) + 11) >>> 0;
    return state / 4_294_967_296;
  };
}

const STEMS = [
  'Silverline',
  'Slverline',
  'Silverlin',
  'Müller',
  'Mueller',
  'Nordwind',
  'Nord',
  'Smith',
  'Baltic',
];
const TRADES = ['Foods', 'Food', 'Retail', 'Consulting', 'Logistik', 'Logistics', 'Nord'];
const FORMS = ['GmbH', 'SARL', 'LLC', 'N.V.', 'S.A.S.', 'Corp.', 'GmbH & Co. KG', ''];

/** Look-alikes, typos in the first letters, truncated words, names that are only a legal form. */
function awkwardCustomers(): CustomerInfo[] {
  const random = seededRandom(99);
  const pick = <T>(list: readonly T[]) => list[Math.floor(random() * list.length)] as T;
  const customers: CustomerInfo[] = [];
  for (let i = 0; i < 400; i++) {
    const trading =
      random() < 0.2
        ? pick(STEMS)
        : `${pick(STEMS)} ${random() < 0.3 ? `${pick(TRADES)} ` : ''}${pick(TRADES)}`;
    const names = [`${trading} ${pick(FORMS)}`.trim()];
    if (random() < 0.3) names.push(`${trading.replace(/ /g, '')} ${pick(FORMS)}`);
    if (random() < 0.05) names.push('GmbH');
    customers.push({ customerId: `c-${i}`, externalId: `K${i}`, names, parentId: null });
  }
  return customers;
}

/** How payers write them: upper case, cut at 12 or 27 letters, spaces lost, a letter dropped. */
function payerNames(customers: readonly CustomerInfo[]): string[] {
  const random = seededRandom(7);
  const out = ['SMITHCONSULTING', 'GMBH', 'S.A.S.', 'Nord Nord Nord', 'x', 'Silverline Foods Retail Nord'];
  for (const c of customers.slice(0, 150)) {
    const name = c.names[0] as string;
    out.push(name, name.toUpperCase(), name.slice(0, 12), name.toUpperCase().slice(0, 27));
    out.push(name.replace(/ /g, ''), name.replace(/[aeiou]/, ''), `${name.slice(1)}`);
    if (random() < 0.5) out.push(`${name} ${pick(random, TRADES)}`);
  }
  return out;
}

function pick<T>(random: () => number, list: readonly T[]): T {
  return list[Math.floor(random() * list.length)] as T;
}

describe('NameIndex (through MatchContext)', () => {
  const customers = awkwardCustomers();
  const ctx = new MatchContext(customers, [], []);

  it('names the same customers with the same similarity, in the same order, as comparing every candidate', () => {
    const names = payerNames(customers);
    const plain = plainIndex(customers);
    let found = 0;
    for (const name of names) {
      const expected = plainNamed(plain, name);
      found += expected.length;
      assert.deepEqual(ctx.customersNamed(name), expected, name);
    }
    // The data is awkward enough to find many look-alikes, not an empty answer everywhere.
    assert.ok(found > names.length * 3, `only ${found} found`);
  });

  it('finds customers mentioned in a text as reading every customer would', () => {
    const texts = [
      'Zahlung für Silverline Foods GmbH Rechnung 4711',
      'for SLVERLINE FOOD and Mueller Logistik',
      'Nord Nord Retail Consulting',
      'payment Smith',
      'MUELLER LOGISTICS SILVERLIN RETAIL BALTIC FOODS NORDWIND',
    ];
    for (const text of texts)
      assert.deepEqual(ctx.customersMentioned(text), plainMentioned(customers, text), text);
    assert.ok(ctx.customersMentioned(texts[1] as string).length > 0);
  });
});
