/** The disputes module's door: all that other modules, the adapters and the jobs may use of it. */

export type { AttachmentContentType, AttachmentFile, AttachmentInfo } from './dispute-attachments.service.ts';
export {
  ATTACHMENT_CONTENT_TYPES,
  ATTACHMENT_MAX_BYTES,
  getDisputeAttachment,
  listDisputeAttachments,
} from './dispute-attachments.service.ts';
export type { DisputeClaim, RaisedDispute } from './dispute-claims.service.ts';
export { noteDisputeInTx, raiseDisputeInTx, raiseDisputesInTx } from './dispute-claims.service.ts';
export type { DisputeReason } from './disputes.input.ts';
export {
  DISPUTE_REASONS,
  DISPUTE_STATUSES,
  disputeNoteInput,
  openDisputeInput,
  rejectDisputeInput,
  resolveDisputeInput,
} from './disputes.input.ts';
export {
  disputeFactsRelation,
  openDisputesRelation,
} from './disputes.reads.ts';
export type { DisputeRow } from './disputes.service.ts';
export {
  addDisputeNote,
  countOpenDisputes,
  disputedInvoiceIds,
  getDisputeDetail,
  listDisputes,
  openDispute,
  rejectDispute,
  resolveDispute,
} from './disputes.service.ts';
export { purgeDisputes } from './purge.ts';
