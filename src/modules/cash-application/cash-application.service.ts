/**
 * Cash application run: every unprocessed bank line goes through the engine; what it applies is
 * booked at once (a receipt on the bank account's own cash account, its allocations, discount and
 * bank-charge adjustments, in one transaction per line) and the rest is kept for review with its
 * suggestions and reasons. A dry run decides every line and books nothing.
 */
import { withTransaction } from '../../db/client.ts';
import { refreshStatistics } from '../../db/statistics.ts';
import { formatAmount } from '../../shared/money.ts';
import type { CoreDeps } from '../core-deps.ts';
import { adjustInvoice } from '../invoices/invoices.service.ts';
import { recordReceipt } from '../receipts/receipts.service.ts';
import { type BulkReceipt, recordReceiptsInBulk } from '../receipts/receipts-bulk.service.ts';
import { getTenantOrThrow } from '../tenants/tenants.service.ts';
import * as repo from './cash-application.repository.ts';
import {
  type BankLine,
  DEFAULT_ENGINE_CONFIG,
  type Decision,
  decide,
  type EngineConfig,
  MatchContext,
  type Proposal,
} from './engine.ts';
import { invoiceKey } from './references.ts';
import { enabledRules, postByRule } from './rules.service.ts';
import { firstMatchingRule, type Rule, referencesByPattern } from './rules.ts';

export type LineStatus = 'applied' | 'suggested' | 'unmatched' | 'ignored';

export interface LineResult {
  bankReference: string | null;
  bookingDate: string;
  amount: string;
  currency: string;
  status: LineStatus;
  confidence: number;
  customer: string | null;
  allocations: { invoiceNumber: string; amount: string }[];
  adjustments: { kind: 'discount' | 'bank_charge' | 'write_off'; amount: string }[];
  unapplied: string;
  suggestions: { invoiceNumbers: string[]; confidence: number; reasons: string[] }[];
  reasons: string[];
}

export interface CashApplicationRun {
  results: LineResult[];
  summary: { lines: number; applied: number; suggested: number; unmatched: number; ignored: number };
}

async function loadContext(deps: CoreDeps, tenantId: string) {
  const [customers, invoices, payers, own, closed, learnedNames] = [
    await repo.customerRows(deps.db, tenantId),
    await repo.openInvoiceRows(deps.db, tenantId),
    await repo.payerAccountRows(deps.db, tenantId),
    await repo.ownIbans(deps.db, tenantId),
    await repo.closedInvoiceNumbers(deps.db, tenantId),
    await repo.learnedNameRows(deps.db, tenantId),
  ];
  const externalIds = new Map(customers.map((c) => [c.customer_id, c.external_id]));
  const fxRates = new Map(invoices.map((i) => [i.invoice_id, i.fx_rate]));
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
  return { ctx, externalIds, fxRates, invoicesNamed: invoiceNumberLookup(invoices) };
}

/**
 * What a rule's pattern yields ("3", "000123", "INV-123") → the numbers of the invoices it names.
 * The index is built at the first lookup: most runs have no reference rule, and indexing 500,000
 * numbers costs a second.
 */
function invoiceNumberLookup(invoices: readonly repo.OpenInvoiceRow[]): (found: string) => string[] {
  let byKey: Map<string, string[]> | null = null;
  return (found) => {
    if (!byKey) {
      byKey = new Map();
      for (const i of invoices) {
        const key = invoiceKey(i.number);
        for (const k of new Set([key.compact, key.digits])) {
          if (k === '') continue;
          const list = byKey.get(k);
          if (list) list.push(i.number);
          else byKey.set(k, [i.number]);
        }
      }
    }
    const key = invoiceKey(found);
    return byKey.get(key.compact) ?? byKey.get(key.digits) ?? [];
  };
}

