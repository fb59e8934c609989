/**
 * The matching engine: for one bank credit, which customer paid and which open items it settles,
 * with a confidence and the reasons a person can check. Pure: everything it knows comes in a
 * MatchContext built once per run (open items, customers, known payer accounts, own accounts).
 *
 * Evidence, strongest first:
 * - references in the text and structured fields (RF creditor references, invoice numbers in any
 *   disguise, one-digit typos, the customer's PO numbers);
 * - the payer: a known bank account (IBAN), else the name against customers' names, legal names
 *   and aliases (group members count for their parent's invoices);
 * - the amount: the open amount exactly, a set of open items (bounded subset sum), an early-payment
 *   discount taken within its window, bank charges within the tolerance, or a partial or
 *   over-payment of referenced items.
 * A decision is `applied` at or above `autoApplyThreshold`, else the top suggestions are kept.
 * Lines that are not customer receipts (debits, reversals, own-account transfers, interest) are
 * `ignored`.
 */

import type { SettlementAdjustmentKind } from '../invoices/adjustment-kinds.ts';
import { findCombinations, type OpenItem } from './combinations.ts';
import {
  nameTokens,
  type PreparedName,
  payerNameKey,
  preparedSimilarity,
  prepareName,
  sameToken,
} from './names.ts';
import { invoiceKey, oneDigitOff, type ReferenceHit, ReferenceIndex } from './references.ts';

export interface BankLine {
  readonly id: string;
  readonly amountMinor: bigint;
  readonly currency: string;
  readonly bookingDate: string;
  readonly counterpartyName: string | null;
  readonly counterpartyIban: string | null;
  readonly ultimateParty: string | null;
  readonly remittance: string;
  readonly structuredReferences: readonly string[];
  readonly endToEndId: string | null;
  readonly transactionCode: string | null;
  readonly reversal: boolean;
}

export interface CustomerInfo {
  readonly customerId: string;
  readonly externalId: string;
  readonly names: readonly string[];
  readonly parentId: string | null;
}

export interface OpenInvoice {
  readonly invoiceId: string;
  readonly number: string;
  readonly customerId: string;
  readonly currency: string;
  readonly openMinor: bigint;
  readonly totalMinor: bigint;
  readonly dueDate: string;
  readonly discountDate: string | null;
  /** Early-payment discount in percent, e.g. '2'. */
  readonly discountPct: string | null;
  readonly paymentReference: string | null;
  readonly poNumber: string | null;
}

export interface EngineConfig {
  readonly autoApplyThreshold: number;
  /** A payment may fall short of the items by this much and the difference is bank charges. */
  readonly bankChargeToleranceMinor: bigint;
  readonly maxSuggestions: number;
}

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  autoApplyThreshold: 0.9,
  bankChargeToleranceMinor: 1_500n,
  maxSuggestions: 3,
};

/** The settlement adjustments a proposal may carry (the invoices module's one list of them). */
export type AdjustmentKind = SettlementAdjustmentKind;

export interface Proposal {
  readonly customerId: string;
  readonly allocations: readonly { invoiceId: string; number: string; amountMinor: bigint }[];
  readonly adjustments: readonly { kind: AdjustmentKind; invoiceId: string; amountMinor: bigint }[];
  readonly unappliedMinor: bigint;
  readonly confidence: number;
  readonly reasons: readonly string[];
}

export type Decision =
  | { status: 'applied'; proposal: Proposal; suggestions: readonly Proposal[] }
  | { status: 'suggested'; suggestions: readonly Proposal[]; reasons: readonly string[] }
  | { status: 'unmatched'; reasons: readonly string[]; customerId: string | null }
  | { status: 'ignored'; reasons: readonly string[] };

