/**
 * Customers by name, for `MatchContext.customersNamed` and `customersMentioned`: an index by the
 * first three letters of each name token, over *profiles* — the distinct lists of a customer's
 * prepared names. Look-alike customers (`Silverline Foods LLC`, `Silverline Foods SARL`) share a
 * profile, so a payer's name is compared once per profile, not once per customer.
 *
 * Within a lookup, whether two tokens are the same word (`sameToken`) is computed once per pair of
 * tokens, and a profile is compared (`preparedSimilarity`, Jaro–Winkler on the joined names) only
 * when it can reach the floor: a name reaches it only when its letters or sorted tokens equal the
 * payer's, or when enough of its tokens are the same word as the payer's (an upper bound of the
 * tokens `preparedSimilarity` counts as shared). The answers are those of comparing every
 * candidate, in the same order (name-index.test.ts checks both against that plain comparison).
 */
import { type PreparedName, preparedSimilarity, sameToken } from './names.ts';

/** Customers whose names are the same prepared names. */
interface Profile {
  readonly names: readonly PreparedName[];
  /** Vocabulary ids of each name's tokens. */
  readonly tokenIds: readonly (readonly number[])[];
  readonly customers: { readonly customerId: string; readonly ordinal: number }[];
}

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

/** Payer tokens whose same-word answers are remembered per lookup (longer names ask `sameToken`). */
const MEMO_TOKENS = 8;

/** Jaro–Winkler's share in `preparedSimilarity`: below it, a floor is reached by similar spelling alone. */
const FUZZY_SHARE = 0.85;

export class NameIndex {
  private readonly profiles: Profile[] = [];
  private readonly profileByKey = new Map<string, number>();
  private readonly buckets = new Map<string, Bucket>();
  private readonly vocabulary = new Map<string, number>();
  private readonly words: string[] = [];
  private customerCount = 0;
  /** Per-lookup scratch, valid where `stamp` holds the current `generation`. */
  private generation = 0;
  private stamp = new Int32Array(0);
  private shared = new Int32Array(0);
  private first = new Int32Array(0);
  private wordStamp = new Int32Array(0);
  private wordSame = new Uint8Array(0);

  /** A customer's prepared names (each with at least one token). */
  add(customerId: string, names: readonly PreparedName[]): void {
    const key = JSON.stringify(names);
    let id = this.profileByKey.get(key);
    if (id === undefined) {
      id = this.profiles.length;
      this.profileByKey.set(key, id);
      this.profiles.push({
        names,
        tokenIds: names.map((n) => n.tokens.map((t) => this.wordId(t))),
        customers: [],
      });
      for (const k of new Set(names.flatMap((n) => n.tokens.map((t) => t.slice(0, 3))))) {
        const bucket = this.buckets.get(k) ?? { profiles: [], customers: 0 };
        bucket.profiles.push(id);
        this.buckets.set(k, bucket);
      }
    }
    const profile = this.profiles[id] as Profile;
    profile.customers.push({ customerId, ordinal: this.customerCount++ });
    for (const k of new Set(names.flatMap((n) => n.tokens.map((t) => t.slice(0, 3)))))
      (this.buckets.get(k) as Bucket).customers++;
  }

  private wordId(token: string): number {
    let id = this.vocabulary.get(token);
    if (id === undefined) {
      id = this.words.length;
      this.vocabulary.set(token, id);
      this.words.push(token);
    }
    return id;
  }

  /** Fresh scratch for a lookup (sized once the index is complete). */
  private begin(): number {
    if (this.stamp.length < this.profiles.length) {
      this.stamp = new Int32Array(this.profiles.length);
      this.shared = new Int32Array(this.profiles.length);
      this.first = new Int32Array(this.profiles.length);
    }
    const size = MEMO_TOKENS * this.words.length;
    if (this.wordStamp.length < size) {
      this.wordStamp = new Int32Array(size);
      this.wordSame = new Uint8Array(size);
    }
    this.generation += 1;
    return this.generation;
  }

