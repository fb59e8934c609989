/**
 * The matching engine's whole model in one place: every weight, cap, threshold and tolerance it
 * uses, named and documented (docs/cash-application.md has the same table in prose). Pieces of
 * evidence are probabilities in [0, 1] combined as 1 − Π(1 − pᵢ); caps bound a proposal's
 * confidence when the evidence is known to be ambiguous. A benchmark varies the model by passing
 * another `EngineConfig` to `decide`.
 *
 * Grouped by what is weighed, so that each group can grow on its own: issue 9 reworks how
 * customers are weighed (an exact name above a similar one, the margin to the runner-up
 * customer), which belongs in `payer`; tolerances that depend on other evidence belong in
 * `bankCharges`.
 */
import { exponentOf, isKnownCurrency } from '../../shared/currency.ts';
import type { ReferenceStrength } from './references.ts';

/** How strongly a reference in the text names an open item. */
export interface ReferenceWeights {
  /**
   * By how the number was found: an RF creditor reference with valid check digits (0.97); the
   * invoice number with its prefix in any disguise (0.93); its significant digits without our
   * prefix (0.75); one mistyped or swapped digit (0.55).
   */
  readonly byStrength: Readonly<Record<ReferenceStrength, number>>;
  /** The customer's PO number on an open item (0.85). */
  readonly poNumber: number;
  /**
   * A reference at least this strong names its items by itself (0.75); weaker ones (typos) are
   * only proposed, one item each, when the amount settles the item.
   */
  readonly standsAloneAtLeast: number;
  /**
   * Below this (0.9: bare digits, PO numbers), the reference must be confirmed by the amount or
   * the payer; unconfirmed, its weight is multiplied by `unconfirmedFactor` (0.6).
   */
  readonly confirmedAtLeast: number;
  readonly unconfirmedFactor: number;
  /**
   * More paid than the referenced items, and a set of the customer's open items including them
   * makes the amount: that set is proposed with the reference's weight × this (0.95).
   */
  readonly withOtherItemsFactor: number;
  /**
   * A number written that is open for another amount, while an item of the payer one digit away
   * fits the amount with at least this amount evidence (0.7: exact or less its discount), is
   * proposed as a typo (with `byStrength.typo`).
   */
  readonly nearNumberFitAtLeast: number;
}

/** How strongly the payer (account, name, group, text) points at a customer. */
export interface PayerWeights {
  /** The payer's IBAN is known for the customer, from master data or learned (0.9). */
  readonly knownIban: number;
  /** The payer's name was confirmed for the customer by a person before (0.85). */
  readonly learnedName: number;
  /**
   * The payer's name is like one of the customer's names, similarity s ≥ `floor` (0.85):
   * weight = `base` + (s − `floor`) × `perSimilarity` (0.55 + 2 (s − 0.85), 0.85 at s = 1).
   */
  readonly similarName: { readonly floor: number; readonly base: number; readonly perSimilarity: number };
  /**
   * Another customer's name matches the payer's more than `margin` (0.05) better: this
   * customer's weight is at most `cap` (0.4) (a group member's name holds its parent's).
   */
  readonly outclassed: { readonly margin: number; readonly cap: number };
  /**
   * The legal form is evidence (`Silverline Foods LLC` and `… SARL` are two legal persons): a name
   * alike *and* written with one of the customer's forms gains `sameBonus` (0.1), up to `exact`
   * (0.95: above a similar name, below a known account plus anything else); a name written with a
   * form none of the customer's names has weighs at most `differentCap` (0.35: a look-alike).
   */
  readonly legalForm: { readonly sameBonus: number; readonly exact: number; readonly differentCap: number };
  /**
   * A customer named only by a name that weighs at least `margin` (0.1) less than the best-named
   * customer's is a look-alike of it: its items are proposed on the amount alone at most with
   * `caps.lookAlike`, below every proposal of the better-named customer.
   */
  readonly lookAlike: { readonly margin: number };
  /** The payer is a member of a group; the parent's invoices get this weight (0.4). */
  readonly groupMember: number;
  /**
   * The payer is a group's parent (a treasury paying for its members): each member gets
   * min(the parent's weight, `ceiling` 0.9) × `factor` (0.6).
   */
  readonly groupParent: { readonly factor: number; readonly ceiling: number };
  /** No payer recognised, but every word (≥ 2) of a customer's name is in the text (0.65). */
  readonly namedInText: number;
  /** A user rule names the customer (0.9, as strong as a known account). */
  readonly namedByRule: number;
  /** Amount-only matching tries the likeliest this-many customers (5). */
  readonly maxCandidates: number;
}

