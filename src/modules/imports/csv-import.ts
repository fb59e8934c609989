/**
 * What every CSV import shares: the header check (unknown, missing and repeated columns), rows as
 * records keyed by column, and the all-or-nothing error report that names each bad line and field.
 */
import { createHash } from 'node:crypto';
import { parseCsv } from '../../shared/csv.ts';
import { AppError, type ErrorDetail } from '../../shared/errors.ts';

export interface CsvRecord {
  /** Physical line of the row in the file (the header is line 1). */
  readonly line: number;
  /** Trimmed cell per known column; empty cells are absent. */
  readonly cells: Readonly<Record<string, string>>;
}

export interface ImportOptions {
  readonly dryRun?: boolean;
  readonly onProgress?: (done: number, total: number) => void;
  /** sha256 (hex) of the file imported, recorded in the audit trail (set by the CSV readers). */
  readonly fileSha256?: string;
}

/** sha256 (hex) of a file's text as read (UTF-8): what the audit trail names an imported file by. */
export function fileSha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export interface ColumnSpec {
  readonly columns: readonly string[];
  readonly required: readonly string[];
}

/** Collects every problem of a file, then rejects it as a whole. */
export class ImportErrors {
  private readonly details: ErrorDetail[] = [];

  add(line: number, field: string | undefined, message: string): void {
    this.details.push({ line, ...(field ? { field } : {}), message });
  }

  get count(): number {
    return this.details.length;
  }

  /** Throws `import_rejected` listing every problem in line order, when there is any. */
  throwIfAny(what: string): void {
    if (this.details.length === 0) return;
    const lines = new Set(this.details.map((d) => d.line));
    const sorted = [...this.details].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new AppError(
      'import_rejected',
      `${what}: ${lines.size} bad line(s), ${sorted.length} problem(s); nothing was imported`,
      sorted,
    );
  }
}

/**
 * Parse `text` and check its header against `spec`: unknown columns, repeated columns and missing
 * required columns reject the whole file (line 1); rows with more cells than the header are bad rows.
 */
export function readCsvRecords(text: string, spec: ColumnSpec, what: string): CsvRecord[] {
  const table = parseCsv(text);
  const errors = new ImportErrors();
  if (table.header.length === 0) {
    errors.add(1, undefined, 'the file is empty: expected a header row');
    errors.throwIfAny(what);
  }
  const header = table.header.map((h) => h.trim().toLowerCase());
  const seen = new Set<string>();
  for (const column of header) {
    if (!spec.columns.includes(column))
      errors.add(1, column || '(blank)', `unknown column; expected some of: ${spec.columns.join(', ')}`);
    else if (seen.has(column)) errors.add(1, column, 'column appears twice');
    seen.add(column);
  }
  for (const column of spec.required)
    if (!seen.has(column)) errors.add(1, column, 'required column is missing');
  errors.throwIfAny(what);

  const records: CsvRecord[] = [];
  for (const row of table.rows) {
    if (row.values.length > header.length) {
      errors.add(
        row.line,
        undefined,
        `${row.values.length} cells but the header has ${header.length} columns`,
      );
      continue;
    }
    const cells: Record<string, string> = {};
    header.forEach((column, i) => {
      const value = row.values[i]?.trim() ?? '';
      if (value !== '') cells[column] = value;
    });
    records.push({ line: row.line, cells });
  }
  errors.throwIfAny(what);
  return records;
}

/** Lines (after the first) that repeat a key already seen in the file. */
export function reportDuplicates(records: readonly CsvRecord[], column: string, errors: ImportErrors): void {
  const firstLine = new Map<string, number>();
  for (const r of records) {
    const key = r.cells[column];
    if (key === undefined) continue;
    const first = firstLine.get(key);
    if (first === undefined) firstLine.set(key, r.line);
    else errors.add(r.line, column, `${key} already appears on line ${first}`);
  }
}
