/**
 * PDF/A-3b (ISO 19005-3, level B) on top of pdfkit, for a PDF that carries files (a Factur-X
 * invoice its CII XML). pdfkit's `subset: 'PDF/A-3b'` writes the pdfaid XMP entry and an sRGB
 * OutputIntent with its ICC profile; `doc.file` embeds a file, lists it in the catalog's /AF array
 * and the EmbeddedFiles name tree. What it lacks is added here: the XMP copy of the document
 * information is written with its values escaped (pdfkit puts a seller named `A & B` into the XML
 * as is, which no XMP reader accepts) and with the modification date the information dictionary
 * also carries (PDF/A wants the two to agree), and the caller's extension schemas go into the XMP.
 *
 * Deterministic like the rest of the writer: every date is the document's own, never the clock.
 */
import { el, leaf, serializeXmlFragment, type XmlElement } from '../../../shared/xml-writer.ts';

/** A file embedded in the PDF and named in the catalog's /AF array (ISO 19005-3, 6.8). */
export interface PdfAttachment {
  readonly name: string;
  readonly bytes: Uint8Array;
  /** The MIME type, written as the embedded file's /Subtype. */
  readonly mimeType: string;
  readonly description: string;
  /** How the file relates to the document (/AFRelationship). */
  readonly relationship: 'Data' | 'Source' | 'Alternative' | 'Supplement';
}

/** What makes a PDF a PDF/A-3b: its embedded files, and RDF descriptions added to its XMP. */
export interface PdfA3 {
  readonly attachments: readonly PdfAttachment[];
  /** `rdf:Description` elements (an extension schema's description and its properties). */
  readonly xmp: readonly XmlElement[];
}

/** The document information pdfkit mirrors into the XMP (the `info` the writer gives it). */
export interface PdfInfo {
  readonly Title: string;
  readonly Author: string;
  readonly Subject: string;
  readonly Keywords: string;
  readonly Creator: string;
  readonly Producer: string;
  readonly CreationDate: Date;
  readonly ModDate: Date;
}

/** pdfkit's options for a PDF/A-3b document (PDF 1.7, as PDF/A-3 is based on ISO 32000-1). */
export const PDF_A3_OPTIONS = { subset: 'PDF/A-3b', pdfVersion: '1.7' } as const;

/** An XMP date: ISO 8601 to the second in UTC, as the information dictionary's `D:…Z`. */
const xmpDate = (d: Date): string => `${d.toISOString().slice(0, 19)}Z`;

const description = (ns: Record<string, string>, ...children: (XmlElement | null)[]): XmlElement =>
  el('rdf:Description', { 'rdf:about': '', ...ns }, ...children);

const langAlt = (name: string, text: string): XmlElement =>
  el(name, {}, el('rdf:Alt', {}, leaf('rdf:li', text, { 'xml:lang': 'x-default' })));

/** The XMP descriptions of the document information, each value escaped. */
export function xmpInfo(info: PdfInfo): XmlElement[] {
  return [
    description(
      { 'xmlns:xmp': 'http://ns.adobe.com/xap/1.0/' },
      leaf('xmp:CreateDate', xmpDate(info.CreationDate)),
      leaf('xmp:ModifyDate', xmpDate(info.ModDate)),
      leaf('xmp:MetadataDate', xmpDate(info.ModDate)),
      leaf('xmp:CreatorTool', info.Creator),
    ),
    description(
      { 'xmlns:dc': 'http://purl.org/dc/elements/1.1/' },
      langAlt('dc:title', info.Title),
      el('dc:creator', {}, el('rdf:Seq', {}, leaf('rdf:li', info.Author))),
      langAlt('dc:description', info.Subject),
    ),
    description(
      { 'xmlns:pdf': 'http://ns.adobe.com/pdf/1.3/' },
      leaf('pdf:Producer', info.Producer),
      leaf('pdf:Keywords', info.Keywords),
    ),
  ];
}

/** The private pdfkit method that writes the information into the XMP at the end. */
interface WithInfoXmp {
  _addInfo?: unknown;
}

/**
 * Make `doc` (created with `PDF_A3_OPTIONS` and `info`) a PDF/A-3b: its files embedded with the
 * document's date, the extension descriptions and an escaped copy of `info` in the XMP. Throws when
 * this pdfkit has no `_addInfo` to replace (its XMP would then be unchecked).
 */
export function makePdfA3(doc: PDFKit.PDFDocument, info: PdfInfo, pdfA3: PdfA3): void {
  const internals = doc as unknown as WithInfoXmp;
  if (typeof internals._addInfo !== 'function')
    throw new Error('pdfkit no longer has _addInfo: check how it writes the XMP before making PDF/A');
  const xml = [...pdfA3.xmp, ...xmpInfo(info)].map(serializeXmlFragment).join('\n');
  internals._addInfo = () => doc.appendXML(xml);
  for (const a of pdfA3.attachments)
    doc.file(Buffer.from(a.bytes.buffer, a.bytes.byteOffset, a.bytes.byteLength), {
      name: a.name,
      type: a.mimeType,
      description: a.description,
      creationDate: info.CreationDate,
      modifiedDate: info.ModDate,
      relationship: a.relationship,
    } as PDFKit.Mixins.PDFAttachmentOptions);
}
