/**
 * Mutations of real files, as fast-check arbitraries: what transfers, editors, spreadsheets and
 * attackers do to a file — flipped bits and bytes, a cut-off tail, a segment repeated thousands
 * of times, a field of a million characters, a token of the format spliced in, nesting thousands
 * deep, and the wrong encoding (UTF-16 read as 8-bit, UTF-8 read as Latin-1, two byte-order
 * marks, line ends changed, NUL or Ctrl-Z padding).
 *
 * A mutation is data (`Mutation`), so a failing input is reproduced from the seed file and the
 * list of mutations fast-check prints; `applyMutations` is pure.
 */
import fc from 'fast-check';

/** Where in the text: a fraction of its length in millionths, so a mutation fits any seed. */
type At = number;

export type Mutation =
  | { readonly kind: 'flip'; readonly at: At; readonly bit: number }
  | { readonly kind: 'byte'; readonly at: At; readonly code: number }
  | { readonly kind: 'truncate'; readonly at: At }
  | { readonly kind: 'delete'; readonly at: At; readonly length: number }
  | { readonly kind: 'duplicate'; readonly at: At; readonly length: number; readonly times: number }
  | { readonly kind: 'huge'; readonly at: At; readonly fill: string; readonly length: number }
  | { readonly kind: 'token'; readonly at: At; readonly token: string; readonly times: number }
  | {
      readonly kind: 'nest';
      readonly at: At;
      readonly open: string;
      readonly close: string;
      readonly depth: number;
    }
  | { readonly kind: 'encoding'; readonly how: Encoding }
  | { readonly kind: 'swap-lines'; readonly a: At; readonly b: At };

export type Encoding =
  | 'bom'
  | 'double-bom'
  | 'utf16le-as-latin1'
  | 'utf8-as-latin1'
  | 'latin1-as-utf8'
  | 'crlf'
  | 'cr'
  | 'lf'
  | 'nul-padding'
  | 'ctrl-z';

/** The longest text a mutation may make; longer results are cut (the API refuses bigger bodies anyway). */
export const MAX_MUTATED_LENGTH = 1_000_000;

const at = fc.integer({ min: 0, max: 1_000_000 });

const FILLS = ['x', '9', '0', ' ', '\u00e4', '\u{1F4B6}', '"', '<', '&amp;', ',', ';', '\n', '/', ':', '-'];

const ENCODINGS: readonly Encoding[] = [
  'bom',
  'double-bom',
  'utf16le-as-latin1',
  'utf8-as-latin1',
  'latin1-as-utf8',
  'crlf',
  'cr',
  'lf',
  'nul-padding',
  'ctrl-z',
];

/** Bracket pairs nested `depth` deep: XML elements, template blocks, CSV quotes, SGML tags. */
const NESTINGS: readonly (readonly [string, string])[] = [
  ['<a>', '</a>'],
  ['<Ntry>', '</Ntry>'],
  ['<STMTTRN>', '</STMTTRN>'],
  ['{{#if name}}', '{{/if}}'],
  ['"', '"'],
  ['(', ')'],
  ['{', '}'],
  ['<![CDATA[', ']]>'],
  ['<!--', '-->'],
];

/** One mutation; `tokens` are fragments of the format at hand (tags, record codes, column names). */
export function mutationArbitrary(tokens: readonly string[]): fc.Arbitrary<Mutation> {
  const token = tokens.length > 0 ? fc.constantFrom(...tokens) : fc.string({ maxLength: 8 });
  return fc.oneof(
    {
      weight: 4,
      arbitrary: fc.record({ kind: fc.constant('flip' as const), at, bit: fc.integer({ min: 0, max: 15 }) }),
    },
    {
      weight: 3,
      arbitrary: fc.record({
        kind: fc.constant('byte' as const),
        at,
        code: fc.integer({ min: 0, max: 0xffff }),
      }),
    },
    { weight: 2, arbitrary: fc.record({ kind: fc.constant('truncate' as const), at }) },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('delete' as const),
        at,
        length: fc.integer({ min: 1, max: 2000 }),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('duplicate' as const),
        at,
        length: fc.integer({ min: 1, max: 400 }),
        times: fc.oneof(fc.integer({ min: 1, max: 3 }), fc.integer({ min: 4, max: 5000 })),
      }),
    },
    {
      weight: 2,
      arbitrary: fc.record({
        kind: fc.constant('huge' as const),
        at,
        fill: fc.constantFrom(...FILLS),
        length: fc.oneof(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 1000, max: 500_000 })),
      }),
    },
    {
      weight: 4,
      arbitrary: fc.record({
        kind: fc.constant('token' as const),
        at,
        token,
        times: fc.oneof(fc.constant(1), fc.integer({ min: 2, max: 2000 })),
      }),
    },
    {
      weight: 1,
      arbitrary: fc
        .record({
          kind: fc.constant('nest' as const),
          at,
          pair: fc.constantFrom(...NESTINGS),
          depth: fc.oneof(fc.integer({ min: 1, max: 50 }), fc.integer({ min: 1000, max: 100_000 })),
        })
        .map(({ kind, at, pair, depth }) => ({ kind, at, open: pair[0], close: pair[1], depth })),
    },
    {
      weight: 2,
      arbitrary: fc.record({ kind: fc.constant('encoding' as const), how: fc.constantFrom(...ENCODINGS) }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('swap-lines' as const), a: at, b: at }) },
  );
}

