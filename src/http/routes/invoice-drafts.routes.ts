/** Drafts: PATCH /v1/invoices/{id} and POST /v1/invoices/preview (totals, tax and terms, nothing saved). */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  createInvoiceInput,
  draftPatchInput,
  previewInvoice,
  updateDraftInTx,
} from '../../modules/invoices/index.ts';
import { todayUtc } from '../../shared/calendar-date.ts';
import { formatAmount } from '../../shared/money.ts';
import { principalOf } from '../auth.ts';
import { respondInTransaction } from '../idempotency.ts';
import { type Api, date, errors, idempotencyHeaders, idParam, money } from './common.ts';
import { invoiceDetailView } from './invoices.routes.ts';
import { invoiceDetailSchema } from './invoices.schemas.ts';

const tags = ['invoices'];

export const invoicePreviewSchema = z
  .object({
    customerId: z.string(),
    currency: z.string(),
    paymentTerms: z.string(),
    issueDate: date.describe('the date given, or today'),
    dueDate: date,
    discountDate: date.nullable(),
    discountPct: z.string().nullable(),
    lines: z.array(z.object({ net: money('line net') })),
    taxes: z.array(
      z.object({ rate: z.string(), net: money('net at this rate'), tax: money('tax at this rate') }),
    ),
    net: money('net'),
    tax: money('tax'),
    total: money('total (gross)'),
  })
  .meta({ id: 'InvoicePreview' });

type Preview = Awaited<ReturnType<typeof previewInvoice>>;

function previewJson(p: Preview): z.infer<typeof invoicePreviewSchema> {
  const m = (v: bigint) => formatAmount(v, p.currency);
  const { totals, ...rest } = p;
  return {
    ...rest,
    lines: totals.lines.map((l) => ({ net: m(l.netMinor) })),
    taxes: totals.taxes.map((t) => ({ rate: t.rate, net: m(t.netMinor), tax: m(t.taxMinor) })),
    net: m(totals.netMinor),
    tax: m(totals.taxMinor),
    total: m(totals.totalMinor),
  };
}

/** Registers the draft routes (the preview before `/invoices/:id` routes take `preview` as an id). */
export function draftRoutes(app: Api, deps: CoreDeps): void {
  previewRoute(app, deps);
  patchDraftRoute(app, deps);
}

function previewRoute(app: Api, deps: CoreDeps): void {
  app.post('/invoices/preview', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'previewInvoice',
      summary: 'Compute an invoice’s totals, tax and due date without saving it',
      description:
        'The same body as POST /v1/invoices (`issue` ignored): lines, tax per rate, totals, and the due and discount dates its terms give on its issue date (default today) — what issuing it would compute. Nothing is written.',
      body: createInvoiceInput,
      response: { 200: invoicePreviewSchema, ...errors },
    },
    handler: async (req) => {
      const { tenantId } = principalOf(req);
      const preview = await previewInvoice(deps.db, tenantId, req.body, todayUtc(deps.clock.now()));
      return previewJson(preview);
    },
  });
}

function patchDraftRoute(app: Api, deps: CoreDeps): void {
  app.patch('/invoices/:id', {
    config: { access: 'write' },
    schema: {
      tags,
      operationId: 'updateDraftInvoice',
      summary: 'Change a draft',
      description:
        'Fields given replace the draft’s (`lines` replaces all lines; `null` clears issueDate, poNumber or description); totals are computed again. An issued (or voided) invoice is refused with 409.',
      params: idParam('invoice id (UUID)'),
      headers: idempotencyHeaders,
      body: draftPatchInput,
      response: { 200: invoiceDetailSchema, ...errors },
    },
    handler: (req, reply) =>
      respondInTransaction(req, reply, deps, 200, async (tx) => {
        const { tenantId } = principalOf(req);
        const row = await updateDraftInTx(tx, deps, tenantId, req.params.id, req.body);
        return invoiceDetailView(deps, tx, tenantId, row.invoiceId);
      }),
  });
}
