/**
 * Ready-made dunning policies, so a new installation is one command (or one API call) away from
 * dunning: each preset is a complete policy input, checked like any other when it is added.
 */
import type { PolicyInput } from './dunning.input.ts';

export interface PolicyPreset {
  readonly key: string;
  readonly description: string;
  readonly policy: PolicyInput;
}

/**
 * The German base rate (Basiszinssatz, §247 BGB) as published by the Deutsche Bundesbank, each from
 * its effective date; it changes on 1 January and 1 July — add each new rate to the policy
 * (`PATCH /v1/dunning/policies/{id}` with `interest.baseRates`).
 */
export const GERMAN_BASE_RATES = [
  { effectiveFrom: '2023-01-01', ratePct: '1.62' },
  { effectiveFrom: '2023-07-01', ratePct: '3.12' },
  { effectiveFrom: '2024-01-01', ratePct: '3.62' },
  { effectiveFrom: '2024-07-01', ratePct: '3.37' },
  { effectiveFrom: '2025-01-01', ratePct: '2.27' },
  { effectiveFrom: '2025-07-01', ratePct: '1.27' },
] as const;

/**
 * German B2B: statutory default interest of base rate + 9 points (§288(2) BGB), charged from the
 * second reminder on, and the 40 EUR flat fee for a business debtor in default (§288(5) BGB) with
 * it; a final notice by post at +35 days.
 */
const DE_B2B: PolicyPreset = {
  key: 'de-b2b-statutory',
  description:
    'German B2B: reminder +7, second reminder +21 with interest base rate + 9 points (§288(2) BGB) and the 40 EUR flat fee (§288(5) BGB), final notice by post +35',
  policy: {
    name: 'German B2B (statutory interest)',
    interest: { dayCount: 'act/365', marginPct: '9', baseRates: [...GERMAN_BASE_RATES] },
    minimumAmounts: { EUR: '5.00' },
    levels: [
      { offsetDays: 7, templateKey: 'reminder', channel: 'email' },
      {
        offsetDays: 21,
        templateKey: 'firm',
        channel: 'email',
        chargesInterest: true,
        fees: { EUR: '40.00' },
      },
      { offsetDays: 35, templateKey: 'final', channel: 'letter', chargesInterest: true },
    ],
  },
};

/** Gentle: a friendly note before the due date and two polite reminders; no fees, no interest. */
const GENTLE: PolicyPreset = {
  key: 'gentle',
  description: 'Gentle: friendly note 3 days before the due date, reminders +7 and +21; no fees, no interest',
  policy: {
    name: 'Gentle (no fees or interest)',
    levels: [
      { offsetDays: -3, templateKey: 'friendly', channel: 'email' },
      { offsetDays: 7, templateKey: 'reminder', channel: 'email' },
      { offsetDays: 21, templateKey: 'firm', channel: 'email' },
    ],
  },
};

export const POLICY_PRESETS: readonly PolicyPreset[] = [DE_B2B, GENTLE];

/** The preset named `key`, or undefined. */
export function findPreset(key: string): PolicyPreset | undefined {
  return POLICY_PRESETS.find((p) => p.key === key);
}
