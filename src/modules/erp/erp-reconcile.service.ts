/**
 * Reconciliation with the host ERP (`cashloop ledger erp-reconcile`, `POST /v1/ledger/erp-reconciliation`):
 * the ERP's AR open items or per-customer balances as of a day against cashloop's as of the same
 * day (the aging's open items of that day: per invoice and per unapplied receipt), each difference
 * explained, with the totals of both sides per currency. Stores nothing.
 */
import { inSnapshot } from '../../db/client.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import type { CoreDeps } from '../core-deps.ts';
import { customerRefs } from '../customers/index.ts';
import { agingItems } from '../reports/index.ts';
import * as repo from './erp.repository.ts';
import { type ErpFile, parseErpFile } from './erp-file.ts';
import { type Item, type MatchResult, type MatchStatus, matchItems } from './erp-matching.ts';

export interface CurrencyTotal {
  readonly currency: string;
  readonly cashloopMinor: bigint;
  readonly erpMinor: bigint;
  readonly differenceMinor: bigint;
}

export interface ErpReconciliation {
  readonly asOf: string;
  readonly kind: ErpFile['kind'];
  readonly balanced: boolean;
  readonly counts: Readonly<Record<MatchStatus, number>>;
  readonly totals: readonly CurrencyTotal[];
  readonly results: readonly MatchResult[];
}

/** Parse `csv` (a bad file throws naming line and field) and reconcile it as of `asOf`. */
export async function reconcileWithErp(
  deps: CoreDeps,
  tenantId: string,
  csv: string,
  asOf: string,
): Promise<ErpReconciliation> {
  const file = parseErpFile(csv);
  const items = await cashloopItemsAsOf(deps, tenantId, asOf);
  const results =
    file.kind === 'open_items'
      ? matchItems(items, file.items.map(erpItem))
      : matchItems(
          perCustomer(items),
          file.items.map((i) => balanceItem(i, items)),
        );
  return { asOf, kind: file.kind, ...summary(results) };
}

const erpItem = (i: ErpFile['items'][number]): Item => ({
  documentNumber: i.documentNumber,
  customerRefs: [i.customerRef],
  customerLabel: i.customerRef,
  currency: i.currency,
  amountMinor: i.amountMinor,
  line: i.line,
});

/**
 * cashloop's open items as of `asOf`: the aging's own items (open invoices) and unapplied receipts
 * as of that day — what the aging report and a statement of that day show — with unapplied cash
 * negative, as it stands on AR.
 */
async function cashloopItemsAsOf(deps: CoreDeps, tenantId: string, asOf: string): Promise<Item[]> {
  const query = { asOf, basis: 'due_date' as const, today: todayUtc(deps.clock.now()) };
  const { items, unapplied } = await inSnapshot(deps.db, (tx) => agingItems(tx, tenantId, query));
  const customerIds = [...new Set([...items, ...unapplied].map((r) => r.customer_id))];
  const refs = await customerRefs(deps.db, tenantId, customerIds);
  const debtors = await repo.customerAccounts(deps.db, tenantId, customerIds);
  const item = (customerId: string, documentNumber: string, currency: string, amountMinor: bigint) => {
    const ref = refs.get(customerId);
    return {
      documentNumber,
      customerRefs: [ref?.externalId, debtors.get(customerId)].filter((x): x is string => !!x),
      customerLabel: ref ? `${ref.externalId} ${ref.name}` : customerId,
      currency,
      amountMinor,
    };
  };
  return [
    ...items.map((i) => item(i.customer_id, i.number ?? i.invoice_id, i.currency, i.open_minor)),
    ...unapplied.map((u) =>
      item(u.customer_id, u.reference ?? `receipt ${u.receipt_id}`, u.currency, -u.unapplied_minor),
    ),
  ];
}

/** Balances mode: one item per customer and currency, keyed by the customer's first reference. */
function perCustomer(items: readonly Item[]): Item[] {
  const byKey = new Map<string, Item>();
  for (const i of items) {
    const key = `${i.customerRefs[0] ?? i.customerLabel}|${i.currency}`;
    const prev = byKey.get(key);
    byKey.set(key, { ...i, documentNumber: key, amountMinor: (prev?.amountMinor ?? 0n) + i.amountMinor });
  }
  return [...byKey.values()];
}

/** An ERP balance keyed like `perCustomer`: by the cashloop customer its reference names, if any. */
function balanceItem(i: ErpFile['items'][number], cashloop: readonly Item[]): Item {
  const ref = i.customerRef.trim().toLowerCase();
  const owner = cashloop.find((c) => c.customerRefs.some((r) => r.trim().toLowerCase() === ref));
  return {
    ...erpItem(i),
    documentNumber: `${owner?.customerRefs[0] ?? i.customerRef}|${i.currency}`,
    customerRefs: owner ? owner.customerRefs : [i.customerRef],
  };
}

function summary(results: readonly MatchResult[]) {
  const counts: Record<MatchStatus, number> = {
    matched: 0,
    amount_differs: 0,
    different_customer: 0,
    only_in_cashloop: 0,
    only_in_erp: 0,
  };
  const totals = new Map<string, { cashloop: bigint; erp: bigint }>();
  const add = (currency: string, side: 'cashloop' | 'erp', minor: bigint) => {
    const t = totals.get(currency) ?? { cashloop: 0n, erp: 0n };
    t[side] += minor;
    totals.set(currency, t);
  };
  for (const r of results) {
    counts[r.status] += 1;
    if (r.cashloop) add(r.cashloop.currency, 'cashloop', r.cashloop.amountMinor);
    if (r.erp) add(r.erp.currency, 'erp', r.erp.amountMinor);
  }
  return {
    balanced: counts.matched === results.length,
    counts,
    totals: [...totals]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([currency, t]) => ({
        currency,
        cashloopMinor: t.cashloop,
        erpMinor: t.erp,
        differenceMinor: t.cashloop - t.erp,
      })),
    results: [...results].sort((a, b) => order(a.status) - order(b.status)),
  };
}

const STATUS_ORDER: readonly MatchStatus[] = [
  'different_customer',
  'amount_differs',
  'only_in_cashloop',
  'only_in_erp',
  'matched',
];
const order = (s: MatchStatus) => STATUS_ORDER.indexOf(s);
