/** The receipts module's door: all that other modules, the adapters and the jobs may use of it. */

export type {
  CreditAfterReceiptRow,
  CrossAllocationRow,
  ForeignPayerRow,
  ReceiptCandidateRow,
  SettledInvoiceRow,
} from './anomaly.reads.ts';
export {
  creditAfterReceiptCandidates,
  crossCustomerAllocationsSince,
  duplicateReceiptCandidates,
  receiptsFromOtherCustomersAccounts,
  settledInvoicesOfRecentPayers,
} from './anomaly.reads.ts';
export { appliedPaymentsRelation, receiptsRelation, unappliedReceiptsRelation } from './collections.reads.ts';
export { purgeReceipts } from './purge.ts';
export { refundsByCashAccount, unappliedByCurrency } from './receipt-rows.ts';
export { settleReceiptsInTx } from './receipt-settlement.service.ts';
export type { RECEIPT_METHODS } from './receipts.input.ts';
export { allocateInput, disburseInput, recordReceiptInput } from './receipts.input.ts';
export type { ReceiptRow } from './receipts.service.ts';
export {
  allocateInTx,
  allocateReceiptInTx,
  getReceiptDetail,
  listReceipts,
  recordNewReceiptInTx,
  recordReceiptInTx,
  refundReceiptInTx,
  unapplyAllocationInTx,
  writeOffUnappliedInTx,
} from './receipts.service.ts';
export type { IncomingPayment, ReceiptSettlement } from './receipts.types.ts';
export { receiptFactsRelation } from './reports.reads.ts';
