/**
 * The monthly AR pack: rendered on demand (the API, the CLI) and e-mailed by the
 * `ar-pack.monthly` job on the 2nd to the recipients of the tenant's delivery settings, as a PDF
 * attachment through the outbox. A month's pack is mailed once per tenant (dedupe key
 * `ar_pack:<month>`), however often the job runs: a second run stores and queues nothing.
 */
import { inSnapshot, withTransaction } from '../../db/client.ts';
import { addDays, type CalendarDate } from '../../shared/calendar-date.ts';
import type { CoreDeps } from '../core-deps.ts';
import {
  monthName,
  newArPackDocumentId,
  type RenderedArPack,
  renderArPack,
  storeArPackDocument,
} from '../documents/index.ts';
import { queueSystemMessage } from '../messaging/index.ts';
import { arPackDocument } from './ar-pack-data.ts';
import { getDeliverySettings } from './delivery-settings.service.ts';
import { notifyOutbox } from './notify-outbox.ts';

/** The pack of a closed month (YYYY-MM) as PDF; `validation_failed` for any other month. */
export async function renderMonthlyArPack(
  deps: CoreDeps,
  tenantId: string,
  month: string,
): Promise<RenderedArPack & { month: string; monthEnd: string; tenantName: string }> {
  const doc = await inSnapshot(deps.db, (tx) => arPackDocument(tx, deps, tenantId, month));
  return {
    ...(await renderArPack(doc)),
    month: doc.month,
    monthEnd: doc.monthEnd,
    tenantName: doc.tenantName,
  };
}

/** The month before `date`'s month (YYYY-MM): the pack a run on `date` sends. */
export function previousMonth(date: CalendarDate): string {
  return addDays(`${date.slice(0, 7)}-01`, -1).slice(0, 7);
}

export interface ArPackRun {
  readonly month: string;
  /** Why nothing was sent, when nothing was: off, or sent before. */
  readonly skipped: 'off' | 'sent_before' | null;
  readonly messageId: string | null;
  readonly recipients: number;
}

function mailText(pack: { tenantName: string; month: string }): string {
  return [
    `The accounts receivable pack of ${pack.tenantName} for ${monthName(pack.month)} is attached (PDF):`,
    'the KPIs of the last 12 months, the aging as of the month end, the 13-week cash forecast,',
    'the goals and the open anomaly findings, per currency.',
    '',
    'You get it because an administrator put you on the AR pack recipients (delivery settings).',
  ].join('\n');
}

/** The job's run on `date`: the pack of the month before, mailed once to the recipients. */
export async function sendMonthlyArPack(
  deps: CoreDeps,
  tenantId: string,
  date: CalendarDate,
): Promise<ArPackRun> {
  const month = previousMonth(date);
  const settings = await getDeliverySettings(deps.db, tenantId);
  if (!settings.arPack || settings.arPackRecipients.length === 0)
    return { month, skipped: 'off', messageId: null, recipients: 0 };
  const pack = await renderMonthlyArPack(deps, tenantId, month);
  return withTransaction(deps.db, async (tx) => {
    const documentId = newArPackDocumentId();
    const queued = await queueSystemMessage(
      tx,
      tenantId,
      {
        kind: 'ar_pack',
        dedupeKey: `ar_pack:${month}`,
        to: settings.arPackRecipients,
        language: 'en',
        subject: `AR pack ${month} · ${pack.tenantName}`,
        text: mailText(pack),
        attachments: [
          { documentId, fileName: pack.fileName, contentType: pack.contentType, sha256: pack.sha256 },
        ],
      },
      deps.clock,
    );
    if (!queued.created) return { month, skipped: 'sent_before', messageId: queued.messageId, recipients: 0 };
    await storeArPackDocument(tx, tenantId, documentId, { ...pack, createdAt: deps.clock.now() });
    await notifyOutbox(tx, deps, tenantId, [queued]);
    return {
      month,
      skipped: null,
      messageId: queued.messageId,
      recipients: settings.arPackRecipients.length,
    };
  });
}