/** Everything the engine knows, indexed once per run. */
export class MatchContext {
  readonly references = new ReferenceIndex();
  private readonly invoicesByNumber = new Map<string, OpenInvoice>();
  private readonly invoicesById = new Map<string, OpenInvoice>();
  private readonly invoicesByCustomer = new Map<string, OpenInvoice[]>();
  private readonly customers = new Map<string, CustomerInfo>();
  private readonly customerByIban = new Map<string, string>();
  private readonly sharedIbans = new Set<string>();
  private readonly customerByLearnedName = new Map<string, string | null>();
  private readonly ownIbans = new Set<string>();
  private readonly poNumbers = new Map<string, OpenInvoice[]>();
  /** Customers by the first three letters of each token of their names (candidates for a name). */
  private readonly nameIndex = new Map<string, Set<string>>();
  private readonly tokensOf = new Map<string, readonly (readonly string[])[]>();
  private readonly preparedOf = new Map<string, readonly PreparedName[]>();
  private readonly membersOf = new Map<string, string[]>();
  private readonly namedCache = new Map<string, { customerId: string; similarity: number }[]>();

  constructor(
    customers: readonly CustomerInfo[],
    invoices: readonly OpenInvoice[],
    payerAccounts: readonly { iban: string; customerId: string }[],
    ownIbans: readonly string[] = [],
    /** Numbers of our invoices that are not open (paid, cancelled): recognised when paid again. */
    closedNumbers: readonly (string | { number: string; totalMinor: bigint })[] = [],
  ) {
    for (const c of closedNumbers)
      if (typeof c === 'string') this.references.addClosed(c);
      else this.references.addClosed(c.number, c.totalMinor);
    for (const c of customers) {
      this.customers.set(c.customerId, c);
      const tokens = c.names.map(nameTokens).filter((t) => t.length > 0);
      this.tokensOf.set(c.customerId, tokens);
      this.preparedOf.set(c.customerId, tokens.map(prepareName));
      for (const t of tokens.flat()) {
        const key = t.slice(0, 3);
        const set = this.nameIndex.get(key) ?? new Set<string>();
        set.add(c.customerId);
        this.nameIndex.set(key, set);
      }
      if (c.parentId)
        this.membersOf.set(c.parentId, [...(this.membersOf.get(c.parentId) ?? []), c.customerId]);
    }
    for (const inv of invoices) {
      if (inv.openMinor <= 0n) continue;
      this.invoicesByNumber.set(inv.number, inv);
      this.invoicesById.set(inv.invoiceId, inv);
      this.references.add(inv.number, inv.paymentReference);
      const list = this.invoicesByCustomer.get(inv.customerId) ?? [];
      list.push(inv);
      this.invoicesByCustomer.set(inv.customerId, list);
      if (inv.poNumber && inv.poNumber.length >= 4) {
        const key = compact(inv.poNumber);
        this.poNumbers.set(key, [...(this.poNumbers.get(key) ?? []), inv]);
      }
    }
    for (const a of payerAccounts) this.learnPayer(a.iban, a.customerId);
    for (const iban of ownIbans) this.ownIbans.add(iban);
  }

  /** After an application: lower an item's open amount (it leaves the candidates when settled). */
  settle(invoiceId: string, amountMinor: bigint): void {
    const inv = this.invoicesById.get(invoiceId);
    if (!inv) return;
    const updated: OpenInvoice = { ...inv, openMinor: inv.openMinor - amountMinor };
    const list = (this.invoicesByCustomer.get(inv.customerId) ?? []).filter((i) => i.invoiceId !== invoiceId);
    if (updated.openMinor > 0n) {
      this.invoicesById.set(invoiceId, updated);
      this.invoicesByNumber.set(inv.number, updated);
      list.push(updated);
    } else {
      this.invoicesById.delete(invoiceId);
      this.invoicesByNumber.delete(inv.number);
    }
    this.invoicesByCustomer.set(inv.customerId, list);
  }

  /**
   * Remember a payer account for a customer (master data or a confirmed match). An account known
   * for two customers (a payment service's, a shared treasury's) names neither of them.
   */
  learnPayer(iban: string, customerId: string): void {
    if (this.sharedIbans.has(iban)) return;
    const known = this.customerByIban.get(iban);
    if (known === undefined || known === customerId) this.customerByIban.set(iban, customerId);
    else {
      this.customerByIban.delete(iban);
      this.sharedIbans.add(iban);
    }
  }

