/**
 * The demo company's people: one user per role with a fixed, published password (README), so a
 * visitor can sign in as each role at once. Only ever created with the demo company.
 */
import type { Role } from '../apikeys/index.ts';
import { emailKey } from './email-key.ts';
import * as repo from './users.repository.ts';
import { createUser, type UsersDeps } from './users.service.ts';

export const DEMO_USERS: readonly { email: string; name: string; role: Role; password: string }[] = [
  { email: 'admin@demo.cashloop.test', name: 'Ada Admin', role: 'admin', password: 'demo-admin' },
  {
    email: 'credit@demo.cashloop.test',
    name: 'Carl Credit',
    role: 'credit_manager',
    password: 'demo-credit',
  },
  {
    email: 'accountant@demo.cashloop.test',
    name: 'Anna Accountant',
    role: 'accountant',
    password: 'demo-accountant',
  },
  {
    email: 'collector@demo.cashloop.test',
    name: 'Cole Collector',
    role: 'collector',
    password: 'demo-collector',
  },
  { email: 'viewer@demo.cashloop.test', name: 'Vera Viewer', role: 'viewer', password: 'demo-viewer' },
];

/** Create the demo users the tenant lacks (a reloaded demo keeps the ones it has); returns the new ones. */
export async function ensureDemoUsers(deps: UsersDeps, tenantId: string): Promise<typeof DEMO_USERS> {
  const created: (typeof DEMO_USERS)[number][] = [];
  for (const demo of DEMO_USERS) {
    const existing = await repo.findUsersByEmailKey(deps.db, emailKey(demo.email), tenantId);
    if (existing.length > 0) continue;
    await createUser(deps, tenantId, {
      email: demo.email,
      name: demo.name,
      role: demo.role,
      password: demo.password,
    });
    created.push(demo);
  }
  return created;
}
