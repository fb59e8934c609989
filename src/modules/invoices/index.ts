/** The invoices module's door: all that other modules, the adapters and the jobs may use of it. */

export type { AdjustmentKind, SettlementAdjustmentKind } from './adjustment-kinds.ts';
export { ADJUSTMENT_KINDS, SETTLEMENT_ADJUSTMENT_KINDS } from './adjustment-kinds.ts';
export type { CreditRow, DigitCountRow, InvoiceCandidateRow } from './anomaly.reads.ts';
export {
  creditAdjustmentRelation,
  creditsSince,
  duplicateInvoiceCandidates,
  firstTwoDigitCounts,
  invoiceCustomerRelation,
  normalisedNumberSql,
} from './anomaly.reads.ts';
export type { ChargeDocument, ChargeLine } from './charge-documents.service.ts';
export { issueChargeDocuments } from './charge-documents.service.ts';
export { openInvoicesRelation, paidInvoicesRelation } from './collections.reads.ts';
export { creditInvoiceInTx } from './credit-notes.service.ts';
export { deliverableDocumentsRelation, nativeIssuedSinceRelation } from './delivery.reads.ts';
export {
  dunnableInvoicesRelation,
  invoiceDocumentsRelation,
  paidDunnableInvoicesRelation,
} from './dunning.reads.ts';
export type { NewAdjustmentRow } from './invoice-adjustments.service.ts';
export {
  adjustInvoiceInTx,
  adjustmentEntry,
  insertAdjustmentsInTx,
  invoiceBaseShare,
  reduceOpen,
  reverseReceiptAdjustments,
  setOpenAmountsInTx,
} from './invoice-adjustments.service.ts';
export { createInvoiceInTx, createInvoicesInTx } from './invoice-creation.service.ts';
export { previewInvoice, updateDraftInTx } from './invoice-draft.service.ts';
export { issueInvoiceInTx } from './invoice-issue.service.ts';
export type { BillTo, InvoiceRow } from './invoice-queries.service.ts';
export {
  getInvoiceDetail,
  getInvoiceRowOrThrow,
  getInvoicesByIds,
  getIssueDatesAndTotals,
  getLinesOfInvoices,
  listCustomerDocuments,
  listInvoices,
  lockInvoiceBalancesForUpdate,
  lockInvoicesForUpdate,
} from './invoice-queries.service.ts';
export type { OpenAmountMismatch } from './invoice-reads.ts';
export { invoicesDifferingFrom, openInvoicesByCurrency } from './invoice-reads.ts';
export { resolveInvoiceRefs } from './invoice-refs.ts';
export type { InvoiceSearch, InvoiceSortKey } from './invoice-search.service.ts';
export { INVOICE_SORT_KEYS, searchInvoices } from './invoice-search.service.ts';
export { assertCanApply, INVOICE_STATUSES, isOverdue, statusFor } from './invoice-status.ts';
export { computeTotals, taxOn } from './invoice-totals.ts';
export { voidInvoiceInTx } from './invoice-void.service.ts';
export { announceOverdueInvoices } from './invoice-webhooks.ts';
export { writeOffInvoiceInTx } from './invoice-write-off.service.ts';
export type { CreateInvoiceInput } from './invoices.input.ts';
export {
  calendarDate,
  createInvoiceInput,
  creditInvoiceInput,
  draftPatchInput,
  fxRate,
  issueInvoiceInput,
  voidInvoiceInput,
  writeOffInvoiceInput,
} from './invoices.input.ts';
export type { IssueGuard, IssueOverride, IssuingInvoice } from './issue-guard.ts';
export type { OpenInvoiceRow } from './matching.reads.ts';
export { closedInvoiceNumbers, openInvoicesForMatching } from './matching.reads.ts';
export { setNumberingSeries } from './numbering-settings.service.ts';
export type { ImportedOpenItem } from './open-items-import.ts';
export { existingInvoiceNumbers, insertImportedOpenItemsInTx } from './open-items-import.ts';
export { billedInvoicesRelation } from './predictions.reads.ts';
export { purgeInvoices } from './purge.ts';
export { creditNoteReasonsRelation, invoiceFactsRelation, voidReasonsRelation } from './reports.reads.ts';
export type { OpenItemRow, OpenItemsFilter } from './review.reads.ts';
export { openItemsOfCustomers } from './review.reads.ts';
export type { VatCategory } from './vat-category.ts';
export { VAT_CATEGORIES, vatCategoryOf, vatExemptionReasonOf } from './vat-category.ts';
