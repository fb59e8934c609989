/**
 * The first day of the fiscal year holding `date`, for a fiscal year starting in `startMonth`.
 * `fiscalYearStartOf('2026-03-15', 7)` → `'2025-07-01'`; with 1 → `'2026-01-01'`.
 */
export function fiscalYearStartOf(date: string, startMonth: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const startYear = month >= startMonth ? year : year - 1;
  return `${startYear}-${String(startMonth).padStart(2, '0')}-01`;
}
