/**
 * The seeded chart of accounts. Posting rules refer to accounts by role, never by code, so a
 * tenant may renumber its chart (codes follow a common SKR/IFRS-like layout by default).
 */
export type AccountRole =
  | 'ar_control'
  | 'revenue'
  | 'tax_payable'
  | 'bank'
  | 'unapplied_cash'
  | 'discounts_allowed'
  | 'bank_charges'
  | 'bad_debt'
  | 'fx_gain_loss'
  | 'fx_revaluation'
  | 'fx_unrealised'
  | 'opening_balance_clearing'
  | 'dunning_fee_income'
  | 'interest_income'
  | 'payment_clearing'
  | 'payment_fees';

export type AccountType = 'asset' | 'liability' | 'equity' | 'revenue' | 'expense';

export interface AccountSeed {
  readonly code: string;
  readonly name: string;
  readonly type: AccountType;
  readonly role: AccountRole;
}

export const DEFAULT_CHART: readonly AccountSeed[] = [
  { code: '1100', name: 'Accounts receivable (control)', type: 'asset', role: 'ar_control' },
  // Month-end revaluation of foreign-currency receivables: beside the AR control account, so the
  // subledger (at the documents' own rates) always equals the control account.
  { code: '1190', name: 'AR FX revaluation adjustment', type: 'asset', role: 'fx_revaluation' },
  { code: '1200', name: 'Bank', type: 'asset', role: 'bank' },
  // Money a payment provider (Stripe) collected for the company and has not paid out yet: the
  // receipts of online payments land here, the provider's fees and refunds leave it, a payout
  // moves the rest to the bank. Outside the bank range 1201–1299 (bank accounts' own cash accounts).
  { code: '1360', name: 'Payment provider clearing (Stripe)', type: 'asset', role: 'payment_clearing' },
  { code: '2100', name: 'Unapplied cash (unidentified receipts)', type: 'liability', role: 'unapplied_cash' },
  { code: '2200', name: 'Tax payable', type: 'liability', role: 'tax_payable' },
  { code: '3900', name: 'Opening-balance clearing', type: 'equity', role: 'opening_balance_clearing' },
  { code: '4000', name: 'Revenue', type: 'revenue', role: 'revenue' },
  { code: '4830', name: 'Dunning fee income', type: 'revenue', role: 'dunning_fee_income' },
  { code: '4900', name: 'Discounts allowed', type: 'expense', role: 'discounts_allowed' },
  { code: '6800', name: 'Bank charges', type: 'expense', role: 'bank_charges' },
  { code: '6810', name: 'Payment provider fees', type: 'expense', role: 'payment_fees' },
  { code: '6900', name: 'Bad debt', type: 'expense', role: 'bad_debt' },
  { code: '7100', name: 'Interest income (late payment)', type: 'revenue', role: 'interest_income' },
  { code: '7900', name: 'FX gain/loss (realised)', type: 'revenue', role: 'fx_gain_loss' },
  { code: '7910', name: 'FX gain/loss (unrealised)', type: 'revenue', role: 'fx_unrealised' },
];

/** The default code of the account that plays `role`. */
export function accountCodeFor(role: AccountRole): string {
  const seed = DEFAULT_CHART.find((a) => a.role === role);
  if (!seed) throw new Error(`no account for role ${role}`);
  return seed.code;
}
