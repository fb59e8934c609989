/** /v1/invoices: drafts, issue, void, credit notes and write-offs. */

import { z } from 'zod';
import type { Queryable } from '../../db/client.ts';
import { invoiceCreditNote, invoiceWriteOff } from '../../modules/approvals/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { type CreditOverride, creditOverrideInput } from '../../modules/credit/index.ts';
import { getCustomer } from '../../modules/customers/index.ts';
import { invoiceDocumentWarnings } from '../../modules/documents/index.ts';
import {
  createInvoiceInput,
  createInvoiceInTx,
  creditInvoiceInput,
  getInvoiceDetail,
  type InvoiceRow,
  issueInvoiceInput,
  issueInvoiceInTx,
  voidInvoiceInput,
  voidInvoiceInTx,
  writeOffInvoiceInput,
} from '../../modules/invoices/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { type Principal, principalOf } from '../auth.ts';
import { respondInTransaction, respondWithStatusInTransaction } from '../idempotency.ts';
import { approvalPending, gatedAnswer } from './approval-gate.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import { creditFieldGuard } from './credit.routes.ts';
import { warningsJson, warningsSchema } from './documents.schemas.ts';
import { draftRoutes } from './invoice-drafts.routes.ts';
import { listInvoicesRoute } from './invoice-list.routes.ts';
import { invoiceDetailJson, invoiceDetailSchema, issuedInvoiceSchema } from './invoices.schemas.ts';
import { actorOf } from './shared-views.ts';

const tags = ['invoices'];

const invoiceId = idParam('invoice id (UUID) or number');

const overrideField = creditOverrideInput
  .optional()
  .describe(
    'issue despite a credit hold or limit: needs a credit_manager or admin key; logged with who and why',
  );

const createBody = createInvoiceInput.extend({ override: overrideField });

const issueBody = issueInvoiceInput.extend({ override: overrideField });

const WARNINGS_NOTE =
  ' Issuing while the letterhead lacks the seller’s address, tax id or IBAN succeeds, with `warnings` naming what to set (`PATCH /v1/tenant/letterhead`).';

/** The invoice's view plus the warnings of its document (none for a draft). */
async function withWarnings(deps: CoreDeps, q: Queryable, tenantId: string, row: InvoiceRow) {
  const view = await invoiceDetailView(deps, q, tenantId, row.invoiceId);
  return { ...view, warnings: warningsJson(await invoiceDocumentWarnings(q, tenantId, row)) };
}

/** The credit override of a request: its reason, and who gives it (the route has checked the role). */
function overrideOf(principal: Principal, given: { reason: string } | undefined): CreditOverride | undefined {
  return given ? { reason: given.reason, by: actorOf(principal), role: principal.role } : undefined;
}

/** An invoice with lines and adjustments, as the API shows it. */
export async function invoiceDetailView(deps: CoreDeps, q: Queryable, tenantId: string, idOrNumber: string) {
  const detail = await getInvoiceDetail(q, tenantId, idOrNumber);
  const customer = await getCustomer(q, tenantId, detail.invoice.customerId);
  return invoiceDetailJson(detail, customer.externalId, todayUtc(deps.clock.now()));
}

/** Registers each route of the module (one small function per route, below). */
export function invoiceRoutes(app: Api, deps: CoreDeps): void {
  listInvoicesRoute(app, deps);
  draftRoutes(app, deps);
  getInvoiceRoute(app, deps);
  createInvoiceRoute(app, deps);
  issueInvoiceRoute(app, deps);
  voidInvoiceRoute(app, deps);
  creditInvoiceRoute(app, deps);
  writeOffInvoiceRoute(app, deps);
}

function getInvoiceRoute(app: Api, deps: CoreDeps): void {
  app.get('/invoices/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getInvoice',
      summary: 'Get an invoice with its lines and adjustments',
      params: invoiceId,
      response: { 200: invoiceDetailSchema, ...errors },
    },
    handler: (req) => invoiceDetailView(deps, deps.db, principalOf(req).tenantId, req.params.id),
  });
}

function createInvoiceRoute(app: Api, deps: CoreDeps): void {
  app.post('/invoices', {
    config: { access: 'write' },
    preValidation: creditFieldGuard('override'),
    schema: {
      tags,
      operationId: 'createInvoice',
      summary: 'Create a draft invoice, or issue it at once with `issue: true`',
      description:
        'Amounts are decimal strings. Issuing takes the next gapless number, sets the due date from the terms and posts the journal entry. Issuing to a customer on credit hold, or over its credit limit, is refused (409) unless `override` is given by a credit_manager or admin key.' +
        WARNINGS_NOTE,
      headers: idempotencyHeaders,
      body: createBody,
      response: { 201: issuedInvoiceSchema, ...errors },
    },
    handler: (req, reply) =>
      respondInTransaction(req, reply, deps, 201, async (tx) => {
        const principal = principalOf(req);
        const { tenantId } = principal;
        const { override, ...input } = req.body;
        const row = await createInvoiceInTx(tx, deps, tenantId, input, {
          creditOverride: overrideOf(principal, override),
        });
        return withWarnings(deps, tx, tenantId, row);
      }),
  });
}