  /** Is payer token `i` (`token`) the same word as vocabulary word `word`? Remembered per lookup. */
  private same(i: number, token: string, word: number, generation: number): boolean {
    if (i >= MEMO_TOKENS) return sameToken(token, this.words[word] as string);
    const slot = i * this.words.length + word;
    if (this.wordStamp[slot] !== generation) {
      this.wordStamp[slot] = generation;
      this.wordSame[slot] = sameToken(token, this.words[word] as string) ? 1 : 0;
    }
    return this.wordSame[slot] === 1;
  }

  /**
   * Customers whose names are at least `floor` like `payer`. Candidates share the start of a word
   * with the payer: only the rarest `keys - need + 1` token starts are read (a customer sharing
   * none of them cannot share `need`, half the payer's tokens), and a candidate must share at least
   * half of them. Best first; equals in the order the index read them.
   */
  named(payer: PreparedName, floor: number): NamedCustomer[] {
    const tokens = payer.tokens;
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
    const out: (NamedCustomer & { first: number; ordinal: number })[] = [];
    for (const p of touched) {
      if ((this.shared[p] as number) * 2 < tokens.length) continue;
      const similarity = this.similarity(payer, p, floor, generation);
      if (similarity < floor) continue;
      for (const c of (this.profiles[p] as Profile).customers)
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
  private similarity(payer: PreparedName, p: number, floor: number, generation: number): number {
    const profile = this.profiles[p] as Profile;
    let best = 0;
    profile.names.forEach((name, n) => {
      if (!this.mayReach(payer, name, profile.tokenIds[n] as readonly number[], floor, generation)) return;
      best = Math.max(best, preparedSimilarity(payer, name));
    });
    return best;
  }

  /**
   * Can `preparedSimilarity(payer, name)` reach `floor`? It is 1 for the same letters or the same
   * sorted tokens, Jaro–Winkler × 0.85 (below a floor of 0.85 unless the sorted tokens are equal),
   * or 0.7 × overlap + 0.3 × coverage of the shared tokens: bounded here by the tokens of either
   * name that are the same word as any of the other's.
   */
  private mayReach(
    payer: PreparedName,
    name: PreparedName,
    ids: readonly number[],
    floor: number,
    generation: number,
  ): boolean {
    if (floor < FUZZY_SHARE || payer.sorted === name.sorted || payer.letters === name.letters) return true;
    const ta = payer.tokens;
    let inName = 0;
    const matched = new Uint8Array(ta.length);
    for (const id of ids) {
      let any = false;
      ta.forEach((t, i) => {
        if (this.same(i, t, id, generation)) {
          any = true;
          matched[i] = 1;
        }
      });
      if (any) inName++;
    }
    const inPayer = matched.reduce((s, m) => s + m, 0);
    const shared = Math.min(inName, inPayer);
    const overlap = shared / Math.max(Math.min(ta.length, ids.length), 1);
    const coverage = shared / Math.max(ta.length, ids.length);
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
    const inText = (id: number) => {
      if (this.wordStamp[id] !== generation) {
        this.wordStamp[id] = generation;
        const word = this.words[id] as string;
        this.wordSame[id] = words.some((w) => sameToken(word, w)) ? 1 : 0;
      }
      return this.wordSame[id] === 1;
    };
    const out: { customerId: string; first: number; ordinal: number }[] = [];
    for (const p of touched) {
      const profile = this.profiles[p] as Profile;
      if (!profile.tokenIds.some((ids) => ids.length >= 2 && ids.every(inText))) continue;
      for (const c of profile.customers) out.push({ ...c, first: this.first[p] as number });
    }
    out.sort((a, b) => a.first - b.first || a.ordinal - b.ordinal);
    return out.map((c) => c.customerId);
  }
}
