/**
 * The monthly AR pack as a document: rendered from its data (`ArPackDocument`, gathered by the
 * communication module), and stored when it is mailed, so the outbox sends the same bytes at
 * every attempt (an attachment is a stored document, checked by its SHA-256).
 */
import type { Queryable } from '../../db/client.ts';
import { newId } from '../../shared/ids.ts';
import type { ArPackDocument } from './ar-pack-document.ts';
import * as repo from './documents.repository.ts';
import { renderArPackPdf } from './pdf/ar-pack-pdf.ts';
import { PDF, sha256Hex } from './stored-document.ts';

export interface RenderedArPack {
  readonly fileName: string;
  readonly contentType: string;
  readonly bytes: Uint8Array;
  readonly sha256: string;
}

/** The pack's file name: `AR-pack-YYYY-MM.pdf`. */
export const arPackFileName = (month: string) => `AR-pack-${month}.pdf`;

/** Render the pack (not stored: the API and the CLI only show it). */
export async function renderArPack(d: ArPackDocument): Promise<RenderedArPack> {
  const bytes = await renderArPackPdf(d);
  return { fileName: arPackFileName(d.month), contentType: PDF, bytes, sha256: sha256Hex(bytes) };
}

/** A new document id for a pack about to be stored (a message may name it before it is stored). */
export const newArPackDocumentId = (): string => newId();

/** Store a rendered pack as document `documentId` (in the caller's transaction). */
export async function storeArPackDocument(
  q: Queryable,
  tenantId: string,
  documentId: string,
  pack: RenderedArPack & { monthEnd: string; createdAt: Date },
): Promise<void> {
  await repo.insertDocumentOnce(q, {
    tenantId,
    documentId,
    kind: 'ar_pack',
    invoiceId: null,
    letterId: null,
    customerId: null,
    asOf: pack.monthEnd,
    fileName: pack.fileName,
    contentType: pack.contentType,
    content: pack.bytes,
    sha256: pack.sha256,
    byteSize: pack.bytes.byteLength,
    language: 'en',
    layoutData: null,
    createdAt: pack.createdAt,
  });
}
