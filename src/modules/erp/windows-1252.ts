/**
 * Text as Windows-1252 bytes (the "ANSI" code page DATEV's import reads). Latin-1 maps one to one;
 * 0x80–0x9F hold the typographic characters below; anything else becomes `?`, visibly.
 * `toWindows1252('Müller €')` → bytes 4D FC 6C 6C 65 72 20 80.
 */
const HIGH = '€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ';

export function toWindows1252(text: string): Buffer {
  const out = Buffer.alloc(text.length);
  let n = 0;
  for (const ch of text) {
    const code = ch.codePointAt(0) ?? 0x3f;
    const high = HIGH.indexOf(ch);
    out[n++] = code < 0x80 || (code >= 0xa0 && code <= 0xff) ? code : high >= 0 ? 0x80 + high : 0x3f;
  }
  return out.subarray(0, n);
}
