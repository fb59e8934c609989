/**
 * Approval policies (maker-checker), pure rules: which kinds of request can wait for a checker,
 * the tenant's policy document, whether one request needs approval, and the default policy.
 *
 * A money kind needs approval when it is enabled and its amount is at or above the threshold of
 * its currency (0: always). A currency without a threshold of its own needs approval whenever the
 * kind is enabled (fail-safe: a write-off in a currency nobody thought of does not slip through).
 * A kind without money (bank details, dunning policy, hold release) is on or off.
 */
import { z } from 'zod';
import { parseAmount } from '../../shared/money.ts';

export const APPROVAL_KINDS = [
  'invoice.write_off',
  'invoice.credit_note',
  'receipt.refund',
  'receipt.write_off',
  'receipt.cross_customer_allocation',
  'customer.credit_limit_increase',
  'credit_hold.release',
  'customer.bank_details',
  'dunning_policy.update',
] as const;
export type ApprovalKind = (typeof APPROVAL_KINDS)[number];

/** Kinds whose requests carry an amount, and so thresholds per currency. */
export const MONEY_KINDS: ReadonlySet<ApprovalKind> = new Set([
  'invoice.write_off',
  'invoice.credit_note',
  'receipt.refund',
  'receipt.write_off',
  'receipt.cross_customer_allocation',
  'customer.credit_limit_increase',
]);

/** Kinds that close a customer's items against bad debt: what the cash-poster rule guards. */
export const WRITE_OFF_KINDS: ReadonlySet<ApprovalKind> = new Set(['invoice.write_off', 'receipt.write_off']);

export const SOD_RULES = ['maker_cannot_approve', 'cash_poster_cannot_approve_write_off'] as const;
export type SodRuleName = (typeof SOD_RULES)[number];

export const APPROVER_LEVELS = ['write', 'credit', 'admin'] as const;
export type ApproverLevel = (typeof APPROVER_LEVELS)[number];

const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'an ISO 4217 code such as EUR');

export const kindPolicySchema = z
  .object({
    kind: z.enum(APPROVAL_KINDS),
    enabled: z.boolean(),
    thresholds: z
      .array(z.object({ currency: currencyCode, amount: z.string().max(30) }).strict())
      .max(50)
      .default([])
      .describe(
        'per currency: at or above this amount (decimal string, major units) approval is needed; 0 = always',
      ),
    approverLevel: z.enum(APPROVER_LEVELS).describe('the access level a checker must hold'),
    expiresAfterHours: z.number().int().min(1).max(720),
  })
  .strict();
export type KindPolicy = z.infer<typeof kindPolicySchema>;

export const sodRuleSchema = z
  .object({
    rule: z.enum(SOD_RULES),
    enabled: z.boolean(),
    windowDays: z.number().int().min(1).max(3650).nullable().default(null),
  })
  .strict();
export type SodRule = z.infer<typeof sodRuleSchema>;

export const approvalPolicyInput = z
  .object({
    kinds: z.array(kindPolicySchema).max(APPROVAL_KINDS.length),
    sodRules: z.array(sodRuleSchema).max(10),
  })
  .strict();
export type ApprovalPolicy = z.infer<typeof approvalPolicyInput>;

/** A problem of a policy document, by field (empty: valid). */
export interface PolicyProblem {
  readonly field: string;
  readonly message: string;
}

/** The problems of `policy` beyond its shape: duplicates, thresholds that do not fit, fixed rules. */
export function policyProblems(policy: ApprovalPolicy): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  const seen = new Set<string>();
  for (const [i, k] of policy.kinds.entries()) {
    if (seen.has(k.kind)) out.push({ field: `kinds[${i}].kind`, message: `${k.kind} appears twice` });
    seen.add(k.kind);
    if (!MONEY_KINDS.has(k.kind) && k.thresholds.length > 0)
      out.push({ field: `kinds[${i}].thresholds`, message: `${k.kind} carries no amount: on or off only` });
    out.push(...thresholdProblems(k, i));
  }
  for (const [i, r] of policy.sodRules.entries()) {
    if (r.rule === 'maker_cannot_approve' && !r.enabled)
      out.push({ field: `sodRules[${i}].enabled`, message: 'maker_cannot_approve is always on' });
    if (r.rule === 'cash_poster_cannot_approve_write_off' && r.windowDays === null)
      out.push({ field: `sodRules[${i}].windowDays`, message: 'required: the look-back window in days' });
  }
  return out;
}

function thresholdProblems(k: KindPolicy, i: number): PolicyProblem[] {
  const out: PolicyProblem[] = [];
  const currencies = new Set<string>();
  for (const [j, t] of k.thresholds.entries()) {
    const field = `kinds[${i}].thresholds[${j}]`;
    if (currencies.has(t.currency))
      out.push({ field: `${field}.currency`, message: `${t.currency} appears twice` });
    currencies.add(t.currency);
    try {
      if (parseAmount(t.amount, t.currency, `${field}.amount`) < 0n)
        out.push({ field: `${field}.amount`, message: 'must be 0 or more' });
    } catch (error) {
      out.push({
        field: `${field}.amount`,
        message: error instanceof Error ? error.message : 'not an amount',
      });
    }
  }
  return out;
}

