/**
 * Factur-X 1.0 / ZUGFeRD 2 (profile EN 16931): the invoice's PDF as a PDF/A-3b that carries its CII
 * XML (the `cii` e-invoice, guideline urn:cen.eu:en16931:2017) as `factur-x.xml`, related to the
 * document as its /Data, and says so in its XMP: the `fx:` properties and the PDF/A extension schema
 * that declares them (Factur-X 1.0 specification, "XMP metadata"). A credit note is the same: the
 * document type stays INVOICE (Factur-X's name for invoices and credit notes alike; 381 is in the XML).
 */
import { el, leaf, type XmlElement } from '../../shared/xml-writer.ts';
import type { InvoiceDocument } from './invoice-document.ts';
import { renderInvoicePdf } from './pdf/invoice-pdf.ts';
import type { PdfA3 } from './pdf/pdf-a3.ts';

export const FACTURX_FILE_NAME = 'factur-x.xml';
const FX_NS = 'urn:factur-x:pdfa:CrossIndustryDocument:invoice:1p0#';

/** The fx: properties: name, value, and what the extension schema says of each. */
const FX_PROPERTIES = [
  ['DocumentFileName', FACTURX_FILE_NAME, 'The name of the embedded XML document'],
  ['DocumentType', 'INVOICE', 'The type of the hybrid document in capital letters, e.g. INVOICE or ORDER'],
  ['Version', '1.0', 'The actual version of the standard applying to the embedded XML document'],
  ['ConformanceLevel', 'EN 16931', 'The conformance level of the embedded XML document'],
] as const;

const resource = (...children: (XmlElement | null)[]): XmlElement =>
  el('rdf:li', { 'rdf:parseType': 'Resource' }, ...children);

/** The PDF/A extension schema that declares the fx: properties (PDF/A wants every property declared). */
function extensionSchema(): XmlElement {
  const properties = FX_PROPERTIES.map(([name, , text]) =>
    resource(
      leaf('pdfaProperty:name', name),
      leaf('pdfaProperty:valueType', 'Text'),
      leaf('pdfaProperty:category', 'external'),
      leaf('pdfaProperty:description', text),
    ),
  );
  const schema = resource(
    leaf('pdfaSchema:schema', 'Factur-X PDFA Extension Schema'),
    leaf('pdfaSchema:namespaceURI', FX_NS),
    leaf('pdfaSchema:prefix', 'fx'),
    el('pdfaSchema:property', {}, el('rdf:Seq', {}, ...properties)),
  );
  return el(
    'rdf:Description',
    {
      'rdf:about': '',
      'xmlns:pdfaExtension': 'http://www.aiim.org/pdfa/ns/extension/',
      'xmlns:pdfaSchema': 'http://www.aiim.org/pdfa/ns/schema#',
      'xmlns:pdfaProperty': 'http://www.aiim.org/pdfa/ns/property#',
    },
    el('pdfaExtension:schemas', {}, el('rdf:Bag', {}, schema)),
  );
}

function fxProperties(): XmlElement {
  return el(
    'rdf:Description',
    { 'rdf:about': '', 'xmlns:fx': FX_NS },
    ...FX_PROPERTIES.map(([name, value]) => leaf(`fx:${name}`, value)),
  );
}

/** What turns the invoice PDF into a Factur-X one: the CII XML attached, the fx: XMP. */
export function facturXParts(ciiXml: Uint8Array): PdfA3 {
  return {
    attachments: [
      {
        name: FACTURX_FILE_NAME,
        bytes: ciiXml,
        mimeType: 'text/xml',
        description: 'Factur-X invoice (EN 16931, UN/CEFACT CII)',
        relationship: 'Data',
      },
    ],
    xmp: [extensionSchema(), fxProperties()],
  };
}

/** The Factur-X PDF of an invoice document and its `cii` e-invoice (same inputs → same bytes). */
export function renderFacturXPdf(d: InvoiceDocument, ciiXml: Uint8Array): Promise<Uint8Array> {
  return renderInvoicePdf(d, facturXParts(ciiXml));
}
