/**
 * /v1/ledger/export, /v1/ledger/erp-…: the journal's export to the host ERP (batches of generic
 * CSV or DATEV, and a JSON feed by cursor), the mapping to the ERP's chart, and the reconciliation
 * with the ERP's open items (docs/erp.md).
 */
import type { FastifyReply } from 'fastify';
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  accountMappingsInput,
  createExportBatch,
  customerAccountInput,
  type ExportFile,
  exportRequestInput,
  journalFeed,
  listAccountMappings,
  listCustomerAccounts,
  listExportBatches,
  reconcileWithErp,
  reExportBatch,
  removeAccountMapping,
  setAccountMappings,
  setCustomerAccount,
} from '../../modules/erp/index.ts';
import { calendarDate } from '../../modules/invoices/index.ts';
import { getTenantOrThrow } from '../../modules/tenants/index.ts';
import { principalOf } from '../auth.ts';
import { UPLOAD_BODY_LIMIT } from '../body-limits.ts';
import { type Api, errors } from './common.ts';
import {
  accountMappingSchema,
  customerAccountSchema,
  erpReconciliationJson,
  erpReconciliationSchema,
  exportBatchJson,
  exportBatchSchema,
  feedPageJson,
  feedPageSchema,
} from './erp.schemas.ts';

const tags = ['ledger'];

const fileResponse = z
  .string()
  .meta({ content: { 'text/csv': { schema: { type: 'string', format: 'binary' } } } })
  .describe('the batch file: generic CSV (UTF-8) or DATEV EXTF Buchungsstapel (Windows-1252)');

/** Registers the GL export and mapping routes (JSON bodies). */
export function erpRoutes(app: Api, deps: CoreDeps): void {
  feedRoute(app, deps);
  createBatchRoute(app, deps);
  listBatchesRoute(app, deps);
  batchFileRoute(app, deps);
  listMappingsRoute(app, deps);
  setMappingsRoute(app, deps);
  removeMappingRoute(app, deps);
  listCustomerAccountsRoute(app, deps);
  setCustomerAccountRoute(app, deps);
}

function feedRoute(app: Api, deps: CoreDeps): void {
  app.get('/ledger/export/feed', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getJournalFeed',
      summary: 'Journal entries after a cursor, with their lines and ERP accounts, for an ERP that pulls',
      description:
        'Entries in entry number order, only up to the journal watermark (no posting below it is still in flight), so following `nextCursor` visits every entry once, without gaps, while postings run. Start with `after=0`.',
      querystring: z.object({
        after: z
          .string()
          .regex(/^\d{1,19}$/)
          .default('0')
          .describe('the last entry number already read'),
        limit: z.coerce.number().int().min(1).max(1000).default(100),
      }),
      response: { 200: feedPageSchema, ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      const { baseCurrency } = await getTenantOrThrow(deps.db, tenantId);
      const page = await journalFeed(deps, tenantId, BigInt(req.query.after), req.query.limit);
      return feedPageJson(page, baseCurrency);
    },
  });
}

function createBatchRoute(app: Api, deps: CoreDeps): void {
  app.post('/ledger/export/batches', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createExportBatch',
      summary: 'Export the journal entries no batch holds yet, as generic CSV or DATEV',
      description:
        'Takes the entries after the last batch up to the journal watermark (at most 20,000; a DATEV batch stops at the end of a fiscal year). Every account the entries name must be mapped (422 naming the account). 409 when there is nothing new. Download the file with GET …/batches/{batchNo}/file.',
      body: exportRequestInput,
      response: { 201: exportBatchSchema, ...errors },
    },
    handler: async (req, reply) => {
      const file = await createExportBatch(deps, principalOf(req).tenantId, req.body);
      return reply.code(201).send(exportBatchJson(file.batch));
    },
  });
}

function listBatchesRoute(app: Api, deps: CoreDeps): void {
  app.get('/ledger/export/batches', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listExportBatches',
      summary: 'Export batches, newest first',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(500).default(100) }),
      response: { 200: z.object({ items: z.array(exportBatchSchema) }), ...errors },
    },
    handler: async (req) => ({
      items: (await listExportBatches(deps.db, principalOf(req).tenantId, req.query.limit)).map(
        exportBatchJson,
      ),
    }),
  });
}

function sendFile(reply: FastifyReply, file: ExportFile) {
  return reply
    .type(file.contentType)
    .header('cache-control', 'private, no-store')
    .header('content-disposition', `attachment; filename="${file.batch.fileName}"`)
    .header('x-content-sha256', file.batch.sha256)
    .send(file.bytes);
}

