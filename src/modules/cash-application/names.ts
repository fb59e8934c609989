/**
 * Comparing a payer's name on a bank line with customer names: banks truncate (often to 35 or 70
 * characters), upper-case, drop accents, spell out or abbreviate legal forms, and swap word order.
 *
 * A name is normalised (transliterated, lower case, punctuation gone, legal forms and filler words
 * removed) into tokens; two names are compared by the share of tokens they have in common (a token
 * matches one that starts with it, for truncation) and by Jaro–Winkler on the joined tokens. The
 * result is a similarity in [0, 1]: 1 for the same company written differently.
 */

const TRANSLITERATION: Record<string, string> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  ß: 'ss',
  æ: 'ae',
  ø: 'oe',
  å: 'aa',
  œ: 'oe',
  ł: 'l',
  đ: 'd',
  þ: 'th',
};

/** Legal forms and words that say nothing about who the company is. */
const NOISE = new Set([
  'gmbh',
  'mbh',
  'ag',
  'kg',
  'kgaa',
  'ohg',
  'ug',
  'ev',
  'eg',
  'se',
  'co',
  'cie',
  'und',
  'and',
  'et',
  'the',
  'ltd',
  'limited',
  'plc',
  'llp',
  'llc',
  'inc',
  'incorporated',
  'corp',
  'corporation',
  'company',
  'sa',
  'sas',
  'sarl',
  'sasu',
  'eurl',
  'snc',
  'bv',
  'nv',
  'vof',
  'spa',
  'srl',
  'sl',
  'slu',
  'ab',
  'as',
  'aps',
  'oy',
  'sp',
  'zoo',
  'kft',
  'sro',
  'holding',
  'group',
  'gruppe',
]);

/** Lower case, transliterated (ä → ae, ß → ss, é → e), punctuation as spaces, legal forms removed. */
export function nameTokens(name: string): string[] {
  const tokens = rawTokens(name);
  const meaningful = tokens.filter((t) => !NOISE.has(t));
  return meaningful.length > 0 ? meaningful : tokens;
}

/** Every token of a name, legal forms and filler words included (`S.A.S.` → `sas`). */
function rawTokens(name: string): string[] {
  const lower = name.toLowerCase();
  let out = '';
  for (const ch of lower) out += TRANSLITERATION[ch] ?? ch;
  const plain = out
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/&/g, ' and ')
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
  return plain === '' ? [] : mergeInitials(plain.split(' '));
}

/** Tokens that make up a legal form, with their one spelling (`corporation` → `corp`). */
const LEGAL_FORM_TOKENS: Readonly<Record<string, string>> = {
  ...Object.fromEntries(
    'gmbh mbh ag kg kgaa ohg ug ev eg se co cie ltd plc llp llc inc corp sa sas sarl sasu eurl snc sca scs bv nv vof spa srl sl slu ab as aps oy sp zoo kft sro'
      .split(' ')
      .map((t) => [t, t]),
  ),
  limited: 'ltd',
  incorporated: 'inc',
  corporation: 'corp',
  company: 'co',
};
/** Words that join the parts of a legal form (`GmbH & Co. KG`, `S.A.R.L. et Cie`). */
const LEGAL_FORM_JOINERS = new Set(['and', 'und', 'et']);

/** A company's legal form as written at the end of its name, and whether the bank cut it. */
export interface LegalForm {
  /** One spelling of the form's tokens (`GmbH & Co. KG` → `gmbh co kg`); '' when none is written. */
  readonly form: string;
  /** The name ends in the middle of its form (`… GMBH & C`): only its start is known. */
  readonly cut: boolean;
}

/**
 * The legal form at the end of a company name: `Silverline Foods LLC` → `llc`, `Baltic Retail
 * N.V.` → `nv`, `Müller Bau GmbH & Co. KG` → `gmbh co kg`, `MUELLER BAU GMBH & C` (cut at 27
 * characters) → `gmbh`, cut. Two companies with the same trading name and another legal form
 * are other legal persons: the form is evidence of who paid.
 */
export function legalFormOf(name: string): LegalForm {
  const tokens = rawTokens(name);
  let end = tokens.length;
  let cut = false;
  const last = tokens[end - 1];
  const prev = tokens[end - 2];
  if (last !== undefined && prev !== undefined && !(last in LEGAL_FORM_TOKENS) && isFormPart(prev)) {
    const started = Object.keys(LEGAL_FORM_TOKENS).some((t) => t.startsWith(last));
    if (started || LEGAL_FORM_JOINERS.has(last)) {
      end--;
      cut = true;
    }
  }
  const form: string[] = [];
  let start = end;
  while (start > 1) {
    const t = tokens[start - 1] as string;
    if (!isFormPart(t)) break;
    start--;
  }
  for (const t of tokens.slice(start, end))
    if (!LEGAL_FORM_JOINERS.has(t)) form.push(LEGAL_FORM_TOKENS[t] as string);
  return { form: form.join(' '), cut };
}

function isFormPart(token: string): boolean {
  return token in LEGAL_FORM_TOKENS || LEGAL_FORM_JOINERS.has(token);
}

/** How a payer's legal form relates to a customer's names' forms. */
export type LegalFormRelation = 'same' | 'unknown' | 'different';

/**
 * `same`: one of the customer's names has the payer's form (or starts with it, when the bank cut
 * the payer's name); `unknown`: the payer wrote none, the customer's names carry none, or the
 * payer's form is the start of the customer's (`GMBH` of `GmbH & Co. KG`: maybe cut after it);
 * `different`: the payer wrote a form none of the customer's names has or starts with.
 */
