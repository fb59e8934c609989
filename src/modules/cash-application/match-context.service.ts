/**
 * What the engine knows during a run, read once at its start: customers and their names, open and
 * closed invoices, payer accounts, our own accounts, the payer names people confirmed, the open
 * remittance advices.
 */
import type { Queryable } from '../../db/client.ts';
import type { BankLineRow } from '../bank/index.ts';
import { ownIbans } from '../bank/index.ts';
import { customersForMatching, payerAccounts } from '../customers/index.ts';
import { closedInvoiceNumbers, openInvoicesForMatching } from '../invoices/index.ts';
import { openAdvicesForMatching } from './advices.service.ts';
import { learnedNameRows } from './cash-application.repository.ts';
import { type BankLine, MatchContext } from './engine.ts';
import { invoiceKey } from './references.ts';

export interface RunContext {
  readonly ctx: MatchContext;
  /** Customer id → external id, for the run's results. */
  readonly externalIds: ReadonlyMap<string, string>;
  /** What a rule's pattern found ("3", "000123", "INV-123") → the numbers of the open invoices it names. */
  readonly invoicesNamed: (found: string) => string[];
}

/** Read the tenant's context for the engine. */
export async function loadRunContext(q: Queryable, tenantId: string): Promise<RunContext> {
  const customers = await customersForMatching(q, tenantId);
  const invoices = await openInvoicesForMatching(q, tenantId);
  const payers = await payerAccounts(q, tenantId);
  const own = await ownIbans(q, tenantId);
  const closed = await closedInvoiceNumbers(q, tenantId);
  const learnedNames = await learnedNameRows(q, tenantId);
  const ctx = new MatchContext(
    customers.map((c) => ({
      customerId: c.customer_id,
      externalId: c.external_id,
      names: [c.name, ...(c.legal_name ? [c.legal_name] : []), ...c.aliases],
      parentId: c.parent_id,
    })),
    invoices.map((i) => ({
      invoiceId: i.invoice_id,
      number: i.number,
      customerId: i.customer_id,
      currency: i.currency,
      openMinor: i.open_minor,
      totalMinor: i.total_minor,
      dueDate: i.due_date ?? i.issue_date ?? '1970-01-01',
      discountDate: i.discount_date,
      discountPct: i.discount_pct,
      paymentReference: i.payment_reference,
      poNumber: i.po_number,
    })),
    payers.map((p) => ({ iban: p.iban, customerId: p.customer_id })),
    own,
    closed,
  );
  for (const n of learnedNames) ctx.learnPayerName(n.name, n.customer_id);
  for (const advice of await openAdvicesForMatching(q, tenantId)) ctx.advices.add(advice);
  return {
    ctx,
    externalIds: new Map(customers.map((c) => [c.customer_id, c.external_id])),
    // Only the numbers stay (the rows of half a million invoices would live as long as the run).
    invoicesNamed: invoiceNumberLookup(invoices.map((i) => i.number)),
  };
}

/**
 * What a rule's pattern yields → the numbers of the invoices it names. The index is built at the
 * first lookup: most runs have no reference rule, and indexing 500,000 numbers costs a second.
 */
function invoiceNumberLookup(numbers: readonly string[]): (found: string) => string[] {
  let byKey: Map<string, string[]> | null = null;
  return (found) => {
    if (!byKey) {
      byKey = new Map();
      for (const number of numbers) {
        const key = invoiceKey(number);
        for (const k of new Set([key.compact, key.digits])) {
          if (k === '') continue;
          const list = byKey.get(k);
          if (list) list.push(number);
          else byKey.set(k, [number]);
        }
      }
    }
    const key = invoiceKey(found);
    return byKey.get(key.compact) ?? byKey.get(key.digits) ?? [];
  };
}

/** A stored bank line as the engine reads it. */
export function bankLineOf(row: BankLineRow): BankLine {
  return {
    id: row.transaction_id,
    amountMinor: row.amount_minor,
    currency: row.currency,
    bookingDate: row.booking_date,
    counterpartyName: row.counterparty_name,
    counterpartyIban: row.counterparty_iban,
    ultimateParty: row.ultimate_party,
    remittance: row.remittance,
    structuredReferences: row.structured_references,
    endToEndId: row.end_to_end_id,
    transactionCode: row.transaction_code,
    reversal: row.reversal,
  };
}
