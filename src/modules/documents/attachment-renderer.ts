/**
 * Documents the outbox renders at a message's first attempt (see DocumentToRender in the
 * messaging module): an invoice's PDF, or a customer's statement as of a date. Both are stored
 * once; the outbox records the stored document, so every later attempt sends the same bytes.
 */
import type { Queryable } from '../../db/client.ts';
import type { CoreDeps } from '../core-deps.ts';
import type { AttachmentRenderer } from '../messaging/delivery.service.ts';
import { ensureInvoiceDocument } from './documents.service.ts';
import { createStatementDocument } from './statements.service.ts';

/** The renderer the outbox is wired with (src/main.ts), over the process's core dependencies. */
export function documentAttachmentRenderer(deps: CoreDeps): AttachmentRenderer {
  return async (q: Queryable, tenantId, spec) => {
    const inQuery = { ...deps, db: q as CoreDeps['db'] };
    return spec.kind === 'invoice'
      ? ensureInvoiceDocument(inQuery, tenantId, spec.invoiceId)
      : createStatementDocument(inQuery, tenantId, spec.customerId, { asOf: spec.asOf });
  };
}
