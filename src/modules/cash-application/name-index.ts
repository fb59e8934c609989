/**
 * Customers by name, for `MatchContext.customersNamed` and `customersMentioned`: an index by the
 * first three letters of each name token, over *profiles* — the distinct lists of a customer's
 * prepared names. Look-alike customers (`Silverline Foods LLC`, `Silverline Foods SARL`) share a
 * profile, so a payer's name is compared once per profile, not once per customer.
 *
 * Within a lookup, whether a word of the customers' names is the same word (`sameToken`) as each
 * of the payer's is computed once (a bit per payer token), and a name is compared
 * (`preparedSimilarity`, Jaro–Winkler on the joined names) only when it can reach the floor: when
 * its letters or sorted tokens equal the payer's, or when enough of its tokens are the same word
 * as the payer's (an upper bound of the tokens `preparedSimilarity` counts as shared). The answers
 * are those of comparing every candidate, in the same order (name-index.test.ts checks both
 * against that plain comparison).
 */
import { type PreparedName, preparedSimilarity, sameToken } from './names.ts';

/** The profiles holding a token starting with a key, in order of their first customer. */
interface Bucket {
  readonly profiles: number[];
  /** Customers in the bucket (the rarity of the key, as the plain index of customers counted it). */
  customers: number;
}

export interface NamedCustomer {
  readonly customerId: string;
  readonly similarity: number;
}

const EMPTY_BUCKET: Bucket = { profiles: [], customers: 0 };

/** Payer tokens with a bit of their own (a longer payer name is compared with every candidate). */
const MASK_TOKENS = 30;

/** Jaro–Winkler's share in `preparedSimilarity`: below it, a floor is reached by similar spelling alone. */
const FUZZY_SHARE = 0.85;

/** A lookup's payer: its prepared name, and the ids of its sorted tokens and letters (−1: no name has them). */
interface Payer {
  readonly name: PreparedName;
  readonly sorted: number;
  readonly letters: number;
  readonly generation: number;
}

export class NameIndex {
  /** Every distinct name list's names, flat: profile p's are `profileFrom[p]` up to `profileFrom[p + 1]`. */
  private readonly names: PreparedName[] = [];
  private readonly profileFrom: number[] = [0];
  /** Name k's words (vocabulary ids) are `nameWords[nameFrom[k]]` up to `nameWords[nameFrom[k + 1]]`. */
  private readonly nameWords: number[] = [];
  private readonly nameFrom: number[] = [0];
  private readonly nameSorted: number[] = [];
  private readonly nameLetters: number[] = [];
  private readonly customersOf: { readonly customerId: string; readonly ordinal: number }[][] = [];
  private readonly profileByKey = new Map<string, number>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly vocabulary = new Map<string, number>();
  private readonly words: string[] = [];
  private readonly spellings = new Map<string, number>();
  private customerCount = 0;
  /** Per-lookup scratch, valid where a stamp holds the current `generation`. */
  private generation = 0;
  private stamp = new Int32Array(0);
  private shared = new Int32Array(0);
  private first = new Int32Array(0);
  private wordStamp = new Int32Array(0);
  private wordMask = new Int32Array(0);

  /** A customer's prepared names (each with at least one token). */
  add(customerId: string, names: readonly PreparedName[]): void {
    const key = JSON.stringify(names);
    let p = this.profileByKey.get(key);
    const keys = new Set(names.flatMap((n) => n.tokens.map((t) => t.slice(0, 3))));
    if (p === undefined) {
      p = this.customersOf.length;
      this.profileByKey.set(key, p);
      this.customersOf.push([]);
      for (const name of names) {
        this.names.push(name);
        for (const t of name.tokens) this.nameWords.push(intern(this.vocabulary, t, this.words));
        this.nameFrom.push(this.nameWords.length);
        this.nameSorted.push(intern(this.spellings, `s ${name.sorted}`));
        this.nameLetters.push(intern(this.spellings, `l ${name.letters}`));
      }
      this.profileFrom.push(this.names.length);
      for (const k of keys) {
        const bucket = this.buckets.get(k) ?? { profiles: [], customers: 0 };
        bucket.profiles.push(p);
        this.buckets.set(k, bucket);
      }
    }
    this.customersOf[p]?.push({ customerId, ordinal: this.customerCount++ });
    for (const k of keys) (this.buckets.get(k) as Bucket).customers++;
  }

  /** Fresh scratch for a lookup (sized once the index is complete). */
  private begin(): number {
    const profiles = this.customersOf.length;
    if (this.stamp.length < profiles) {
      this.stamp = new Int32Array(profiles);
      this.shared = new Int32Array(profiles);
      this.first = new Int32Array(profiles);
    }
    if (this.wordStamp.length < this.words.length) {
      this.wordStamp = new Int32Array(this.words.length);
      this.wordMask = new Int32Array(this.words.length);
    }
    this.generation += 1;
    return this.generation;
  }

  /** Which of `tokens` (a bit each) are the same word as vocabulary word `w`; once per lookup. */
  private maskOf(w: number, tokens: readonly string[], generation: number): number {
    if (this.wordStamp[w] === generation) return this.wordMask[w] as number;
    const word = this.words[w] as string;
    let mask = 0;
    for (let i = 0; i < tokens.length && i < MASK_TOKENS; i++)
      if (sameToken(tokens[i] as string, word)) mask |= 1 << i;
    this.wordStamp[w] = generation;
    this.wordMask[w] = mask;
    return mask;
  }

