/**
 * A document number or reference as people mistype it: lower case; spaces dropped (they only
 * group digits, as in `RF18 0000 …`); then the leading zeros of each run of digits after a
 * letter or punctuation; then the punctuation. `INV-000042` → `inv42`, `inv 42` → `inv42`,
 * `0042/A` → `42a`, `2026-0007` → `20267`. The one rule for "the same document number written
 * another way": duplicate-invoice findings and the ERP reconciliation use it (invoices'
 * `normalisedNumberSql` does the same in SQL for ASCII; this one also folds Unicode letters and
 * digits, NFKC).
 */
export function normaliseNumber(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/\s+/g, '')
    .replace(/(^|\D)0+(?=\d)/g, '$1')
    .replace(/[^\p{L}\p{N}]+/gu, '');
}
