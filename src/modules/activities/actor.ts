/**
 * Who did something: a signed-in user (their name), an API key (its label, or its id when it has
 * none) or the system itself (scheduled evaluations, rules). Recorded as the author of activities,
 * notes, promises, holds, printed letters and journal entries.
 */
import type { ActingAs } from '../../shared/acting-as.ts';

export interface Actor extends ActingAs {
  /** The API key that acted; null for a user and for the system. */
  readonly keyId: string | null;
  /** The user who acted; null for a key and for the system. */
  readonly userId: string | null;
  /** Shown as the author: the user's name, the key's label or id, or `system`. */
  readonly name: string;
}

export const SYSTEM_ACTOR: Actor = { keyId: null, userId: null, name: 'system' };

/** The actor of an API key: its label when it has one, else its id. */
export function keyActor(keyId: string, label: string | null): Actor {
  return { keyId, userId: null, name: label?.trim() ? label.trim() : keyId };
}

/** The actor of a signed-in user: their name. */
export function userActor(userId: string, name: string): Actor {
  return { keyId: null, userId, name };
}

/** The actor of a customer on the portal: `Customer ACME GmbH (portal)`. */
export function portalActor(customer: { customerName: string }): Actor {
  return { keyId: null, userId: null, name: `Customer ${customer.customerName} (portal)` };
}