function batchFileRoute(app: Api, deps: CoreDeps): void {
  app.get('/ledger/export/batches/:batchNo/file', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getExportBatchFile',
      summary: "A batch's file, byte for byte as when it was made (re-export)",
      params: z.object({ batchNo: z.coerce.number().int().min(1) }),
      response: { 200: fileResponse, ...errors },
    },
    handler: async (req, reply) =>
      sendFile(reply, await reExportBatch(deps, principalOf(req).tenantId, req.params.batchNo)),
  });
}

function listMappingsRoute(app: Api, deps: CoreDeps): void {
  app.get('/ledger/erp-mappings', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listErpAccountMappings',
      summary: 'cashloop accounts and the ERP accounts they export to',
      response: { 200: z.object({ items: z.array(accountMappingSchema) }), ...errors },
    },
    handler: async (req) => ({ items: await listAccountMappings(deps.db, principalOf(req).tenantId) }),
  });
}

function setMappingsRoute(app: Api, deps: CoreDeps): void {
  app.put('/ledger/erp-mappings', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'setErpAccountMappings',
      summary: 'Map cashloop accounts to ERP accounts (added or replaced; the others stay)',
      body: accountMappingsInput,
      response: { 200: z.object({ items: z.array(accountMappingSchema) }), ...errors },
    },
    handler: async (req) => ({
      items: await setAccountMappings(deps, principalOf(req).tenantId, req.body.mappings),
    }),
  });
}

function removeMappingRoute(app: Api, deps: CoreDeps): void {
  app.delete('/ledger/erp-mappings/:accountCode', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'removeErpAccountMapping',
      summary: "Remove an account's mapping (a file export then refuses entries that name it)",
      params: z.object({ accountCode: z.string().min(1) }),
      response: { 204: z.null(), ...errors },
    },
    handler: async (req, reply) => {
      await removeAccountMapping(deps, principalOf(req).tenantId, req.params.accountCode);
      return reply.code(204).send(null);
    },
  });
}

function listCustomerAccountsRoute(app: Api, deps: CoreDeps): void {
  app.get('/ledger/erp-customer-accounts', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listErpCustomerAccounts',
      summary: "Customers' debtor accounts in the ERP (set by hand or given by a DATEV export)",
      response: { 200: z.object({ items: z.array(customerAccountSchema) }), ...errors },
    },
    handler: async (req) => ({ items: await listCustomerAccounts(deps.db, principalOf(req).tenantId) }),
  });
}

function setCustomerAccountRoute(app: Api, deps: CoreDeps): void {
  app.put('/ledger/erp-customer-accounts/:customer', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'setErpCustomerAccount',
      summary: "Set a customer's debtor account in the ERP (unique per tenant)",
      params: z.object({ customer: z.string().min(1).describe('customer id or external id') }),
      body: customerAccountInput,
      response: { 204: z.null(), ...errors },
    },
    handler: async (req, reply) => {
      await setCustomerAccount(deps, principalOf(req).tenantId, req.params.customer, req.body.erpAccount);
      return reply.code(204).send(null);
    },
  });
}

/** Registers the ERP reconciliation (in the scope whose body parsers read files as text). */
export function erpFileRoutes(app: Api, deps: CoreDeps): void {
  app.post('/ledger/erp-reconciliation', {
    config: { access: 'read' },
    bodyLimit: UPLOAD_BODY_LIMIT.bytes,
    schema: {
      tags,
      operationId: 'reconcileWithErp',
      summary: "Reconcile the ERP's AR open items or per-customer balances with cashloop's as of a day",
      description:
        'Send the CSV as the body (`Content-Type: text/csv`): open items `customer_ref,document_number,date,amount,currency` or balances `customer_ref,balance,currency` (comma or semicolon). Each item is matched, or explained: amount differs, different customer, only in cashloop, only in the ERP; with totals per currency. A bad file is a 422 naming each line and field. Stores nothing.',
      querystring: z.object({ asOf: calendarDate.describe('the day both sides are taken as of') }),
      body: z.string().min(1).describe('the ERP file'),
      response: { 200: erpReconciliationSchema, ...errors },
    },
    handler: async (req) =>
      erpReconciliationJson(
        await reconcileWithErp(deps, principalOf(req).tenantId, req.body, req.query.asOf),
      ),
  });
}
