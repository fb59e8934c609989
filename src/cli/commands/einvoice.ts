/**
 * `invoices einvoice`: write the EN 16931 e-invoice (UBL or CII XML, or the Factur-X PDF) of an
 * issued invoice or credit note.
 */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { EINVOICE_OUTPUTS, type EinvoiceRead, readEinvoice } from '../../modules/documents/index.ts';
import { validationFailed } from '../../shared/errors.ts';
import { type CliIo, toJson } from '../io.ts';
import { type CommandSpec, stringOption } from './types.ts';

type Format = (typeof EINVOICE_OUTPUTS)[number];

function formatOption(value: string | undefined): Format | undefined {
  if (value === undefined) return undefined;
  const known = EINVOICE_OUTPUTS.find((f) => f === value);
  if (!known)
    throw validationFailed(`--format must be one of ${EINVOICE_OUTPUTS.join(', ')}, got "${value}"`, [
      { field: 'format', message: 'unknown format' },
    ]);
  return known;
}

function report(io: CliIo, doc: EinvoiceRead, path: string, json: boolean): void {
  if (json)
    io.stdout(
      toJson({
        invoice: doc.number,
        format: doc.format,
        file: path,
        bytes: doc.bytes.byteLength,
        sha256: doc.sha256,
        stored: doc.documentId !== null,
      }),
    );
  else io.stdout(`wrote ${path} (${doc.format}, ${doc.bytes.byteLength} bytes, sha256 ${doc.sha256})\n`);
}

const pdfToStdout = () =>
  validationFailed('--out - writes text; name a file for the Factur-X PDF', [
    { field: 'out', message: 'a PDF goes to a file' },
  ]);

export const invoicesEinvoice: CommandSpec = {
  name: 'invoices einvoice',
  usage: `cashloop invoices einvoice NUMBER [--format ${EINVOICE_OUTPUTS.join('|')}] [--out FILE|-] [--json]`,
  options: { format: { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['NUMBER'],
  async run({ runtime, io, values, positionals }) {
    const format = formatOption(stringOption(values, 'format'));
    const out = stringOption(values, 'out');
    if (out === '-' && format === 'facturx') throw pdfToStdout();
    const doc = await readEinvoice(runtime.deps.db, runtime.tenant.tenantId, positionals[0] ?? '', format);
    if (out === '-') {
      // The customer's preferred format may be Factur-X.
      if (doc.format === 'facturx') throw pdfToStdout();
      io.stdout(new TextDecoder().decode(doc.bytes));
      return 0;
    }
    const path = resolve(out ?? doc.fileName);
    writeFileSync(path, doc.bytes);
    report(io, doc, path, values.json === true);
    return 0;
  },
};
