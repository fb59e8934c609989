/**
 * A small XML element tree and its serialisation, for the e-invoice and SEPA pain writers: text and
 * attribute values are escaped (& < > " and characters XML 1.0 forbids are dropped), and an element
 * with no text and no children is left out, so a document never holds an empty element (Peppol R008).
 */

export interface XmlElement {
  readonly name: string;
  readonly attrs: Readonly<Record<string, string>>;
  readonly children: readonly XmlElement[];
  readonly text: string | null;
}

/** A child position: an element, or nothing (null, undefined, false and '' from `a && el(…)` are skipped). */
export type XmlChild = XmlElement | null | undefined | false | '';

// Control characters other than tab, LF and CR, and the two non-characters, are not XML 1.0.
// biome-ignore lint/suspicious/noControlCharactersInRegex: removing them is the point
const FORBIDDEN = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

function escaped(value: string, quote: boolean): string {
  const out = value.replace(FORBIDDEN, '').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  return quote ? out.replace(/"/g, '&quot;') : out;
}

/** An element with children (those that are null, or empty elements, are dropped). */
export function el(name: string, attrs: Record<string, string>, ...children: XmlChild[]): XmlElement {
  const kept = children.filter((c): c is XmlElement => !!c && !isEmpty(c));
  return { name, attrs, children: kept, text: null };
}

/** An element the schema requires even when it has no content (written empty, never dropped). */
export function required(name: string, ...children: XmlChild[]): XmlElement {
  const kept = children.filter((c): c is XmlElement => !!c && !isEmpty(c));
  return { name, attrs: {}, children: kept, text: kept.length === 0 ? '' : null };
}

/** A text element; null or blank text gives null (the element is left out). */
export function leaf(
  name: string,
  text: string | null | undefined,
  attrs: Record<string, string> = {},
): XmlElement | null {
  const trimmed = text?.trim();
  if (!trimmed) return null;
  return { name, attrs, children: [], text: trimmed };
}

function isEmpty(e: XmlElement): boolean {
  return e.text === null && e.children.length === 0;
  // (A `required` element with no content has text '' and is kept.)
}

function attrText(attrs: Readonly<Record<string, string>>): string {
  return Object.entries(attrs)
    .map(([k, v]) => ` ${k}="${escaped(v, true)}"`)
    .join('');
}

function lines(e: XmlElement, depth: number, indent: string): string[] {
  const pad = indent.repeat(depth);
  const open = `${pad}<${e.name}${attrText(e.attrs)}`;
  if (e.text === '') return [`${open}/>`];
  if (e.text !== null) return [`${open}>${escaped(e.text, false)}</${e.name}>`];
  return [`${open}>`, ...e.children.flatMap((c) => lines(c, depth + 1, indent)), `${pad}</${e.name}>`];
}

/**
 * The document as UTF-8 text with an XML declaration, ending in a newline: two-space indented, or
 * `compact` on the one line after the declaration (how banks' pain files are written).
 */
export function serializeXml(root: XmlElement, layout: 'indented' | 'compact' = 'indented'): string {
  const indented = layout === 'indented';
  return `<?xml version="1.0" encoding="UTF-8"?>\n${lines(root, 0, indented ? '  ' : '').join(indented ? '\n' : '')}\n`;
}

/** An element as indented text without an XML declaration: a fragment for a larger document (XMP). */
export function serializeXmlFragment(root: XmlElement): string {
  return lines(root, 0, '  ').join('\n');
}