export function legalFormRelation(payer: LegalForm, customerForms: readonly string[]): LegalFormRelation {
  const written = customerForms.filter((f) => f !== '');
  if (payer.form === '' || written.length === 0) return 'unknown';
  if (written.some((f) => f === payer.form || (payer.cut && f.startsWith(payer.form)))) return 'same';
  // `GMBH` for `GmbH & Co. KG`: the bank may have cut the name where a space or `&` was.
  if (written.some((f) => f.startsWith(`${payer.form} `))) return 'unknown';
  return 'different';
}

/** A payer name's identity for learning: its tokens (`"GLOBEX Shared-Services GmbH"` → `globex shared services`). */
export function payerNameKey(name: string): string {
  return nameTokens(name).join(' ');
}

/** `s a s` (from `S.A.S.`) → `sas`: runs of single letters are one abbreviation. */
function mergeInitials(tokens: readonly string[]): string[] {
  const out: string[] = [];
  let run = '';
  for (const t of tokens) {
    if (t.length === 1 && /[a-z]/.test(t)) {
      run += t;
      continue;
    }
    if (run) out.push(run);
    run = '';
    out.push(t);
  }
  if (run) out.push(run);
  return out;
}

/** Jaro–Winkler similarity of two strings, in [0, 1]. */
export function jaroWinkler(a: string, b: string): number {
  if (a === b) return 1;
  if (a.length === 0 || b.length === 0) return 0;
  const window = Math.max(0, Math.floor(Math.max(a.length, b.length) / 2) - 1);
  const aMatched = new Uint8Array(a.length);
  const bMatched = new Uint8Array(b.length);
  let matches = 0;
  for (let i = 0; i < a.length; i++) {
    const c = a.charCodeAt(i);
    const end = Math.min(b.length, i + window + 1);
    for (let j = Math.max(0, i - window); j < end; j++) {
      if (bMatched[j] === 1 || c !== b.charCodeAt(j)) continue;
      aMatched[i] = 1;
      bMatched[j] = 1;
      matches++;
      break;
    }
  }
  if (matches === 0) return 0;
  let transpositions = 0;
  let k = 0;
  for (let i = 0; i < a.length; i++) {
    if (aMatched[i] !== 1) continue;
    while (bMatched[k] !== 1) k++;
    if (a[i] !== b[k]) transpositions++;
    k++;
  }
  const m = matches;
  const jaro = (m / a.length + m / b.length + (m - transpositions / 2) / m) / 3;
  let prefix = 0;
  while (prefix < Math.min(4, a.length, b.length) && a[prefix] === b[prefix]) prefix++;
  return jaro + prefix * 0.1 * (1 - jaro);
}

/** Same word: equal, truncated (one a prefix of the other, 3+ letters), or one typo in a long word. */
export function sameToken(t: string, u: string): boolean {
  if (t === u) return true;
  const shorter = Math.min(t.length, u.length);
  if (shorter >= 3 && (u.startsWith(t) || t.startsWith(u))) return true;
  return shorter >= 5 && jaroWinkler(t, u) >= 0.92;
}

/** Tokens of `a` found in `b`, each token of `b` used once. */
function sharedTokens(a: readonly string[], b: readonly string[]): number {
  const free = [...b];
  let shared = 0;
  for (const t of a) {
    const i = free.findIndex((u) => sameToken(t, u));
    if (i >= 0) {
      shared++;
      free.splice(i, 1);
    }
  }
  return shared;
}

/**
 * How alike two company names are, in [0, 1]. Token overlap (order-free, truncation-tolerant)
 * carries the result; Jaro–Winkler on the joined tokens catches typos within words.
 */
export function nameSimilarity(a: string, b: string): number {
  return tokenSimilarity(nameTokens(a), nameTokens(b));
}

/** A name reduced by `nameTokens`, with what every comparison of it needs computed once. */
export interface PreparedName {
  readonly tokens: readonly string[];
  /** The tokens sorted and joined by spaces (for Jaro–Winkler, order-free). */
  readonly sorted: string;
  /** The tokens joined without spaces (a name whose spaces were lost). */
  readonly letters: string;
}

export function prepareName(tokens: readonly string[]): PreparedName {
  return { tokens, sorted: [...tokens].sort().join(' '), letters: tokens.join('') };
}

/** `nameSimilarity` of names already reduced by `nameTokens` (for indexes that tokenise once). */
export function tokenSimilarity(ta: readonly string[], tb: readonly string[]): number {
  return preparedSimilarity(prepareName(ta), prepareName(tb));
}

/** `tokenSimilarity` of prepared names: a payer's name is compared with many customers'. */
export function preparedSimilarity(a: PreparedName, b: PreparedName): number {
  const ta = a.tokens;
  const tb = b.tokens;
  if (ta.length === 0 || tb.length === 0) return 0;
  // The same letters with the spaces lost ("SMITHCONSULTING", a name cut across two lines).
  if (ta.length !== tb.length && a.letters === b.letters) return 1;
  const shared = sharedTokens(ta, tb);
  const overlap = shared / Math.max(Math.min(ta.length, tb.length), 1);
  const coverage = shared / Math.max(ta.length, tb.length);
  const fuzzy = jaroWinkler(a.sorted, b.sorted);
  return Math.min(1, Math.max(fuzzy * 0.85, overlap * 0.7 + coverage * 0.3));
}
