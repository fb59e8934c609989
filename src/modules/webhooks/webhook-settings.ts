/** What the process hands the webhooks module: the delivery policy, the transport, and a port. */
import type { Tx } from '../../db/client.ts';
import { DEFAULT_WEBHOOK_POLICY, type WebhookPolicy } from './webhook-policy.ts';
import type { WebhookTransport } from './webhook-transport.types.ts';

/**
 * An endpoint was switched off for failing: tell the admins (in the transaction that switched it
 * off; alerts' `notifyAdminsOfDisabledEndpoint`, wired in src/main.ts).
 */
export type EndpointDisabledHook = (
  tx: Tx,
  tenantId: string,
  endpoint: { endpointId: string; url: string; reason: string; disabledAt: Date },
) => Promise<void>;

export interface WebhookSettings {
  readonly policy?: Partial<WebhookPolicy> | undefined;
  readonly transport?: WebhookTransport | undefined;
  readonly onEndpointDisabled?: EndpointDisabledHook | undefined;
}

/** The policy in force: the defaults with what the settings override. */
export function policyOf(settings: WebhookSettings | undefined): WebhookPolicy {
  return { ...DEFAULT_WEBHOOK_POLICY, ...(settings?.policy ?? {}) };
}

/** The transport wired in (src/main.ts, tests); a process without one cannot deliver. */
export function transportOf(settings: WebhookSettings | undefined): WebhookTransport {
  if (!settings?.transport)
    throw new Error('this process has no webhook transport: webhooks cannot be delivered here');
  return settings.transport;
}