/** How strongly the amount confirms a set of items (its "fit"). */
export interface AmountWeights {
  /** The amount equals the items' open amount (0.8). */
  readonly exact: number;
  /** The items less their early-payment discount, taken within its window (0.7). */
  readonly discount: number;
  /** Short of the items by at most the bank-charge tolerance (0.5). */
  readonly bankCharges: number;
  /** Short by exactly the amount the payer says it deducted, with a reason (0.7). */
  readonly statedDeduction: number;
  /** Short, and the payer says it netted a credit note (0.5: the note's amount is not checked). */
  readonly creditNoteNetted: number;
  /** Partial payment or over-payment: no evidence (0). */
  readonly partialOrOver: number;
  /** A discount matches when the shortfall is within this many minor units of it (1: rounding). */
  readonly discountRoundingMinor: bigint;
  /**
   * No reference: the amount alone found the items, and no other set of the customer's items
   * makes it. One item exactly (0.75) or within the bank-charge tolerance (0.55); several items
   * exactly (0.6) or within the tolerance (0: often chance, never applied without a person).
   * Several sets make the amount: 0 (`severalSets`).
   */
  readonly amountOnly: {
    readonly severalSets: number;
    readonly oneItemExact: number;
    readonly oneItemWithinCharges: number;
    readonly setExact: number;
    readonly setWithinCharges: number;
  };
}

/** Upper bounds on a proposal's confidence. */
export interface ConfidenceCaps {
  /** Nothing is certain (0.999). */
  readonly certain: number;
  /**
   * Evidence that needs a person (0.85, below the threshold): a reference contradicted by a payer
   * known as another customer, a typo without a confirming payer, an over-payment where a set
   * with other items fits, a written number beside a near one that fits.
   */
  readonly needsPerson: number;
  /**
   * Evidence that is ambiguous (0.6): several sets of items make the amount, or the text names
   * one of our invoices that is not open (the payer said what it pays: an amount-only guess
   * is only suggested).
   */
  readonly ambiguous: number;
  /**
   * A look-alike's items found by the amount alone (0.55, below `ambiguous`): another customer's
   * name matches the payer clearly better (`PayerWeights.lookAlike`).
   */
  readonly lookAlike: number;
}

/** Bounds on the searches for sets of items. */
export interface SearchLimits {
  /** Sets of items looked for per customer and amount (20). */
  readonly combinations: number;
  /** Amount-only sets kept per customer (4). */
  readonly amountOnlySets: number;
  /** Sets with the referenced items plus others kept (3). */
  readonly withOtherItemsSets: number;
  /** Sets paid less their discounts: searched (4), within this many minor units (2). */
  readonly discountSets: number;
  readonly discountSlackMinor: bigint;
}

/**
 * How far a payment may fall short of the items it pays, the difference booked as bank charges:
 * in minor units per currency (a fee is a sum of money, so its size depends on the currency).
 */
export interface BankChargeTolerance {
  /** Minor units by ISO 4217 code. */
  readonly byCurrency: Readonly<Record<string, bigint>>;
  /**
   * Other currencies: this many major units, i.e. `defaultMajorUnits` × 10^exponent minor units
   * (15: 15 JPY-like units for exponent 0, 15.00 for 2, 15.000 for 3). In a currency worth much
   * less than the euro that is a small tolerance: it only sends more short payments to a person.
   */
  readonly defaultMajorUnits: bigint;
}

export interface EngineConfig {
  /** A proposal is applied at or above this confidence (0.9)… */
  readonly autoApplyThreshold: number;
  /** …and only when it leads the runner-up by at least this much (0.05)… */
  readonly autoApplyMargin: number;
  /**
   * …and the best proposal for any other customer by at least this much (0.1): when two customers
   * are plausible, a person decides (cash on the wrong customer is the worst outcome).
   */
  readonly customerMargin: number;
  /** Suggestions kept for a person (3). */
  readonly maxSuggestions: number;
  readonly references: ReferenceWeights;
  readonly payer: PayerWeights;
  readonly amount: AmountWeights;
  readonly caps: ConfidenceCaps;
  readonly search: SearchLimits;
  readonly bankCharges: BankChargeTolerance;
}

