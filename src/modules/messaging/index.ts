/** The messaging module's door: all that other modules, the adapters and the jobs may use of it. */
export { parseRetryDelays } from './backoff.ts';
export type {
  AttachmentRenderer,
  DeliveryDeps,
  DeliverySummary,
  MessageSettledHook,
  MessagingDeps,
} from './delivery.service.ts';
export { deliverAllDue, deliverOutbox } from './delivery.service.ts';
export type { QueueMessageInput } from './messaging.input.ts';
export { languageCode, messagingSettingsInput, templateEditInput } from './messaging.input.ts';
export { outboxDedupeKeysRelation } from './outbox.reads.ts';
export type { MessageDetail, MessageSummary, OutboxRow, OutboxStatus } from './outbox.service.ts';
export {
  countFailedMessages,
  getMessage,
  listMessages,
  OUTBOX_STATUSES,
  rawMessage,
  retryMessage,
} from './outbox.service.ts';
export type { QueuedMessage } from './outbox-queue.service.ts';
export { queueMessages } from './outbox-queue.service.ts';
export { renderPrintedWording } from './printed-wording.service.ts';
export { purgeMessages } from './purge.ts';
export { rotateSecrets, type SecretRotation } from './secret-rotation.service.ts';
export type { MessagingSettings } from './settings.service.ts';
export { getMessagingSettings, updateMessagingSettings } from './settings.service.ts';
export type { SystemMessageInput } from './system-message.service.ts';
export { queueSystemMessage } from './system-message.service.ts';
export type { MessageKind, OutboxKind, SystemMessageKind } from './template-catalog.ts';
export { MAX_DUNNING_LEVEL, MESSAGE_KINDS, OUTBOX_KINDS } from './template-catalog.ts';
export type { EffectiveTemplate } from './templates.service.ts';
export {
  getTemplate,
  listTemplates,
  previewTemplate,
  replaceTemplate,
  resetTemplate,
} from './templates.service.ts';
export { tenantAwareTransport } from './tenant-transport.ts';
export { createMailTransport } from './transports.ts';
