/**
 * The webhooks' `onEndpointDisabled` port: an endpoint switched off for failing is put in the inbox
 * of every active admin, in the transaction that switched it off (the webhooks module audits it).
 * Keyed by endpoint and moment, so an endpoint re-enabled and switched off again is told again.
 */
import { newId } from '../../shared/ids.ts';
import { listActiveAdmins } from '../users/index.ts';
import type { EndpointDisabledHook } from '../webhooks/index.ts';
import * as repo from './alerts.repository.ts';

/** A `webhook_endpoint_disabled` notification, subject the endpoint (label: its URL), for each admin. */
export const notifyAdminsOfDisabledEndpoint: EndpointDisabledHook = async (tx, tenantId, endpoint) => {
  const admins = await listActiveAdmins(tx, tenantId);
  await repo.insertNotifications(
    tx,
    admins.map((u) => ({
      tenantId,
      notificationId: newId(),
      userId: u.userId,
      eventKey: `webhook_endpoint_disabled:${endpoint.endpointId}:${endpoint.disabledAt.toISOString()}`,
      kind: 'webhook_endpoint_disabled',
      title: `Webhook endpoint switched off: ${endpoint.reason}`,
      subject: { type: 'webhook_endpoint', id: endpoint.endpointId, label: endpoint.url },
      createdAt: endpoint.disabledAt,
    })),
  );
};
