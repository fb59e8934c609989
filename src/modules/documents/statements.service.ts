/**
 * Customer statements as documents: rendered from the aging report's own source as of a date and
 * stored per distinct content (the same customer and bytes are one document), so asking twice for
 * the same statement stores nothing new and a changed account gives a new document. What stores
 * one is a deliberate act (the CLI, a statement run, a print batch); reading a statement over the
 * API only renders it (`renderStatementDocument`): a reader could otherwise make the server keep
 * a PDF for every customer and every date it cares to ask for.
 */
import { inSnapshot, type Queryable } from '../../db/client.ts';
import type { CalendarDate } from '../../shared/calendar-date.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { AppError } from '../../shared/errors.ts';
import { newId } from '../../shared/ids.ts';
import type { CoreDeps, TxDeps } from '../core-deps.ts';
import type { CustomerRow } from '../customers/index.ts';
import { getCustomerRowOrThrow } from '../customers/index.ts';
import { agingItems, agingReport } from '../reports/index.ts';
import { getLetterhead } from '../tenants/index.ts';
import * as repo from './documents.repository.ts';
import { companyLanguageOf } from './invoice-document-sources.ts';
import { renderStatementPdf } from './pdf/statement-pdf.ts';
import { type StatementDocument, statementDocument } from './statement-document.ts';
import { PDF, type StoredDocument, safeFileName, sha256Hex, storedOf } from './stored-document.ts';

export interface StatementOptions {
  /** The date the statement is as of (default today). */
  asOf?: CalendarDate;
}

/**
 * A customer's statement as of a date (by customer id or external id), rendered and stored; the
 * same statement content asked for again returns the stored document. Its figures are the aging
 * report's for that customer and date.
 */
export async function createStatementDocument(
  deps: CoreDeps,
  tenantId: string,
  customerId: string,
  options: StatementOptions = {},
): Promise<StoredDocument> {
  return (await createStatement(deps.db, deps, tenantId, customerId, options)).stored;
}

/**
 * `createStatementDocument` on `q` (the database, or the caller's transaction), also returning
 * what the stored PDF shows (for a print batch that draws the same statement again behind a letter).
 */
export async function createStatement(
  q: Queryable,
  deps: Pick<TxDeps, 'clock'>,
  tenantId: string,
  customerId: string,
  options: StatementOptions = {},
): Promise<{ stored: StoredDocument; statement: StatementDocument }> {
  const { customer, statement, bytes } = await renderStatement(q, deps, tenantId, customerId, options);
  return { stored: await storeStatement(q, deps, tenantId, customer, statement, bytes), statement };
}

/** A statement rendered but not stored; `documentId` is the stored document of the same bytes, if any. */
export type RenderedDocument = Omit<StoredDocument, 'documentId' | 'createdAt'> & {
  documentId: string | null;
};

/**
 * A customer's statement as of a date, rendered and not stored (the read of the API): the same
 * bytes `createStatementDocument` would store, and the id of the document that holds them when
 * one was stored before.
 */
export async function renderStatementDocument(
  deps: CoreDeps,
  tenantId: string,
  customerId: string,
  options: StatementOptions = {},
): Promise<RenderedDocument> {
  const { customer, statement, bytes } = await renderStatement(deps.db, deps, tenantId, customerId, options);
  const sha256 = sha256Hex(bytes);
  const stored = await repo.findStatementByHash(deps.db, tenantId, customer.customerId, sha256);
  return {
    documentId: stored?.documentId ?? null,
    kind: 'statement',
    fileName: statementFileName(customer, statement.asOf),
    contentType: PDF,
    bytes,
    sha256,
  };
}

function statementFileName(customer: CustomerRow, asOf: CalendarDate): string {
  return safeFileName(`statement-${customer.externalId}-${asOf}`);
}

async function renderStatement(
  q: Queryable,
  deps: Pick<TxDeps, 'clock'>,
  tenantId: string,
  customerId: string,
  options: StatementOptions,
): Promise<{ customer: CustomerRow; statement: StatementDocument; bytes: Uint8Array }> {
  const { customer, statement } = await statementOf(q, deps, tenantId, customerId, options);
  return { customer, statement, bytes: await renderStatementPdf(statement) };
}

/**
 * What a customer's statement as of a date shows, as data (the customer portal shows it as a page):
 * the same figures the PDF prints, from the aging report's source in one snapshot.
 */
export async function statementOf(
  q: Queryable,
  deps: Pick<TxDeps, 'clock'>,
  tenantId: string,
  customerId: string,
  options: StatementOptions,
): Promise<{ customer: CustomerRow; statement: StatementDocument }> {
  const customer = await getCustomerRowOrThrow(q, tenantId, customerId);
  const today = todayUtc(deps.clock.now());
  const asOf = options.asOf ?? today;
  const query = { asOf, basis: 'due_date' as const, today, customerId: customer.customerId };
  // One snapshot for the summary and the items, so a payment booked meanwhile cannot split them.
  const { reports, items, unapplied, seller, companyLanguage } = await inSnapshot(q, async (tx) => ({
    reports: await agingReport(tx, tenantId, query),
    ...(await agingItems(tx, tenantId, query)),
    seller: await getLetterhead(tx, tenantId),
    companyLanguage: await companyLanguageOf(tx, tenantId),
  }));
  const billTo = {
    name: customer.name,
    legalName: customer.legalName,
    billingAddress: customer.billingAddress,
    country: customer.country,
    taxId: customer.taxId,
    language: customer.language,
    externalId: customer.externalId,
  };
  const statement = statementDocument({
    asOf,
    seller,
    customer: billTo,
    companyLanguage,
    reports,
    items,
    unapplied,
  });
  return { customer, statement };
}

async function storeStatement(
  q: Queryable,
  deps: Pick<TxDeps, 'clock'>,
  tenantId: string,
  customer: CustomerRow,
  statement: StatementDocument,
  bytes: Uint8Array,
): Promise<StoredDocument> {
  const { asOf } = statement;
  const sha256 = sha256Hex(bytes);
  const row: repo.DocumentRow = {
    tenantId,
    documentId: newId(),
    kind: 'statement',
    invoiceId: null,
    letterId: null,
    customerId: customer.customerId,
    asOf,
    fileName: statementFileName(customer, asOf),
    contentType: PDF,
    content: bytes,
    sha256,
    byteSize: bytes.byteLength,
    language: statement.language,
    createdAt: deps.clock.now(),
  };
  if (await repo.insertDocumentOnce(q, row)) return storedOf(row);
  const stored = await repo.findStatementByHash(q, tenantId, customer.customerId, sha256);
  if (!stored) throw new AppError('conflict', `statement of ${customer.externalId} could not be stored`);
  return storedOf(stored);
}
