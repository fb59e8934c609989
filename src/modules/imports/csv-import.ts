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

/** How many problems a rejection lists; the rest are counted (a header of a million blank columns). */
export const MAX_LISTED_PROBLEMS = 1_000;

/**
 * Collects every problem of a file, then rejects it as a whole. Lists the first
 * MAX_LISTED_PROBLEMS and counts the others: a file with a million problems is refused as fast as
 * one with three, and its answer stays readable (npm run fuzz: a 1 MB header of commas took 1.8 s,
 * most of it building and sorting a million problems).
 *
 * A check that is costly per row (the customer schema) stops once the list is `full` and records
 * the line it stopped at: the answer then says that the rest of the file was not checked, and its
 * counts are "at least" (npm run fuzz: 37,000 bad customer rows took 1.0–2 s to refuse, two thirds
 * of it building and collecting the schema's 180,000 issues that nobody would read).
 */
export class ImportErrors {
  private readonly details: ErrorDetail[] = [];
  private readonly lines = new Set<number | undefined>();
  private total = 0;
  private stoppedBeforeLine: number | undefined;

  add(line: number, field: string | undefined, message: string): void {
    this.total++;
    this.lines.add(line);
    if (this.details.length < MAX_LISTED_PROBLEMS)
      this.details.push({ line, ...(field ? { field } : {}), message });
  }

  get count(): number {
    return this.total;
  }

  /** As many problems as a rejection lists are known: a costly check may stop here. */
  get full(): boolean {
    return this.details.length >= MAX_LISTED_PROBLEMS;
  }

  /** The line before which the rows were checked, when a check stopped early. */
  get stoppedAt(): number | undefined {
    return this.stoppedBeforeLine;
  }

  /** A check stopped at `line`: it and the lines after it were not checked. */
  stopAt(line: number): void {
    this.stoppedBeforeLine = Math.min(line, this.stoppedBeforeLine ?? line);
  }

  /** Throws `import_rejected` listing the problems in line order, when there is any. */
  throwIfAny(what: string): void {
    if (this.total === 0) return;
    const sorted = [...this.details].sort((a, b) => (a.line ?? 0) - (b.line ?? 0));
    throw new AppError(
      'import_rejected',
      `${what}: ${this.summary(sorted.length)}; nothing was imported`,
      sorted,
    );
  }

  private summary(listed: number): string {
    const counts = `${this.lines.size} bad line(s), ${this.total} problem(s)`;
    if (this.stoppedBeforeLine !== undefined)
      return `at least ${counts} (the first ${listed} listed); lines from ${this.stoppedBeforeLine} on not checked`;
    return this.total > listed ? `${counts} (the first ${listed} listed)` : counts;
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
  const unknown = `unknown column; expected some of: ${spec.columns.join(', ')}`;
  for (const column of header) {
    if (!spec.columns.includes(column)) errors.add(1, column || '(blank)', unknown);
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
