/**
 * The VAT category of an invoice line (EN 16931 BT-151, code list UNCL5305 as EN 16931 restricts
 * it) and the rules that tie it to the line's rate and exemption reason:
 * - S (standard rate) needs a rate above 0; every other category has rate 0;
 * - E (exempt), AE (reverse charge), K (intra-community supply), G (export outside the EU) and O
 *   (not subject to VAT) carry an exemption reason (BT-120); AE, K, G and O have a default text,
 *   E needs one given (there is no single reason an exemption rests on);
 * - O cannot be mixed with another category on one invoice (BR-O-11…14).
 * A line stored without a category (all lines before categories existed) reads as S above 0 % and
 * Z at 0 %, which is what those invoices meant.
 */
import { parseDecimal } from '../../shared/decimal.ts';
import { type ErrorDetail, validationFailed } from '../../shared/errors.ts';

export const VAT_CATEGORIES = ['S', 'Z', 'E', 'AE', 'K', 'G', 'O'] as const;
export type VatCategory = (typeof VAT_CATEGORIES)[number];

/** The exemption reason printed when a line of this category gives none (null: none needed or one must be given). */
export const DEFAULT_EXEMPTION_REASONS: Readonly<Record<VatCategory, string | null>> = {
  S: null,
  Z: null,
  E: null,
  AE: 'Reverse charge',
  K: 'Intra-community supply',
  G: 'Export outside the EU',
  O: 'Not subject to VAT',
};

export interface CategorisedLine {
  readonly taxRate?: string | undefined;
  readonly vatCategory?: VatCategory | null | undefined;
  readonly vatExemptionReason?: string | null | undefined;
}

function rateIsZero(rate: string | undefined): boolean {
  const r = parseDecimal(rate ?? '0');
  return r !== null && r.num === 0n;
}

/** The line's category: as stored, or S above 0 % and Z at 0 % when none was given. */
export function vatCategoryOf(line: CategorisedLine): VatCategory {
  return line.vatCategory ?? (rateIsZero(line.taxRate) ? 'Z' : 'S');
}

/** The line's exemption reason: as given, or the category's default (null for S and Z). */
export function vatExemptionReasonOf(line: CategorisedLine): string | null {
  const category = vatCategoryOf(line);
  if (category === 'S' || category === 'Z') return null;
  return line.vatExemptionReason?.trim() || DEFAULT_EXEMPTION_REASONS[category];
}

function lineIssues(line: CategorisedLine, field: string): ErrorDetail[] {
  const category = vatCategoryOf(line);
  const zero = rateIsZero(line.taxRate);
  const issues: ErrorDetail[] = [];
  if (category === 'S' && zero)
    issues.push({ field: `${field}.taxRate`, message: 'category S (standard rate) needs a rate above 0' });
  if (category !== 'S' && !zero)
    issues.push({ field: `${field}.taxRate`, message: `category ${category} has rate 0` });
  if (category === 'E' && !vatExemptionReasonOf(line))
    issues.push({ field: `${field}.vatExemptionReason`, message: 'an exempt line (E) needs the reason' });
  if ((category === 'S' || category === 'Z') && line.vatExemptionReason)
    issues.push({
      field: `${field}.vatExemptionReason`,
      message: `category ${category} takes no exemption reason`,
    });
  return issues;
}

/** Throws validation_failed naming each line and field whose category, rate and reason disagree. */
export function assertVatCategories(lines: readonly CategorisedLine[]): void {
  const issues = lines.flatMap((l, i) => lineIssues(l, `lines[${i}]`));
  const categories = new Set(lines.map(vatCategoryOf));
  if (categories.has('O') && categories.size > 1)
    issues.push({ field: 'lines', message: 'category O (not subject to VAT) cannot be mixed with others' });
  if (issues.length > 0)
    throw validationFailed(
      `VAT category: ${issues.map((i) => `${i.field} ${i.message}`).join('; ')}`,
      issues,
    );
}
