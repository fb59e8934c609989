/**
 * Files attached to a dispute (a delivery note, a photo of the damage): stored as received with
 * their SHA-256, numbered per dispute from 1, readable by staff. Only PDF, PNG and JPEG of at most
 * 5 MB, and the bytes must be what the content type says (their signature is checked), so a file
 * that claims to be a PDF is one when a clerk opens it.
 */
import { createHash } from 'node:crypto';
import type { Queryable, Tx } from '../../db/client.ts';
import { notFound, validationFailed } from '../../shared/errors.ts';
import { isUuid } from '../../shared/ids.ts';
import type { Actor } from '../activities/index.ts';
import * as repo from './dispute-attachments.repository.ts';

export const ATTACHMENT_CONTENT_TYPES = ['application/pdf', 'image/png', 'image/jpeg'] as const;
export type AttachmentContentType = (typeof ATTACHMENT_CONTENT_TYPES)[number];
export const ATTACHMENT_MAX_BYTES = 5 * 1024 * 1024;

/** The first bytes each accepted type starts with. */
const SIGNATURES: Record<AttachmentContentType, readonly number[]> = {
  'application/pdf': [0x25, 0x50, 0x44, 0x46, 0x2d],
  'image/png': [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
  'image/jpeg': [0xff, 0xd8, 0xff],
};

export interface AttachmentFile {
  readonly fileName: string;
  readonly contentType: AttachmentContentType;
  readonly content: Uint8Array;
}

export interface AttachmentInfo {
  seq: number;
  fileName: string;
  contentType: string;
  sha256: string;
  byteSize: number;
  uploadedBy: string;
  uploadedAt: Date;
}

/** Refuse an empty, too large or mislabelled file, naming `field` (e.g. `attachment`). */
export function assertAttachmentAcceptable(file: AttachmentFile, field: string): void {
  const refuse = (message: string) => validationFailed(`${field}: ${message}`, [{ field, message }]);
  if (file.content.byteLength === 0) throw refuse('the file is empty');
  if (file.content.byteLength > ATTACHMENT_MAX_BYTES) throw refuse('the file is larger than 5 MB');
  const signature = SIGNATURES[file.contentType];
  if (!signature.every((b, i) => file.content[i] === b))
    throw refuse(
      `the file is not a ${file.contentType.split('/')[1]?.toUpperCase()} (its content says otherwise)`,
    );
}

/** Store `file` on the dispute in `tx` (checked first); returns its number. */
export async function addDisputeAttachmentInTx(
  tx: Tx,
  tenantId: string,
  disputeId: string,
  file: AttachmentFile,
  author: Actor,
  now: Date,
): Promise<number> {
  assertAttachmentAcceptable(file, 'attachment');
  const seq = await repo.nextAttachmentSeq(tx, tenantId, disputeId);
  await repo.insertAttachment(tx, {
    tenantId,
    disputeId,
    seq,
    fileName: file.fileName.replace(/[^\p{L}\p{N} ._()-]/gu, '_'),
    contentType: file.contentType,
    content: file.content,
    sha256: createHash('sha256').update(file.content).digest('hex'),
    byteSize: file.content.byteLength,
    uploadedByName: author.name,
    uploadedAt: now,
  });
  return seq;
}

/** A dispute's attachments (without their bytes), in order. */
export function listDisputeAttachments(
  q: Queryable,
  tenantId: string,
  disputeId: string,
): Promise<AttachmentInfo[]> {
  return repo.listAttachments(q, tenantId, disputeId);
}

/** Attachment `seq` of a dispute of the tenant, with its bytes (404 otherwise). */
export async function getDisputeAttachment(q: Queryable, tenantId: string, disputeId: string, seq: number) {
  const row = isUuid(disputeId) ? await repo.findAttachment(q, tenantId, disputeId, seq) : null;
  if (!row) throw notFound('attachment', `${disputeId}/${seq}`);
  return row;
}
