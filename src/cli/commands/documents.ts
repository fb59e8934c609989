/** `invoices pdf` and `customers statement`: write a stored (or newly stored) PDF to a file. */
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Runtime } from '../../main.ts';
import {
  createStatementDocument,
  ensureInvoiceDocument,
  invoiceDocumentWarnings,
  type StoredDocument,
} from '../../modules/documents/index.ts';
import { getInvoiceRowOrThrow } from '../../modules/invoices/index.ts';
import type { LetterheadWarning } from '../../modules/tenants/index.ts';
import { isAcceptedDate } from '../../shared/calendar-date.ts';
import { validationFailed } from '../../shared/errors.ts';
import { type CliIo, toJson } from '../io.ts';
import { type CommandSpec, stringOption } from './types.ts';

/** One `warning: …` line on stderr per gap: the document goes out all the same. */
export function printWarnings(io: CliIo, warnings: readonly LetterheadWarning[]): void {
  for (const w of warnings) io.stderr(`warning: ${w.message}\n`);
}

/**
 * Print what the document of an issued invoice or credit note lacks of the seller (the letterhead
 * it was issued under): for `invoices pdf` and `invoices send`.
 */
export async function printInvoiceWarnings(runtime: Runtime, io: CliIo, idOrNumber: string): Promise<void> {
  const { tenantId } = runtime.tenant;
  const invoice = await getInvoiceRowOrThrow(runtime.deps.db, tenantId, idOrNumber);
  printWarnings(io, await invoiceDocumentWarnings(runtime.deps.db, tenantId, invoice));
}

/** Write the bytes to `--out` (default: the document's file name in the current directory). */
function writeDocument(io: CliIo, doc: StoredDocument, out: string | undefined, json: boolean): number {
  const path = resolve(out ?? doc.fileName);
  writeFileSync(path, doc.bytes);
  if (json)
    io.stdout(
      toJson({
        documentId: doc.documentId,
        kind: doc.kind,
        file: path,
        bytes: doc.bytes.byteLength,
        sha256: doc.sha256,
      }),
    );
  else io.stdout(`wrote ${path} (${doc.bytes.byteLength} bytes, sha256 ${doc.sha256})\n`);
  return 0;
}

export const invoicesPdf: CommandSpec = {
  name: 'invoices pdf',
  usage: 'cashloop invoices pdf NUMBER [--out FILE] [--json]',
  options: { out: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['NUMBER'],
  async run({ runtime, io, values, positionals }) {
    const doc = await ensureInvoiceDocument(runtime.deps, runtime.tenant.tenantId, positionals[0] ?? '');
    await printInvoiceWarnings(runtime, io, positionals[0] ?? '');
    return writeDocument(io, doc, stringOption(values, 'out'), values.json === true);
  },
};

export const customersStatement: CommandSpec = {
  name: 'customers statement',
  usage: 'cashloop customers statement EXTERNAL_ID [--as-of YYYY-MM-DD] [--out FILE] [--json]',
  options: { 'as-of': { type: 'string' }, out: { type: 'string' }, json: { type: 'boolean' } },
  positionals: ['EXTERNAL_ID'],
  async run({ runtime, io, values, positionals }) {
    const asOf = stringOption(values, 'as-of');
    if (asOf !== undefined && !isAcceptedDate(asOf))
      throw validationFailed(`--as-of must be a date YYYY-MM-DD, got "${asOf}"`, [
        { field: 'as-of', message: 'not a date' },
      ]);
    const doc = await createStatementDocument(
      runtime.deps,
      runtime.tenant.tenantId,
      positionals[0] ?? '',
      asOf ? { asOf } : {},
    );
    return writeDocument(io, doc, stringOption(values, 'out'), values.json === true);
  },
};
