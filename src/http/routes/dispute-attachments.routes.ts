/** /v1/disputes/{id}/attachments: the files a customer attached to a dispute (on the portal), for staff to read. */
import { z } from 'zod';
import type { CoreDeps } from '../../modules/core-deps.ts';
import {
  getDisputeAttachment,
  getDisputeDetail,
  listDisputeAttachments,
} from '../../modules/disputes/index.ts';
import { notFound } from '../../shared/errors.ts';
import { principalOf } from '../auth.ts';
import { type Api, errors, instant } from './common.ts';
import { binaryResponses, sendDocument } from './documents.schemas.ts';

const tags = ['disputes'];

const attachmentSchema = z
  .object({
    n: z.number().int().describe('its number on the dispute, from 1'),
    fileName: z.string(),
    contentType: z.string(),
    sha256: z.string().describe('lower-case hex SHA-256 of the bytes as received'),
    byteSize: z.number().int(),
    uploadedBy: z.string(),
    uploadedAt: instant,
  })
  .meta({ id: 'DisputeAttachment' });

/** Registers the attachment routes of disputes. */
export function disputeAttachmentRoutes(app: Api, deps: CoreDeps): void {
  app.get('/disputes/:id/attachments', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'listDisputeAttachments',
      summary: "A dispute's attachments (what the customer sent with it), without their bytes",
      params: z.object({ id: z.string().min(1).describe('dispute id (UUID)') }),
      response: { 200: z.object({ items: z.array(attachmentSchema) }), ...errors },
    },
    handler: async (req) => {
      const tenantId = principalOf(req).tenantId;
      const { dispute } = await getDisputeDetail(deps.db, tenantId, req.params.id);
      const rows = await listDisputeAttachments(deps.db, tenantId, dispute.disputeId);
      return {
        items: rows.map(({ seq, ...a }) => ({ n: seq, ...a, uploadedAt: a.uploadedAt.toISOString() })),
      };
    },
  });
  app.get('/disputes/:id/attachments/:n', {
    config: { access: 'read' },
    schema: {
      tags,
      operationId: 'getDisputeAttachment',
      summary: 'One attachment of a dispute, its bytes exactly as received (`ETag` = SHA-256)',
      params: z.object({
        id: z.string().min(1).describe('dispute id (UUID)'),
        n: z.string().min(1).max(64).describe('attachment number, from 1'),
      }),
      response: binaryResponses,
    },
    handler: async (req, reply) => {
      const n = Number(req.params.n);
      if (!Number.isInteger(n) || n < 1) throw notFound('attachment', `${req.params.id}/${req.params.n}`);
      const file = await getDisputeAttachment(deps.db, principalOf(req).tenantId, req.params.id, n);
      reply.header('x-content-type-options', 'nosniff');
      return sendDocument(req, reply, { ...file, bytes: file.content, documentId: null });
    },
  });
}
