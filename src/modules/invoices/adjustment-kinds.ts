/**
 * What lowers an invoice's open amount besides a payment: a credit note, a write-off, or a
 * settlement adjustment booked with a payment — an early-payment discount the customer took or
 * bank charges deducted on the way. The one list of them (the table's check constraint, the API's
 * enums and the services all read it).
 */
export const SETTLEMENT_ADJUSTMENT_KINDS = ['discount', 'bank_charge'] as const;
export type SettlementAdjustmentKind = (typeof SETTLEMENT_ADJUSTMENT_KINDS)[number];

export const ADJUSTMENT_KINDS = ['credit_note', 'write_off', ...SETTLEMENT_ADJUSTMENT_KINDS] as const;
export type AdjustmentKind = (typeof ADJUSTMENT_KINDS)[number];
