/**
 * What the matching engine knows during a run, indexed once: open items by number, customer and
 * PO number; customers by name (for similar names) and by known payer account; our own accounts;
 * the numbers of closed invoices. Confirmations during the run teach it (`learnPayer`,
 * `learnPayerName`), applications lower open amounts (`settle`).
 */
import { AdviceIndex } from './advices.ts';
import type { OpenItem } from './combinations.ts';
import { NameIndex } from './name-index.ts';
import { legalFormOf, nameTokens, payerNameKey, prepareName } from './names.ts';
import { ReferenceIndex } from './references.ts';

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

/**
 * Customers whose name is at least this similar to a payer's are candidates (see
 * `EngineConfig.payer.similarName.floor`, which weighs them from this floor up).
 */
export const CANDIDATE_NAME_SIMILARITY = 0.85;

/** Everything the engine knows, indexed once per run. */
export class MatchContext {
  readonly references = new ReferenceIndex();
  /** The open remittance advices (advice-proposals.ts). */
  readonly advices = new AdviceIndex();
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
  private readonly nameIndex = new NameIndex();
  private readonly membersOf = new Map<string, string[]>();
  private readonly legalFormsOf = new Map<string, readonly string[]>();
  private readonly namedCache = new Map<string, { customerId: string; similarity: number }[]>();
  private readonly namedByPrepared = new Map<string, { customerId: string; similarity: number }[]>();
  /** `itemsOf` answers by customer and currency, and the currencies cached per customer. */
  private readonly itemsCache = new Map<string, readonly OpenItem[]>();
  private readonly cachedCurrencies = new Map<string, string[]>();

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
    for (const c of customers) this.indexCustomer(c);
    for (const inv of invoices) if (inv.openMinor > 0n) this.indexInvoice(inv);
    for (const a of payerAccounts) this.learnPayer(a.iban, a.customerId);
    for (const iban of ownIbans) this.ownIbans.add(iban);
  }

  /** A customer by id, by the first three letters of each name token, and in its group. */
  private indexCustomer(c: CustomerInfo): void {
    this.customers.set(c.customerId, c);
    const tokens = c.names.map(nameTokens).filter((t) => t.length > 0);
    this.nameIndex.add(c.customerId, tokens.map(prepareName));
    this.legalFormsOf.set(
      c.customerId,
      c.names.map((n) => legalFormOf(n).form),
    );
    if (c.parentId) this.membersOf.set(c.parentId, [...(this.membersOf.get(c.parentId) ?? []), c.customerId]);
  }

  /** An open item by number, id, customer, reference and PO number. */
  private indexInvoice(inv: OpenInvoice): void {
    this.invoicesByNumber.set(inv.number, inv);
    this.invoicesById.set(inv.invoiceId, inv);
    this.references.add(inv.number, inv.paymentReference);
    const list = this.invoicesByCustomer.get(inv.customerId);
    if (list) list.push(inv);
    else this.invoicesByCustomer.set(inv.customerId, [inv]);
    if (inv.poNumber && inv.poNumber.length >= 4) {
      const key = compact(inv.poNumber);
      this.poNumbers.set(key, [...(this.poNumbers.get(key) ?? []), inv]);
    }
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
    for (const currency of this.cachedCurrencies.get(inv.customerId) ?? [])
      this.itemsCache.delete(`${inv.customerId} ${currency}`);
    this.cachedCurrencies.delete(inv.customerId);
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
    // Without confirmed names, no name is normalised (a run asks this twice per line).
    if (!name || this.customerByLearnedName.size === 0) return undefined;
    return this.customerByLearnedName.get(payerNameKey(name)) ?? undefined;
  }

  invoice(number: string): OpenInvoice | undefined {
    return this.invoicesByNumber.get(number);
  }

  openOf(customerId: string): readonly OpenInvoice[] {
    return this.invoicesByCustomer.get(customerId) ?? [];
  }

  /**
   * The customer's open items in `currency` as subset-sum candidates, oldest first (equal due
   * dates by id): built once per customer and currency until one of its items is settled (the
   * amount steps read them for up to five payers on every line).
   */
  itemsOf(customerId: string, currency: string): readonly OpenItem[] {
    const key = `${customerId} ${currency}`;
    const cached = this.itemsCache.get(key);
    if (cached) return cached;
    const items = this.openOf(customerId)
      .filter((i) => i.currency === currency)
      .map((i) => ({ id: i.invoiceId, amountMinor: i.openMinor, dueDate: i.dueDate }))
      .sort((a, b) => compareText(a.dueDate, b.dueDate) || compareText(a.id, b.id));
    this.itemsCache.set(key, items);
    this.cachedCurrencies.set(customerId, [...(this.cachedCurrencies.get(customerId) ?? []), currency]);
    return items;
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

  /** The legal forms at the end of the customer's names ('' for a name without one). */
  legalForms(customerId: string): readonly string[] {
    return this.legalFormsOf.get(customerId) ?? [];
  }

  /** The top parent of the customer's group (itself when it has no parent). */
  groupOf(customerId: string): string {
    let id = customerId;
    for (let depth = 0; depth < 8; depth++) {
      const parent = this.customers.get(id)?.parentId;
      if (!parent) break;
      id = parent;
    }
    return id;
  }

  /** Members of a group whose parent is `customerId`. */
  membersOfGroup(customerId: string): readonly string[] {
    return this.membersOf.get(customerId) ?? [];
  }

  /**
   * Customers whose names are like `name`, best first (similarity ≥ CANDIDATE_NAME_SIMILARITY). Only customers that
   * share the start of a word with `name` are compared (name-index.ts), and answers are cached per
   * name and per prepared name: payers recur on a statement.
   */
  customersNamed(name: string | null): { customerId: string; similarity: number }[] {
    if (!name) return [];
    const cached = this.namedCache.get(name);
    if (cached) return cached;
    const payer = prepareName(nameTokens(name));
    // Payers write one name in many ways (case, legal form, accents): the answer is the prepared name's.
    const key = JSON.stringify(payer);
    const out = this.namedByPrepared.get(key) ?? this.nameIndex.named(payer, CANDIDATE_NAME_SIMILARITY);
    if (this.namedCache.size > 50_000) this.namedCache.clear();
    if (this.namedByPrepared.size > 50_000) this.namedByPrepared.clear();
    this.namedCache.set(name, out);
    this.namedByPrepared.set(key, out);
    return out;
  }

  /**
   * Customers named in free text (a payment service's remittance line, "… for Acme Trading GmbH"):
   * every word of one of the customer's names, at least two, appears in the text.
   */
  customersMentioned(text: string): string[] {
    const words = nameTokens(text);
    if (words.length < 2) return [];
    return this.nameIndex.mentioned(words);
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

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function compact(text: string): string {
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}