  /**
   * Remember a payer name confirmed for a customer by a person (normalised: case, punctuation and
   * legal form do not matter). A name confirmed for two customers names neither of them.
   */
  learnPayerName(name: string, customerId: string): void {
    const key = payerNameKey(name);
    if (key === '') return;
    const known = this.customerByLearnedName.get(key);
    this.customerByLearnedName.set(key, known === undefined || known === customerId ? customerId : null);
  }

  /** The customer a payer name was confirmed for, when exactly one. */
  customerOfLearnedName(name: string | null): string | undefined {
    return name ? (this.customerByLearnedName.get(payerNameKey(name)) ?? undefined) : undefined;
  }

  invoice(number: string): OpenInvoice | undefined {
    return this.invoicesByNumber.get(number);
  }

  openOf(customerId: string): readonly OpenInvoice[] {
    return this.invoicesByCustomer.get(customerId) ?? [];
  }

  customer(customerId: string): CustomerInfo | undefined {
    return this.customers.get(customerId);
  }

  customerOfIban(iban: string | null): string | undefined {
    return iban ? this.customerByIban.get(iban) : undefined;
  }

  isOwnAccount(iban: string | null): boolean {
    return iban !== null && this.ownIbans.has(iban);
  }

  /** Members of a group whose parent is `customerId`. */
  membersOfGroup(customerId: string): readonly string[] {
    return this.membersOf.get(customerId) ?? [];
  }

  /**
   * Customers whose names are like `name`, best first (similarity ≥ 0.85). Only customers that
   * share the start of a word with `name` are compared (an index by the first three letters of
   * each name token), and answers are cached per name: payers recur on a statement.
   */
  customersNamed(name: string | null): { customerId: string; similarity: number }[] {
    if (!name) return [];
    const cached = this.namedCache.get(name);
    if (cached) return cached;
    const tokens = nameTokens(name);
    const payer = prepareName(tokens);
    // A similarity ≥ 0.85 needs at least half the tokens shared. A customer that shares none of
    // the rarest `keys.length - need + 1` token starts cannot share `need`: only those are read.
    const keys = [...new Set(tokens.map((t) => t.slice(0, 3)))];
    const sets = keys.map((k) => this.nameIndex.get(k) ?? EMPTY).sort((a, b) => a.size - b.size);
    const need = Math.ceil(tokens.length / 2);
    const candidates = new Set<string>();
    for (const set of sets.slice(0, Math.max(1, sets.length - need + 1)))
      for (const id of set) candidates.add(id);
    const out: { customerId: string; similarity: number }[] = [];
    for (const customerId of candidates) {
      let shared = 0;
      for (const set of sets) if (set.has(customerId)) shared++;
      if (shared * 2 < tokens.length) continue;
      let similarity = 0;
      for (const prepared of this.preparedOf.get(customerId) ?? [])
        similarity = Math.max(similarity, preparedSimilarity(payer, prepared));
      if (similarity >= 0.85) out.push({ customerId, similarity });
    }
    out.sort((a, b) => b.similarity - a.similarity);
    if (this.namedCache.size > 50_000) this.namedCache.clear();
    this.namedCache.set(name, out);
    return out;
  }

  /**
   * Customers named in free text (a payment service's remittance line, "… for Acme Trading GmbH"):
   * every word of one of the customer's names, at least two, appears in the text.
   */
  customersMentioned(text: string): string[] {
    const words = nameTokens(text);
    if (words.length < 2) return [];
    const candidates = new Set<string>();
    for (const w of words) for (const id of this.nameIndex.get(w.slice(0, 3)) ?? []) candidates.add(id);
    const out: string[] = [];
    for (const id of candidates) {
      const names = this.tokensOf.get(id) ?? [];
      if (names.some((n) => n.length >= 2 && n.every((t) => words.some((w) => sameToken(t, w)))))
        out.push(id);
    }
    return out;
  }

  /** Open items referenced by PO number in the text. */
  byPoNumber(text: string): OpenInvoice[] {
    const out: OpenInvoice[] = [];
    for (const token of text.toUpperCase().split(/[\s,;]+/)) {
      const hits = this.poNumbers.get(compact(token));
      if (hits) out.push(...hits);
    }
    return out;
  }
}