  /**
   * Customers whose names are at least `floor` like `payer`. Candidates share the start of a word
   * with the payer: only the rarest `keys - need + 1` token starts are read (a customer sharing
   * none of them cannot share `need`, half the payer's tokens), and a candidate must share at least
   * half of them. Best first; equals in the order the index read them.
   */
  named(name: PreparedName, floor: number): NamedCustomer[] {
    const tokens = name.tokens;
    const keys = [...new Set(tokens.map((t) => t.slice(0, 3)))];
    const sets = keys
      .map((k) => this.buckets.get(k) ?? EMPTY_BUCKET)
      .sort((a, b) => a.customers - b.customers);
    const need = Math.ceil(tokens.length / 2);
    const read = Math.max(1, sets.length - need + 1);
    const generation = this.begin();
    const touched: number[] = [];
    sets.forEach((set, j) => {
      for (const p of set.profiles) {
        if (this.stamp[p] !== generation) {
          if (j >= read) continue;
          this.stamp[p] = generation;
          this.shared[p] = 0;
          this.first[p] = j;
          touched.push(p);
        }
        this.shared[p] = (this.shared[p] as number) + 1;
      }
    });
    const payer: Payer = {
      name,
      sorted: this.spellings.get(`s ${name.sorted}`) ?? -1,
      letters: this.spellings.get(`l ${name.letters}`) ?? -1,
      generation,
    };
    const out: (NamedCustomer & { first: number; ordinal: number })[] = [];
    for (const p of touched) {
      if ((this.shared[p] as number) * 2 < tokens.length) continue;
      const similarity = this.similarity(payer, p, floor);
      if (similarity < floor) continue;
      for (const c of this.customersOf[p] ?? [])
        out.push({
          customerId: c.customerId,
          similarity,
          first: this.first[p] as number,
          ordinal: c.ordinal,
        });
    }
    out.sort((a, b) => b.similarity - a.similarity || a.first - b.first || a.ordinal - b.ordinal);
    return out.map(({ customerId, similarity }) => ({ customerId, similarity }));
  }

  /** The best similarity of a profile's names, or 0 when none can reach `floor`. */
  private similarity(payer: Payer, p: number, floor: number): number {
    let best = 0;
    const end = this.profileFrom[p + 1] as number;
    for (let k = this.profileFrom[p] as number; k < end; k++)
      if (this.mayReach(payer, k, floor))
        best = Math.max(best, preparedSimilarity(payer.name, this.names[k] as PreparedName));
    return best;
  }

  /**
   * Can `preparedSimilarity` of the payer and name k reach `floor`? It is 1 for the same letters
   * or the same sorted tokens, Jaro–Winkler × 0.85 (below a floor of 0.85 unless the sorted tokens
   * are equal), or 0.7 × overlap + 0.3 × coverage of the shared tokens: bounded here by the
   * tokens of either name that are the same word as any of the other's.
   */
  private mayReach(payer: Payer, k: number, floor: number): boolean {
    const ta = payer.name.tokens;
    if (floor < FUZZY_SHARE || ta.length > MASK_TOKENS) return true;
    if (this.nameSorted[k] === payer.sorted || this.nameLetters[k] === payer.letters) return true;
    const from = this.nameFrom[k] as number;
    const to = this.nameFrom[k + 1] as number;
    let inName = 0;
    let union = 0;
    for (let j = from; j < to; j++) {
      const mask = this.maskOf(this.nameWords[j] as number, ta, payer.generation);
      if (mask !== 0) inName++;
      union |= mask;
    }
    const shared = Math.min(inName, bitCount(union));
    const overlap = shared / Math.max(Math.min(ta.length, to - from), 1);
    const coverage = shared / Math.max(ta.length, to - from);
    return overlap * 0.7 + coverage * 0.3 >= floor - 1e-9;
  }

  /**
   * Customers with a name of two or more words, each the same word as one of `words`, in the
   * order the words' token starts find them.
   */
  mentioned(words: readonly string[]): string[] {
    const generation = this.begin();
    const touched: number[] = [];
    words.forEach((w, j) => {
      for (const p of this.buckets.get(w.slice(0, 3))?.profiles ?? []) {
        if (this.stamp[p] === generation) continue;
        this.stamp[p] = generation;
        this.first[p] = j;
        touched.push(p);
      }
    });
    const inText = (w: number) => {
      if (this.wordStamp[w] !== generation) {
        this.wordStamp[w] = generation;
        const word = this.words[w] as string;
        this.wordMask[w] = words.some((t) => sameToken(word, t)) ? 1 : 0;
      }
      return this.wordMask[w] === 1;
    };
    const out: { customerId: string; first: number; ordinal: number }[] = [];
    for (const p of touched) {
      if (!this.someName(p, (from, to) => to - from >= 2 && this.nameWords.slice(from, to).every(inText)))
        continue;
      for (const c of this.customersOf[p] ?? []) out.push({ ...c, first: this.first[p] as number });
    }
    out.sort((a, b) => a.first - b.first || a.ordinal - b.ordinal);
    return out.map((c) => c.customerId);
  }

  /** Does one of profile p's names (its words `nameWords[from]` up to `nameWords[to]`) pass `test`? */
  private someName(p: number, test: (from: number, to: number) => boolean): boolean {
    for (let k = this.profileFrom[p] as number; k < (this.profileFrom[p + 1] as number); k++)
      if (test(this.nameFrom[k] as number, this.nameFrom[k + 1] as number)) return true;
    return false;
  }
}

/** The id of `text` in `ids` (a new one when it has none), kept in `list` when given. */
function intern(ids: Map<string, number>, text: string, list?: string[]): number {
  let id = ids.get(text);
  if (id === undefined) {
    id = ids.size;
    ids.set(text, id);
    list?.push(text);
  }
  return id;
}

function bitCount(v: number): number {
  let n = v - ((v >>> 1) & 0x55555555);
  n = (n & 0x33333333) + ((n >>> 2) & 0x33333333);
  return Math.imul((n + (n >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
