/**
 * The SEPA character set (EPC "basic Latin": a–z A–Z 0–9 / - ? : ( ) . , ' + space) and the
 * identifiers built from it. Free text (names, remittance) is transliterated so a bank never
 * refuses a file for "Müller & Söhne"; identifiers (mandate reference, EndToEndId) are refused
 * rather than changed, because the debtor's bank compares them character by character.
 */

// Not shared with cash-application/names.ts: that folds for matching (lower case, ø → oe, å → aa); this keeps case for the bank.
const GERMAN: Readonly<Record<string, string>> = {
  ä: 'ae',
  ö: 'oe',
  ü: 'ue',
  Ä: 'Ae',
  Ö: 'Oe',
  Ü: 'Ue',
  ß: 'ss',
  ẞ: 'SS',
  '&': '+',
  Æ: 'AE',
  æ: 'ae',
  Ø: 'O',
  ø: 'o',
  Œ: 'OE',
  œ: 'oe',
  Ł: 'L',
  ł: 'l',
};

const ALLOWED = /[A-Za-z0-9/\-?:().,'+ ]/;

/**
 * Free text in the SEPA character set, at most `max` characters: umlauts and ß spelt out
 * (ä → ae, ß → ss), `&` as `+`, other accents dropped (é → e), anything else a space; runs of
 * spaces collapsed. `sepaText('Müller & Söhne GmbH', 70) === 'Mueller + Soehne GmbH'`.
 */
export function sepaText(text: string, max: number): string {
  let out = '';
  for (const char of text) {
    const mapped = GERMAN[char] ?? char.normalize('NFD').replace(/[\u0300-\u036f]/g, '');
    for (const c of mapped) out += ALLOWED.test(c) ? c : ' ';
  }
  const clean = out.replace(/\s+/g, ' ').trim().slice(0, max).trim();
  return clean === '' ? 'NOTPROVIDED' : clean;
}

const IDENTIFIER = /^[A-Za-z0-9+?/\-:().,']{1,35}$/;

/**
 * Why `text` is not a SEPA identifier (mandate reference, message or end-to-end id), or null
 * when it is one: 1–35 characters of the restricted set without spaces, not starting or ending
 * with `/` and without `//` (EPC rulebook, "Mandate Identification").
 */
export function identifierProblem(text: string): string | null {
  if (!IDENTIFIER.test(text))
    return "use 1 to 35 characters: letters A-Z a-z, digits and / - ? : ( ) . , ' + (no spaces, umlauts or &)";
  if (text.startsWith('/') || text.endsWith('/')) return 'must not start or end with "/"';
  if (text.includes('//')) return 'must not contain "//"';
  return null;
}

/** `text` reduced to identifier characters (for an EndToEndId built from an invoice number). */
export function identifierPart(text: string, max: number): string {
  const kept = sepaText(text, 200)
    .replace(/[^A-Za-z0-9+?\-:().,']/g, '')
    .slice(0, max);
  return kept === '' ? 'X' : kept;
}
