/**
 * Documents the outbox renders at a message's first attempt (see DocumentToRender in the
 * messaging module): an invoice's PDF, or a customer's statement as of a date. Both are stored
 * once; the outbox records the stored document, so every later attempt sends the same bytes.
 */
import type { Queryable } from '../../db/client.ts';
import type { CoreDeps } from '../core-deps.ts';
import type { AttachmentRenderer } from '../messaging/index.ts';
import { ensureInvoiceDocumentOn } from './documents.service.ts';
import { createStatement } from './statements.service.ts';

/** The renderer the outbox is wired with (src/main.ts), over the process's core dependencies. */
export function documentAttachmentRenderer(deps: Pick<CoreDeps, 'clock'>): AttachmentRenderer {
  return async (q: Queryable, tenantId, spec) => {
    return spec.kind === 'invoice'
      ? ensureInvoiceDocumentOn(q, deps, tenantId, spec.invoiceId)
      : (await createStatement(q, deps, tenantId, spec.customerId, { asOf: spec.asOf })).stored;
  };
}