/**
 * Bank-charge tolerance per currency, in minor units: about 15 euros' worth, rounded to what a
 * person would write (the fee a correspondent bank takes off a foreign transfer).
 */
export const BANK_CHARGE_TOLERANCE_MINOR: Readonly<Record<string, bigint>> = {
  EUR: 15_00n,
  USD: 15_00n,
  GBP: 15_00n,
  CHF: 15_00n,
  CAD: 20_00n,
  AUD: 25_00n,
  NZD: 25_00n,
  SGD: 20_00n,
  HKD: 120_00n,
  CNY: 120_00n,
  SEK: 150_00n,
  NOK: 150_00n,
  DKK: 100_00n,
  PLN: 60_00n,
  CZK: 400_00n,
  HUF: 5_000_00n,
  RON: 75_00n,
  TRY: 500_00n,
  ZAR: 300_00n,
  INR: 1_300_00n,
  MXN: 300_00n,
  BRL: 80_00n,
  JPY: 2_000n,
  KRW: 20_000n,
  ISK: 2_000n,
  KWD: 5_000n,
  BHD: 6_000n,
  OMR: 6_000n,
  JOD: 10_000n,
};

export const DEFAULT_ENGINE_CONFIG: EngineConfig = {
  autoApplyThreshold: 0.9,
  autoApplyMargin: 0.05,
  customerMargin: 0.1,
  maxSuggestions: 3,
  references: {
    byStrength: { creditor_reference: 0.97, exact: 0.93, digits: 0.75, typo: 0.55 },
    poNumber: 0.85,
    standsAloneAtLeast: 0.75,
    confirmedAtLeast: 0.9,
    unconfirmedFactor: 0.6,
    withOtherItemsFactor: 0.95,
    nearNumberFitAtLeast: 0.7,
  },
  payer: {
    knownIban: 0.9,
    learnedName: 0.85,
    similarName: { floor: 0.85, base: 0.55, perSimilarity: 2 },
    outclassed: { margin: 0.05, cap: 0.4 },
    legalForm: { sameBonus: 0.1, exact: 0.95, differentCap: 0.35 },
    lookAlike: { margin: 0.1 },
    groupMember: 0.4,
    groupParent: { factor: 0.6, ceiling: 0.9 },
    namedInText: 0.65,
    namedByRule: 0.9,
    maxCandidates: 5,
  },
  amount: {
    exact: 0.8,
    discount: 0.7,
    bankCharges: 0.5,
    statedDeduction: 0.7,
    creditNoteNetted: 0.5,
    partialOrOver: 0,
    discountRoundingMinor: 1n,
    amountOnly: {
      severalSets: 0,
      oneItemExact: 0.75,
      oneItemWithinCharges: 0.55,
      setExact: 0.6,
      setWithinCharges: 0,
    },
  },
  caps: { certain: 0.999, needsPerson: 0.85, ambiguous: 0.6, lookAlike: 0.55 },
  search: {
    combinations: 20,
    amountOnlySets: 4,
    withOtherItemsSets: 3,
    discountSets: 4,
    discountSlackMinor: 2n,
  },
  bankCharges: { byCurrency: BANK_CHARGE_TOLERANCE_MINOR, defaultMajorUnits: 15n },
};

/**
 * The bank-charge tolerance for `currency` in its minor units: the configured amount, else
 * `defaultMajorUnits` major units (an unknown currency is read with 2 decimals, as statements do).
 * Example: `bankChargeToleranceMinor(DEFAULT_ENGINE_CONFIG, 'JPY') === 2000n`.
 */
export function bankChargeToleranceMinor(config: EngineConfig, currency: string): bigint {
  const configured = config.bankCharges.byCurrency[currency];
  if (configured !== undefined) return configured;
  const exponent = isKnownCurrency(currency) ? exponentOf(currency) : 2;
  return config.bankCharges.defaultMajorUnits * 10n ** BigInt(exponent);
}
