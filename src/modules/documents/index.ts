/** The documents module's door: all that other modules, the adapters and the jobs may use of it. */

export type { RenderedArPack } from './ar-pack.service.ts';
export {
  arPackFileName,
  newArPackDocumentId,
  renderArPack,
  storeArPackDocument,
} from './ar-pack.service.ts';
export type {
  ArPackBar,
  ArPackCurrency,
  ArPackDocument,
  ArPackFindings,
  ArPackGoal,
  ArPackKpi,
  ArPackMonth,
} from './ar-pack-document.ts';
export { AR_PACK_KPIS, monthName } from './ar-pack-document.ts';
export { documentAttachmentRenderer } from './attachment-renderer.ts';
export type { DocumentInfo, RenderedDocument, StoredDocument } from './documents.service.ts';
export {
  createStatementDocument,
  ensureInvoiceDocument,
  getDocumentInfo,
  getStoredDocument,
  invoiceDocumentWarnings,
  renderPendingInvoiceDocuments,
  renderStatementDocument,
} from './documents.service.ts';
export type { DunningLetterDocument } from './dunning-letter-document.ts';
export { dunningLetterDocument, LETTER_BLOCKS } from './dunning-letter-document.ts';
export type { LetterDocument, PrintItem } from './dunning-letter-documents.service.ts';
export {
  findDunningLetterDocument,
  renderPrintBatchPdf,
  storeDunningLetterDocument,
} from './dunning-letter-documents.service.ts';
export type { RenderedEinvoice } from './einvoice.service.ts';
export { EINVOICE_OUTPUTS, renderEinvoice } from './einvoice.service.ts';
export type { EinvoiceRead } from './einvoice-documents.service.ts';
export { readEinvoice } from './einvoice-documents.service.ts';
export { purgeDocuments } from './purge.ts';
export type { StatementDocument, StatementSection } from './statement-document.ts';
export { createStatement, statementOf } from './statements.service.ts';
