/**
 * The webhooks' `onEndpointDisabled` port: an endpoint switched off for failing is put in the inbox
 * of every active admin and e-mailed to them (a system message `webhook_endpoint_disabled` through
 * the outbox, in the tenant's default language), in the transaction that switched it off (the
 * webhooks module audits it). Keyed by endpoint and moment, so an endpoint re-enabled and switched
 * off again is told again, and a switch-off never twice.
 */
import type { Tx } from '../../db/client.ts';
import { newId } from '../../shared/ids.ts';
import { getMessagingSettings, queueSystemMessage } from '../messaging/index.ts';
import { listActiveAdmins } from '../users/index.ts';
import type { EndpointDisabledHook } from '../webhooks/index.ts';
import * as repo from './alerts.repository.ts';

type DisabledEndpoint = Parameters<EndpointDisabledHook>[2];

/** A `webhook_endpoint_disabled` notification, subject the endpoint (label: its URL), and an e-mail, for each admin. */
export const notifyAdminsOfDisabledEndpoint: EndpointDisabledHook = async (tx, tenantId, endpoint) => {
  const admins = await listActiveAdmins(tx, tenantId);
  const eventKey = `webhook_endpoint_disabled:${endpoint.endpointId}:${endpoint.disabledAt.toISOString()}`;
  await repo.insertNotifications(
    tx,
    admins.map((u) => ({
      tenantId,
      notificationId: newId(),
      userId: u.userId,
      eventKey,
      kind: 'webhook_endpoint_disabled',
      title: `Webhook endpoint switched off: ${endpoint.reason}`,
      subject: { type: 'webhook_endpoint', id: endpoint.endpointId, label: endpoint.url },
      createdAt: endpoint.disabledAt,
    })),
  );
  if (admins.length > 0)
    await mailAdmins(
      tx,
      tenantId,
      admins.map((u) => u.email),
      endpoint,
      eventKey,
    );
};

const WORDING = {
  en: {
    subject: (url: string) => `Webhook endpoint switched off: ${url}`,
    intro: 'cashloop switched off a webhook endpoint of yours because its deliveries kept failing:',
    reason: 'Reason',
    when: 'Switched off at',
    next: 'Events wait for it. Fix the receiver, then re-enable the endpoint (PATCH /v1/webhooks/endpoints/{id} {"enabled": true}) and replay what failed.',
  },
  de: {
    subject: (url: string) => `Webhook-Endpunkt abgeschaltet: ${url}`,
    intro:
      'cashloop hat einen Ihrer Webhook-Endpunkte abgeschaltet, weil seine Zustellungen immer wieder fehlschlugen:',
    reason: 'Grund',
    when: 'Abgeschaltet um',
    next: 'Die Ereignisse warten. Beheben Sie den Empfänger, schalten Sie den Endpunkt wieder ein (PATCH /v1/webhooks/endpoints/{id} {"enabled": true}) und wiederholen Sie das Fehlgeschlagene.',
  },
} as const;

/** The e-mail to the admins, once per switch-off (the dedupe key is the notification's event key). */
async function mailAdmins(
  tx: Tx,
  tenantId: string,
  to: string[],
  endpoint: DisabledEndpoint,
  dedupeKey: string,
) {
  const { defaultLanguage } = await getMessagingSettings(tx, tenantId);
  const language = defaultLanguage === 'de' ? 'de' : 'en';
  const w = WORDING[language];
  const text = [
    w.intro,
    '',
    `  ${endpoint.url}`,
    '',
    `${w.reason}: ${endpoint.reason}`,
    `${w.when}: ${endpoint.disabledAt.toISOString()}`,
    `Endpoint: ${endpoint.endpointId}`,
    '',
    w.next.replace('{id}', endpoint.endpointId),
    '',
  ].join('\n');
  await queueSystemMessage(
    tx,
    tenantId,
    { kind: 'webhook_endpoint_disabled', dedupeKey, to, language, subject: w.subject(endpoint.url), text },
    { now: () => endpoint.disabledAt },
  );
}
