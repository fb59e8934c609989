/**
 * Pairs cashloop's open items with the ERP's by document number, allowing the ERP's own ways of
 * writing one: equal after `normaliseNumber` (shared; the rule duplicate findings use: case,
 * spaces and punctuation ignored, leading zeros of each digit group dropped: `re-000042` =
 * `RE 42`); failing that, two numbers whose digit groups are the same (`INV-2026-0042` =
 * `AR2026/42`, `re 2026 0042`) match when no other number on either side has those groups.
 * A matched pair is `matched`, `amount_differs` (amount or currency) or `different_customer`;
 * what has no partner is `only_in_cashloop` or `only_in_erp`.
 */
import { normaliseNumber } from '../../shared/document-number.ts';

export interface Item {
  readonly documentNumber: string;
  /** The references the customer is known by (cashloop: external id and debtor account). */
  readonly customerRefs: readonly string[];
  readonly customerLabel: string;
  readonly currency: string;
  readonly amountMinor: bigint;
  readonly line?: number;
}

export type MatchStatus =
  | 'matched'
  | 'amount_differs'
  | 'different_customer'
  | 'only_in_cashloop'
  | 'only_in_erp';

export interface MatchResult {
  readonly status: MatchStatus;
  readonly cashloop: Item | null;
  readonly erp: Item | null;
}

/** The digit groups without leading zeros: `digitGroups('INV-2026-0042')` → `'2026.42'` ('' without digits). */
export function digitGroups(text: string): string {
  return (text.normalize('NFKC').match(/\d+/g) ?? []).map((g) => g.replace(/^0+(?=\d)/, '')).join('.');
}

const refKey = (ref: string) => ref.normalize('NFKC').trim().toLowerCase();

function statusOf(c: Item, e: Item): MatchStatus {
  const sameCustomer = e.customerRefs.some((r) => c.customerRefs.map(refKey).includes(refKey(r)));
  if (!sameCustomer) return 'different_customer';
  return c.currency === e.currency && c.amountMinor === e.amountMinor ? 'matched' : 'amount_differs';
}

function uniqueBy(items: readonly Item[], key: (i: Item) => string): Map<string, Item> {
  const counts = new Map<string, number>();
  for (const i of items) counts.set(key(i), (counts.get(key(i)) ?? 0) + 1);
  return new Map(items.filter((i) => key(i) !== '' && counts.get(key(i)) === 1).map((i) => [key(i), i]));
}

/** Match two lists of open items; every item appears in exactly one result. */
export function matchItems(cashloop: readonly Item[], erp: readonly Item[]): MatchResult[] {
  const results: MatchResult[] = [];
  const takenErp = new Set<Item>();
  const unmatched: Item[] = [];
  const erpByNumber = new Map<string, Item[]>();
  for (const e of erp)
    erpByNumber.set(normaliseNumber(e.documentNumber), [
      ...(erpByNumber.get(normaliseNumber(e.documentNumber)) ?? []),
      e,
    ]);
  for (const c of cashloop) {
    const e = (erpByNumber.get(normaliseNumber(c.documentNumber)) ?? []).find((x) => !takenErp.has(x));
    if (e) {
      takenErp.add(e);
      results.push({ status: statusOf(c, e), cashloop: c, erp: e });
    } else unmatched.push(c);
  }
  const restErp = erp.filter((e) => !takenErp.has(e));
  const cashByDigits = uniqueBy(unmatched, (i) => digitGroups(i.documentNumber));
  const erpByDigits = uniqueBy(restErp, (i) => digitGroups(i.documentNumber));
  const takenCash = new Set<Item>();
  for (const [key, c] of cashByDigits) {
    const e = erpByDigits.get(key);
    if (!e) continue;
    takenCash.add(c);
    takenErp.add(e);
    results.push({ status: statusOf(c, e), cashloop: c, erp: e });
  }
  for (const c of unmatched)
    if (!takenCash.has(c)) results.push({ status: 'only_in_cashloop', cashloop: c, erp: null });
  for (const e of erp) if (!takenErp.has(e)) results.push({ status: 'only_in_erp', cashloop: null, erp: e });
  return results;
}
