/**
 * Documents the outbox renders at a message's first attempt (see DocumentToRender in the
 * messaging module): an invoice's PDF, an invoice's e-invoice XML in a format, or a customer's
 * statement as of a date. Each is stored once; the outbox records the stored document, so every
 * later attempt sends the same bytes.
 */
import type { Queryable } from '../../db/client.ts';
import { assertUnreachable, invalidState } from '../../shared/errors.ts';
import type { CoreDeps } from '../core-deps.ts';
import type { AttachmentRenderer } from '../messaging/index.ts';
import { ensureInvoiceDocumentOn } from './documents.service.ts';
import { EINVOICE_OUTPUTS, type EinvoiceOutput } from './einvoice.service.ts';
import { ensureEinvoiceDocumentOn } from './einvoice-documents.service.ts';
import { createStatement } from './statements.service.ts';

function einvoiceFormatOrThrow(format: string): EinvoiceOutput {
  const known = EINVOICE_OUTPUTS.find((f) => f === format);
  if (!known) throw invalidState(`unknown e-invoice format ${format}`);
  return known;
}

/** The renderer the outbox is wired with (src/main.ts), over the process's core dependencies. */
export function documentAttachmentRenderer(deps: Pick<CoreDeps, 'clock'>): AttachmentRenderer {
  return async (q: Queryable, tenantId, spec) => {
    switch (spec.kind) {
      case 'invoice':
        return ensureInvoiceDocumentOn(q, deps, tenantId, spec.invoiceId);
      case 'einvoice':
        return ensureEinvoiceDocumentOn(
          q,
          deps,
          tenantId,
          spec.invoiceId,
          einvoiceFormatOrThrow(spec.format),
        );
      case 'statement':
        return (await createStatement(q, deps, tenantId, spec.customerId, { asOf: spec.asOf })).stored;
      default:
        return assertUnreachable(spec);
    }
  };
}
