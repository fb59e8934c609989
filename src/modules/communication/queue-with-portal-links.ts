/**
 * Messages queued each with a fresh link to the customer's portal (`{{portal_url}}`), while the
 * tenant's portal is enabled: one link per message, of the message's purpose, recorded with the
 * message it rides in; a message not queued (its key was taken) withdraws its link.
 */
import type { Tx } from '../../db/client.ts';
import type { TxDeps } from '../core-deps.ts';
import { type QueuedMessage, type QueueMessageInput, queueMessages } from '../messaging/index.ts';
import {
  type IssuedLink,
  issueMessageLinkInTx,
  type LinkPurpose,
  recordLinkMessageInTx,
} from '../portal/index.ts';

/** `queueMessages` for messages to customers, each carrying its own portal link when the portal is on. */
export async function queueWithPortalLinks(
  tx: Tx,
  deps: TxDeps,
  tenantId: string,
  inputs: readonly (QueueMessageInput & { customerId: string })[],
  purpose: Exclude<LinkPurpose, 'manual'>,
): Promise<QueuedMessage[]> {
  const links: (IssuedLink | null)[] = [];
  for (const input of inputs)
    links.push(await issueMessageLinkInTx(tx, deps, tenantId, input.customerId, purpose));
  const withLinks = inputs.map((input, i) => {
    const link = links[i];
    return link ? { ...input, portalUrl: link.url } : input;
  });
  const queued = await queueMessages(tx, tenantId, withLinks, deps.clock);
  for (const [i, link] of links.entries()) {
    const message = queued[i];
    if (link && message) await recordLinkMessageInTx(tx, tenantId, link.linkId, message, deps.clock.now());
  }
  return queued;
}
