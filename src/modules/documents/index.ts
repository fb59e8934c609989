/** The documents module's door: all that other modules, the adapters and the jobs may use of it. */
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
export { purgeDocuments } from './purge.ts';
export { createStatement } from './statements.service.ts';
