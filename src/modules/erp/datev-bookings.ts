/**
 * A journal entry as DATEV bookings. DATEV books one amount from an account (Konto, Soll) to a
 * counter account (Gegenkonto, Haben); a cashloop entry may have many lines. The entry's debit
 * lines and credit lines (in the base currency) are paired in line order, each pair booking the
 * smaller of the two remaining amounts, until both sides are used up: the bookings add up, per
 * account, to exactly the entry's lines. A pair whose two sides map to the same ERP account books
 * nothing (it nets to zero there).
 */
import type { ExportEntry, ExportLine, ExportSnapshot } from './export.types.ts';

export interface DatevBooking {
  /** Positive, in the base currency's minor units. */
  readonly amountMinor: bigint;
  /** Debited account (Konto, with Soll/Haben-Kennzeichen `S`). */
  readonly debitAccount: string;
  /** Credited account (Gegenkonto). */
  readonly creditAccount: string;
  readonly documentNo: string;
  readonly text: string;
  readonly effectiveDate: string;
}

/** The ERP account a line books to: the customer's debtor account on AR, else the mapped account. */
export function erpAccountOfLine(line: ExportLine, s: ExportSnapshot): string {
  if (line.accountCode === s.arAccount && line.customerId) {
    const debtor = s.customers[line.customerId]?.debtor;
    if (debtor) return debtor;
  }
  return s.accounts[line.accountCode] ?? '';
}

/** The document number an entry's bookings carry: its first line's invoice, else its entry number. */
export function documentNoOf(entry: ExportEntry, s: ExportSnapshot): string {
  for (const l of entry.lines) {
    const number = l.invoiceId ? s.documents[l.invoiceId] : undefined;
    if (number) return number;
  }
  return String(entry.entryNo);
}

export function datevBookingsOf(entry: ExportEntry, s: ExportSnapshot): DatevBooking[] {
  const debits = entry.lines
    .filter((l) => l.baseAmountMinor > 0n)
    .map((l) => ({ l, left: l.baseAmountMinor }));
  const credits = entry.lines
    .filter((l) => l.baseAmountMinor < 0n)
    .map((l) => ({ l, left: -l.baseAmountMinor }));
  const documentNo = documentNoOf(entry, s);
  const out: DatevBooking[] = [];
  let i = 0;
  let j = 0;
  while (i < debits.length && j < credits.length) {
    const d = debits[i];
    const c = credits[j];
    if (!d || !c) break;
    const amountMinor = d.left < c.left ? d.left : c.left;
    const debitAccount = erpAccountOfLine(d.l, s);
    const creditAccount = erpAccountOfLine(c.l, s);
    if (debitAccount !== creditAccount)
      out.push({
        amountMinor,
        debitAccount,
        creditAccount,
        documentNo,
        text: entry.description,
        effectiveDate: entry.effectiveDate,
      });
    d.left -= amountMinor;
    c.left -= amountMinor;
    if (d.left === 0n) i++;
    if (c.left === 0n) j++;
  }
  return out;
}
