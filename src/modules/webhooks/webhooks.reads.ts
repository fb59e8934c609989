/** Reads for the scheduler: which tenants have webhook deliveries due. */
import type { Queryable } from '../../db/client.ts';
import * as repo from './webhooks.repository.ts';

/** The tenants with a pending delivery due at `now` (the every-minute job visits only these). */
export function tenantsWithDueWebhooks(q: Queryable, now: Date): Promise<string[]> {
  return repo.tenantsWithDue(q, now);
}
