/** The stored-document shapes every documents use case returns, and how they are named and hashed. */
import { createHash } from 'node:crypto';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import type * as repo from './documents.repository.ts';

export type DocumentKind =
  | 'invoice'
  | 'credit_note'
  | 'einvoice'
  | 'statement'
  | 'dunning_letter'
  | 'ar_pack';

export interface StoredDocument {
  documentId: string;
  kind: DocumentKind;
  fileName: string;
  contentType: string;
  bytes: Uint8Array;
  /** Lower-case hex SHA-256 of `bytes`. */
  sha256: string;
  createdAt: Date;
}

export interface DocumentInfo extends Omit<StoredDocument, 'bytes'> {
  byteSize: number;
  invoiceId: string | null;
  /** The dunning letter a `dunning_letter` document prints. */
  letterId: string | null;
  /** Null for an `ar_pack` (about the tenant, not a customer). */
  customerId: string | null;
  asOf: CalendarDate | null;
  language: string;
}

export const PDF = 'application/pdf';

export function infoOf(row: repo.DocumentInfoRow): DocumentInfo {
  return {
    documentId: row.documentId,
    kind: row.kind as DocumentKind,
    fileName: row.fileName,
    contentType: row.contentType,
    sha256: row.sha256,
    createdAt: row.createdAt,
    byteSize: row.byteSize,
    invoiceId: row.invoiceId,
    letterId: row.letterId,
    customerId: row.customerId,
    asOf: row.asOf,
    language: row.language,
  };
}

export function storedOf(row: repo.DocumentRow): StoredDocument {
  return {
    documentId: row.documentId,
    kind: row.kind as DocumentKind,
    fileName: row.fileName,
    contentType: row.contentType,
    bytes: row.content,
    sha256: row.sha256,
    createdAt: row.createdAt,
  };
}

/** SHA-256 of bytes as lower-case hex. */
export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** A file name safe everywhere: letters, digits, `-`, `_` and `.` only (`INV-000042.pdf`). */
export function safeFileName(stem: string, extension = 'pdf'): string {
  return `${stem.normalize('NFKD').replace(/[^A-Za-z0-9._-]+/g, '_')}.${extension}`;
}
