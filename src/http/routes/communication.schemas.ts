/** What sending answers (the queued message, the document's warnings) and the delivery settings, as the API shows them. */
import { z } from 'zod';
import type { getDeliverySettings } from '../../modules/communication/index.ts';
import type { QueuedMessage } from '../../modules/messaging/index.ts';
import { warningsSchema } from './documents.schemas.ts';

export const queuedSchema = z.object({
  messageId: z.string().describe('the message in the outbox: GET /v1/messages/{messageId}'),
  status: z.string(),
});

export const queuedJson = (m: QueuedMessage) => ({ messageId: m.messageId, status: m.status });

/** A queued invoice or credit note, with what its document lacks of the seller. */
export const sentDocumentSchema = queuedSchema.extend({ warnings: warningsSchema });

export const deliverySettingsSchema = z.object({
  autoDeliverInvoices: z.boolean(),
  invoicesIssuedSince: z
    .string()
    .nullable()
    .describe('invoices issued before this instant are not delivered automatically'),
  monthlyStatements: z.boolean(),
  arPack: z.boolean().describe('the monthly AR pack is e-mailed on the 2nd'),
  arPackRecipients: z.array(z.string()).describe('who gets the AR pack'),
});

export const deliverySettingsJson = (s: Awaited<ReturnType<typeof getDeliverySettings>>) => ({
  autoDeliverInvoices: s.autoDeliverInvoices,
  invoicesIssuedSince: s.invoicesIssuedSince?.toISOString() ?? null,
  monthlyStatements: s.monthlyStatements,
  arPack: s.arPack,
  arPackRecipients: [...s.arPackRecipients],
});
