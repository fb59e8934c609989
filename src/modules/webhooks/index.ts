/** The webhooks module's door: all that other modules, the adapters and the jobs may use of it. */

export { purgeWebhooks } from './purge.ts';
export type { DeliverySummary } from './webhook-delivery.service.ts';
export { deliverWebhooks } from './webhook-delivery.service.ts';
export type { WebhookEndpoint } from './webhook-endpoints.service.ts';
export {
  createWebhookEndpoint,
  deleteWebhookEndpoint,
  getWebhookEndpoint,
  listWebhookEndpoints,
  rotateWebhookSecret,
  updateWebhookEndpoint,
} from './webhook-endpoints.service.ts';
export type { NewWebhookEvent, WebhookEventType } from './webhook-events.ts';
export { EVENT_TYPE_SUMMARIES, WEBHOOK_EVENT_TYPES } from './webhook-events.ts';
export type { WebhookDelivery } from './webhook-log.service.ts';
export {
  getWebhookDelivery,
  listWebhookDeliveries,
  pingWebhookEndpoint,
  replayWebhookDelivery,
  replayWebhookEvent,
} from './webhook-log.service.ts';
export type { WebhookPolicy } from './webhook-policy.ts';
export { DEFAULT_WEBHOOK_POLICY } from './webhook-policy.ts';
export {
  hasWebhookSubscribers,
  recordWebhookEventsInTx,
  webhooksOnPosted,
} from './webhook-record.service.ts';
export { type ResealCount, resealWebhookSecretsInTx } from './webhook-secrets-reseal.ts';
export type { EndpointDisabledHook, WebhookSettings } from './webhook-settings.ts';
export { signatureOf } from './webhook-signature.ts';
export type { AttemptOutcome, PostRequest, WebhookTransport } from './webhook-transport.types.ts';
export { checkEndpointUrl, isPrivateAddress } from './webhook-url.ts';
export { createEndpointInput, deliveryFilterInput, updateEndpointInput } from './webhooks.input.ts';
export { tenantsWithDueWebhooks } from './webhooks.reads.ts';
