/**
 * /v1/sepa: SEPA Direct Debit run by the company itself — creditor settings, mandates, collection
 * runs (pain.008), returns (by hand or from a camt.054 body) and refund runs (pain.001).
 * Registered in the text-body scope (the returns file is the body of its import).
 */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  bookCollectionRun,
  cancelCollectionRun,
  collectInput,
  createCollectionRun,
  createMandate,
  createMandateInput,
  createRefundRun,
  getMandateOrThrow,
  getRunOrThrow,
  getSepaSettings,
  importReturns,
  listMandates,
  listRuns,
  recordReturn,
  refundRunInput,
  returnInput,
  revokeMandate,
  revokeMandateInput,
  sepaSettingsPatch,
  updateMandate,
  updateMandateInput,
  updateSepaSettings,
} from '../../modules/sepa/index.ts';
import { principalOf } from '../auth.ts';
import { UPLOAD_BODY_LIMIT } from '../body-limits.ts';
import { respond } from '../idempotency.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import {
  itemView,
  mandateSchema,
  mandateView,
  returnResultSchema,
  returnsImportSchema,
  runDetailSchema,
  runDetailView,
  runSchema,
  runView,
  sepaSettingsSchema,
} from './sepa.schemas.ts';

const tags = ['sepa'];
const mandateId = idParam('mandate id or reference');
const runId = idParam('run id');

/** Registers each route of the module (one small function per route, below). */
export function sepaRoutes(app: Api, deps: CoreDeps): void {
  settingsRoutes(app, deps);
  mandateReadRoutes(app, deps);
  mandateWriteRoutes(app, deps);
  runReadRoutes(app, deps);
  collectionRoutes(app, deps);
  returnRoutes(app, deps);
  refundRoute(app, deps);
}

function settingsRoutes(app: Api, deps: CoreDeps): void {
  app.get('/sepa/settings', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getSepaSettings',
      summary: 'SEPA creditor settings',
      response: { 200: sepaSettingsSchema, ...errors },
    },
    handler: (req) => getSepaSettings(deps.db, principalOf(req).tenantId),
  });
  app.patch('/sepa/settings', {
    config: { access: 'admin' },
    schema: {
      tags,
      operationId: 'updateSepaSettings',
      summary: 'Set the creditor identifier and pre-notification days',
      description:
        'The creditor identifier is checked (EPC check digits; 422 naming `creditorId`). The creditor account is the letterhead IBAN/BIC. Admin only: like the letterhead, it decides where money goes.',
      body: sepaSettingsPatch,
      response: { 200: sepaSettingsSchema, ...errors },
    },
    handler: (req) => updateSepaSettings(deps, principalOf(req).tenantId, req.body),
  });
}

function mandateReadRoutes(app: Api, deps: CoreDeps): void {
  app.get('/sepa/mandates', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listSepaMandates',
      summary: 'List mandates',
      querystring: z.object({
        customer: z.string().min(1).optional().describe('customer id or external id'),
        status: z.enum(['active', 'revoked', 'expired']).optional(),
      }),
      response: { 200: z.object({ items: z.array(mandateSchema) }), ...errors },
    },
    handler: async (req) => ({
      items: (await listMandates(deps.db, principalOf(req).tenantId, req.query)).map(mandateView),
    }),
  });
  app.get('/sepa/mandates/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getSepaMandate',
      summary: 'One mandate',
      params: mandateId,
      response: { 200: mandateSchema, ...errors },
    },
    handler: async (req) =>
      mandateView(await getMandateOrThrow(deps.db, principalOf(req).tenantId, req.params.id)),
  });
}

function mandateWriteRoutes(app: Api, deps: CoreDeps): void {
  app.post('/sepa/mandates', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createSepaMandate',
      summary: 'Record a signed mandate',
      description:
        'IBAN checked (mod 97); a reference already used by this creditor is 409 naming `reference`.',
      headers: idempotencyHeaders,
      body: createMandateInput,
      response: { 201: mandateSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) =>
        mandateView(await createMandate(d, principalOf(req).tenantId, req.body)),
      ),
  });
  app.patch('/sepa/mandates/:id', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'updateSepaMandate',
      summary: 'Change the debtor account or name, or mark the next collection final',
      params: mandateId,
      body: updateMandateInput,
      response: { 200: mandateSchema, ...errors },
    },
    handler: async (req) =>
      mandateView(await updateMandate(deps, principalOf(req).tenantId, req.params.id, req.body)),
  });
  app.post('/sepa/mandates/:id/revoke', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'revokeSepaMandate',
      summary: 'Revoke a mandate',
      params: mandateId,
      body: revokeMandateInput,
      response: { 200: mandateSchema, ...errors },
    },
    handler: async (req) =>
      mandateView(await revokeMandate(deps, principalOf(req).tenantId, req.params.id, req.body.reason)),
  });
}

