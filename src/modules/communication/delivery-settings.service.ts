/** The tenant's delivery settings: automatic invoice delivery, monthly statements, the monthly AR pack. */
import { z } from 'zod';
import { type Db, type Queryable, withTransaction } from '../../db/client.ts';
import { emailAddress } from '../../shared/email.ts';
import { validationFailed } from '../../shared/errors.ts';
import { changedFields, recordAudit } from '../audit/index.ts';
import * as repo from './communication.repository.ts';

export interface DeliverySettings {
  readonly autoDeliverInvoices: boolean;
  /** Invoices issued before this instant are not delivered automatically (null: no such bound). */
  readonly invoicesIssuedSince: Date | null;
  readonly monthlyStatements: boolean;
  /** The monthly AR pack e-mailed to `arPackRecipients` on the 2nd (default off). */
  readonly arPack: boolean;
  readonly arPackRecipients: readonly string[];
}

/** At most this many recipients of the AR pack. */
export const MAX_AR_PACK_RECIPIENTS = 20;

export const deliverySettingsInput = z
  .object({
    autoDeliverInvoices: z.boolean().optional().describe('email invoices and credit notes when issued'),
    monthlyStatements: z
      .boolean()
      .optional()
      .describe('email every customer with open items a statement as of the month end, on the 1st'),
    arPack: z
      .boolean()
      .optional()
      .describe('email the monthly AR pack (PDF) of the month that ended to arPackRecipients, on the 2nd'),
    arPackRecipients: z
      .array(emailAddress())
      .max(MAX_AR_PACK_RECIPIENTS)
      .optional()
      .describe('who gets the AR pack (international addresses allowed); the whole list'),
  })
  .strict()
  .refine(
    (s) => s.arPackRecipients === undefined || new Set(s.arPackRecipients).size === s.arPackRecipients.length,
    {
      message: 'each recipient once',
      path: ['arPackRecipients'],
    },
  );
export type DeliverySettingsInput = z.infer<typeof deliverySettingsInput>;

/** The settings, with the defaults (both on, no lower bound) where none are stored. */
export async function getDeliverySettings(q: Queryable, tenantId: string): Promise<DeliverySettings> {
  const row = await repo.findDeliverySettings(q, tenantId);
  return {
    autoDeliverInvoices: row?.autoDeliverInvoices ?? true,
    invoicesIssuedSince: row?.invoicesIssuedSince ?? null,
    monthlyStatements: row?.monthlyStatements ?? true,
    arPack: row?.arPack ?? false,
    arPackRecipients: row?.arPackRecipients ?? [],
  };
}

/** Turning the AR pack on needs someone to send it to. */
function checkArPack(next: DeliverySettings): void {
  if (next.arPack && next.arPackRecipients.length === 0)
    throw validationFailed('the AR pack needs at least one recipient', [
      { field: 'arPackRecipients', message: 'empty while arPack is on' },
    ]);
}

/**
 * Change the settings. Turning automatic delivery on again starts it from `now`: invoices issued
 * while it was off are not emailed after the fact (send them one by one if wanted).
 */
export async function updateDeliverySettings(
  db: Db,
  tenantId: string,
  raw: DeliverySettingsInput,
  now: Date,
): Promise<DeliverySettings> {
  const input = deliverySettingsInput.parse(raw);
  return withTransaction(db, async (tx) => {
    const current = await getDeliverySettings(tx, tenantId);
    const restart = input.autoDeliverInvoices === true && !current.autoDeliverInvoices;
    const next: DeliverySettings = {
      autoDeliverInvoices: input.autoDeliverInvoices ?? current.autoDeliverInvoices,
      invoicesIssuedSince: restart ? now : current.invoicesIssuedSince,
      monthlyStatements: input.monthlyStatements ?? current.monthlyStatements,
      arPack: input.arPack ?? current.arPack,
      arPackRecipients: input.arPackRecipients ?? current.arPackRecipients,
    };
    checkArPack(next);
    await repo.saveDeliverySettings(tx, tenantId, next, now);
    await recordAudit(tx, tenantId, {
      kind: 'delivery_settings.updated',
      objectType: 'tenant',
      objectId: tenantId,
      changes: changedFields(
        { ...current, arPackRecipients: current.arPackRecipients.join(', ') },
        { ...next, arPackRecipients: next.arPackRecipients.join(', ') },
      ),
    });
    return next;
  });
}

/** Deliver automatically only what is issued from `since` on (the demo loader: not its history). */
export async function deliverInvoicesIssuedFrom(q: Queryable, tenantId: string, since: Date): Promise<void> {
  const current = await getDeliverySettings(q, tenantId);
  await repo.saveDeliverySettings(q, tenantId, { ...current, invoicesIssuedSince: since }, since);
}