const DEFAULT_LEVEL: Record<ApprovalKind, ApproverLevel> = {
  'invoice.write_off': 'credit',
  'invoice.credit_note': 'credit',
  'receipt.refund': 'credit',
  'receipt.write_off': 'credit',
  'receipt.cross_customer_allocation': 'credit',
  'customer.credit_limit_increase': 'credit',
  'credit_hold.release': 'credit',
  'customer.bank_details': 'admin',
  'dunning_policy.update': 'admin',
};

/** Hours a request waits for its checker unless the policy says otherwise. */
export const DEFAULT_EXPIRY_HOURS = 72;
/** The cash-poster rule's look-back unless the policy says otherwise. */
export const DEFAULT_SOD_WINDOW_DAYS = 30;

/**
 * The policy of a tenant that has set none: every kind listed and switched off (existing flows
 * run as before), the separation-of-duties rules on. A tenant turns kinds on with PUT.
 */
export function defaultApprovalPolicy(): ApprovalPolicy {
  return {
    kinds: APPROVAL_KINDS.map((kind) => ({
      kind,
      enabled: false,
      thresholds: [],
      approverLevel: DEFAULT_LEVEL[kind],
      expiresAfterHours: DEFAULT_EXPIRY_HOURS,
    })),
    sodRules: [
      { rule: 'maker_cannot_approve', enabled: true, windowDays: null },
      { rule: 'cash_poster_cannot_approve_write_off', enabled: true, windowDays: DEFAULT_SOD_WINDOW_DAYS },
    ],
  };
}

/** One kind to switch on in `approvalPolicyOf`: its thresholds by currency and what differs from the default. */
export interface KindSwitch {
  /** Currency → amount in major units, as the document writes it: `{ EUR: '500.00', JPY: '50000' }`. */
  readonly thresholds?: Readonly<Record<string, string>>;
  readonly approverLevel?: ApproverLevel;
  readonly expiresAfterHours?: number;
}

/**
 * A policy document that switches on `kinds` (every other kind off), with the default level and
 * expiry where a kind leaves them out, and the cash-poster rule's window (null: the rule off).
 * Example: `approvalPolicyOf({ 'invoice.write_off': { thresholds: { EUR: '500.00' } } })` holds back
 * write-offs of EUR 500.00 and more, and every write-off in another currency, for a credit manager.
 */
export function approvalPolicyOf(
  kinds: Partial<Record<ApprovalKind, KindSwitch>>,
  cashPosterWindowDays: number | null = DEFAULT_SOD_WINDOW_DAYS,
): ApprovalPolicy {
  return completePolicy({
    kinds: APPROVAL_KINDS.flatMap((kind) => {
      const k = kinds[kind];
      if (!k) return [];
      const thresholds = Object.entries(k.thresholds ?? {}).map(([currency, amount]) => ({
        currency,
        amount,
      }));
      return [
        {
          kind,
          enabled: true,
          thresholds,
          approverLevel: k.approverLevel ?? DEFAULT_LEVEL[kind],
          expiresAfterHours: k.expiresAfterHours ?? DEFAULT_EXPIRY_HOURS,
        },
      ];
    }),
    sodRules: [
      {
        rule: 'cash_poster_cannot_approve_write_off',
        enabled: cashPosterWindowDays !== null,
        windowDays: cashPosterWindowDays ?? DEFAULT_SOD_WINDOW_DAYS,
      },
    ],
  });
}

/** `policy` with every kind and rule it leaves out taken from the default (what GET shows). */
export function completePolicy(policy: ApprovalPolicy): ApprovalPolicy {
  const base = defaultApprovalPolicy();
  return {
    kinds: base.kinds.map((d) => policy.kinds.find((k) => k.kind === d.kind) ?? d),
    sodRules: base.sodRules.map((d) => policy.sodRules.find((r) => r.rule === d.rule) ?? d),
  };
}

/** What the gate knows of one request: its amount and currency where it carries money. */
export interface RequestAmount {
  readonly amountMinor: bigint | null;
  readonly currency: string | null;
}

/**
 * True when `kind` with `amount` must wait for a checker under `policy`. Example: write-offs
 * enabled with EUR 500.00 → a write-off of EUR 499.99 runs, one of EUR 500.00 waits, and one in
 * CHF (no threshold) waits. A money request without an amount (a credit limit removed) waits.
 */
export function approvalNeeded(policy: ApprovalPolicy, kind: ApprovalKind, amount: RequestAmount): boolean {
  const rule = policy.kinds.find((k) => k.kind === kind);
  if (!rule?.enabled) return false;
  if (!MONEY_KINDS.has(kind)) return true;
  if (amount.amountMinor === null || amount.currency === null) return true;
  const threshold = rule.thresholds.find((t) => t.currency === amount.currency);
  if (!threshold) return true;
  return amount.amountMinor >= parseAmount(threshold.amount, threshold.currency, 'threshold');
}

/** The policy of `kind` (the default when the document leaves it out). */
export function kindPolicyOf(policy: ApprovalPolicy, kind: ApprovalKind): KindPolicy {
  return completePolicy(policy).kinds.find((k) => k.kind === kind) as KindPolicy;
}

/** The cash-poster rule's window in days, or null when the rule is off. */
export function cashPosterWindowDays(policy: ApprovalPolicy): number | null {
  const rule = completePolicy(policy).sodRules.find((r) => r.rule === 'cash_poster_cannot_approve_write_off');
  return rule?.enabled ? (rule.windowDays ?? DEFAULT_SOD_WINDOW_DAYS) : null;
}