function runReadRoutes(app: Api, deps: CoreDeps): void {
  app.get('/sepa/runs', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listSepaRuns',
      summary: 'Collection and refund runs, newest first',
      querystring: z.object({ limit: z.coerce.number().int().min(1).max(200).default(50) }),
      response: { 200: z.object({ items: z.array(runSchema) }), ...errors },
    },
    handler: async (req) => ({
      items: (await listRuns(deps.db, principalOf(req).tenantId, req.query.limit)).map(runView),
    }),
  });
  app.get('/sepa/runs/:id', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getSepaRun',
      summary: 'A run and its items',
      params: runId,
      response: { 200: runDetailSchema, ...errors },
    },
    handler: async (req) =>
      runDetailView(await getRunOrThrow(deps.db, principalOf(req).tenantId, req.params.id)),
  });
  app.get('/sepa/runs/:id/file', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getSepaRunFile',
      summary: 'The pain.008 or pain.001 file of a run',
      description:
        'The XML exactly as written when the run was created (its SHA-256 is the run’s `fileSha256`).',
      params: runId,
      response: { 200: z.string().describe('pain XML'), ...errors },
    },
    handler: async (req, reply) => {
      const { run } = await getRunOrThrow(deps.db, principalOf(req).tenantId, req.params.id);
      return reply
        .type('application/xml; charset=utf-8')
        .header('content-disposition', `attachment; filename="${run.painVersion}-${run.executionDate}.xml"`)
        .send(run.fileXml);
    },
  });
}

function collectionRoutes(app: Api, deps: CoreDeps): void {
  app.post('/sepa/collections', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createSepaCollectionRun',
      summary: 'Create a collection run (pain.008)',
      description:
        'Takes the open EUR invoices due on or before `collectionDate` of customers with an active mandate, issued at least the pre-notification days before. The date must be a TARGET2 business day after the next one from today (D-1). The invoices are held until the run is booked or cancelled. Nothing due → 409.',
      headers: idempotencyHeaders,
      body: collectInput,
      response: { 201: runDetailSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) =>
        runDetailView(await createCollectionRun(d, principalOf(req).tenantId, req.body)),
      ),
  });
  app.post('/sepa/collections/:id/book', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'bookSepaCollectionRun',
      summary: 'Book a collection run (on or after its collection date)',
      description:
        'One direct-debit receipt per item, dated the collection date, applied to its invoice; mandates move FRST → RCUR.',
      headers: idempotencyHeaders,
      params: runId,
      response: { 200: runDetailSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) =>
        runDetailView(await bookCollectionRun(d, principalOf(req).tenantId, req.params.id)),
      ),
  });
  app.post('/sepa/collections/:id/cancel', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'cancelSepaCollectionRun',
      summary: 'Cancel a run not yet booked',
      params: runId,
      response: { 200: runDetailSchema, ...errors },
    },
    handler: async (req) =>
      runDetailView(await cancelCollectionRun(deps, principalOf(req).tenantId, req.params.id)),
  });
}

function returnRoutes(app: Api, deps: CoreDeps): void {
  app.post('/sepa/returns', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'recordSepaReturn',
      summary: 'Record a returned collection (R-transaction)',
      description:
        'Reverses the allocation (the invoice reopens), pays the receipt back out, books the fee; MD01, AC04 and other account or mandate reasons revoke the mandate. The same return again changes nothing (`already_returned`).',
      headers: idempotencyHeaders,
      body: returnInput,
      response: { 200: returnResultSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 200, async (d) => {
        const r = await recordReturn(d, principalOf(req).tenantId, req.body);
        return { outcome: r.outcome, item: itemView(r.item, 'EUR') };
      }),
  });
  app.post('/sepa/returns/import', {
    config: { access: 'write' },
    bodyLimit: UPLOAD_BODY_LIMIT.bytes,
    schema: {
      tags,
      operationId: 'importSepaReturns',
      summary: 'Import returns from a camt.054 file (the body)',
      description:
        'Entries with a return reason (RtrInf) and one of our EndToEndIds are returned, in one transaction; others are listed as unmatched.',
      body: z.string().min(1).describe('the camt file'),
      response: { 200: returnsImportSchema, ...errors },
    },
    handler: (req) => importReturns(deps, principalOf(req).tenantId, req.body),
  });
}

function refundRoute(app: Api, deps: CoreDeps): void {
  app.post('/sepa/refunds', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'createSepaRefundRun',
      summary: 'Pay customers’ credit balances back (pain.001)',
      description:
        'Refunds each EUR receipt’s unapplied cash (Dr AR / Cr bank) to the customer’s mandate IBAN, else the IBAN it came from, and writes the credit-transfer file; credits without an IBAN are listed in `skippedReceiptIds`.',
      headers: idempotencyHeaders,
      body: refundRunInput,
      response: { 201: runDetailSchema.extend({ skippedReceiptIds: z.array(z.string()) }), ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 201, async (d) => {
        const r = await createRefundRun(d, principalOf(req).tenantId, req.body);
        return { ...runDetailView(r), skippedReceiptIds: r.skippedReceiptIds };
      }),
  });
}
