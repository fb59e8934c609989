/**
 * Outbox test kit: a clock the test moves by hand, real PDF documents made with pdfkit and an
 * attachment resolver over them, and the delivery dependencies around a transport.
 */
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { Db, Queryable } from '../../src/db/client.ts';
import { onMessageSettled } from '../../src/modules/communication/message-outcomes.ts';
import { documentAttachmentRenderer } from '../../src/modules/documents/attachment-renderer.ts';
import type {
  AttachmentResolver,
  DeliveryDeps,
  MessagingDeps,
  ResolvedAttachment,
} from '../../src/modules/messaging/delivery.service.ts';
import type { QueueMessageInput, StoredDocumentRef } from '../../src/modules/messaging/messaging.input.ts';
import type { MailTransport } from '../../src/modules/messaging/transport.ts';
import { notFound } from '../../src/shared/errors.ts';
import { newId } from '../../src/shared/ids.ts';
import type { TestContext } from './backends.ts';

export interface SteppingClock {
  now(): Date;
  set(iso: string): void;
  advance(seconds: number): void;
}

export function steppingClock(iso: string): SteppingClock {
  let at = new Date(iso).getTime();
  return {
    now: () => new Date(at),
    set: (next) => {
      at = new Date(next).getTime();
    },
    advance: (seconds) => {
      at += seconds * 1000;
    },
  };
}

/** A one-page PDF saying `text` (real pdfkit output, compressed streams and all). */
export function makePdf(text: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', info: { Title: text } });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.fontSize(18).text(text);
    doc.end();
  });
}

export const sha256 = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** An in-memory document store: PDFs by id, and the resolver the outbox reads them through. */
export function documentStore() {
  const docs = new Map<string, ResolvedAttachment & { tenantId: string }>();
  const resolver: AttachmentResolver = async (_q: Queryable, tenantId: string, documentId: string) => {
    const doc = docs.get(documentId);
    if (!doc || doc.tenantId !== tenantId) throw notFound('document', documentId);
    return doc;
  };
  return {
    resolver,
    /** Store a PDF saying `text`; returns the reference a queued message carries. */
    async addPdf(
      tenantId: string,
      fileName: string,
      text: string,
    ): Promise<StoredDocumentRef & { bytes: Buffer }> {
      const bytes = await makePdf(text);
      const documentId = newId();
      const hash = sha256(bytes);
      docs.set(documentId, { tenantId, fileName, contentType: 'application/pdf', bytes, sha256: hash });
      return { documentId, fileName, contentType: 'application/pdf', sha256: hash, bytes };
    },
    /** Replace a document's bytes behind the outbox's back (to test the SHA-256 check). */
    tamper(documentId: string) {
      const doc = docs.get(documentId);
      if (doc)
        docs.set(documentId, {
          ...doc,
          bytes: Buffer.concat([Buffer.from(doc.bytes), Buffer.from('%tampered')]),
        });
    },
  };
}

export function deliveryDeps(
  ctx: TestContext,
  clock: SteppingClock,
  transport: MailTransport,
  resolver: AttachmentResolver,
  extra: Partial<MessagingDeps> = {},
): DeliveryDeps {
  return {
    db: ctx.deps.db,
    clock,
    messaging: {
      transport,
      resolveAttachment: resolver,
      renderAttachment: documentAttachmentRenderer(ctx.deps),
      onSettled: onMessageSettled,
      mailFrom: 'ar@cashloop.example',
      ...extra,
    },
  };
}

/**
 * `db`, counting the selects from the table named `table` made through it (`count()`): how often
 * the delivery reads, say, a tenant's SMTP settings.
 */
export function countingSelects(db: Db, table: string): { db: Db; count: () => number } {
  let count = 0;
  const counted = new Proxy(db, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (prop !== 'select' || typeof value !== 'function') return value;
      return (...args: unknown[]) => {
        const query = value.apply(target, args);
        const from = query.from.bind(query);
        query.from = (t: Record<symbol, unknown>) => {
          if (t[Symbol.for('drizzle:Name')] === table) count += 1;
          return from(t);
        };
        return query;
      };
    },
  });
  return { db: counted, count: () => count };
}

/** A first dunning letter (deduplicated by `key`) for one open €119.00 invoice numbered `INV-<key>`. */
export function dunningLetter(customerId: string, key: string): QueueMessageInput {
  const eur = { amountMinor: 11900n, currency: 'EUR' };
  return {
    dedupeKey: key,
    customerId,
    content: {
      kind: 'dunning',
      level: 1,
      letterDate: '2026-03-20',
      invoices: [
        { number: `INV-${key}`, issueDate: '2026-02-01', dueDate: '2026-03-03', total: eur, open: eur },
      ],
      payBy: '2026-03-31',
    },
  };
}