const EMPTY: ReadonlySet<string> = new Set();

function compact(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

const IGNORE_TEXT =
  /\b(zinsen|habenzinsen|interest|int[ée]r[êe]ts|dividend|umbuchung|übertrag|own transfer|eigen[üu]bertrag)\b/i;

/** Why a line is not a customer receipt, or null when it may be one. */
export function ignoreReason(line: BankLine, ctx: MatchContext): string | null {
  if (line.amountMinor <= 0n) return 'outgoing payment (debit), not a receipt';
  if (line.reversal) return 'a reversal by the bank, not a receipt';
  if (ctx.isOwnAccount(line.counterpartyIban)) return 'transfer from one of our own accounts';
  if (IGNORE_TEXT.test(line.remittance) && ctx.references.find(line.remittance).length === 0)
    return 'interest, dividend or internal transfer (text), no invoice referenced';
  return null;
}

/** Discount (minor units) the payer may deduct from `inv` when paying on `date`, else 0. */
export function discountAllowed(inv: OpenInvoice, date: string): bigint {
  if (!inv.discountPct || !inv.discountDate || date > inv.discountDate) return 0n;
  const [whole = '0', frac = ''] = inv.discountPct.split('.');
  const scale = 10n ** BigInt(frac.length);
  const pct = BigInt(whole + frac);
  const num = inv.totalMinor * pct;
  const den = 100n * scale;
  return (num + den / 2n) / den;
}

interface PayerEvidence {
  readonly customerId: string;
  readonly weight: number;
  readonly reason: string;
}

function payerEvidence(line: BankLine, ctx: MatchContext): PayerEvidence[] {
  const out: PayerEvidence[] = [];
  const byIban = ctx.customerOfIban(line.counterpartyIban);
  if (byIban)
    out.push({
      customerId: byIban,
      weight: 0.9,
      reason: `payer account ${line.counterpartyIban} is known for this customer`,
    });
  for (const party of [line.counterpartyName, line.ultimateParty]) {
    const learned = ctx.customerOfLearnedName(party);
    if (learned)
      out.push({
        customerId: learned,
        weight: 0.85,
        reason: `payer name "${party}" was confirmed for this customer before`,
      });
    const named = ctx.customersNamed(party);
    const best = named[0]?.similarity ?? 0;
    for (const { customerId, similarity } of named) {
      // A name that another customer's name matches clearly better (a group member's name holds
      // its parent's, "Acme UK" vs "Acme") is weak evidence for this one.
      const weight = 0.55 + (similarity - 0.85) * 2;
      out.push({
        customerId,
        weight: similarity < best - 0.05 ? Math.min(weight, 0.4) : weight,
        reason: `payer name "${party}" is like the customer's (${Math.round(similarity * 100)}%)`,
      });
      const parent = ctx.customer(customerId)?.parentId;
      if (parent)
        out.push({ customerId: parent, weight: 0.4, reason: `payer "${party}" belongs to the group` });
    }
  }
  // A group treasury pays for its members: the parent's evidence counts for each member.
  for (const e of [...out])
    for (const member of ctx.membersOfGroup(e.customerId))
      out.push({
        customerId: member,
        weight: Math.min(e.weight, 0.9) * 0.6,
        reason: `paid by the parent company of the group (${e.reason})`,
      });
  // A payment service or a payer we do not know: the customer may be named in the text.
  if (out.length === 0)
    for (const customerId of ctx.customersMentioned(line.remittance))
      out.push({
        customerId,
        weight: 0.65,
        reason: `the customer is named in the text (payer "${line.counterpartyName ?? ''}" is not a customer)`,
      });
  return out;
}

/** The strongest evidence that `customerId` (or a member of its group) paid. */
function payerWeight(evidence: readonly PayerEvidence[], customerId: string): PayerEvidence | undefined {
  return evidence.filter((e) => e.customerId === customerId).sort((a, b) => b.weight - a.weight)[0];
}

/** Settle `items` (in order) with `amount`: each gets its open amount or what is left. */
function settle(
  line: BankLine,
  items: readonly OpenInvoice[],
  config: EngineConfig,
): Omit<Proposal, 'confidence' | 'reasons' | 'customerId'> & { fit: string; fitEvidence: number } {
  const open = items.reduce((s, i) => s + i.openMinor, 0n);
  const paid = line.amountMinor;
  const allocations = (amounts: bigint[]) =>
    items.map((inv, i) => ({ invoiceId: inv.invoiceId, number: inv.number, amountMinor: amounts[i] ?? 0n }));
  if (paid === open)
    return {
      allocations: allocations(items.map((i) => i.openMinor)),
      adjustments: [],
      unappliedMinor: 0n,
      fit: 'the amount equals the open amount',
      fitEvidence: 0.8,
    };
  if (paid > open)
    return {
      allocations: allocations(items.map((i) => i.openMinor)),
      adjustments: [],
      unappliedMinor: paid - open,
      fit: 'over-payment: the excess stays as unapplied cash on the customer',
      fitEvidence: 0,
    };
  const short = open - paid;
  const discount = items.reduce(
    (s, i) => s + (i.openMinor === i.totalMinor ? discountAllowed(i, line.bookingDate) : 0n),
    0n,
  );
  if (discount > 0n && short >= discount - 1n && short <= discount + 1n) {
    const adjustments = items.flatMap((i) => {
      const d = i.openMinor === i.totalMinor ? discountAllowed(i, line.bookingDate) : 0n;
      return d > 0n ? [{ kind: 'discount' as const, invoiceId: i.invoiceId, amountMinor: d }] : [];
    });
    const rounding = short - discount;
    const last = adjustments.at(-1);
    if (last && rounding !== 0n)
      adjustments[adjustments.length - 1] = { ...last, amountMinor: last.amountMinor + rounding };
    return {
      allocations: allocations(
        items.map(
          (i) => i.openMinor - (adjustments.find((a) => a.invoiceId === i.invoiceId)?.amountMinor ?? 0n),
        ),
      ),
      adjustments,
      unappliedMinor: 0n,
      fit: 'early-payment discount taken within its window',
      fitEvidence: 0.7,
    };
  }
  if (short <= config.bankChargeToleranceMinor) {
    const lastItem = items.at(-1);
    return {
      allocations: allocations(
        items.map((i, k) => (k === items.length - 1 ? i.openMinor - short : i.openMinor)),
      ),
      adjustments: lastItem
        ? [{ kind: 'bank_charge', invoiceId: lastItem.invoiceId, amountMinor: short }]
        : [],
      unappliedMinor: 0n,
      fit: `short by ${short} minor units: bank charges within the tolerance`,
      fitEvidence: 0.5,
    };
  }
  // Partial payment: oldest first, the rest stays open.
  let left = paid;
  const amounts = items.map((i) => {
    const take = left < i.openMinor ? left : i.openMinor;
    left -= take;
    return take;
  });
  return {
    allocations: allocations(amounts).filter((a) => a.amountMinor > 0n),
    adjustments: [],
    unappliedMinor: 0n,
    fit: 'partial payment: the rest stays open',
    fitEvidence: 0,
  };
}

/**
 * A proposal and its confidence: the reference, the payer and the amount are independent pieces
 * of evidence, combined as 1 − Π(1 − pᵢ); `cap` bounds it when the evidence is known to be
 * ambiguous (an amount that several sets of items make).
 */
function proposal(
  line: BankLine,
  customerId: string,
  items: readonly OpenInvoice[],
  refConfidence: number,
  refReason: string,
  payer: PayerEvidence | undefined,
  config: EngineConfig,
  cap = 0.999,
  amountAlreadyCounted = false,
): Proposal {
  const settled = settle(line, items, config);
  const payerEvidence = payer ? payer.weight : 0;
  // When the amount is what found the items (no reference), it is not evidence a second time.
  const fitEvidence = amountAlreadyCounted ? 0 : settled.fitEvidence;
  const combined = 1 - (1 - refConfidence) * (1 - payerEvidence) * (1 - fitEvidence);
  const confidence = Math.round(Math.min(cap, 0.999, combined) * 1000) / 1000;
  return {
    customerId,
    allocations: settled.allocations,
    adjustments: settled.adjustments,
    unappliedMinor: settled.unappliedMinor,
    confidence,
    reasons: [refReason, ...(payer ? [payer.reason] : []), settled.fit].filter((r) => r !== ''),
  };
}

const REF_CONFIDENCE: Record<ReferenceHit['strength'], number> = {
  creditor_reference: 0.97,
  exact: 0.93,
  digits: 0.75,
  typo: 0.55,
};

/** What a user rule adds before the engine decides: the customer who pays, invoice numbers found by a pattern. */
export interface DecisionHints {
  readonly customerId?: string;
  readonly references?: readonly string[];
  readonly reason?: string;
}

/** Decide one bank line. */
export function decide(
  line: BankLine,
  ctx: MatchContext,
  config: EngineConfig = DEFAULT_ENGINE_CONFIG,
  hints: DecisionHints = {},
): Decision {
  const ignored = ignoreReason(line, ctx);
  if (ignored) return { status: 'ignored', reasons: [ignored] };
  const text = [
    line.remittance,
    ...line.structuredReferences,
    line.endToEndId ?? '',
    ...(hints.references ?? []),
  ].join(' ');
  const payers = [
    ...(hints.customerId
      ? [{ customerId: hints.customerId, weight: 0.9, reason: hints.reason ?? 'named by a rule' }]
      : []),
    ...payerEvidence(line, ctx),
  ];
  const proposals: Proposal[] = [];

  // 1. References: group the referenced open items by customer; same currency only.
  const hits = ctx.references
    .find(text, line.amountMinor)
    .map((h) => ({ hit: h, inv: ctx.invoice(h.number) }))
    .filter(
      (x): x is { hit: ReferenceHit; inv: OpenInvoice } =>
        x.inv !== undefined && x.inv.currency === line.currency,
    );
  const poHits = ctx.byPoNumber(text).filter((i) => i.currency === line.currency);
  const byCustomer = new Map<string, { inv: OpenInvoice; strength: number; found: string }[]>();
  for (const { hit, inv } of hits) {
    const list = byCustomer.get(inv.customerId) ?? [];
    list.push({
      inv,
      strength: REF_CONFIDENCE[hit.strength],
      found: `${hit.found} → ${inv.number} (${hit.strength.replace('_', ' ')})`,
    });
    byCustomer.set(inv.customerId, list);
  }
  for (const inv of poHits) {
    const list = byCustomer.get(inv.customerId) ?? [];
    if (!list.some((x) => x.inv.invoiceId === inv.invoiceId))
      list.push({ inv, strength: 0.85, found: `PO number ${inv.poNumber} → ${inv.number}` });
    byCustomer.set(inv.customerId, list);
  }
  for (const [customerId, refs] of byCustomer) {
    const payer = payerWeight(payers, customerId);
    const strong = refs.filter((r) => r.strength >= 0.75);
    // A one-digit typo names an invoice only when the amount confirms it: each alone, and only
    // when it settles exactly (or less its discount or bank charges).
    for (const r of refs.filter((x) => x.strength < 0.75)) {
      const fit = settle(line, [r.inv], config);
      if (fit.fitEvidence === 0) continue;
      proposals.push(
        proposal(
          line,
          customerId,
          [r.inv],
          r.strength,
          `referenced: ${r.found}`,
          payer,
          config,
          payer ? 0.999 : 0.85,
        ),
      );
    }
    if (strong.length === 0) continue;
    const items = strong.map((r) => r.inv).sort((a, b) => (a.dueDate < b.dueDate ? -1 : 1));
    // Bare digits must be confirmed by the amount or the payer.
    const weakest = Math.min(...strong.map((r) => r.strength));
    const fits = settle(line, items, config).fitEvidence > 0;
    const refConfidence = weakest < 0.9 && !fits && !payer ? weakest * 0.6 : weakest;
    // More paid than the referenced items: maybe the payer listed only some of the items it pays.
    const referencedTotal = items.reduce((sum, i) => sum + i.openMinor, 0n);
    const ids = new Set(items.map((i) => i.invoiceId));
    const combos =
      line.amountMinor > referencedTotal
        ? findCombinations(toItems(ctx.openOf(customerId), line.currency), {
            amountMinor: line.amountMinor,
            shortByAtMostMinor: config.bankChargeToleranceMinor,
            limit: 20,
          })
            .filter(
              (c) => c.items.length > ids.size && [...ids].every((id) => c.items.some((i) => i.id === id)),
            )
            .slice(0, 3)
        : [];
    // The number written is open but for another amount, and an open item of the payer one digit
    // away from it is open for exactly this amount: most likely a typo that hit a real number.
    const alternatives = fits
      ? []
      : [...new Set(payers.map((p) => p.customerId))].flatMap((payerId) =>
          ctx
            .openOf(payerId)
            .filter(
              (o) =>
                o.currency === line.currency &&
                !ids.has(o.invoiceId) &&
                items.some((i) => oneDigitOff(invoiceKey(i.number).digits, invoiceKey(o.number).digits)) &&
                settle(line, [o], config).fitEvidence >= 0.7,
            )
            .map((o) => ({ payerId, inv: o })),
        );
    for (const { payerId, inv } of alternatives)
      proposals.push(
        proposal(
          line,
          payerId,
          [inv],
          REF_CONFIDENCE.typo,
          `referenced ${items.map((i) => i.number).join(', ')}, open for another amount; ${inv.number}, one digit away, fits the amount`,
          payerWeight(payers, payerId),
          config,
        ),
      );
    const contradicted = payers.length > 0 && !payer;
    proposals.push(
      proposal(
        line,
        customerId,
        items,
        refConfidence,
        `referenced: ${strong.map((r) => r.found).join('; ')}`,
        payer,
        config,
        // A partial or over-payment of a referenced item whose payer we know as another customer:
        // the reference may be a typo that hit someone else's invoice, so a person looks.
        // An over-payment when a set of open items with the referenced ones fits the amount exactly
        // is more likely that set: only suggested.
        (fits || !contradicted) && combos.length === 0 && alternatives.length === 0 ? 0.999 : 0.85,
      ),
    );
    for (const c of combos)
      proposals.push(
        proposal(
          line,
          customerId,
          byIds(ctx, customerId, c.items),
          refConfidence * 0.95,
          `referenced ${items.map((i) => i.number).join(', ')}; the amount covers ${items.length === 1 ? 'it' : 'them'} with other open items`,
          payer,
          config,
          combos.length > 1 ? 0.6 : contradicted || c.differenceMinor !== 0n ? 0.85 : 0.999,
        ),
      );
  }

  // 2. The payer and the amount (also when the references found fit nothing: a customer number or
  // a date in the text may look like an invoice number). When the text names one of our invoice
  // numbers that is not open, the payer said what it pays: an amount-only guess is only suggested.
  const unresolved = ctx.references.unresolved(text, line.amountMinor);
  const hasFittingReference = proposals.some((p) => p.confidence >= config.autoApplyThreshold);
  if (!hasFittingReference) {
    const seen = new Set<string>();
    for (const payer of [...payers].sort((a, b) => b.weight - a.weight)) {
      if (seen.has(payer.customerId)) continue;
      // The five likeliest payers are enough (a common name can be like dozens of customers).
      if (seen.size >= 5) break;
      seen.add(payer.customerId);
      const open = toItems(ctx.openOf(payer.customerId), line.currency);
      // One search within the bank-charge tolerance; exact sets, when there are any, come first.
      const all = findCombinations(open, {
        amountMinor: line.amountMinor,
        shortByAtMostMinor: config.bankChargeToleranceMinor,
        limit: 20,
      });
      const exact = all.filter((c) => c.differenceMinor === 0n).slice(0, 4);
      const withCharges = exact.length > 0 ? exact : all.slice(0, 4);
      const withDiscount =
        withCharges.length > 0 ? withCharges : discountCombinations(ctx, payer.customerId, line);
      const unique = withDiscount.length === 1;
      for (const combo of withDiscount) {
        // The amount alone: one item paid exactly is good evidence, a set of items less so, and a
        // set that only fits within the bank-charge tolerance is often chance (many subsets of a
        // customer's items fall within a few euros of any amount): never applied without a person.
        const exactSum = combo.differenceMinor === 0n || exact.length > 0;
        const amountConfidence = !unique
          ? 0
          : combo.items.length === 1
            ? exactSum
              ? 0.75
              : 0.55
            : exactSum
              ? 0.6
              : 0;
        proposals.push(
          proposal(
            line,
            payer.customerId,
            byIds(ctx, payer.customerId, combo.items),
            amountConfidence,
            unique
              ? `no reference; the amount matches ${combo.items.length === 1 ? 'one open item' : `${combo.items.length} open items together`} of this customer, and no other set`
              : `no reference; the amount matches ${withDiscount.length} different sets of open items: ambiguous`,
            payer,
            config,
            unresolved.length > 0 ? 0.6 : unique ? 0.999 : 0.6,
            true,
          ),
        );
      }
    }
  }

  const ranked = dedupe(proposals).sort((a, b) => b.confidence - a.confidence);
  const best = ranked[0];
  const second = ranked[1];
  if (
    best &&
    best.confidence >= config.autoApplyThreshold &&
    (!second || best.confidence - second.confidence >= 0.05)
  )
    return { status: 'applied', proposal: best, suggestions: ranked.slice(1, 1 + config.maxSuggestions) };
  if (best)
    return {
      status: 'suggested',
      suggestions: ranked.slice(0, config.maxSuggestions),
      reasons: best.reasons,
    };
  const payer = [...payers].sort((a, b) => b.weight - a.weight)[0];
  return {
    status: 'unmatched',
    customerId: payer?.customerId ?? null,
    reasons: payer
      ? [
          payer.reason,
          ...(unresolved.length > 0 ? [`the text names ${unresolved.join(', ')}, which is not open`] : []),
          'no open item or set of open items of this customer fits the amount; kept as unapplied cash',
        ]
      : ['no reference, no known payer'],
  };
}

function toItems(invoices: readonly OpenInvoice[], currency: string): OpenItem[] {
  return invoices
    .filter((i) => i.currency === currency)
    .map((i) => ({ id: i.invoiceId, amountMinor: i.openMinor, dueDate: i.dueDate }));
}

function byIds(ctx: MatchContext, customerId: string, items: readonly OpenItem[]): OpenInvoice[] {
  const open = ctx.openOf(customerId);
  return items.flatMap((i) => open.filter((o) => o.invoiceId === i.id));
}

/** Sets of open items that, less their early-payment discounts, equal the payment. */
function discountCombinations(ctx: MatchContext, customerId: string, line: BankLine) {
  const discounted = ctx
    .openOf(customerId)
    .filter((i) => i.currency === line.currency && i.openMinor === i.totalMinor)
    .map((i) => ({
      id: i.invoiceId,
      amountMinor: i.openMinor - discountAllowed(i, line.bookingDate),
      dueDate: i.dueDate,
    }))
    .filter((i) => i.amountMinor > 0n);
  return findCombinations(discounted, {
    amountMinor: line.amountMinor,
    shortByAtMostMinor: 2n,
    limit: 4,
  }).filter((c) =>
    c.items.some((i) => {
      const inv = ctx.openOf(customerId).find((o) => o.invoiceId === i.id);
      return inv !== undefined && discountAllowed(inv, line.bookingDate) > 0n;
    }),
  );
}

function dedupe(proposals: readonly Proposal[]): Proposal[] {
  const byKey = new Map<string, Proposal>();
  for (const p of proposals) {
    const key = `${p.customerId}|${p.allocations
      .map((a) => a.invoiceId)
      .sort()
      .join(',')}`;
    const old = byKey.get(key);
    if (!old || old.confidence < p.confidence) byKey.set(key, p);
  }
  return [...byKey.values()];
}