function bankLineOf(row: repo.NewLineRow): BankLine {
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

function proposalJson(p: Proposal) {
  return {
    customerId: p.customerId,
    confidence: p.confidence,
    allocations: p.allocations.map((a) => ({
      invoiceId: a.invoiceId,
      number: a.number,
      amountMinor: String(a.amountMinor),
    })),
    adjustments: p.adjustments.map((a) => ({
      kind: a.kind,
      invoiceId: a.invoiceId,
      amountMinor: String(a.amountMinor),
    })),
    unappliedMinor: String(p.unappliedMinor),
    reasons: p.reasons,
  };
}

function resultOf(row: repo.NewLineRow, decision: Decision, externalIds: Map<string, string>): LineResult {
  const money = (m: bigint) => formatAmount(m, row.currency);
  const base = {
    bankReference: row.bank_reference,
    bookingDate: row.booking_date,
    amount: money(row.amount_minor),
    currency: row.currency,
  };
  const suggestionsOf = (list: readonly Proposal[]) =>
    list.map((s) => ({
      invoiceNumbers: s.allocations.map((a) => a.number),
      confidence: s.confidence,
      reasons: [...s.reasons],
    }));
  switch (decision.status) {
    case 'applied': {
      const p = decision.proposal;
      return {
        ...base,
        status: 'applied',
        confidence: p.confidence,
        customer: externalIds.get(p.customerId) ?? null,
        allocations: p.allocations.map((a) => ({ invoiceNumber: a.number, amount: money(a.amountMinor) })),
        adjustments: p.adjustments.map((a) => ({ kind: a.kind, amount: money(a.amountMinor) })),
        unapplied: money(p.unappliedMinor),
        suggestions: suggestionsOf(decision.suggestions),
        reasons: [...p.reasons],
      };
    }
    case 'suggested': {
      const best = decision.suggestions[0];
      return {
        ...base,
        status: 'suggested',
        confidence: best?.confidence ?? 0,
        customer: best ? (externalIds.get(best.customerId) ?? null) : null,
        allocations: [],
        adjustments: [],
        unapplied: money(0n),
        suggestions: suggestionsOf(decision.suggestions),
        reasons: [...decision.reasons],
      };
    }
    case 'unmatched':
      return {
        ...base,
        status: 'unmatched',
        confidence: 0,
        customer: decision.customerId ? (externalIds.get(decision.customerId) ?? null) : null,
        allocations: [],
        adjustments: [],
        unapplied: money(0n),
        suggestions: [],
        reasons: [...decision.reasons],
      };
    case 'ignored':
      return {
        ...base,
        status: 'ignored',
        confidence: 0,
        customer: null,
        allocations: [],
        adjustments: [],
        unapplied: money(0n),
        suggestions: [],
        reasons: [...decision.reasons],
      };
  }
}

/** Why an invoice was settled below its open amount, naming the bank line. */
export function adjustmentReason(kind: 'discount' | 'bank_charge', row: repo.NewLineRow): string {
  const what = kind === 'discount' ? 'early-payment discount taken' : 'bank charges deducted';
  return `${what} (bank line ${row.bank_reference ?? row.transaction_id})`;
}

/** Book a proposal: receipt, allocations and adjustments, and the verdict, in one transaction. */
export async function bookProposal(
  deps: CoreDeps,
  tenantId: string,
  row: repo.NewLineRow,
  p: Proposal,
  fxRates: Map<string, string>,
): Promise<string> {
  return withTransaction(deps.db, async (tx) => {
    const inTx = { ...deps, db: tx };
    const firstInvoice = p.allocations[0]?.invoiceId;
    const rate = firstInvoice ? fxRates.get(firstInvoice) : undefined;
    const receipt = await recordReceipt(
      inTx,
      tenantId,
      {
        customer: p.customerId,
        method: 'bank_transfer',
        receivedOn: row.booking_date,
        amount: formatAmount(row.amount_minor, row.currency),
        currency: row.currency,
        ...(rate && rate !== '1' ? { fxRate: rate } : {}),
        ...(row.counterparty_name ? { payerName: row.counterparty_name.slice(0, 300) } : {}),
        ...(row.counterparty_iban ? { payerIban: row.counterparty_iban } : {}),
        ...(row.remittance ? { reference: row.remittance.slice(0, 500) } : {}),
        allocations: p.allocations.map((a) => ({
          invoice: a.invoiceId,
          amount: formatAmount(a.amountMinor, row.currency),
        })),
      },
      { bankAccountCode: row.ledger_account_code },
    );
    for (const adj of p.adjustments)
      await adjustInvoice(inTx, tenantId, adj.invoiceId, {
        kind: adj.kind,
        amountMinor: adj.amountMinor,
        reason: adjustmentReason(adj.kind, row),
        date: row.booking_date,
        receiptId: receipt.receipt.receiptId,
      });
    await repo.recordVerdict(tx, tenantId, row.transaction_id, {
      status: 'applied',
      customerId: p.customerId,
      confidence: p.confidence,
      decision: proposalJson(p),
      receiptId: receipt.receipt.receiptId,
    });
    return receipt.receipt.receiptId;
  });
}

/** An `ignore` or `post` rule settles the line without the engine (reported as ignored, with the rule). */
async function applyRule(
  deps: CoreDeps,
  tenantId: string,
  row: repo.NewLineRow,
  rule: Rule,
  dryRun: boolean,
) {
  const reason =
    rule.action.type === 'post'
      ? `rule "${rule.name}": posted to account ${rule.action.accountCode}`
      : `rule "${rule.name}": not a customer receipt`;
  if (!dryRun)
    await withTransaction(deps.db, async (tx) => {
      const entryId =
        rule.action.type === 'post'
          ? await postByRule(deps, tx, tenantId, row, rule, rule.action.accountCode)
          : null;
      await repo.recordVerdict(tx, tenantId, row.transaction_id, {
        status: 'ignored',
        customerId: null,
        confidence: null,
        decision: { rule: rule.ruleId, entryId, reasons: [reason] },
        receiptId: null,
      });
    });
  return resultOf(row, { status: 'ignored', reasons: [reason] }, new Map());
}

/** Lines decided but not yet booked: booked together, BOOKING_BATCH at a time. */
interface Batch {
  applied: { row: repo.NewLineRow; proposal: Proposal }[];
  verdicts: repo.Verdict[];
}

const BOOKING_BATCH = 1_000;

/** What booking applied lines writes to (their statistics are refreshed after a large run). */
const BOOKED_TABLES = [
  'receipts',
  'allocations',
  'invoice_adjustments',
  'invoices',
  'journal_entries',
  'journal_lines',
  'bank_transactions',
];

/**
 * Book a batch: base-currency applications through recordReceiptsInBulk (one query per step), the
 * others one by one; the verdicts of the rest in one statement. Should a batch be refused (an item
 * changed under us), each line is booked alone, and one that still fails goes to review with why.
 */
async function flush(
  deps: CoreDeps,
  tenantId: string,
  batch: Batch,
  baseCurrency: string,
  fxRates: Map<string, string>,
) {
  const applied = batch.applied.splice(0);
  const verdicts = batch.verdicts.splice(0);
  const inBase = applied.filter((a) => a.row.currency === baseCurrency);
  const oneByOne = applied.filter((a) => a.row.currency !== baseCurrency);
  try {
    await withTransaction(deps.db, async (tx) => {
      const receiptIds = await recordReceiptsInBulk({ ...deps, db: tx }, tenantId, inBase.map(bulkReceiptOf));
      await repo.recordVerdicts(tx, tenantId, [
        ...verdicts,
        ...inBase.map(({ row, proposal }, i) => ({
          transactionId: row.transaction_id,
          status: 'applied',
          customerId: proposal.customerId,
          confidence: proposal.confidence,
          decision: proposalJson(proposal),
          receiptId: receiptIds[i] ?? null,
        })),
      ]);
    });
  } catch {
    if (verdicts.length > 0)
      await withTransaction(deps.db, (tx) => repo.recordVerdicts(tx, tenantId, verdicts));
    oneByOne.push(...inBase);
  }
  for (const { row, proposal } of oneByOne) {
    try {
      await bookProposal(deps, tenantId, row, proposal, fxRates);
    } catch (error) {
      await withTransaction(deps.db, (tx) =>
        repo.recordVerdicts(tx, tenantId, [
          {
            transactionId: row.transaction_id,
            status: 'suggested',
            customerId: proposal.customerId,
            confidence: proposal.confidence,
            decision: {
              suggestions: [proposalJson(proposal)],
              reasons: [`could not be applied: ${error instanceof Error ? error.message : String(error)}`],
            },
            receiptId: null,
          },
        ]),
      );
    }
  }
}

function bulkReceiptOf({ row, proposal }: { row: repo.NewLineRow; proposal: Proposal }): BulkReceipt {
  return {
    customerId: proposal.customerId,
    receivedOn: row.booking_date,
    amountMinor: row.amount_minor,
    currency: row.currency,
    payerName: row.counterparty_name,
    payerIban: row.counterparty_iban,
    reference: row.remittance || null,
    bankAccountCode: row.ledger_account_code,
    allocations: proposal.allocations.map((a) => ({ invoiceId: a.invoiceId, amountMinor: a.amountMinor })),
    adjustments: proposal.adjustments.map((a) => ({
      invoiceId: a.invoiceId,
      kind: a.kind,
      amountMinor: a.amountMinor,
      reason: adjustmentReason(a.kind, row),
    })),
  };
}

export async function runCashApplication(
  deps: CoreDeps,
  tenantId: string,
  opts: { dryRun?: boolean; config?: EngineConfig } = {},
): Promise<CashApplicationRun> {
  const config = opts.config ?? DEFAULT_ENGINE_CONFIG;
  const rows = await repo.unprocessedLines(deps.db, tenantId);
  const { ctx, externalIds, fxRates, invoicesNamed } = await loadContext(deps, tenantId);
  const rules = await enabledRules(deps.db, tenantId);
  const baseCurrency = (await getTenantOrThrow(deps.db, tenantId)).baseCurrency;
  const batch: Batch = { applied: [], verdicts: [] };
  const results: LineResult[] = [];
  for (const row of rows) {
    const line = bankLineOf(row);
    const rule = firstMatchingRule(rules, line);
    if (rule && (rule.action.type === 'ignore' || rule.action.type === 'post')) {
      results.push(await applyRule(deps, tenantId, row, rule, opts.dryRun === true));
      continue;
    }
    const hints =
      rule?.action.type === 'customer'
        ? { customerId: rule.action.customer, reason: `rule "${rule.name}" names the customer` }
        : rule?.action.type === 'reference'
          ? {
              references: referencesByPattern(rule.action.pattern, line).flatMap(invoicesNamed),
              reason: `rule "${rule.name}"`,
            }
          : {};
    const decision = decide(line, ctx, config, hints);
    if (decision.status === 'applied') {
      for (const a of decision.proposal.allocations) ctx.settle(a.invoiceId, a.amountMinor);
      for (const a of decision.proposal.adjustments) ctx.settle(a.invoiceId, a.amountMinor);
      if (!opts.dryRun) batch.applied.push({ row, proposal: decision.proposal });
    } else if (!opts.dryRun) {
      batch.verdicts.push({
        transactionId: row.transaction_id,
        status: decision.status,
        customerId:
          decision.status === 'suggested'
            ? (decision.suggestions[0]?.customerId ?? null)
            : decision.status === 'unmatched'
              ? decision.customerId
              : null,
        confidence: decision.status === 'suggested' ? (decision.suggestions[0]?.confidence ?? null) : null,
        decision:
          decision.status === 'suggested'
            ? { suggestions: decision.suggestions.map(proposalJson), reasons: decision.reasons }
            : { reasons: decision.reasons },
        receiptId: null,
      });
    }
    if (batch.applied.length + batch.verdicts.length >= BOOKING_BATCH)
      await flush(deps, tenantId, batch, baseCurrency, fxRates);
    results.push(resultOf(row, decision, externalIds));
  }
  await flush(deps, tenantId, batch, baseCurrency, fxRates);
  const count = (s: LineStatus) => results.filter((r) => r.status === s).length;
  if (!opts.dryRun) await refreshStatistics(deps.db, BOOKED_TABLES, count('applied'));
  return {
    results,
    summary: {
      lines: results.length,
      applied: count('applied'),
      suggested: count('suggested'),
      unmatched: count('unmatched'),
      ignored: count('ignored'),
    },
  };
}
