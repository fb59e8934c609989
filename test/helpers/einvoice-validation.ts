/**
 * The official e-invoice validation artefacts, run in-process: the CEN EN 16931 schematron (UBL
 * and CII), the Peppol BIS Billing 3.0 schematron (release 2026.5), both as compiled XSLT under
 * `../shared/external/einvoice/` (never copied into the repository: the Peppol material carries no
 * licence), KoSIT's XRechnung schematron (BR-DE rules, release 2.5.0, Apache-2.0, compiled XSLT in
 * `test/fixtures/xrechnung/`, SOURCE.md there), and the OASIS UBL 2.1 XSD through xmllint-wasm.
 *
 * The XSLTs are compiled to SaxonJS's SEF once (30 s and ~600 MB each) into
 * `node_modules/.cache/cashloop-einvoice/`, keyed by the SHA-256 of the XSLT, and loaded once per
 * process; later runs reuse the cache. Without `../shared/external` the callers skip, saying so.
 */
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const EINVOICE_EXTERNAL = resolve(ROOT, '../shared/external/einvoice');
const CACHE = join(ROOT, 'node_modules/.cache/cashloop-einvoice');
const require = createRequire(import.meta.url);

const XRECHNUNG = join(ROOT, 'test/fixtures/xrechnung');

/** Each rule set's XSLT: the CEN and Peppol ones in ../shared/external, KoSIT's (Apache-2.0) in test/fixtures. */
export const RULE_SETS = {
  'en16931-ubl': join(EINVOICE_EXTERNAL, 'en16931/ubl/xslt/EN16931-UBL-validation.xslt'),
  'en16931-cii': join(EINVOICE_EXTERNAL, 'en16931/cii/xslt/EN16931-CII-validation.xslt'),
  peppol: join(EINVOICE_EXTERNAL, 'peppol-bis3/compiled-2026.5/PEPPOL-EN16931-UBL.xslt'),
  'xrechnung-ubl': join(XRECHNUNG, 'XRechnung-UBL-validation.xsl'),
  'xrechnung-cii': join(XRECHNUNG, 'XRechnung-CII-validation.xsl'),
} as const;
export type RuleSet = keyof typeof RULE_SETS;

/** Why the e-invoice validation tests cannot run here, or false when they can. */
export function einvoiceSkipReason(): string | false {
  return existsSync(RULE_SETS['en16931-ubl'])
    ? false
    : `the official e-invoice validation artefacts are not at ${EINVOICE_EXTERNAL} (see ../shared/external/NOTES.md §3)`;
}

/** The SEF of a rule set: from the cache, or compiled now with xslt3 (written atomically). */
function sefPath(ruleSet: RuleSet): string {
  const xslt = RULE_SETS[ruleSet];
  const hash = createHash('sha256').update(readFileSync(xslt)).digest('hex').slice(0, 16);
  const target = join(CACHE, `${ruleSet}-${hash}.sef.json`);
  if (existsSync(target)) return target;
  mkdirSync(CACHE, { recursive: true });
  const partial = `${target}.${process.pid}.tmp`;
  const xslt3 = join(dirname(require.resolve('xslt3/package.json')), 'xslt3.js');
  execFileSync(process.execPath, [xslt3, `-xsl:${xslt}`, `-export:${partial}`, '-nogo', '-relocate:on'], {
    stdio: 'pipe',
  });
  renameSync(partial, target);
  return target;
}

interface SaxonJs {
  transform(options: Record<string, unknown>, mode: 'sync'): { principalResult: unknown };
  XPath: { evaluate(xpath: string, context: unknown, options?: Record<string, unknown>): unknown };
}
const saxon = require('saxon-js') as SaxonJs;
const loaded = new Map<RuleSet, unknown>();

export interface FiredAssert {
  id: string;
  flag: string;
  location: string;
  text: string;
}

/** Every failed assert of `xml` under a rule set (a conformant document has none flagged fatal). */
export function schematronAsserts(ruleSet: RuleSet, xml: string): FiredAssert[] {
  let sef = loaded.get(ruleSet);
  if (!sef) {
    sef = JSON.parse(readFileSync(sefPath(ruleSet), 'utf8'));
    loaded.set(ruleSet, sef);
  }
  const source = saxon.XPath.evaluate('parse-xml($t)', null, { params: { t: xml } });
  const svrl = saxon.transform(
    { stylesheetInternal: sef, sourceNode: source, destination: 'raw' },
    'sync',
  ).principalResult;
  const failed = saxon.XPath.evaluate(
    "array { descendant-or-self::*:failed-assert ! map { 'id': string(@id), 'flag': string(@flag), 'location': string(@location), 'text': normalize-space(*:text) } }",
    svrl,
  ) as FiredAssert[];
  return failed;
}

/**
 * The string value of each node `path` selects (XPath 3.1, after `parse-xml($t)`) in `xml`; throws
 * when `xml` is not well-formed. Cheap: no stylesheet is compiled. `xpathValues(x, '//*:part')`.
 */
export function xpathValues(xml: string, path: string): string[] {
  return saxon.XPath.evaluate(`array { parse-xml($t) ! (${path}) ! string() }`, null, {
    params: { t: xml },
  }) as string[];
}

/** The fatal asserts only, as lines "ID text (at location)" for a failure message. */
export function fatalAsserts(ruleSet: RuleSet, xml: string): string[] {
  return schematronAsserts(ruleSet, xml)
    .filter((a) => a.flag === 'fatal')
    .map((a) => `${a.id} ${a.text} (at ${a.location})`);
}

/** XSD errors of UBL 2.1 documents (Invoice or CreditNote by root element), all in one call. */
export async function ublXsdErrors(documents: readonly { name: string; xml: string }[]): Promise<string[]> {
  const { validateXML, memoryPages } = (await import('xmllint-wasm')) as typeof import('xmllint-wasm');
  const root = join(EINVOICE_EXTERNAL, 'ubl-2.1');
  const preload = readdirSync(join(root, 'xsd/common'))
    .filter((f) => f.endsWith('.xsd'))
    .map((f) => ({
      fileName: `xsd/common/${f}`,
      contents: readFileSync(join(root, 'xsd/common', f), 'utf8'),
    }));
  const errors: string[] = [];
  for (const kind of ['Invoice', 'CreditNote'] as const) {
    const xml = documents
      .filter((d) => d.xml.includes(`<${kind} `))
      .map((d) => ({ fileName: d.name, contents: d.xml }));
    if (xml.length === 0) continue;
    const main = `xsd/maindoc/UBL-${kind}-2.1.xsd`;
    const schema = [{ fileName: main, contents: readFileSync(join(root, main), 'utf8') }];
    const result = await validateXML({ xml, schema, preload, maxMemoryPages: memoryPages.GiB });
    errors.push(...result.errors.map((e) => e.rawMessage));
  }
  return errors;
}
