/**
 * An advice file of either kind: a camt.054 (XML; read by the bank module's camt reader) or a CSV
 * / e-mail list (advice-csv.ts). The format is the one named, else XML is camt.054 and anything
 * else CSV.
 */
import { AppError } from '../../shared/errors.ts';
import { type CamtRemittanceEntry, readCamtRemittances } from '../bank/index.ts';
import { type AdviceFile, type AdviceFileOptions, parseAdviceCsv } from './advice-csv.ts';
import type { AdviceFormat, ParsedAdvice } from './advices.ts';

export type { AdviceFileOptions } from './advice-csv.ts';

/** Read an advice file; a file that cannot be read is refused whole (`import_rejected`, with its line). */
export function readAdviceFile(
  text: string,
  opts: AdviceFileOptions & { readonly format?: AdviceFormat | undefined },
): AdviceFile & { format: AdviceFormat } {
  const format =
    opts.format ??
    (text
      .replace(/^\uFEFF/, '')
      .trimStart()
      .startsWith('<')
      ? 'camt.054'
      : 'csv');
  if (format === 'csv') return { format, ...parseAdviceCsv(text, opts) };
  const { entries, warnings } = readCamtRemittances(text);
  if (entries.length === 0)
    throw new AppError('import_rejected', 'the camt.054 holds no entry that names the documents it pays', [
      { field: 'Ntry', message: 'no entry with remittance information' },
    ]);
  const own = [...warnings];
  return { format, advices: entries.map((e) => adviceOfEntry(e, opts, own)), warnings: own };
}

/** One camt entry as an advice: the transfer is the lump sum, its documents the lines. */
function adviceOfEntry(e: CamtRemittanceEntry, opts: AdviceFileOptions, warnings: string[]): ParsedAdvice {
  if (e.amountMinor <= 0n)
    throw new AppError('import_rejected', `line ${e.line}: the entry's amount is zero: it pays nothing`, [
      { line: e.line, field: 'Amt', message: 'zero' },
    ]);
  if (e.date === null) warnings.push(`line ${e.line}: the entry states no date; dated ${opts.today}`);
  return {
    payerName: e.payerName,
    payerIban: e.payerIban,
    paymentReference: e.endToEndId,
    date: e.date ?? opts.today,
    currency: e.currency,
    totalMinor: e.amountMinor,
    lines: e.documents.map((d) => ({
      reference: d.reference,
      amountMinor: d.amountMinor,
      reason: d.reason,
      sourceLine: d.line,
    })),
    sourceLine: e.line,
  };
}
