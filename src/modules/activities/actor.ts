/**
 * Who did something: an API key (its label, or its id when it has none) or the system itself
 * (scheduled evaluations, rules). Recorded as the author of activities, notes, promises and holds.
 */
export interface Actor {
  /** The API key that acted; null for the system. */
  readonly keyId: string | null;
  /** Shown as the author: the key's label or id, or `system`. */
  readonly name: string;
}

export const SYSTEM_ACTOR: Actor = { keyId: null, name: 'system' };

/** The actor of an API key: its label when it has one, else its id. */
export function keyActor(keyId: string, label: string | null): Actor {
  return { keyId, name: label?.trim() ? label.trim() : keyId };
}