function issueInvoiceRoute(app: Api, deps: CoreDeps): void {
  app.post('/invoices/:id/issue', {
    config: { access: 'write' },
    preValidation: creditFieldGuard('override'),
    schema: {
      tags,
      operationId: 'issueInvoice',
      summary: 'Issue a draft',
      description:
        'Refused (409) for a customer on credit hold or over its credit limit unless `override` is given by a credit_manager or admin key.' +
        WARNINGS_NOTE,
      params: invoiceId,
      headers: idempotencyHeaders,
      body: issueBody.optional(),
      response: { 200: issuedInvoiceSchema, ...errors },
    },
    handler: (req, reply) =>
      respondInTransaction(req, reply, deps, 200, async (tx) => {
        const principal = principalOf(req);
        const { tenantId } = principal;
        const row = await issueInvoiceInTx(tx, deps, tenantId, req.params.id, req.body?.issueDate, {
          creditOverride: overrideOf(principal, req.body?.override),
        });
        return withWarnings(deps, tx, tenantId, row);
      }),
  });
}

function voidInvoiceRoute(app: Api, deps: CoreDeps): void {
  app.post('/invoices/:id/void', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'voidInvoice',
      summary: 'Void a draft, or an issued invoice nothing has been applied to',
      description: 'An issued invoice is voided by a reversal entry dated `date` (default today).',
      params: invoiceId,
      headers: idempotencyHeaders,
      body: voidInvoiceInput.optional(),
      response: { 200: invoiceDetailSchema, ...errors },
    },
    handler: (req, reply) =>
      respondInTransaction(req, reply, deps, 200, async (tx) => {
        const { tenantId } = principalOf(req);
        const row = await voidInvoiceInTx(
          tx,
          deps,
          tenantId,
          req.params.id,
          req.body?.date,
          req.body?.reason,
        );
        return invoiceDetailView(deps, tx, tenantId, row.invoiceId);
      }),
  });
}

function creditInvoiceRoute(app: Api, deps: CoreDeps): void {
  app.post('/invoices/:id/credit', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'creditInvoice',
      summary: 'Issue a credit note against an invoice',
      description:
        'For at most the open amount (default: all of it); net and tax in the invoice proportions. `warnings`: what the credit note lacks of the seller (address, tax id).',
      params: invoiceId,
      headers: idempotencyHeaders,
      body: creditInvoiceInput,
      response: {
        201: z.object({
          invoice: invoiceDetailSchema,
          creditNote: invoiceDetailSchema,
          warnings: warningsSchema,
        }),
        ...approvalPending,
        ...errors,
      },
    },
    handler: (req, reply) =>
      respondWithStatusInTransaction(req, reply, deps, async (tx) => {
        const { tenantId } = principalOf(req);
        const request = { invoice: req.params.id, input: req.body };
        return gatedAnswer(tx, deps, tenantId, invoiceCreditNote, request, 201, async (out) => ({
          invoice: await invoiceDetailView(deps, tx, tenantId, out.invoice.invoiceId),
          creditNote: await invoiceDetailView(deps, tx, tenantId, out.creditNote.invoiceId),
          warnings: warningsJson(await invoiceDocumentWarnings(tx, tenantId, out.creditNote)),
        }));
      }),
  });
}

function writeOffInvoiceRoute(app: Api, deps: CoreDeps): void {
  app.post('/invoices/:id/write-off', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'writeOffInvoice',
      summary: 'Write off (part of) the open amount to bad debt',
      params: invoiceId,
      headers: idempotencyHeaders,
      body: writeOffInvoiceInput,
      response: { 200: invoiceDetailSchema, ...approvalPending, ...errors },
    },
    handler: (req, reply) =>
      respondWithStatusInTransaction(req, reply, deps, async (tx) => {
        const { tenantId } = principalOf(req);
        const request = { invoice: req.params.id, input: req.body };
        return gatedAnswer(tx, deps, tenantId, invoiceWriteOff, request, 200, (row) =>
          invoiceDetailView(deps, tx, tenantId, row.invoiceId),
        );
      }),
  });
}
