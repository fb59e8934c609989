/**
 * Sending documents: an invoice or credit note by email on demand, a customer's statement by email,
 * and the tenant's delivery settings (invoices emailed when issued, monthly statements).
 */
import { z } from 'zod';
import {
  deliverySettingsInput,
  getDeliverySettings,
  sendInvoice,
  sendStatement,
  updateDeliverySettings,
} from '../../modules/communication/index.ts';
import type { CoreDeps } from '../../modules/core-deps.ts';
import { invoiceDocumentWarnings } from '../../modules/documents/index.ts';
import { calendarDate, getInvoiceRowOrThrow } from '../../modules/invoices/index.ts';
import { emailAddress } from '../../shared/email.ts';
import { principalOf } from '../auth.ts';
import { respond } from '../idempotency.ts';
import { type Api, errors, idempotencyHeaders, idParam } from './common.ts';
import {
  deliverySettingsJson,
  deliverySettingsSchema,
  queuedJson,
  queuedSchema,
  sentDocumentSchema,
} from './communication.schemas.ts';
import { warningsJson } from './documents.schemas.ts';

const recipients = z
  .array(emailAddress())
  .min(1)
  .max(50)
  .optional()
  .describe("default: the customer's email addresses");

/** Registers each route of the module (one small function per route, below). */
export function communicationRoutes(app: Api, deps: CoreDeps): void {
  sendInvoiceRoute(app, deps);
  sendStatementRoute(app, deps);
  getDeliverySettingsRoute(app, deps);
  updateDeliverySettingsRoute(app, deps);
}

function sendInvoiceRoute(app: Api, deps: CoreDeps): void {
  app.post('/invoices/:id/send', {
    config: { access: 'write' },
    schema: {
      tags: ['invoices'],
      operationId: 'sendInvoice',
      summary: 'Email an issued invoice or credit note now, with its PDF',
      description:
        'Queues the email in the outbox (delivered right away where the scheduler runs, else by `cashloop outbox deliver`). Its first delivery if it had none (issuing delivers automatically), else another one. `warnings`: what the document lacks of the seller (address, tax id, IBAN) in the letterhead it was issued under; it is sent all the same.',
      params: idParam('invoice id (UUID) or number'),
      headers: idempotencyHeaders,
      body: z.object({ to: recipients }).strict().optional(),
      response: { 202: sentDocumentSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 202, async (d) => {
        const { tenantId } = principalOf(req);
        const queued = await sendInvoice(d, tenantId, req.params.id, {
          ...(req.body?.to ? { to: req.body.to } : {}),
        });
        const invoice = await getInvoiceRowOrThrow(d.db, tenantId, req.params.id);
        return {
          ...queuedJson(queued),
          warnings: warningsJson(await invoiceDocumentWarnings(d.db, tenantId, invoice)),
        };
      }),
  });
}

function sendStatementRoute(app: Api, deps: CoreDeps): void {
  app.post('/customers/:id/statement/send', {
    config: { access: 'write' },
    schema: {
      tags: ['customers'],
      operationId: 'sendStatement',
      summary: "Email the customer's statement as of a date, with its PDF",
      params: idParam('customer id (UUID) or external id'),
      headers: idempotencyHeaders,
      body: z
        .object({ asOf: calendarDate.optional().describe('default: today'), to: recipients })
        .strict()
        .optional(),
      response: { 202: queuedSchema, ...errors },
    },
    handler: (req, reply) =>
      respond(req, reply, deps, 202, async (d) =>
        queuedJson(
          await sendStatement(d, principalOf(req).tenantId, req.params.id, {
            ...(req.body?.asOf ? { asOf: req.body.asOf } : {}),
            ...(req.body?.to ? { to: req.body.to } : {}),
          }),
        ),
      ),
  });
}

function getDeliverySettingsRoute(app: Api, deps: CoreDeps): void {
  app.get('/delivery/settings', {
    config: { access: 'read' },
    schema: {
      tags: ['messages'],
      operationId: 'getDeliverySettings',
      summary:
        'Whether invoices are emailed when issued, statements every month, and the AR pack every month (to whom)',
      response: { 200: deliverySettingsSchema, ...errors },
    },
    handler: async (req) =>
      deliverySettingsJson(await getDeliverySettings(deps.db, principalOf(req).tenantId)),
  });
}

function updateDeliverySettingsRoute(app: Api, deps: CoreDeps): void {
  app.patch('/delivery/settings', {
    config: { access: 'admin' },
    schema: {
      tags: ['messages'],
      operationId: 'updateDeliverySettings',
      summary:
        'Turn automatic invoice delivery, monthly statements or the monthly AR pack on or off; set who gets the AR pack (recorded in the audit trail)',
      body: deliverySettingsInput,
      response: { 200: deliverySettingsSchema, ...errors },
    },
    handler: async (req) =>
      deliverySettingsJson(
        await updateDeliverySettings(deps.db, principalOf(req).tenantId, req.body, deps.clock.now()),
      ),
  });
}
