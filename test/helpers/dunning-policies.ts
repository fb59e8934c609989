/** Dunning policies and invoice states for the planner's unit and property tests. */
import type {
  CustomerDunningState,
  DunningLevel,
  DunningPolicy,
  InvoiceDunningState,
} from '../../src/modules/dunning/dunning.types.ts';

/** A level at `offsetDays`; no fee, no interest, by email unless `extra` says otherwise. */
export function level(levelNo: number, offsetDays: number, extra: Partial<DunningLevel> = {}): DunningLevel {
  return {
    levelNo,
    offsetDays,
    templateKey: `level-${levelNo}`,
    channel: 'email',
    feesMinor: {},
    chargesInterest: false,
    handsOver: false,
    ...extra,
  };
}

/**
 * The example policy: −3 friendly reminder, +7 reminder, +21 firm reminder (interest),
 * +35 final notice (5.00 EUR fee, interest), +50 hand-over to collections (10.00 EUR, interest);
 * statutory interest 3.62 % base + 9 points = 12.62 % act/365.
 */
export function standardPolicy(extra: Partial<DunningPolicy> = {}): DunningPolicy {
  return {
    policyId: 'p-standard',
    name: 'Standard',
    isDefault: true,
    graceDays: 0,
    minimumMinor: {},
    finalInterestStatement: false,
    interest: {
      dayCount: 'act/365',
      marginPct: '9',
      baseRates: [{ effectiveFrom: '2020-01-01', ratePct: '3.62' }],
    },
    levels: [
      level(1, -3, { templateKey: 'friendly' }),
      level(2, 7, { templateKey: 'reminder' }),
      level(3, 21, { templateKey: 'firm', chargesInterest: true }),
      level(4, 35, {
        templateKey: 'final',
        chargesInterest: true,
        feesMinor: { EUR: 500n },
        channel: 'letter',
      }),
      level(5, 50, {
        templateKey: 'collections',
        chargesInterest: true,
        feesMinor: { EUR: 1000n },
        handsOver: true,
      }),
    ],
    ...extra,
  };
}

/** An open EUR invoice of customer `c1` with nothing sent yet. */
export function invoiceState(
  invoiceId: string,
  dueDate: string,
  extra: Partial<InvoiceDunningState> = {},
): InvoiceDunningState {
  return {
    invoiceId,
    number: `INV-${invoiceId}`,
    customerId: 'c1',
    currency: 'EUR',
    dueDate,
    openMinor: 100_000n,
    fxRate: '1',
    last: null,
    interestThrough: null,
    ...extra,
  };
}

export function customerState(customerId: string, extra: Partial<CustomerDunningState> = {}) {
  return { customerId, policyId: 'p-standard', hold: null, ...extra } satisfies CustomerDunningState;
}