/** A seed file (by index into `seeds`) with one to four mutations applied in order. */
export function mutatedSeedArbitrary(
  seeds: readonly string[],
  tokens: readonly string[],
): fc.Arbitrary<{ seed: number; mutations: Mutation[] }> {
  return fc.record({
    seed: fc.integer({ min: 0, max: Math.max(seeds.length - 1, 0) }),
    mutations: fc.array(mutationArbitrary(tokens), { minLength: 1, maxLength: 4 }),
  });
}

/** `text` with every mutation applied in order, cut at MAX_MUTATED_LENGTH. */
export function applyMutations(text: string, mutations: readonly Mutation[]): string {
  let out = text;
  for (const m of mutations) out = applyMutation(out, m).slice(0, MAX_MUTATED_LENGTH);
  return out;
}

function position(text: string, fraction: At): number {
  return Math.floor((text.length * fraction) / 1_000_000);
}

function splice(text: string, from: number, deleted: number, inserted: string): string {
  return text.slice(0, from) + inserted + text.slice(from + deleted);
}

/** A string of `length` characters made of `unit` repeated (cut to stay within the limit). */
function repeated(unit: string, times: number): string {
  return unit.repeat(Math.max(0, Math.min(times, Math.floor(MAX_MUTATED_LENGTH / Math.max(unit.length, 1)))));
}

function applyMutation(text: string, m: Mutation): string {
  switch (m.kind) {
    case 'flip': {
      const p = position(text, m.at);
      if (p >= text.length) return text;
      return splice(text, p, 1, String.fromCharCode(text.charCodeAt(p) ^ (1 << m.bit)));
    }
    case 'byte':
      return splice(text, position(text, m.at), 1, String.fromCharCode(m.code));
    case 'truncate':
      return text.slice(0, position(text, m.at));
    case 'delete':
      return splice(text, position(text, m.at), m.length, '');
    case 'duplicate': {
      const p = position(text, m.at);
      return splice(text, p, 0, repeated(text.slice(p, p + m.length), m.times));
    }
    case 'huge':
      return splice(text, position(text, m.at), 0, repeated(m.fill, Math.ceil(m.length / m.fill.length)));
    case 'token':
      return splice(text, position(text, m.at), 0, repeated(m.token, m.times));
    case 'nest':
      return splice(text, position(text, m.at), 0, repeated(m.open, m.depth) + repeated(m.close, m.depth));
    case 'encoding':
      return reencode(text, m.how);
    case 'swap-lines':
      return swapLines(text, m.a, m.b);
  }
}

function reencode(text: string, how: Encoding): string {
  switch (how) {
    case 'bom':
      return `\uFEFF${text}`;
    case 'double-bom':
      return `\uFEFF\uFEFF${text}`;
    case 'utf16le-as-latin1':
      return Buffer.from(`\uFEFF${text}`, 'utf16le').toString('latin1');
    case 'utf8-as-latin1':
      return Buffer.from(text, 'utf8').toString('latin1');
    case 'latin1-as-utf8':
      return Buffer.from(text, 'latin1').toString('utf8');
    case 'crlf':
      return text.replace(/\r?\n/g, '\r\n');
    case 'cr':
      return text.replace(/\r?\n/g, '\r');
    case 'lf':
      return text.replace(/\r\n?/g, '\n');
    case 'nul-padding':
      return text + '\u0000'.repeat(512);
    case 'ctrl-z':
      return `${text}\u001a`;
  }
}

function swapLines(text: string, a: At, b: At): string {
  const lines = text.split('\n');
  const i = Math.floor((lines.length * a) / 1_000_001);
  const j = Math.floor((lines.length * b) / 1_000_001);
  const first = lines[i];
  const second = lines[j];
  if (first === undefined || second === undefined) return text;
  lines[i] = second;
  lines[j] = first;
  return lines.join('\n');
}
