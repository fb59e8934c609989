/**
 * XSD validation of generated ISO 20022 files with xmllint-wasm (libxml2 in WebAssembly), against
 * the schemas in test/fixtures/iso20022 (origin and licence in its README.md).
 */
import { readFileSync } from 'node:fs';
import { validateXML } from 'xmllint-wasm';

const DIR = new URL('../fixtures/iso20022/', import.meta.url);

/** The messages we have schemas for. */
export type PainMessage = 'pain.008.001.08' | 'pain.008.001.02' | 'pain.001.001.09' | 'pain.001.001.03';

/** Validation errors of `xml` against the schema of `message` (empty: valid). */
export async function xsdErrors(xml: string, message: PainMessage): Promise<string[]> {
  const schema = readFileSync(new URL(`${message}.xsd`, DIR), 'utf8');
  const result = await validateXML({
    xml: [{ fileName: 'file.xml', contents: xml }],
    schema: [{ fileName: `${message}.xsd`, contents: schema }],
  });
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}
